/*
 * What widl's headers include for com-types.idl: the Windows declarations of the same types.
 * com-types.idl only describes them to widl.
 */
#ifndef BURN_AUDIO_COM_TYPES_H
#define BURN_AUDIO_COM_TYPES_H
#include <windows.h>
#include <objbase.h>
#include <propidl.h>
#include <oleauto.h>

/* The IUnknown proxy methods generated proxies point at (exported by rpcrt4); the Windows headers
   declare them only for their own IUnknown IDL. */
HRESULT STDMETHODCALLTYPE IUnknown_QueryInterface_Proxy(IUnknown *This, REFIID riid, void **ppvObject);
ULONG STDMETHODCALLTYPE IUnknown_AddRef_Proxy(IUnknown *This);
ULONG STDMETHODCALLTYPE IUnknown_Release_Proxy(IUnknown *This);
#endif
