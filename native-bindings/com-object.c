/* IUnknown for the shim's and the simulator's objects (com-object.h). */
#include "com-object.h"

void com_object_init(com_object *o, const void *vtbl, const IID *const *iids, void (*destroy)(com_object *self)) {
  o->vtbl = vtbl;
  o->refs = 1;
  o->iids = iids;
  o->destroy = destroy;
  o->other_iid = NULL;
  o->other = NULL;
}

void com_object_also(com_object *o, const IID *iid, void *interface_pointer) {
  o->other_iid = iid;
  o->other = interface_pointer;
}

HRESULT STDMETHODCALLTYPE com_object_query(void *This, REFIID riid, void **ppv) {
  com_object *o = This;
  int known = IsEqualIID(riid, &BA_IID_IUnknown);
  for (const IID *const *iid = o->iids; !known && *iid; iid++) known = IsEqualIID(riid, *iid);
  int other = !known && o->other_iid && IsEqualIID(riid, o->other_iid);
  *ppv = known ? This : other ? o->other : NULL;
  if (!*ppv) return E_NOINTERFACE;
  com_object_addref(This);
  return S_OK;
}

ULONG STDMETHODCALLTYPE com_object_addref(void *This) { return __atomic_add_fetch(&((com_object *)This)->refs, 1, __ATOMIC_SEQ_CST); }

ULONG STDMETHODCALLTYPE com_object_release(void *This) {
  com_object *o = This;
  ULONG refs = __atomic_sub_fetch(&o->refs, 1, __ATOMIC_SEQ_CST);
  if (refs == 0 && o->destroy) o->destroy(o); /* a static object has none */
  return refs;
}
