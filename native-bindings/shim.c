/*
 * burn-audio's IMAPI shim (see burn_audio_imapi.h for the contract). One thread of the shim's
 * own initialises COM and makes every IMAPI call; exports queue a job for it and wait.
 */
#include "burn_audio_imapi.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "com-object.h"
#include "imapi.h"
#include "shim-common.h"
#ifndef _WIN32
#include "simulator/simulator.h"
#endif

#define MAX_RECORDERS 16

/* ------------------------------------------------------------------ state */

static struct {
  IDiscMaster *master;
  IRedbookDiscMaster *redbook;
  IDiscRecorder *recorders[MAX_RECORDERS];
  int recorder_count;
  IDiscRecorder *active;
  UINT_PTR cookie;
  int advised;
} com;

static HRESULT job_open(void *arg);
static HRESULT job_close(void *arg);

/* IMAPI may call the sink on a thread that is not the shim's (IMAPI2's event thread on Windows 8
   and later, an RPC thread out of process): the session's events go through one lock, so events
   from different threads never interleave and none reaches a callback ba_close has retired. */
static shim_session session = SHIM_SESSION_INIT(job_open, job_close, BA_EVENT_CLOSED, "IMAPI");
#define fail(...) shim_fail(&session.error, __VA_ARGS__)
#define emit(kind, a, b) shim_emit(&session.events, kind, a, b)
#define run(fn, arg) shim_session_run(&session, fn, arg)

static atomic_int cancel_requested;

/* ------------------------------------------------------------------ IDiscMasterProgressEvents */

