/*
 * MsftDiscMaster2 (IDiscMaster2): the recorders' unique IDs; and ba_sim2_create_instance, which
 * makes any of the four IMAPI2 classes the simulator has (simulator2.h).
 */
#include <stdlib.h>

#include "com.h"
#include "creator2.h"
#include "format2.h"
#include "recorder2.h"
#include "simulator2.h"
#include "world2.h"

typedef struct {
  IDiscMaster2 iface;
  ULONG refs;
  sim2_world *world;
} master;

#define MASTER2(p) ((master *)(p))

static HRESULT STDMETHODCALLTYPE dm2_query(IDiscMaster2 *This, REFIID riid, void **ppv) {
  if (!sim_is_iid(riid, &IID_IDiscMaster2) && !IsEqualIID(riid, &BA_IID_IDispatch)) {
    *ppv = NULL;
    return E_NOINTERFACE;
  }
  *ppv = This;
  This->lpVtbl->AddRef(This);
  return S_OK;
}
static ULONG STDMETHODCALLTYPE dm2_addref(IDiscMaster2 *This) { return __atomic_add_fetch(&MASTER2(This)->refs, 1, __ATOMIC_SEQ_CST); }
static ULONG STDMETHODCALLTYPE dm2_release(IDiscMaster2 *This) {
  master *m = MASTER2(This);
  ULONG refs = __atomic_sub_fetch(&m->refs, 1, __ATOMIC_SEQ_CST);
  if (refs == 0) {
    sim2_world_release(m->world);
    free(m);
  }
  return refs;
}

/* IEnumVARIANT is not simulated: the shim walks Count and Item. */
static HRESULT STDMETHODCALLTYPE dm2_enum(IDiscMaster2 *This, IEnumVARIANT **list) {
  sim2_log(MASTER2(This)->world, -1, "get__NewEnum");
  if (list) *list = NULL;
  return E_NOTIMPL;
}

/* Only the recorders still plugged in. */
static HRESULT STDMETHODCALLTYPE dm2_item(IDiscMaster2 *This, LONG index, BSTR *unique_id) {
  sim2_world *w = MASTER2(This)->world;
  char id[300];
  sim2_log(w, -1, "get_Item %ld", (long)index);
  HRESULT hr = sim2_injected(w, -1, "get_Item");
  if (FAILED(hr)) return hr;
  if (!unique_id) return E_POINTER;
  int recorder = index >= 0 ? sim2_present(w, (int)index) : -1;
  if (recorder < 0) return E_INVALIDARG;
  sim2_unique_id(recorder, id, sizeof id);
  *unique_id = sim_bstr_from_ascii(id);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm2_count(IDiscMaster2 *This, LONG *count) {
  sim2_world *w = MASTER2(This)->world;
  sim2_log(w, -1, "get_Count");
  HRESULT hr = sim2_injected(w, -1, "get_Count");
  if (FAILED(hr)) return hr;
  if (!count) return E_POINTER;
  *count = sim2_present_count(w);
  return S_OK;
}

/* TRUE with at least one optical device the caller may use. */
static HRESULT STDMETHODCALLTYPE dm2_supported(IDiscMaster2 *This, VARIANT_BOOL *value) {
  sim2_world *w = MASTER2(This)->world;
  sim2_log(w, -1, "get_IsSupportedEnvironment");
  if (!value) return E_POINTER;
  *value = sim2_present_count(w) > 0 ? VARIANT_TRUE : VARIANT_FALSE;
  return S_OK;
}

static const IDiscMaster2Vtbl master_vtbl = {dm2_query, dm2_addref, dm2_release, SIM_DISPATCH_SLOTS, dm2_enum, dm2_item, dm2_count, dm2_supported};

static HRESULT master_create(sim2_world *w, REFIID riid, void **out) {
  master *m = calloc(1, sizeof *m);
  *out = NULL;
  if (!m) return E_OUTOFMEMORY;
  m->iface.lpVtbl = &master_vtbl;
  m->refs = 1;
  m->world = w;
  sim2_world_retain(w);
  HRESULT hr = dm2_query(&m->iface, riid, out);
  dm2_release(&m->iface);
  return hr;
}

HRESULT ba_sim2_create_instance(REFCLSID clsid, REFIID iid, void **out, char *error, size_t error_size) {
  static const struct {
    const CLSID *clsid;
    HRESULT (*create)(sim2_world *w, REFIID riid, void **out);
  } classes[] = {{&CLSID_MsftDiscMaster2, master_create},
                 {&CLSID_MsftDiscRecorder2, sim2_recorder_create},
                 {&CLSID_MsftDiscFormat2RawCD, sim2_format_create},
                 {&CLSID_MsftRawCDImageCreator, sim2_creator_create}};
  *out = NULL;
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
    if (!IsEqualGUID(clsid, classes[i].clsid)) continue;
    sim2_world *w = NULL;
    HRESULT hr = sim2_world_acquire(&w, error, error_size);
    if (FAILED(hr)) return hr;
    hr = classes[i].create(w, iid, out);
    sim2_world_release(w); /* the object holds its own reference */
    return hr;
  }
  return REGDB_E_CLASSNOTREG;
}
