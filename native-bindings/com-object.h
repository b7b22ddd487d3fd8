/*
 * The head of a COM object of the shim's or the simulator's, and the IUnknown methods that serve
 * every such object: QueryInterface answers IUnknown and the object's own interfaces (the first
 * vtable only), AddRef and Release count from any thread, and the last Release calls `destroy`.
 */
#ifndef BURN_AUDIO_COM_OBJECT_H
#define BURN_AUDIO_COM_OBJECT_H

#include "imapi2.h"

typedef struct com_object {
  const void *vtbl;
  ULONG refs;
  const IID *const *iids; /* NULL-terminated */
  void (*destroy)(struct com_object *self);
  const IID *other_iid;   /* a second interface of the object, at `other` (or NULL) */
  void *other;
} com_object;
/* A static object (a sink the library owns): its one reference is never released. */
#define COM_STATIC_OBJECT(vtable, iid_list) {.vtbl = vtable, .refs = 1, .iids = iid_list}

/* One reference, held by the caller. */
void com_object_init(com_object *o, const void *vtbl, const IID *const *iids, void (*destroy)(com_object *self));
void com_object_also(com_object *o, const IID *iid, void *interface_pointer);

HRESULT STDMETHODCALLTYPE com_object_query(void *This, REFIID riid, void **ppv);
ULONG STDMETHODCALLTYPE com_object_addref(void *This);
ULONG STDMETHODCALLTYPE com_object_release(void *This);

/* IUnknown's slots in interface T's vtable (the object is the interface pointer: the ABI is the
   same). COM_OBJECT_REFS for an object whose QueryInterface is its own. */
#define COM_OBJECT_REFS(T)                                                \
  (ULONG(STDMETHODCALLTYPE *)(T *))(void (*)(void))com_object_addref,     \
      (ULONG(STDMETHODCALLTYPE *)(T *))(void (*)(void))com_object_release
#define COM_OBJECT_SLOTS(T) \
  (HRESULT(STDMETHODCALLTYPE *)(T *, REFIID, void **))(void (*)(void))com_object_query, COM_OBJECT_REFS(T)

#endif
