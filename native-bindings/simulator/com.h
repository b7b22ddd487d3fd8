/*
 * COM plumbing the simulated objects share: what QueryInterface answers, BSTRs, the IDispatch
 * slots of IMAPI2's dual interfaces (no type library: the shim calls the vtables), and the
 * SAFEARRAYs of VARIANTs IMAPI2 hands out.
 *
 * Calls nothing. Called by the COM objects: properties.c, recorder.c and master.c (IMAPI v1);
 * recorder2.c, format2.c, events2.c, creator2.c and master2.c (IMAPI2).
 */
#ifndef BURN_AUDIO_SIM_COM_H
#define BURN_AUDIO_SIM_COM_H

#include "../imapi2.h"

/* An object's QueryInterface answers its own interface and IUnknown, nothing else. */
int sim_is_iid(REFIID riid, const IID *own);
BSTR sim_bstr_from_ascii(const char *text);
void sim_ascii_from_bstr(const WCHAR *text, char *out, size_t size); /* non-ASCII as '?' */

/* A property getter's answer: E_POINTER without somewhere to put it. */
#define SIM_GIVE(out, value) ((out) ? (*(out) = (value), S_OK) : E_POINTER)
#define SIM_BOOL(flag) ((flag) ? VARIANT_TRUE : VARIANT_FALSE)

HRESULT STDMETHODCALLTYPE sim_type_info_count(void *This, UINT *count);
HRESULT STDMETHODCALLTYPE sim_type_info(void *This, UINT index, LCID lcid, ITypeInfo **info);
HRESULT STDMETHODCALLTYPE sim_ids_of_names(void *This, REFIID riid, LPOLESTR *names, UINT count, LCID lcid, DISPID *ids);
HRESULT STDMETHODCALLTYPE sim_invoke(void *This, DISPID member, REFIID riid, LCID lcid, WORD flags, DISPPARAMS *params,
                                     VARIANT *result, EXCEPINFO *exception, UINT *arg_error);
#define SIM_DISPATCH_SLOTS sim_type_info_count, sim_type_info, sim_ids_of_names, sim_invoke

/* A SAFEARRAY of `count` VARIANTs of type `vt` (VT_I4 or VT_UI4: values; VT_BSTR: texts). */
SAFEARRAY *sim_numbers(VARTYPE vt, const LONG *values, int count);
SAFEARRAY *sim_texts(const char *const *texts, int count);

#endif
