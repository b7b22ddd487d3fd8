/* IDiscRecorder: the recorders, their media and their properties. */
#include <stdio.h>
#include <string.h>

#include "calls.h"
#include "com.h"
#include "events.h"
#include "properties.h"
#include "recorder.h"
#include "recording.h"

static HRESULT STDMETHODCALLTYPE rec_query(IDiscRecorder *This, REFIID riid, void **ppv) {
  if (sim_is_iid(riid, &IID_IDiscRecorder)) {
    *ppv = This;
    return S_OK;
  }
  *ppv = NULL;
  return E_NOINTERFACE;
}
/* Recorders live as long as their disc master: reference counts are not needed. */
static ULONG STDMETHODCALLTYPE rec_addref(IDiscRecorder *This) { (void)This; return 2; }
static ULONG STDMETHODCALLTYPE rec_release(IDiscRecorder *This) { (void)This; return 1; }

static HRESULT STDMETHODCALLTYPE rec_init(IDiscRecorder *This, BYTE *id, ULONG size, ULONG drive) {
  sim_log_call(RECORDER(This)->master, "Init");
  (void)This, (void)id, (void)size, (void)drive;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_guid(IDiscRecorder *This, BYTE *id, ULONG size, ULONG *required) {
  sim_log_call(RECORDER(This)->master, "GetRecorderGUID");
  *required = sizeof(int);
  if (!id || size < sizeof(int)) return IMAPI_S_BUFFER_TO_SMALL;
  memcpy(id, &RECORDER(This)->drive.index, sizeof(int));
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_type(IDiscRecorder *This, LONG *type) {
  sim_log_call(RECORDER(This)->master, "GetRecorderType");
  (void)This;
  *type = RECORDER_CDRW;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_names(IDiscRecorder *This, BSTR *vendor, BSTR *product, BSTR *revision) {
  sim_log_call(RECORDER(This)->master, "GetDisplayNames");
  sim_recorder *r = RECORDER(This);
  INJECT_RECORDER(r, "GetDisplayNames");
  const sim_recorder_config *setup = r->drive.setup;
  if (vendor) *vendor = sim_bstr_from_ascii(setup->vendor);
  if (product) *product = sim_bstr_from_ascii(setup->product);
  if (revision) *revision = sim_bstr_from_ascii(setup->revision);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_pnpid(IDiscRecorder *This, BSTR *id) {
  sim_log_call(RECORDER(This)->master, "GetBasePnPID");
  char text[96];
  snprintf(text, sizeof text, "SIM\\CDROM&VEN_%s", RECORDER(This)->drive.setup->vendor);
  *id = sim_bstr_from_ascii(text);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_path(IDiscRecorder *This, BSTR *path) {
  sim_log_call(RECORDER(This)->master, "GetPath");
  char text[32];
  snprintf(text, sizeof text, "\\Device\\CdRom%d", RECORDER(This)->drive.index);
  *path = sim_bstr_from_ascii(text);
  return S_OK;
}

/* The properties IMAPI v1 reports for a CD writer; the real DLL builds EnableBufferUnderrunFree as
   VT_I4, BufferUnderrunFreeCapable as VT_BOOL. */
static HRESULT STDMETHODCALLTYPE rec_get_props(IDiscRecorder *This, IPropertyStorage **out) {
  sim_log_call(RECORDER(This)->master, "GetRecorderProperties");
  sim_recorder *r = RECORDER(This);
  *out = NULL;
  INJECT_RECORDER(r, "GetRecorderProperties");
  sim_properties *p = sim_new_properties();
  if (!p) return E_OUTOFMEMORY;
  sim_add_property(p, WSTR("WriteSpeed"), VT_I4, r->write_speed);
  sim_add_property(p, WSTR("MaxWriteSpeed"), VT_I4, r->drive.setup->max_speed);
  sim_add_property(p, WSTR("AudioGapSize"), VT_I4, r->gap_blocks);
  sim_add_property(p, WSTR("BufferUnderrunFreeCapable"), VT_BOOL, -1);
  sim_add_property(p, WSTR("EnableBufferUnderrunFree"), VT_I4, r->buffer_underrun_free);
  *out = &p->iface;
  return S_OK;
}

/* Write speeds a typical CD writer offers; a request is lowered to the nearest one. */
static LONG supported_speed(LONG wanted, LONG max) {
  static const LONG speeds[] = {4, 8, 10, 16, 24, 32, 40, 48, 52};
  LONG best = speeds[0];
  for (size_t i = 0; i < sizeof speeds / sizeof speeds[0]; i++)
    if (speeds[i] <= wanted && speeds[i] <= max) best = speeds[i];
  return best;
}

/* A writable property's new value, or 0 when it is ignored. XP lowers WriteSpeed to a speed the
   drive offers; IMAPI v1 over IMAPI2 stores what it accepts as given, and never applies it. */
static int accept_writable(const sim_recorder *r, const WCHAR *name, LONG v, LONG *stored) {
  int modern = r->master->config.modern;
  if (sim_wide_same(name, WSTR("WriteSpeed"))) {
    *stored = modern ? v : supported_speed(v, r->drive.setup->max_speed);
    return !modern || v == -1 || (v >= 0 && v <= r->drive.setup->max_speed);
  }
  *stored = v;
  if (sim_wide_same(name, WSTR("AudioGapSize"))) return v >= 0 && v <= MAX_GAP_BLOCKS;
  if (sim_wide_same(name, WSTR("EnableBufferUnderrunFree"))) return v == 0 || v == 1 || (modern && v == -1);
  return 0;
}

/* Applies one property read back from the caller's storage; returns 0 when it is ignored. */
static int apply_property(sim_recorder *r, const STATPROPSTG *stat, const PROPVARIANT *value) {
  const WCHAR *name = stat->lpwstrName;
  LONG v = value->lVal;
  if (sim_wide_same(name, WSTR("MaxWriteSpeed"))) return value->vt == VT_I4 && v == r->drive.setup->max_speed; /* read-only */
  if (sim_wide_same(name, WSTR("BufferUnderrunFreeCapable"))) return value->vt == VT_BOOL && value->boolVal == -1;
  LONG stored;
  if (value->vt != VT_I4 || !accept_writable(r, name, v, &stored)) return 0; /* only VT_I4 */
  if (sim_wide_same(name, WSTR("WriteSpeed"))) r->write_speed = stored;
  else if (sim_wide_same(name, WSTR("AudioGapSize"))) r->gap_blocks = stored;
  else r->buffer_underrun_free = stored;
  return 1;
}

/* Reads the caller's storage through its interface (it may be a proxy), every property listed. */
static HRESULT STDMETHODCALLTYPE rec_set_props(IDiscRecorder *This, IPropertyStorage *storage) {
  sim_log_call(RECORDER(This)->master, "SetRecorderProperties");
  sim_recorder *r = RECORDER(This);
  INJECT_RECORDER(r, "SetRecorderProperties");
  IEnumSTATPROPSTG *list = NULL;
  HRESULT hr = storage->lpVtbl->Enum(storage, &list);
  if (FAILED(hr)) return hr;
  int ignored = 0;
  STATPROPSTG stat;
  ULONG fetched = 0;
  while (list->lpVtbl->Next(list, 1, &stat, &fetched) == S_OK && fetched == 1) {
    PROPSPEC spec = {.ulKind = PRSPEC_LPWSTR};
    PROPVARIANT value;
    spec.lpwstr = stat.lpwstrName;
    if (storage->lpVtbl->ReadMultiple(storage, 1, &spec, &value) != S_OK || !apply_property(r, &stat, &value)) ignored = 1;
    CoTaskMemFree(stat.lpwstrName);
  }
  list->lpVtbl->Release(list);
  return ignored ? IMAPI_S_PROPERTIESIGNORED : S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_state(IDiscRecorder *This, ULONG *flags) {
  sim_log_call(RECORDER(This)->master, "GetRecorderState");
  sim_recorder *r = RECORDER(This);
  *flags = (r->open ? RECORDER_OPENED : 0) | (r->burning ? RECORDER_BURNING : 0);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_open(IDiscRecorder *This) {
  sim_log_call(RECORDER(This)->master, "OpenExclusive");
  sim_recorder *r = RECORDER(This);
  INJECT_RECORDER(r, "OpenExclusive");
  if (sim_busy(r)) return IMAPI_E_DEVICE_STILL_IN_USE;
  if (r->open) return S_OK;
  /* Another process holds the recorder: over IMAPI2 exclusive access is refused (README). */
  if (!sim_drive_lock(&r->drive)) return r->master->config.modern ? IMAPI_E_GENERIC : IMAPI_E_DEVICE_NOTACCESSIBLE;
  r->open = 1;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_media_type(IDiscRecorder *This, LONG *type, LONG *flags) {
  sim_log_call(RECORDER(This)->master, "QueryMediaType");
  sim_recorder *r = RECORDER(This);
  INJECT_RECORDER(r, "QueryMediaType");
  if (!r->open) return IMAPI_E_NOTOPENED;
  media_state media = sim_media(&r->drive);
  *type = media == MEDIA_NONE ? 0 : MEDIA_CDDA_CDROM;
  *flags = 0;
  if (media == MEDIA_NONE) return S_OK; /* "If there is no media, both ... are zero." */
  if (sim_blank(media)) *flags |= MEDIA_BLANK | MEDIA_WRITABLE;
  if (sim_rewritable(media)) *flags |= MEDIA_RW;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_media_info(IDiscRecorder *This, BYTE *sessions, BYTE *last_track, ULONG *start, ULONG *next, ULONG *free_blocks) {
  sim_log_call(RECORDER(This)->master, "QueryMediaInfo");
  sim_recorder *r = RECORDER(This);
  INJECT_RECORDER(r, "QueryMediaInfo");
  if (!r->open) return IMAPI_E_NOTOPENED;
  if (sim_media(&r->drive) == MEDIA_NONE) return IMAPI_E_MEDIUM_NOTPRESENT;
  int empty = sim_blank(sim_media(&r->drive));
  *sessions = empty ? 0 : 1;
  *last_track = empty ? 0 : 1;
  *start = 0;
  *next = empty ? 0 : (ULONG)sim_media_blocks(&r->drive);
  *free_blocks = empty ? (ULONG)sim_media_blocks(&r->drive) : 0;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_eject(IDiscRecorder *This) {
  sim_log_call(RECORDER(This)->master, "Eject");
  sim_recorder *r = RECORDER(This);
  INJECT_RECORDER(r, "Eject");
  if (!r->open) return IMAPI_E_NOTOPENED;
  sim_eject_disc(&r->drive);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_erase(IDiscRecorder *This, boolean full) {
  sim_log_call(RECORDER(This)->master, "Erase full=%d", full);
  sim_recorder *r = RECORDER(This);
  sim_master *m = r->master;
  HRESULT hr = sim_injected_on(m, r, "Erase");
  if (SUCCEEDED(hr) && r->drive.removed) hr = IMAPI_E_DEVICE_NOTPRESENT;
  if (SUCCEEDED(hr) && !r->open) hr = IMAPI_E_NOTOPENED;
  if (SUCCEEDED(hr) && sim_media(&r->drive) == MEDIA_NONE) hr = IMAPI_E_MEDIUM_NOTPRESENT;
  if (SUCCEEDED(hr) && !sim_rewritable(sim_media(&r->drive))) hr = IMAPI_E_MEDIUM_INVALIDTYPE;
  if (SUCCEEDED(hr)) {
    sim_pause_for_blocks(m, full ? sim_media_blocks(&r->drive) : 2 * BLOCKS_PER_SECOND * 60, 1);
    sim_set_media(&r->drive, MEDIA_BLANK_CDRW);
  }
  sim_notify_erase_complete(m, hr);
  return hr;
}

static HRESULT STDMETHODCALLTYPE rec_close(IDiscRecorder *This) {
  sim_log_call(RECORDER(This)->master, "Close recorder=%d", RECORDER(This)->drive.index);
  sim_recorder *r = RECORDER(This);
  if (r->open) sim_drive_unlock(&r->drive);
  r->open = 0;
  return S_OK;
}

static const IDiscRecorderVtbl recorder_vtbl = {
    rec_query, rec_addref, rec_release, rec_init, rec_guid, rec_type, rec_names, rec_pnpid, rec_path,
    rec_get_props, rec_set_props, rec_state, rec_open, rec_media_type, rec_media_info, rec_eject, rec_erase, rec_close};

void sim_recorder_init(sim_recorder *r, sim_master *m, int index) {
  r->iface.lpVtbl = &recorder_vtbl;
  r->master = m;
  sim_drive_init(&r->drive, &m->config, index);
  r->write_speed = r->drive.setup->max_speed; /* "default write speed is the highest" */
  r->gap_blocks = DEFAULT_GAP_BLOCKS;
  r->buffer_underrun_free = 1;
}
