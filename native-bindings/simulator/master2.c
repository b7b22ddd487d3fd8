/*
 * MsftDiscMaster2 (IDiscMaster2): the recorders' unique IDs; and ba_sim2_create_instance, which
 * makes any of the four IMAPI2 classes the simulator has (simulator2.h).
 */
#include <stdlib.h>

#include "../com-object.h"
#include "com.h"
#include "creator2.h"
#include "format2.h"
#include "recorder2.h"
#include "simulator2.h"
#include "world2.h"

typedef struct {
  com_object head; /* the IDiscMaster2 */
  sim2_world *world;
} master;

#define MASTER2(p) ((master *)(p))

static void dm2_destroy(com_object *o) {
  sim2_world_release(((master *)o)->world);
  free(o);
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

static const IID *const master_iids[] = {&IID_IDiscMaster2, &BA_IID_IDispatch, NULL};
static const IDiscMaster2Vtbl master_vtbl = {COM_OBJECT_SLOTS(IDiscMaster2), SIM_DISPATCH_SLOTS, dm2_enum, dm2_item, dm2_count, dm2_supported};

static HRESULT master_create(sim2_world *w, REFIID riid, void **out) {
  master *m = calloc(1, sizeof *m);
  *out = NULL;
  if (!m) return E_OUTOFMEMORY;
  com_object_init(&m->head, &master_vtbl, master_iids, dm2_destroy);
  m->world = w;
  sim2_world_retain(w);
  HRESULT hr = com_object_query(m, riid, out);
  com_object_release(m);
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
