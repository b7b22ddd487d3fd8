/* IPropertyStorage and IEnumSTATPROPSTG for the recorder properties. */
#include <stdlib.h>
#include <string.h>

#include "com.h"
#include "properties.h"

typedef struct {
  IEnumSTATPROPSTG iface;
  ULONG refs;
  sim_properties *storage;
  ULONG next;
} sim_property_enum;

static void wide_copy(WCHAR *to, size_t size, const WCHAR *from) {
  size_t i = 0;
  for (; from && from[i] && i + 1 < size; i++) to[i] = from[i];
  to[i] = 0;
}

int sim_wide_same(const WCHAR *a, const WCHAR *b) {
  while (*a && *a == *b) a++, b++;
  return *a == *b;
}

static sim_property *find_property(sim_properties *p, const PROPSPEC *spec) {
  for (ULONG i = 0; i < p->count; i++) {
    sim_property *item = &p->items[i];
    if (spec->ulKind == PRSPEC_PROPID ? item->propid == spec->propid : sim_wide_same(item->name, spec->lpwstr)) return item;
  }
  return NULL;
}

sim_property *sim_add_property(sim_properties *p, const WCHAR *name, VARTYPE vt, LONG value) {
  if (p->count == MAX_PROPERTIES) return NULL;
  sim_property *item = &p->items[p->count];
  wide_copy(item->name, sizeof item->name / sizeof item->name[0], name);
  item->propid = 2 + p->count++; /* PID_FIRST_USABLE */
  item->vt = vt;
  item->value = value;
  return item;
}

static HRESULT STDMETHODCALLTYPE props_query(IPropertyStorage *This, REFIID riid, void **ppv) {
  if (!sim_is_iid(riid, &BA_IID_IPropertyStorage)) {
    *ppv = NULL;
    return E_NOINTERFACE;
  }
  *ppv = This;
  This->lpVtbl->AddRef(This);
  return S_OK;
}
static ULONG STDMETHODCALLTYPE props_addref(IPropertyStorage *This) { return ++((sim_properties *)This)->refs; }
static ULONG STDMETHODCALLTYPE props_release(IPropertyStorage *This) {
  sim_properties *p = (sim_properties *)This;
  ULONG refs = --p->refs;
  if (refs == 0) free(p);
  return refs;
}

static HRESULT STDMETHODCALLTYPE props_read(IPropertyStorage *This, ULONG n, const PROPSPEC *specs, PROPVARIANT *values) {
  sim_properties *p = (sim_properties *)This;
  int found = 0;
  for (ULONG i = 0; i < n; i++) {
    const sim_property *item = find_property(p, &specs[i]);
    memset(&values[i], 0, sizeof values[i]);
    values[i].vt = item ? item->vt : VT_EMPTY;
    if (!item) continue;
    found = 1;
    if (item->vt == VT_BOOL) values[i].boolVal = (short)item->value;
    else values[i].lVal = item->value;
  }
  return found ? S_OK : S_FALSE; /* "S_FALSE: none of the requested properties exist" */
}

/* Stores what it is given, new names included; SetRecorderProperties decides what to apply. */
static HRESULT STDMETHODCALLTYPE props_write(IPropertyStorage *This, ULONG n, const PROPSPEC *specs, const PROPVARIANT *values, PROPID first) {
  (void)first;
  sim_properties *p = (sim_properties *)This;
  for (ULONG i = 0; i < n; i++) {
    sim_property *item = find_property(p, &specs[i]);
    if (!item && specs[i].ulKind == PRSPEC_LPWSTR) item = sim_add_property(p, specs[i].lpwstr, VT_EMPTY, 0);
    if (!item) return specs[i].ulKind == PRSPEC_LPWSTR ? E_OUTOFMEMORY : E_INVALIDARG;
    item->vt = values[i].vt;
    item->value = values[i].vt == VT_BOOL ? values[i].boolVal : values[i].lVal;
  }
  return S_OK;
}