/* Answered from a flag, never by calling into JavaScript. Writes exactly one byte. */
static HRESULT STDMETHODCALLTYPE sink_query_cancel(IDiscMasterProgressEvents *This, boolean *cancel) {
  (void)This;
  if (!cancel) return E_POINTER;
  *cancel = atomic_load(&cancel_requested) ? 1 : 0;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE sink_pnp(IDiscMasterProgressEvents *This) {
  (void)This;
  emit(BA_EVENT_PNP_ACTIVITY, 0, 0);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE sink_add(IDiscMasterProgressEvents *This, LONG done, LONG total) {
  (void)This;
  emit(BA_EVENT_ADD_PROGRESS, done, total);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE sink_block(IDiscMasterProgressEvents *This, LONG done, LONG total) {
  (void)This;
  emit(BA_EVENT_BLOCK_PROGRESS, done, total);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE sink_track(IDiscMasterProgressEvents *This, LONG done, LONG total) {
  (void)This;
  emit(BA_EVENT_TRACK_PROGRESS, done, total);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE sink_preparing(IDiscMasterProgressEvents *This, LONG seconds) {
  (void)This;
  emit(BA_EVENT_PREPARING_BURN, seconds, 0);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE sink_closing(IDiscMasterProgressEvents *This, LONG seconds) {
  (void)This;
  emit(BA_EVENT_CLOSING_DISC, seconds, 0);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE sink_burn_complete(IDiscMasterProgressEvents *This, HRESULT status) {
  (void)This;
  emit(BA_EVENT_BURN_COMPLETE, status, 0);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE sink_erase_complete(IDiscMasterProgressEvents *This, HRESULT status) {
  (void)This;
  emit(BA_EVENT_ERASE_COMPLETE, status, 0);
  return S_OK;
}

/* A static object: its lifetime is the library's. */
static const IDiscMasterProgressEventsVtbl sink_vtbl = {
    COM_OBJECT_SLOTS(IDiscMasterProgressEvents), sink_query_cancel, sink_pnp, sink_add, sink_block,
    sink_track, sink_preparing, sink_closing, sink_burn_complete, sink_erase_complete};
static const IID *const sink_iids[] = {&IID_IDiscMasterProgressEvents, NULL};
static com_object sink = COM_STATIC_OBJECT(&sink_vtbl, sink_iids);

/* ------------------------------------------------------------------ jobs (on the COM thread) */

static HRESULT create_disc_master(IDiscMaster **out) {
#ifdef _WIN32
  HRESULT hr = CoCreateInstance(&CLSID_MSDiscMasterObj, NULL, CLSCTX_INPROC_SERVER | CLSCTX_LOCAL_SERVER, &IID_IDiscMaster, (void **)out);
  if (FAILED(hr)) return fail(hr, "CoCreateInstance(MSDiscMasterObj) failed");
  return hr;
#else
  char why[400] = "";
  HRESULT hr = ba_sim_create_disc_master(out, why, sizeof why);
  if (FAILED(hr)) return fail(hr, "%s", why[0] ? why : "IMAPI is not available on this system");
  return hr;
#endif
}

static void release_all(void) {
  if (com.master && com.advised) com.master->lpVtbl->ProgressUnadvise(com.master, com.cookie);
  com.advised = 0;
  if (com.master) com.master->lpVtbl->Close(com.master);
  for (int i = 0; i < com.recorder_count; i++) com.recorders[i]->lpVtbl->Release(com.recorders[i]);
  com.recorder_count = 0;
  com.active = NULL;
  if (com.redbook) com.redbook->lpVtbl->Release(com.redbook);
  com.redbook = NULL;
  if (com.master) com.master->lpVtbl->Release(com.master);
  com.master = NULL;
}

static HRESULT list_recorders(void) {
  IEnumDiscRecorders *list = NULL;
  HRESULT hr = com.master->lpVtbl->EnumDiscRecorders(com.master, &list);
  if (FAILED(hr)) return fail(hr, "IDiscMaster::EnumDiscRecorders failed");
  IDiscRecorder *recorder;
  ULONG fetched = 0;
  while (com.recorder_count < MAX_RECORDERS && list->lpVtbl->Next(list, 1, &recorder, &fetched) == S_OK && fetched == 1)
    com.recorders[com.recorder_count++] = recorder;
  list->lpVtbl->Release(list);
  return S_OK;
}

static HRESULT job_open(void *arg) {
  (void)arg;
  memset(&com, 0, sizeof com);
  atomic_store(&cancel_requested, 0);
  HRESULT hr = create_disc_master(&com.master);
  if (FAILED(hr)) return hr;
  if (FAILED(hr = com.master->lpVtbl->Open(com.master))) return fail(hr, "IDiscMaster::Open failed");
  if (FAILED(hr = com.master->lpVtbl->SetActiveDiscMasterFormat(com.master, &IID_IRedbookDiscMaster, (void **)&com.redbook)))
    return fail(hr, "IDiscMaster::SetActiveDiscMasterFormat(Redbook) failed");
  if (FAILED(hr = list_recorders())) return hr;
  if (FAILED(hr = com.master->lpVtbl->ProgressAdvise(com.master, (IDiscMasterProgressEvents *)&sink, &com.cookie))) return fail(hr, "IDiscMaster::ProgressAdvise failed");
  com.advised = 1;
  return S_OK;
}

static HRESULT job_close(void *arg) {
  (void)arg;
  release_all();
  return S_OK;
}

/* ------------------------------------------------------------------ recorders and media */

/* A call that was not made (no HRESULT has this value: it is a success code no API returns). */
#define NOT_CALLED ((HRESULT)0x7FFFFFFF)

/* What IMAPI says about a recorder and its media, each value with the HRESULT of its call. */
typedef struct {
  BSTR vendor, product, revision, path, pnp_id;
  HRESULT names_hr, path_hr, pnp_hr, type_hr, state_hr;
  LONG type;
  ULONG state;
  HRESULT open_hr, media_type_hr, media_info_hr, select_hr, available_hr;
  LONG media_type, media_flags, available_blocks;
  BYTE sessions, last_track;
  ULONG start, next_writable, free_blocks;
  /* The media as burn-audio reads it: present, and free blocks from QueryMediaInfo or the fallback. */
  HRESULT media_result;
  int present, free_from_available;
} recorder_facts;

static void free_facts(recorder_facts *f) {
  SysFreeString(f->vendor);
  SysFreeString(f->product);
  SysFreeString(f->revision);
  SysFreeString(f->path);
  SysFreeString(f->pnp_id);
}

/* Asks recorder `r` everything it answers without writing. Media detection follows what IMAPI v1
   on modern Windows is known to do: non-zero media flags (or type) mean a disc;
   IMAPI_E_MEDIUM_NOTPRESENT means none; when QueryMediaInfo fails, the free blocks come from
   GetAvailableAudioTrackBlocks (which needs the recorder active). OpenExclusive is held only for
   the media queries. */
/* GetAvailableAudioTrackBlocks answers for the active recorder: `r` is made active first. */
static void ask_available_blocks(IDiscRecorder *r, recorder_facts *f) {
  if (com.active != r) {
    f->select_hr = com.master->lpVtbl->SetActiveDiscRecorder(com.master, r);
    if (SUCCEEDED(f->select_hr)) com.active = r;
  }
  f->available_hr = com.redbook->lpVtbl->GetAvailableAudioTrackBlocks(com.redbook, &f->available_blocks);
}

static void gather_facts(IDiscRecorder *r, recorder_facts *f) {
  memset(f, 0, sizeof *f);
  f->names_hr = r->lpVtbl->GetDisplayNames(r, &f->vendor, &f->product, &f->revision);
  f->path_hr = r->lpVtbl->GetPath(r, &f->path);
  f->pnp_hr = r->lpVtbl->GetBasePnPID(r, &f->pnp_id);
  f->type_hr = r->lpVtbl->GetRecorderType(r, &f->type);
  f->state_hr = r->lpVtbl->GetRecorderState(r, &f->state);
  f->select_hr = f->media_type_hr = f->media_info_hr = f->available_hr = NOT_CALLED;
  f->open_hr = r->lpVtbl->OpenExclusive(r);
  f->media_result = f->open_hr;
  if (FAILED(f->open_hr)) return;
  f->media_type_hr = r->lpVtbl->QueryMediaType(r, &f->media_type, &f->media_flags);
  f->present = SUCCEEDED(f->media_type_hr) && (f->media_flags != 0 || f->media_type != 0);
  if (f->present) f->media_info_hr = r->lpVtbl->QueryMediaInfo(r, &f->sessions, &f->last_track, &f->start, &f->next_writable, &f->free_blocks);
  r->lpVtbl->Close(r);
  f->media_result = f->media_type_hr == IMAPI_E_MEDIUM_NOTPRESENT ? S_OK : f->media_type_hr;
  if (f->media_info_hr == IMAPI_E_MEDIUM_NOTPRESENT) f->present = 0;
  else if (f->present && FAILED(f->media_info_hr)) {
    ask_available_blocks(r, f);
    f->free_from_available = SUCCEEDED(f->available_hr);
    if (f->free_from_available) f->free_blocks = (ULONG)f->available_blocks;
    else f->media_result = f->media_info_hr;
  }
}

typedef struct {
  int32_t index;
  char *json;
  int32_t capacity;
} json_args;

static HRESULT finish_json(json_out *j, json_args *d, const char *what) {
  if (j->overflow) return fail(E_INVALIDARG, "the %s does not fit in %d bytes", what, d->capacity);
  return S_OK;
}

static HRESULT job_describe(void *arg) {
  json_args *d = arg;
  recorder_facts f;
  gather_facts(com.recorders[d->index], &f);
  if (FAILED(f.names_hr)) {
    free_facts(&f);
    return fail(f.names_hr, "IDiscRecorder::GetDisplayNames failed");
  }
  json_out j = {d->json, (size_t)d->capacity, 0, 0};
  json_bytes(&j, "{", 1);
  json_field_wide(&j, "vendor", f.vendor);
  json_field_wide(&j, "product", f.product);
  json_field_wide(&j, "revision", f.revision);
  json_field_wide(&j, "path", f.path);
  json_printf(&j, "\"type\":%ld,\"state\":%lu,\"mediaResult\":%ld,\"mediaPresent\":%s,", (long)f.type, (unsigned long)f.state,
              (long)f.media_result, f.present ? "true" : "false");
  json_printf(&j, "\"mediaType\":%ld,\"mediaFlags\":%ld,\"sessions\":%u,\"lastTrack\":%u,", (long)f.media_type, (long)f.media_flags,
              f.sessions, f.last_track);
  json_printf(&j, "\"freeBlocks\":%lu,\"freeBlocksFrom\":\"%s\"}", (unsigned long)f.free_blocks,
              f.free_from_available ? "GetAvailableAudioTrackBlocks" : "QueryMediaInfo");
  free_facts(&f);
  return finish_json(&j, d, "recorder description");
}

/* ------------------------------------------------------------------ the doctor's report */

#define MAX_PROPERTIES 64

typedef struct {
  HRESULT get_hr, enum_hr, read_hr;
  ULONG count;
  STATPROPSTG stat[MAX_PROPERTIES];
  PROPVARIANT value[MAX_PROPERTIES];
} property_facts;

/* Every recorder property: Enum for the names, PROPIDs and types, then one ReadMultiple by PROPID. */
static void gather_properties(IDiscRecorder *r, property_facts *p) {
  memset(p, 0, sizeof *p);
  p->enum_hr = p->read_hr = NOT_CALLED;
  IPropertyStorage *props = NULL;
  p->get_hr = r->lpVtbl->GetRecorderProperties(r, &props);
  if (FAILED(p->get_hr)) return;
  IEnumSTATPROPSTG *list = NULL;
  p->enum_hr = IPropertyStorage_Enum(props, &list);
  if (SUCCEEDED(p->enum_hr)) {
    ULONG fetched = 0;
    while (p->count < MAX_PROPERTIES && IEnumSTATPROPSTG_Next(list, 1, &p->stat[p->count], &fetched) == S_OK && fetched == 1) p->count++;
    IEnumSTATPROPSTG_Release(list);
  }
  if (p->count > 0) {
    PROPSPEC specs[MAX_PROPERTIES];
    memset(specs, 0, sizeof specs);
    for (ULONG i = 0; i < p->count; i++) specs[i].ulKind = PRSPEC_PROPID, specs[i].propid = p->stat[i].propid;
    p->read_hr = IPropertyStorage_ReadMultiple(props, p->count, specs, p->value);
  }
  IPropertyStorage_Release(props);
}

static void free_properties(property_facts *p) {
  for (ULONG i = 0; i < p->count; i++) {
    CoTaskMemFree(p->stat[i].lpwstrName);
#ifdef _WIN32
    PropVariantClear(&p->value[i]);
#endif
  }
}

/* A property value as JSON: numbers and strings as they are, other types as null (vt says which). */
static void json_propvariant(json_out *j, const PROPVARIANT *v, int read) {
  if (!read) json_bytes(j, "null", 4);
  else if (v->vt == VT_I4) json_printf(j, "%ld", (long)v->lVal);
  else if (v->vt == VT_BOOL) json_printf(j, "%d", (int)v->boolVal);
#ifdef _WIN32
  else if (v->vt == VT_UI4) json_printf(j, "%lu", (unsigned long)v->ulVal);
  else if (v->vt == VT_I2) json_printf(j, "%d", (int)v->iVal);
  else if (v->vt == VT_UI1) json_printf(j, "%u", (unsigned)v->bVal);
  else if (v->vt == VT_BSTR) json_wide(j, v->bstrVal);
  else if (v->vt == VT_LPWSTR) json_wide(j, v->pwszVal);
#endif
  else json_bytes(j, "null", 4);
}

static void json_call(json_out *j, const char *method, HRESULT hr) {
  if (hr == NOT_CALLED) return;
  json_printf(j, "%s{\"method\":\"%s\",\"hresult\":%ld}", j->out[j->len - 1] == '[' ? "" : ",", method, (long)hr);
}

static HRESULT job_report(void *arg) {
  json_args *d = arg;
  IDiscRecorder *r = com.recorders[d->index];
  recorder_facts f;
  property_facts p;
  gather_facts(r, &f);
  if (f.available_hr == NOT_CALLED) ask_available_blocks(r, &f);
  gather_properties(r, &p);
  json_out j = {d->json, (size_t)d->capacity, 0, 0};
  json_printf(&j, "{\"index\":%d,", (int)d->index);
  json_field_wide(&j, "vendor", f.vendor);
  json_field_wide(&j, "product", f.product);
  json_field_wide(&j, "revision", f.revision);
  json_field_wide(&j, "path", f.path);
  json_field_wide(&j, "pnpId", f.pnp_id);
  json_printf(&j, "\"recorderType\":%ld,\"recorderState\":%lu,", (long)f.type, (unsigned long)f.state);
  json_bytes(&j, "\"properties\":[", 14);
  for (ULONG i = 0; i < p.count; i++) {
    json_bytes(&j, i ? ",{\"name\":" : "{\"name\":", i ? 9 : 8);
    json_wide(&j, p.stat[i].lpwstrName);
    int read = SUCCEEDED(p.read_hr);
    json_printf(&j, ",\"propid\":%lu,\"vt\":%u,\"value\":", (unsigned long)p.stat[i].propid, (unsigned)(read ? p.value[i].vt : p.stat[i].vt));
    json_propvariant(&j, &p.value[i], read);
    json_bytes(&j, "}", 1);
  }
  json_printf(&j, "],\"mediaType\":%ld,\"mediaFlags\":%ld,\"sessions\":%u,\"lastTrack\":%u,", (long)f.media_type, (long)f.media_flags,
              f.sessions, f.last_track);
  json_printf(&j, "\"startAddress\":%lu,\"nextWritable\":%lu,\"freeBlocks\":%lu,\"availableAudioTrackBlocks\":%ld,",
              (unsigned long)f.start, (unsigned long)f.next_writable, (unsigned long)(f.free_from_available ? 0 : f.free_blocks), (long)f.available_blocks);
  json_bytes(&j, "\"calls\":[", 9);
  json_call(&j, "GetDisplayNames", f.names_hr);
  json_call(&j, "GetPath", f.path_hr);
  json_call(&j, "GetBasePnPID", f.pnp_hr);
  json_call(&j, "GetRecorderType", f.type_hr);
  json_call(&j, "GetRecorderState", f.state_hr);
  json_call(&j, "OpenExclusive", f.open_hr);
  json_call(&j, "QueryMediaType", f.media_type_hr);
  json_call(&j, "QueryMediaInfo", f.media_info_hr);
  json_call(&j, "SetActiveDiscRecorder", f.select_hr);
  json_call(&j, "GetAvailableAudioTrackBlocks", f.available_hr);
  json_call(&j, "GetRecorderProperties", p.get_hr);
  json_call(&j, "IPropertyStorage::Enum", p.enum_hr);
  json_call(&j, "IPropertyStorage::ReadMultiple", p.read_hr);
  json_bytes(&j, "]}", 2);
  free_properties(&p);
  free_facts(&f);
  return finish_json(&j, d, "recorder report");
}

static HRESULT job_select(void *arg) {
  int32_t index = *(int32_t *)arg;
  HRESULT hr = com.master->lpVtbl->SetActiveDiscRecorder(com.master, com.recorders[index]);
  if (FAILED(hr)) return fail(hr, "IDiscMaster::SetActiveDiscRecorder failed");
  com.active = com.recorders[index];
  return hr;
}

typedef struct {
  int32_t speed, gap;
  int32_t *out;
} property_args;

static HRESULT job_properties(void *arg) {
  property_args *p = arg;
  IDiscRecorder *r = com.active;
  IPropertyStorage *props = NULL;
  if (!r) return fail(IMAPI_E_NOACTIVERECORDER, "no recorder selected");
  HRESULT hr = r->lpVtbl->GetRecorderProperties(r, &props);
  if (FAILED(hr)) return fail(hr, "IDiscRecorder::GetRecorderProperties failed");
  PROPSPEC specs[3];
  PROPVARIANT values[3];
  ULONG n = 0;
  memset(specs, 0, sizeof specs);
  memset(values, 0, sizeof values);
  if (p->speed >= 0) specs[n].ulKind = PRSPEC_LPWSTR, specs[n].lpwstr = (WCHAR *)WSTR("WriteSpeed"), values[n].vt = VT_I4, values[n++].lVal = p->speed;
  if (p->gap >= 0) specs[n].ulKind = PRSPEC_LPWSTR, specs[n].lpwstr = (WCHAR *)WSTR("AudioGapSize"), values[n].vt = VT_I4, values[n++].lVal = p->gap;
  HRESULT set = S_OK;
  if (n > 0) {
    hr = IPropertyStorage_WriteMultiple(props, n, specs, values, 2);
    if (SUCCEEDED(hr)) set = hr = r->lpVtbl->SetRecorderProperties(r, props);
  }
  IPropertyStorage_Release(props);
  if (FAILED(hr)) return fail(hr, "IDiscRecorder::SetRecorderProperties failed");
  /* Read back what the recorder really took. */
  if (FAILED(hr = r->lpVtbl->GetRecorderProperties(r, &props))) return fail(hr, "IDiscRecorder::GetRecorderProperties failed");
  specs[0].ulKind = specs[1].ulKind = specs[2].ulKind = PRSPEC_LPWSTR;
  specs[0].lpwstr = (WCHAR *)WSTR("WriteSpeed");
  specs[1].lpwstr = (WCHAR *)WSTR("MaxWriteSpeed");
  specs[2].lpwstr = (WCHAR *)WSTR("AudioGapSize");
  memset(values, 0, sizeof values);
  hr = IPropertyStorage_ReadMultiple(props, 3, specs, values);
  IPropertyStorage_Release(props);
  if (FAILED(hr)) return fail(hr, "IPropertyStorage::ReadMultiple failed");
  for (int i = 0; i < 3; i++) p->out[i] = values[i].vt == VT_I4 ? values[i].lVal : -1;
  return set;
}

static HRESULT job_create_track(void *arg) {
  HRESULT hr = com.redbook->lpVtbl->CreateAudioTrack(com.redbook, *(int32_t *)arg);
  return FAILED(hr) ? fail(hr, "IRedbookDiscMaster::CreateAudioTrack failed") : hr;
}

static HRESULT job_add_blocks(void *arg) {
  shim_bytes *b = arg;
  HRESULT hr = com.redbook->lpVtbl->AddAudioTrackBlocks(com.redbook, (BYTE *)b->data, b->bytes);
  return FAILED(hr) ? fail(hr, "IRedbookDiscMaster::AddAudioTrackBlocks failed") : hr;
}

static HRESULT job_close_track(void *arg) {
  (void)arg;
  HRESULT hr = com.redbook->lpVtbl->CloseAudioTrack(com.redbook);
  return FAILED(hr) ? fail(hr, "IRedbookDiscMaster::CloseAudioTrack failed") : hr;
}

static HRESULT job_clear(void *arg) {
  (void)arg;
  HRESULT hr = com.master->lpVtbl->ClearFormatContent(com.master);
  return FAILED(hr) ? fail(hr, "IDiscMaster::ClearFormatContent failed") : hr;
}

static HRESULT job_record(void *arg) {
  int32_t *flags = arg;
  shim_keep_awake(1);
  HRESULT hr = com.master->lpVtbl->RecordDisc(com.master, flags[0] ? 1 : 0, flags[1] ? 1 : 0);
  shim_keep_awake(0);
  if (FAILED(hr)) fail(hr, "IDiscMaster::RecordDisc failed");
  emit(BA_EVENT_RETURNED, hr, 0);
  return hr;
}

typedef enum { OP_ERASE_QUICK, OP_ERASE_FULL, OP_EJECT } recorder_op;

static HRESULT job_recorder_op(void *arg) {
  recorder_op op = *(recorder_op *)arg;
  IDiscRecorder *r = com.active;
  if (!r) return fail(IMAPI_E_NOACTIVERECORDER, "no recorder selected");
  HRESULT hr = r->lpVtbl->OpenExclusive(r);
  if (FAILED(hr)) {
    fail(hr, "IDiscRecorder::OpenExclusive failed");
  } else {
    shim_keep_awake(op != OP_EJECT);
    hr = op == OP_EJECT ? r->lpVtbl->Eject(r) : r->lpVtbl->Erase(r, op == OP_ERASE_FULL);
    shim_keep_awake(0);
    r->lpVtbl->Close(r);
    if (FAILED(hr)) fail(hr, op == OP_EJECT ? "IDiscRecorder::Eject failed" : "IDiscRecorder::Erase failed");
  }
  if (op != OP_EJECT) emit(BA_EVENT_RETURNED, hr, 0);
  return hr;
}

/* ------------------------------------------------------------------ the platform */

#ifdef _WIN32
typedef LONG(WINAPI *rtl_get_version_fn)(OSVERSIONINFOW *);

/* The real Windows version: GetVersionEx answers 6.2 to programs without a manifest that names
   later versions (node.exe's does not name every one), RtlGetVersion does not. */
static OSVERSIONINFOW windows_version(void) {
  OSVERSIONINFOW v;
  memset(&v, 0, sizeof v);
  v.dwOSVersionInfoSize = sizeof v;
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  rtl_get_version_fn get = ntdll ? (rtl_get_version_fn)(void (*)(void))GetProcAddress(ntdll, "RtlGetVersion") : NULL;
  if (get) get(&v);
  return v;
}
#endif

BA_EXPORT int32_t BA_CALL ba_platform(char *json, int32_t capacity) {
  if (!json || capacity < 2) return fail(E_INVALIDARG, "no room for the platform description");
  json_out j = {json, (size_t)capacity, 0, 0};
#ifdef _WIN32
  OSVERSIONINFOW v = windows_version();
  /* From Vista (6.0) on, IMAPI v1 is a layer over IMAPI2 (reference: imapi-v1-on-modern-windows). */
  int modern = v.dwMajorVersion == 0 || v.dwMajorVersion >= 6;
  json_printf(&j, "{\"behaviour\":\"%s\",\"windows\":\"%lu.%lu.%lu\",\"simulator\":false}", modern ? "modern" : "xp",
              (unsigned long)v.dwMajorVersion, (unsigned long)v.dwMinorVersion, (unsigned long)v.dwBuildNumber);
#else
  int modern = sim_windows_modern();
  json_printf(&j, "{\"behaviour\":\"%s\",\"windows\":\"%s\",\"simulator\":true}", modern ? "modern" : "xp", modern ? "10.0.22631" : "5.1.2600");
#endif
  if (j.overflow) return fail(E_INVALIDARG, "the platform description does not fit in %d bytes", capacity);
  return S_OK;
}

/* ------------------------------------------------------------------ exports */

BA_EXPORT int32_t BA_CALL ba_open(ba_event_fn callback) { return shim_session_open(&session, callback, IMAPI_E_ALREADYOPEN); }

BA_EXPORT int32_t BA_CALL ba_recorder_count(void) {
  return atomic_load(&session.is_open) ? com.recorder_count : fail(BA_E_NOTOPEN, "the IMAPI shim is not open");
}

static int valid_index(int32_t index) { return atomic_load(&session.is_open) && index >= 0 && index < com.recorder_count; }

BA_EXPORT int32_t BA_CALL ba_recorder_describe(int32_t index, char *json, int32_t capacity) {
  if (!valid_index(index)) return fail(BA_E_BADINDEX, "no recorder %d", index);
  if (!json || capacity < 2) return fail(E_INVALIDARG, "no room for the recorder description");
  json_args args = {index, json, capacity};
  return run(job_describe, &args);
}

BA_EXPORT int32_t BA_CALL ba_recorder_report(int32_t index, char *json, int32_t capacity) {
  if (!valid_index(index)) return fail(BA_E_BADINDEX, "no recorder %d", index);
  if (!json || capacity < 2) return fail(E_INVALIDARG, "no room for the recorder report");
  json_args args = {index, json, capacity};
  return run(job_report, &args);
}

BA_EXPORT int32_t BA_CALL ba_select_recorder(int32_t index) {
  if (!valid_index(index)) return fail(BA_E_BADINDEX, "no recorder %d", index);
  return run(job_select, &index);
}

BA_EXPORT int32_t BA_CALL ba_set_properties(int32_t write_speed, int32_t gap_blocks, int32_t *out) {
  if (!out) return fail(E_INVALIDARG, "no room for the recorder properties");
  property_args args = {write_speed, gap_blocks, out};
  return run(job_properties, &args);
}

BA_EXPORT int32_t BA_CALL ba_create_track(int32_t blocks) { return run(job_create_track, &blocks); }

BA_EXPORT int32_t BA_CALL ba_add_blocks(const uint8_t *data, int32_t bytes) {
  if (!data || bytes <= 0 || bytes % 2352 != 0) return fail(E_INVALIDARG, "%d bytes is not a whole number of 2352-byte blocks", bytes);
  shim_bytes args = {data, bytes};
  return run(job_add_blocks, &args);
}

BA_EXPORT int32_t BA_CALL ba_close_track(void) { return run(job_close_track, NULL); }
BA_EXPORT int32_t BA_CALL ba_clear(void) { return run(job_clear, NULL); }

BA_EXPORT int32_t BA_CALL ba_record(int32_t simulate, int32_t eject) {
  int32_t flags[2] = {simulate, eject};
  return run(job_record, flags);
}

BA_EXPORT int32_t BA_CALL ba_erase(int32_t full) {
  recorder_op op = full ? OP_ERASE_FULL : OP_ERASE_QUICK;
  return run(job_recorder_op, &op);
}

BA_EXPORT int32_t BA_CALL ba_eject(void) {
  recorder_op op = OP_EJECT;
  return run(job_recorder_op, &op);
}

BA_EXPORT void BA_CALL ba_cancel(void) { atomic_store(&cancel_requested, 1); }

BA_EXPORT int32_t BA_CALL ba_close(void) {
  shim_session_close(&session);
  return S_OK;
}

BA_EXPORT int32_t BA_CALL ba_last_error(char *buffer, int32_t capacity) { return shim_error_copy(&session.error, buffer, capacity); }