static const IEnumSTATPROPSTGVtbl property_enum_vtbl;

static HRESULT STDMETHODCALLTYPE props_enum(IPropertyStorage *This, IEnumSTATPROPSTG **out) {
  sim_property_enum *e = calloc(1, sizeof *e);
  *out = NULL;
  if (!e) return E_OUTOFMEMORY;
  e->iface.lpVtbl = &property_enum_vtbl;
  e->refs = 1;
  e->storage = (sim_properties *)This;
  This->lpVtbl->AddRef(This);
  *out = &e->iface;
  return S_OK;
}

/* The shim reads, writes and lists; the other methods are never called on a recorder's properties. */
static const IPropertyStorageVtbl properties_vtbl = {
    .QueryInterface = props_query, .AddRef = props_addref, .Release = props_release,
    .ReadMultiple = props_read, .WriteMultiple = props_write, .Enum = props_enum};

sim_properties *sim_new_properties(void) {
  sim_properties *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  p->iface.lpVtbl = &properties_vtbl;
  p->refs = 1;
  return p;
}

#define PROPERTY_ENUM(p) ((sim_property_enum *)(p))

static HRESULT STDMETHODCALLTYPE penum_query(IEnumSTATPROPSTG *This, REFIID riid, void **ppv) {
  if (!sim_is_iid(riid, &BA_IID_IEnumSTATPROPSTG)) {
    *ppv = NULL;
    return E_NOINTERFACE;
  }
  *ppv = This;
  This->lpVtbl->AddRef(This);
  return S_OK;
}
static ULONG STDMETHODCALLTYPE penum_addref(IEnumSTATPROPSTG *This) { return ++PROPERTY_ENUM(This)->refs; }
static ULONG STDMETHODCALLTYPE penum_release(IEnumSTATPROPSTG *This) {
  sim_property_enum *e = PROPERTY_ENUM(This);
  ULONG refs = --e->refs;
  if (refs == 0) {
    e->storage->iface.lpVtbl->Release(&e->storage->iface);
    free(e);
  }
  return refs;
}
static HRESULT STDMETHODCALLTYPE penum_next(IEnumSTATPROPSTG *This, ULONG n, STATPROPSTG *out, ULONG *fetched) {
  sim_property_enum *e = PROPERTY_ENUM(This);
  ULONG got = 0;
  for (; got < n && e->next < e->storage->count; got++, e->next++) {
    const sim_property *item = &e->storage->items[e->next];
    size_t bytes = sizeof item->name;
    out[got].lpwstrName = CoTaskMemAlloc(bytes);
    if (!out[got].lpwstrName) return E_OUTOFMEMORY;
    memcpy(out[got].lpwstrName, item->name, bytes);
    out[got].propid = item->propid;
    out[got].vt = item->vt;
  }
  if (fetched) *fetched = got;
  return got == n ? S_OK : S_FALSE;
}
static HRESULT STDMETHODCALLTYPE penum_skip(IEnumSTATPROPSTG *This, ULONG n) {
  sim_property_enum *e = PROPERTY_ENUM(This);
  e->next = e->next + n < e->storage->count ? e->next + n : e->storage->count;
  return e->next < e->storage->count ? S_OK : S_FALSE;
}
static HRESULT STDMETHODCALLTYPE penum_reset(IEnumSTATPROPSTG *This) {
  PROPERTY_ENUM(This)->next = 0;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE penum_clone(IEnumSTATPROPSTG *This, IEnumSTATPROPSTG **out) {
  sim_property_enum *e = PROPERTY_ENUM(This);
  HRESULT hr = props_enum(&e->storage->iface, out);
  if (SUCCEEDED(hr)) PROPERTY_ENUM(*out)->next = e->next;
  return hr;
}
static const IEnumSTATPROPSTGVtbl property_enum_vtbl = {penum_query, penum_addref, penum_release, penum_next, penum_skip, penum_reset, penum_clone};

