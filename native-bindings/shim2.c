/*
 * burn-audio's IMAPI2 shim (see burn_audio_imapi2.h for the contract). A COM thread of its own,
 * separate from the IMAPI v1 shim's, makes every IMAPI2 call; exports queue a job for it and
 * wait. Off Windows the objects come from the IMAPI2 simulator linked in.
 */
#include "burn_audio_imapi2.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "com-object.h"
#include "imapi2.h"
#include "shim-common.h"
#include "shim-stream.h"
#include "shim2-common.h"
#ifndef _WIN32
#include "simulator/simulator2.h"
#endif

#define MAX_RECORDERS 16
#define SECTOR_BYTES 2352
#define IMAGE_LEAD_IN 22650 /* the image starts at MSF 95:00:00, LBA -22650 */
#define LEAD_IN_SECTORS 22500 /* 95:00:00 to 99:59:74 */
#define LEAD_OUT_SECTORS 6750
#define MAX_CD_TEXT_PACKS 2048
#define CLIENT_NAME "burn-audio"

/* ------------------------------------------------------------------ state */

static struct {
  IDiscMaster2 *master;
  BSTR ids[MAX_RECORDERS];
  int recorder_count;
  /* From ba2_prepare to ba2_release: */
  IDiscRecorder2 *recorder;
  IDiscFormat2RawCD *format;
  int prepared;
  IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE sector_type;
  LONG last_leadout;
  IRawCDImageCreator *creator;
  IStream *image;
  uint8_t *cd_text;
  int32_t cd_text_packs;
} com;

static HRESULT job_open(void *arg);
static HRESULT job_close(void *arg);
static shim_session session = SHIM_SESSION_INIT(job_open, job_close, BA2_EVENT_CLOSED, "IMAPI2");
#define fail(...) shim_fail(&session.error, __VA_ARGS__)
#define run(fn, arg) shim_session_run(&session, fn, arg)

static atomic_int cancel_requested, cancel_sent;
static atomic_int writing; /* inside WriteMedia: CancelWrite has something to stop */
static LONG event_start = 1, event_count = -1; /* the last BA2_EVENT_EXTENT sent */

#define RELEASE(p)                      \
  do {                                  \
    if (p) (p)->lpVtbl->Release(p);     \
    (p) = NULL;                         \
  } while (0)

HRESULT shim2_create(shim_error *error, REFCLSID clsid, REFIID iid, void **out, const char *name) {
  *out = NULL;
#ifdef _WIN32
  HRESULT hr = CoCreateInstance(clsid, NULL, CLSCTX_INPROC_SERVER | CLSCTX_LOCAL_SERVER, iid, out);
  if (FAILED(hr)) return shim_fail(error, hr, "CoCreateInstance(%s) failed", name);
#else
  char why[400] = "";
  HRESULT hr = ba_sim2_create_instance(clsid, iid, out, why, sizeof why);
  if (FAILED(hr)) return shim_fail(error, hr, "CoCreateInstance(%s) failed%s%s", name, why[0] ? ": " : "", why);
#endif
  return hr;
}

#define create(clsid, iid, out, name) shim2_create(&session.error, clsid, iid, out, name)

static BSTR bstr_from_utf8(const char *text) {
  WCHAR wide[256];
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)text; *p && n < 255; p++) wide[n++] = *p; /* ASCII only: codes and names */
  wide[n] = 0;
  return SysAllocString(wide);
}

/* ------------------------------------------------------------------ DDiscFormat2RawCDEvents */

/* Held while CancelWrite is called and while a write ends, so the format is never cancelled
   after WriteMedia has returned (and the format may be released). */
static pthread_mutex_t cancel_lock = PTHREAD_MUTEX_INITIALIZER;

static void send_cancel(void) {
  pthread_mutex_lock(&cancel_lock);
  if (atomic_load(&writing) && !atomic_exchange(&cancel_sent, 1) && FAILED(com.format->lpVtbl->CancelWrite(com.format)))
    atomic_store(&cancel_sent, 0); /* not writing yet: the next Update tries again */
  pthread_mutex_unlock(&cancel_lock);
}

static HRESULT STDMETHODCALLTYPE sink_update(DDiscFormat2RawCDEvents *This, IDispatch *object, IDispatch *progress) {
  (void)This, (void)object;
  IDiscFormat2RawCDEventArgs *args = NULL;
  if (!progress || FAILED(progress->lpVtbl->QueryInterface(progress, &IID_IDiscFormat2RawCDEventArgs, (void **)&args))) return S_OK;
  LONG start = 0, count = 0, written = 0;
  IMAPI_FORMAT2_RAW_CD_WRITE_ACTION action = IMAPI_FORMAT2_RAW_CD_WRITE_ACTION_UNKNOWN;
  args->lpVtbl->get_StartLba(args, &start);
  args->lpVtbl->get_SectorCount(args, &count);
  args->lpVtbl->get_LastWrittenLba(args, &written);
  args->lpVtbl->get_CurrentAction(args, &action);
  args->lpVtbl->Release(args);
  if (start != event_start || count != event_count) shim_emit(&session.events, BA2_EVENT_EXTENT, start, count);
  event_start = start, event_count = count;
  shim_emit(&session.events, BA2_EVENT_UPDATE, (int32_t)action, written);
  if (atomic_load(&cancel_requested)) send_cancel();
  return S_OK;
}

/* DISPID 0x200 with (object, progress); DISPPARAMS lists the arguments last first. */
static HRESULT STDMETHODCALLTYPE sink_invoke(DDiscFormat2RawCDEvents *This, DISPID member, REFIID riid, LCID lcid, WORD flags,
                                             DISPPARAMS *params, VARIANT *result, EXCEPINFO *exception, UINT *arg_error) {
  (void)riid, (void)lcid, (void)flags, (void)result, (void)exception, (void)arg_error;
  if (member != DISPID_DDISCFORMAT2RAWCDEVENTS_UPDATE) return DISP_E_MEMBERNOTFOUND;
  if (!params || params->cArgs != 2) return DISP_E_BADPARAMCOUNT;
  IDispatch *arg[2];
  for (int i = 0; i < 2; i++) {
    VARIANT *v = &params->rgvarg[i];
    if (v->vt == VT_DISPATCH) arg[i] = v->pdispVal;
    else if (v->vt == (VT_DISPATCH | VT_BYREF) && v->ppdispVal) arg[i] = *v->ppdispVal;
    else return DISP_E_TYPEMISMATCH;
  }
  return sink_update(This, arg[1], arg[0]);
}

static HRESULT STDMETHODCALLTYPE sink_type_count(DDiscFormat2RawCDEvents *This, UINT *count) {
  (void)This;
  if (count) *count = 0;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE sink_type_info(DDiscFormat2RawCDEvents *This, UINT index, LCID lcid, ITypeInfo **info) {
  (void)This, (void)index, (void)lcid;
  if (info) *info = NULL;
  return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE sink_names(DDiscFormat2RawCDEvents *This, REFIID riid, LPOLESTR *names, UINT count, LCID lcid, DISPID *ids) {
  (void)This, (void)riid, (void)names, (void)count, (void)lcid, (void)ids;
  return E_NOTIMPL;
}

/* A static object: its lifetime is the library's. */
static const DDiscFormat2RawCDEventsVtbl sink_vtbl = {COM_OBJECT_SLOTS(DDiscFormat2RawCDEvents), sink_type_count, sink_type_info,
                                                      sink_names, sink_invoke, sink_update};
static const IID *const sink_iids[] = {&IID_DDiscFormat2RawCDEvents, &BA_IID_IDispatch, NULL};
static com_object sink = COM_STATIC_OBJECT(&sink_vtbl, sink_iids);

/* ------------------------------------------------------------------ open, close, release */

static void release_image(void) {
  RELEASE(com.image);
  RELEASE(com.creator);
  free(com.cd_text);
  com.cd_text = NULL;
  com.cd_text_packs = 0;
}

static HRESULT release_media(void) {
  HRESULT hr = S_OK;
  release_image();
  if (com.prepared) hr = com.format->lpVtbl->ReleaseMedia(com.format); /* also after a failed or cancelled write */
  com.prepared = 0;
  RELEASE(com.format);
  RELEASE(com.recorder);
  return FAILED(hr) ? fail(hr, "IDiscFormat2RawCD::ReleaseMedia failed") : hr;
}

static void release_all(void) {
  release_media();
  for (int i = 0; i < com.recorder_count; i++) SysFreeString(com.ids[i]);
  com.recorder_count = 0;
  RELEASE(com.master);
}

static HRESULT job_open(void *arg) {
  (void)arg;
  memset(&com, 0, sizeof com);
  HRESULT hr = create(&CLSID_MsftDiscMaster2, &IID_IDiscMaster2, (void **)&com.master, "MsftDiscMaster2");
  LONG count = 0;
  if (FAILED(hr)) return hr;
  if (FAILED(hr = com.master->lpVtbl->get_Count(com.master, &count))) return fail(hr, "IDiscMaster2::get_Count failed");
  for (LONG i = 0; i < count && com.recorder_count < MAX_RECORDERS; i++) {
    if (FAILED(hr = com.master->lpVtbl->get_Item(com.master, i, &com.ids[com.recorder_count])))
      return fail(hr, "IDiscMaster2::get_Item(%ld) failed", (long)i);
    com.recorder_count++;
  }
  return S_OK;
}

static HRESULT job_close(void *arg) {
  (void)arg;
  release_all();
  return S_OK;
}

static HRESULT job_available(void *arg) {
  (void)arg;
  IDiscMaster2 *master = NULL;
  VARIANT_BOOL supported = VARIANT_FALSE;
  HRESULT hr = create(&CLSID_MsftDiscMaster2, &IID_IDiscMaster2, (void **)&master, "MsftDiscMaster2");
  if (FAILED(hr)) return hr;
  hr = master->lpVtbl->get_IsSupportedEnvironment(master, &supported);
  master->lpVtbl->Release(master);
  if (FAILED(hr)) return fail(hr, "IDiscMaster2::get_IsSupportedEnvironment failed");
  return supported ? S_OK : fail(S_FALSE, "IMAPI2 reports an unsupported environment (no optical drive it may use)");
}

static HRESULT open_recorder(int32_t index, IDiscRecorder2 **out) {
  HRESULT hr = create(&CLSID_MsftDiscRecorder2, &IID_IDiscRecorder2, (void **)out, "MsftDiscRecorder2");
  if (SUCCEEDED(hr) && FAILED(hr = (*out)->lpVtbl->InitializeDiscRecorder(*out, com.ids[index]))) {
    RELEASE(*out);
    return fail(hr, "IDiscRecorder2::InitializeDiscRecorder failed");
  }
  return hr;
}

/* ------------------------------------------------------------------ facts about a recorder */

/* A call that was not made (no HRESULT has this value: it is a success code no API returns). */
#define NOT_CALLED ((HRESULT)0x7FFFFFFF)

typedef enum { FACT_BSTR, FACT_LONG, FACT_MEDIA, FACT_BOOL, FACT_ARRAY, FACT_BYTES } fact_kind;

typedef struct {
  const char *method, *name; /* name: its key in ba2_recorder_describe's JSON, or NULL */
  fact_kind kind;
  HRESULT hr;
  BSTR text;
  LONG number;
  IMAPI_MEDIA_PHYSICAL_TYPE media;
  VARIANT_BOOL flag;
  SAFEARRAY *array;
  BYTE *bytes;
  ULONG size;
} fact;

#define MAX_FACTS 32
typedef struct {
  fact list[MAX_FACTS];
  int count;
} facts;

static fact *add_fact(facts *f, const char *method, const char *name, fact_kind kind) {
  fact *x = &f->list[f->count++];
  memset(x, 0, sizeof *x);
  x->method = method, x->name = name, x->kind = kind;
  return x;
}

/* One property getter of `object`, its value kept in the fact's `field`. */
#define ASK(f, object, slot, name, kind, field)                 \
  do {                                                          \
    fact *asked = add_fact(f, #slot, name, kind);               \
    asked->hr = (object)->lpVtbl->get_##slot(object, &asked->field); \
  } while (0)

static void ask_recorder(facts *f, IDiscRecorder2 *r) {
  ASK(f, r, ActiveDiscRecorder, "uniqueId", FACT_BSTR, text);
  ASK(f, r, VendorId, "vendor", FACT_BSTR, text);
  ASK(f, r, ProductId, "product", FACT_BSTR, text);
  ASK(f, r, ProductRevision, "revision", FACT_BSTR, text);
  ASK(f, r, VolumeName, NULL, FACT_BSTR, text);
  ASK(f, r, VolumePathNames, "volumePaths", FACT_ARRAY, array);
  ASK(f, r, DeviceCanLoadMedia, NULL, FACT_BOOL, flag);
  ASK(f, r, LegacyDeviceNumber, NULL, FACT_LONG, number);
  ASK(f, r, SupportedProfiles, NULL, FACT_ARRAY, array);
  ASK(f, r, CurrentProfiles, NULL, FACT_ARRAY, array);
  ASK(f, r, SupportedFeaturePages, NULL, FACT_ARRAY, array);
  ASK(f, r, CurrentFeaturePages, NULL, FACT_ARRAY, array);
  ASK(f, r, SupportedModePages, NULL, FACT_ARRAY, array);
  ASK(f, r, ExclusiveAccessOwner, "exclusiveAccessOwner", FACT_BSTR, text);
}

/* The media, through a format object that is never prepared (so no lock is taken). */
static void ask_media(facts *f, IDiscRecorder2 *r, IDiscFormat2RawCD *fmt) {
  fact *x = add_fact(f, "IsRecorderSupported", NULL, FACT_BOOL);
  x->hr = fmt->lpVtbl->IsRecorderSupported(fmt, r, &x->flag);
  x = add_fact(f, "IsCurrentMediaSupported", "mediaSupported", FACT_BOOL);
  x->hr = fmt->lpVtbl->IsCurrentMediaSupported(fmt, r, &x->flag);
  x = add_fact(f, "put_Recorder", NULL, FACT_LONG);
  x->hr = fmt->lpVtbl->put_Recorder(fmt, r);
  if (FAILED(x->hr)) { /* IMAPI2 refuses the recorder when the tray is empty: the media's facts are null */
    for (const char *const *name = (const char *const[]){"mediaType", "blank", "writeSpeeds", NULL}; *name; name++)
      add_fact(f, *name, *name, FACT_LONG)->hr = NOT_CALLED;
    return;
  }
  ASK(f, fmt, CurrentPhysicalMediaType, "mediaType", FACT_MEDIA, media);
  ASK(f, fmt, MediaPhysicallyBlank, "blank", FACT_BOOL, flag);
  ASK(f, fmt, MediaHeuristicallyBlank, NULL, FACT_BOOL, flag);
  ASK(f, fmt, SupportedMediaTypes, NULL, FACT_ARRAY, array);
  ASK(f, fmt, SupportedWriteSpeeds, "writeSpeeds", FACT_ARRAY, array);
  ASK(f, fmt, RequestedWriteSpeed, NULL, FACT_LONG, number);
  ASK(f, fmt, CurrentWriteSpeed, NULL, FACT_LONG, number);
}

/* READ DISC INFORMATION through IMAPI2's handle (IDiscRecorder2Ex), for the doctor. */
static void ask_disc_information(facts *f, IDiscRecorder2 *r) {
  IDiscRecorder2Ex *ex = NULL;
  fact *x = add_fact(f, "IDiscRecorder2Ex::GetDiscInformation", NULL, FACT_BYTES);
  x->hr = r->lpVtbl->QueryInterface(r, &IID_IDiscRecorder2Ex, (void **)&ex);
  if (SUCCEEDED(x->hr)) {
    x->hr = ex->lpVtbl->GetDiscInformation(ex, &x->bytes, &x->size);
    ex->lpVtbl->Release(ex);
  }
}

static HRESULT gather(int32_t index, facts *f, int report) {
  IDiscRecorder2 *r = NULL;
  IDiscFormat2RawCD *fmt = NULL;
  HRESULT hr = open_recorder(index, &r);
  if (FAILED(hr)) return hr;
  ask_recorder(f, r);
  if (SUCCEEDED(hr = create(&CLSID_MsftDiscFormat2RawCD, &IID_IDiscFormat2RawCD, (void **)&fmt, "MsftDiscFormat2RawCD"))) {
    ask_media(f, r, fmt);
    fmt->lpVtbl->Release(fmt);
  }
  if (report) ask_disc_information(f, r);
  r->lpVtbl->Release(r);
  return hr;
}

static void free_facts(facts *f) {
  for (int i = 0; i < f->count; i++) {
    SysFreeString(f->list[i].text);
    if (f->list[i].array) SafeArrayDestroy(f->list[i].array);
    CoTaskMemFree(f->list[i].bytes);
  }
}

static void json_element(json_out *j, VARTYPE vt, const void *p) {
  const VARIANT *v = p;
  if (vt == VT_VARIANT) vt = v->vt, p = &v->lVal;
  if (vt == VT_BSTR) json_wide(j, *(BSTR const *)p);
  else if (vt == VT_I4) json_printf(j, "%ld", (long)*(const LONG *)p);
  else if (vt == VT_UI4) json_printf(j, "%lu", (unsigned long)*(const ULONG *)p);
  else if (vt == VT_UI1) json_printf(j, "%u", (unsigned)*(const BYTE *)p);
  else json_bytes(j, "null", 4);
}

static void json_array(json_out *j, SAFEARRAY *array) {
  VARTYPE vt = VT_EMPTY;
  char *data = NULL;
  LONG low = 0, high = -1;
  json_bytes(j, "[", 1);
  if (SUCCEEDED(SafeArrayGetVartype(array, &vt)) && SUCCEEDED(SafeArrayGetLBound(array, 1, &low)) &&
      SUCCEEDED(SafeArrayGetUBound(array, 1, &high)) && SUCCEEDED(SafeArrayAccessData(array, (void **)&data))) {
    for (LONG i = 0; i <= high - low; i++) {
      json_comma(j);
      json_element(j, vt, data + (size_t)i * array->cbElements);
    }
    SafeArrayUnaccessData(array);
  }
  json_bytes(j, "]", 1);
}

static void json_fact(json_out *j, const fact *x) {
  if (FAILED(x->hr) || x->hr == NOT_CALLED) json_bytes(j, "null", 4);
  else if (x->kind == FACT_BSTR) json_wide(j, x->text);
  else if (x->kind == FACT_LONG) json_printf(j, "%ld", (long)x->number);
  else if (x->kind == FACT_MEDIA) json_printf(j, "%d", (int)x->media);
  else if (x->kind == FACT_BOOL) json_bytes(j, x->flag ? "true" : "false", x->flag ? 4 : 5);
  else if (x->kind == FACT_ARRAY) json_array(j, x->array);
  else {
    json_bytes(j, "\"", 1);
    for (ULONG i = 0; i < x->size; i++) json_printf(j, "%02x", x->bytes[i]);
    json_bytes(j, "\"", 1);
  }
}

/* The exclusive-access owner is reported as null when nobody holds the recorder. */
static void json_owner(json_out *j, const fact *x) {
  if (SUCCEEDED(x->hr) && (!x->text || !x->text[0])) json_bytes(j, "null", 4);
  else json_fact(j, x);
}

typedef struct {
  int32_t index;
  char *json;
  int32_t capacity;
} json_args;

static HRESULT finish_json(json_out *j, const json_args *d, const char *what) {
  return j->overflow ? fail(E_INVALIDARG, "the %s does not fit in %d bytes", what, d->capacity) : S_OK;
}

static HRESULT job_describe(void *arg) {
  json_args *d = arg;
  facts f = {.count = 0};
  HRESULT hr = gather(d->index, &f, 0);
  json_out j = {d->json, (size_t)d->capacity, 0, 0};
  json_bytes(&j, "{", 1);
  for (int i = 0; i < f.count; i++) {
    if (!f.list[i].name) continue;
    json_printf(&j, "\"%s\":", f.list[i].name);
    if (strcmp(f.list[i].name, "exclusiveAccessOwner") == 0) json_owner(&j, &f.list[i]);
    else json_fact(&j, &f.list[i]);
    json_bytes(&j, ",", 1);
  }
  json_bytes(&j, "\"calls\":[", 9);
  for (int i = 0; i < f.count; i++) {
    if (f.list[i].hr == NOT_CALLED) continue;
    json_comma(&j);
    json_printf(&j, "{\"method\":\"%s\",\"hresult\":%ld}", f.list[i].method, (long)f.list[i].hr);
  }
  json_bytes(&j, "]}", 2);
  free_facts(&f);
  return FAILED(hr) ? hr : finish_json(&j, d, "recorder description");
}

static HRESULT job_report(void *arg) {
  json_args *d = arg;
  facts f = {.count = 0};
  HRESULT hr = gather(d->index, &f, 1);
  json_out j = {d->json, (size_t)d->capacity, 0, 0};
  json_printf(&j, "{\"index\":%d,\"queries\":[", (int)d->index);
  for (int i = 0; i < f.count; i++) {
    if (f.list[i].hr == NOT_CALLED) continue;
    json_comma(&j);
    json_printf(&j, "{\"method\":\"%s\",\"hresult\":%ld,\"value\":", f.list[i].method, (long)f.list[i].hr);
    json_fact(&j, &f.list[i]);
    json_bytes(&j, "}", 1);
  }
  json_bytes(&j, "]}", 2);
  free_facts(&f);
  return FAILED(hr) ? hr : finish_json(&j, d, "recorder report");
}

/* ------------------------------------------------------------------ prepare */

typedef struct {
  int32_t index, speed;
  char *json;
  int32_t capacity;
} prepare_args;

/* IS_COOKED > IS_RAW > PQ_ONLY among those the drive offers (VARIANT VT_UI4, coerced defensively). */
static HRESULT choose_sector_type(IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE *chosen, json_out *j) {
  SAFEARRAY *types = NULL;
  HRESULT hr = com.format->lpVtbl->get_SupportedSectorTypes(com.format, &types);
  if (FAILED(hr)) return fail(hr, "IDiscFormat2RawCD::get_SupportedSectorTypes failed");
  static const int preference[] = {IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_COOKED, IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW, IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY};
  int offered[4] = {0};
  VARIANT *data = NULL;
  LONG low = 0, high = -1;
  VARTYPE vt = VT_EMPTY;
  if (SUCCEEDED(SafeArrayGetVartype(types, &vt)) && vt == VT_VARIANT && SUCCEEDED(SafeArrayGetLBound(types, 1, &low)) &&
      SUCCEEDED(SafeArrayGetUBound(types, 1, &high)) && SUCCEEDED(SafeArrayAccessData(types, (void **)&data))) {
    for (LONG i = 0; i <= high - low; i++) {
      LONG value = data[i].vt == VT_UI4 ? (LONG)data[i].ulVal : data[i].vt == VT_I4 ? data[i].lVal : 0;
      if (value >= 1 && value <= 3) offered[value] = 1;
    }
    SafeArrayUnaccessData(types);
  }
  json_bytes(j, "\"sectorTypes\":", 14);
  json_array(j, types);
  SafeArrayDestroy(types);
  for (int i = 0; i < 3; i++)
    if (offered[preference[i]]) {
      *chosen = (IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE)preference[i];
      return S_OK;
    }
  return fail(E_IMAPI_DF2RAW_DATA_BLOCK_TYPE_NOT_SUPPORTED, "the drive offers no raw sector type for audio (SupportedSectorTypes)");
}

static HRESULT prepared_facts(json_out *j) {
  LONG speed = 0;
  IMAPI_MEDIA_PHYSICAL_TYPE media = IMAPI_MEDIA_TYPE_UNKNOWN;
  IDiscFormat2RawCD *f = com.format;
  HRESULT hr = choose_sector_type(&com.sector_type, j);
  if (SUCCEEDED(hr) && FAILED(hr = f->lpVtbl->put_RequestedSectorType(f, com.sector_type)))
    return fail(hr, "IDiscFormat2RawCD::put_RequestedSectorType(%d) failed", (int)com.sector_type);
  if (SUCCEEDED(hr) && FAILED(hr = f->lpVtbl->get_LastPossibleStartOfLeadout(f, &com.last_leadout)))
    return fail(hr, "IDiscFormat2RawCD::get_LastPossibleStartOfLeadout failed");
  if (SUCCEEDED(hr) && FAILED(hr = f->lpVtbl->get_CurrentWriteSpeed(f, &speed))) return fail(hr, "IDiscFormat2RawCD::get_CurrentWriteSpeed failed");
  if (SUCCEEDED(hr) && FAILED(hr = f->lpVtbl->get_CurrentPhysicalMediaType(f, &media)))
    return fail(hr, "IDiscFormat2RawCD::get_CurrentPhysicalMediaType failed");
  if (SUCCEEDED(hr))
    json_printf(j, ",\"sectorType\":%d,\"lastPossibleStartOfLeadout\":%ld,\"currentWriteSpeed\":%ld,\"mediaType\":%d", (int)com.sector_type,
                (long)com.last_leadout, (long)speed, (int)media);
  return hr;
}

/* After a refused PrepareMedia: who holds the recorder, for the caller to name. */
static void json_lock_owner(json_out *j) {
  BSTR owner = NULL;
  HRESULT hr = com.recorder->lpVtbl->get_ExclusiveAccessOwner(com.recorder, &owner);
  json_bytes(j, "{\"exclusiveAccessOwner\":", 24);
  if (SUCCEEDED(hr) && owner && owner[0]) json_wide(j, owner);
  else json_bytes(j, "null", 4);
  json_bytes(j, "}", 1);
  SysFreeString(owner);
}

static HRESULT start_format(int32_t speed, HRESULT *speed_hr) {
  IDiscFormat2RawCD *f = com.format;
  BSTR client = bstr_from_utf8(CLIENT_NAME);
  HRESULT hr = f->lpVtbl->put_Recorder(f, com.recorder);
  if (FAILED(hr)) fail(hr, "IDiscFormat2RawCD::put_Recorder failed");
  else if (FAILED(hr = f->lpVtbl->put_ClientName(f, client))) fail(hr, "IDiscFormat2RawCD::put_ClientName failed");
  else if (FAILED(hr = *speed_hr = f->lpVtbl->SetWriteSpeed(f, speed < 0 ? -1 : speed, VARIANT_FALSE)))
    fail(hr, "IDiscFormat2RawCD::SetWriteSpeed(%ld) failed", (long)speed);
  SysFreeString(client);
  return hr;
}

static HRESULT job_prepare(void *arg) {
  prepare_args *p = arg;
  json_out j = {p->json, (size_t)p->capacity, 0, 0};
  HRESULT speed_hr = S_OK;
  if (com.format) return fail(BA_E_STATE, "a recorder is prepared already: ba2_release first");
  atomic_store(&cancel_requested, 0);
  atomic_store(&cancel_sent, 0);
  HRESULT hr = open_recorder(p->index, &com.recorder);
  if (SUCCEEDED(hr)) hr = create(&CLSID_MsftDiscFormat2RawCD, &IID_IDiscFormat2RawCD, (void **)&com.format, "MsftDiscFormat2RawCD");
  if (SUCCEEDED(hr)) hr = start_format(p->speed, &speed_hr);
  if (SUCCEEDED(hr) && FAILED(hr = com.format->lpVtbl->PrepareMedia(com.format))) {
    fail(hr, "IDiscFormat2RawCD::PrepareMedia failed");
    if (hr == E_IMAPI_RECORDER_LOCKED || hr == E_ACCESSDENIED) json_lock_owner(&j);
  }
  if (FAILED(hr)) {
    HRESULT kept = hr;
    char why[sizeof session.error.text];
    shim_error_copy(&session.error, why, sizeof why);
    release_media();
    return fail(kept, "%s", why);
  }
  com.prepared = 1;
  json_bytes(&j, "{", 1);
  if (SUCCEEDED(hr = prepared_facts(&j))) {
    json_printf(&j, ",\"speedResult\":%ld}", (long)speed_hr);
    if (j.overflow) hr = fail(E_INVALIDARG, "the prepared media's description does not fit in %d bytes", p->capacity);
  }
  if (FAILED(hr)) {
    char why[sizeof session.error.text];
    shim_error_copy(&session.error, why, sizeof why);
    release_media(); /* PrepareMedia succeeded: ReleaseMedia whatever failed after it */
    return fail(hr, "%s", why);
  }
  return S_OK;
}

/* ------------------------------------------------------------------ the image */

typedef struct {
  int32_t disable_gapless, first_track;
} begin_args;

static HRESULT job_image_begin(void *arg) {
  begin_args *b = arg;
  if (!com.prepared) return fail(BA_E_STATE, "no recorder is prepared: ba2_prepare first");
  if (com.creator) return fail(BA_E_STATE, "an image is begun already");
  HRESULT hr = create(&CLSID_MsftRawCDImageCreator, &IID_IRawCDImageCreator, (void **)&com.creator, "MsftRawCDImageCreator");
  IRawCDImageCreator *c = com.creator;
  if (SUCCEEDED(hr) && FAILED(hr = c->lpVtbl->put_ResultingImageType(c, com.sector_type)))
    fail(hr, "IRawCDImageCreator::put_ResultingImageType failed");
  else if (SUCCEEDED(hr) && FAILED(hr = c->lpVtbl->put_DisableGaplessAudio(c, b->disable_gapless ? VARIANT_TRUE : VARIANT_FALSE)))
    fail(hr, "IRawCDImageCreator::put_DisableGaplessAudio failed");
  else if (SUCCEEDED(hr) && FAILED(hr = c->lpVtbl->put_StartingTrackNumber(c, b->first_track)))
    fail(hr, "IRawCDImageCreator::put_StartingTrackNumber(%d) failed", (int)b->first_track);
  if (FAILED(hr)) RELEASE(com.creator);
  return hr;
}

typedef struct {
  const char *path;
  int64_t offset;
  int32_t sectors;
  const char *isrc;
  int32_t flags;
  const int32_t *indexes;
  int32_t count;
  int32_t *track_index;
} track_args;

static HRESULT audio_stream(const track_args *t, IStream **stream) {
  HRESULT hr = shim_region_stream(t->path, t->offset, (int64_t)t->sectors * SECTOR_BYTES, stream);
  return FAILED(hr) ? fail(hr, "cannot read %s from byte %lld", t->path, (long long)t->offset) : hr;
}

static HRESULT job_special_pregap(void *arg) {
  track_args *t = arg;
  IStream *stream = NULL;
  if (!com.creator) return fail(BA_E_STATE, "no image is begun: ba2_image_begin first");
  HRESULT hr = audio_stream(t, &stream);
  if (SUCCEEDED(hr) && FAILED(hr = com.creator->lpVtbl->AddSpecialPregap(com.creator, stream)))
    fail(hr, "IRawCDImageCreator::AddSpecialPregap(%ld sectors) failed", (long)t->sectors);
  RELEASE(stream);
  return hr;
}

/* ISRC, copy setting, pre-emphasis and indexes on the track just added. A success code of
   AddTrackIndex (the index exists already) is kept and returned. */
static HRESULT describe_track(const track_args *t, IRawCDImageTrackInfo *info) {
  IMAPI_CD_TRACK_DIGITAL_COPY_SETTING copy = t->flags & BA2_FLAG_SCMS ? IMAPI_CD_TRACK_DIGITAL_COPY_SCMS
                                             : t->flags & BA2_FLAG_COPY_PERMITTED ? IMAPI_CD_TRACK_DIGITAL_COPY_PERMITTED
                                                                                  : IMAPI_CD_TRACK_DIGITAL_COPY_PROHIBITED;
  HRESULT hr = info->lpVtbl->put_DigitalAudioCopySetting(info, copy), kept = S_OK;
  if (FAILED(hr)) return fail(hr, "IRawCDImageTrackInfo::put_DigitalAudioCopySetting(%d) failed", (int)copy);
  if (FAILED(hr = info->lpVtbl->put_AudioHasPreemphasis(info, t->flags & BA2_FLAG_PREEMPHASIS ? VARIANT_TRUE : VARIANT_FALSE)))
    return fail(hr, "IRawCDImageTrackInfo::put_AudioHasPreemphasis failed");
  if (t->isrc && t->isrc[0]) {
    BSTR isrc = bstr_from_utf8(t->isrc);
    hr = info->lpVtbl->put_ISRC(info, isrc);
    SysFreeString(isrc);
    if (FAILED(hr)) return fail(hr, "IRawCDImageTrackInfo::put_ISRC(%s) failed", t->isrc);
  }
  for (int32_t i = 0; i < t->count; i++) {
    if (FAILED(hr = info->lpVtbl->AddTrackIndex(info, t->indexes[i])))
      return fail(hr, "IRawCDImageTrackInfo::AddTrackIndex(%ld) failed (INDEX %02d)", (long)t->indexes[i], (int)i + 2);
    if (hr != S_OK) kept = hr;
  }
  return kept;
}

static HRESULT job_add_track(void *arg) {
  track_args *t = arg;
  IStream *stream = NULL;
  IRawCDImageTrackInfo *info = NULL;
  LONG index = 0;
  if (!com.creator) return fail(BA_E_STATE, "no image is begun: ba2_image_begin first");
  HRESULT hr = audio_stream(t, &stream);
  if (SUCCEEDED(hr) && FAILED(hr = com.creator->lpVtbl->AddTrack(com.creator, IMAPI_CD_SECTOR_AUDIO, stream, &index)))
    fail(hr, "IRawCDImageCreator::AddTrack(%ld sectors) failed", (long)t->sectors);
  RELEASE(stream);
  if (SUCCEEDED(hr) && t->track_index) *t->track_index = index;
  if (SUCCEEDED(hr) && FAILED(hr = com.creator->lpVtbl->get_TrackInfo(com.creator, index, &info)))
    fail(hr, "IRawCDImageCreator::get_TrackInfo(%ld) failed", (long)index);
  if (SUCCEEDED(hr)) hr = describe_track(t, info);
  RELEASE(info);
  return hr;
}

static HRESULT job_catalog(void *arg) {
  if (!com.creator) return fail(BA_E_STATE, "no image is begun: ba2_image_begin first");
  BSTR mcn = bstr_from_utf8(arg);
  HRESULT hr = com.creator->lpVtbl->put_MediaCatalogNumber(com.creator, mcn);
  SysFreeString(mcn);
  return FAILED(hr) ? fail(hr, "IRawCDImageCreator::put_MediaCatalogNumber(%s) failed", (const char *)arg) : hr;
}

static HRESULT job_cd_text(void *arg) {
  shim_bytes *t = arg;
  if (!com.creator) return fail(BA_E_STATE, "no image is begun: ba2_image_begin first");
  uint8_t *copy = malloc((size_t)t->bytes);
  if (!copy) return fail(E_OUTOFMEMORY, "no memory for %d bytes of CD-TEXT", (int)t->bytes);
  memcpy(copy, t->data, (size_t)t->bytes);
  free(com.cd_text);
  com.cd_text = copy;
  com.cd_text_packs = t->bytes / 18;
  return S_OK;
}

/* The R-W generator must cover the whole image, so it is added once the tracks are known. */
static HRESULT add_cd_text(LONG leadout) {
  IStream *rw = NULL;
  int64_t sectors = (int64_t)IMAGE_LEAD_IN + leadout + LEAD_OUT_SECTORS;
  HRESULT hr = shim_cd_text_stream(com.cd_text, com.cd_text_packs, sectors, LEAD_IN_SECTORS, &rw);
  if (FAILED(hr)) return fail(hr, "cannot make the R-W subcode stream");
  hr = com.creator->lpVtbl->AddSubcodeRWGenerator(com.creator, rw);
  rw->lpVtbl->Release(rw);
  return FAILED(hr) ? fail(hr, "IRawCDImageCreator::AddSubcodeRWGenerator failed") : hr;
}

static HRESULT job_image_create(void *arg) {
  int32_t *out = arg;
  IRawCDImageCreator *c = com.creator;
  LONG leadout = 0, last_used = 0;
  STATSTG stat;
  if (!c) return fail(BA_E_STATE, "no image is begun: ba2_image_begin first");
  if (com.image) return fail(BA_E_STATE, "the image is created already");
  HRESULT hr = c->lpVtbl->get_StartOfLeadout(c, &leadout);
  if (FAILED(hr)) return fail(hr, "IRawCDImageCreator::get_StartOfLeadout failed");
  if (leadout > com.last_leadout)
    return fail(E_IMAPI_DF2RAW_NOT_ENOUGH_SPACE, "the image needs its lead-out at LBA %ld, the disc's can start at LBA %ld at the latest",
                (long)leadout, (long)com.last_leadout);
  if (com.cd_text && FAILED(hr = add_cd_text(leadout))) return hr;
  if (FAILED(hr = c->lpVtbl->CreateResultImage(c, &com.image))) return fail(hr, "IRawCDImageCreator::CreateResultImage failed");
  if (FAILED(hr = com.image->lpVtbl->Stat(com.image, &stat, STATFLAG_NONAME))) return fail(hr, "IStream::Stat of the image failed");
  if (FAILED(hr = c->lpVtbl->get_LastUsedUserSectorInImage(c, &last_used))) return fail(hr, "IRawCDImageCreator::get_LastUsedUserSectorInImage failed");
  int32_t sector = com.sector_type == IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY ? SECTOR_BYTES + 16 : SECTOR_BYTES + 96;
  out[0] = leadout, out[1] = (int32_t)(stat.cbSize.QuadPart / (ULONGLONG)sector), out[2] = sector, out[3] = last_used;
  return S_OK;
}

/* ------------------------------------------------------------------ describing the image */

static void json_track(json_out *j, IRawCDImageTrackInfo *t, LONG index) {
  LONG start = 0, sectors = 0, number = 0;
  IMAPI_CD_TRACK_DIGITAL_COPY_SETTING copy = IMAPI_CD_TRACK_DIGITAL_COPY_PERMITTED;
  VARIANT_BOOL emphasis = VARIANT_FALSE;
  BSTR isrc = NULL;
  SAFEARRAY *indexes = NULL;
  t->lpVtbl->get_StartingLba(t, &start);
  t->lpVtbl->get_SectorCount(t, &sectors);
  t->lpVtbl->get_TrackNumber(t, &number);
  t->lpVtbl->get_DigitalAudioCopySetting(t, &copy);
  t->lpVtbl->get_AudioHasPreemphasis(t, &emphasis);
  HRESULT isrc_hr = t->lpVtbl->get_ISRC(t, &isrc);
  json_comma(j);
  json_printf(j, "{\"index\":%ld,\"number\":%ld,\"startingLba\":%ld,\"sectorCount\":%ld,\"copySetting\":%d,\"preemphasis\":%s,\"isrc\":",
              (long)index, (long)number, (long)start, (long)sectors, (int)copy, emphasis ? "true" : "false");
  json_wide(j, SUCCEEDED(isrc_hr) && isrc && isrc[0] ? isrc : NULL);
  json_bytes(j, ",\"indexes\":", 11);
  if (SUCCEEDED(t->lpVtbl->get_TrackIndexes(t, &indexes))) json_array(j, indexes);
  else json_bytes(j, "null", 4);
  json_bytes(j, "}", 1);
  SysFreeString(isrc);
  if (indexes) SafeArrayDestroy(indexes);
}

static HRESULT job_image_describe(void *arg) {
  json_args *d = arg;
  IRawCDImageCreator *c = com.creator;
  LONG first = 0, leadout = 0, last_used = 0, count = 0;
  VARIANT_BOOL gaps = VARIANT_FALSE;
  BSTR mcn = NULL;
  if (!c) return fail(BA_E_STATE, "no image is begun: ba2_image_begin first");
  c->lpVtbl->get_StartingTrackNumber(c, &first);
  c->lpVtbl->get_DisableGaplessAudio(c, &gaps);
  c->lpVtbl->get_NumberOfExistingTracks(c, &count);
  HRESULT leadout_hr = c->lpVtbl->get_StartOfLeadout(c, &leadout); /* fails without tracks */
  HRESULT used_hr = c->lpVtbl->get_LastUsedUserSectorInImage(c, &last_used);
  HRESULT mcn_hr = c->lpVtbl->get_MediaCatalogNumber(c, &mcn);
  json_out j = {d->json, (size_t)d->capacity, 0, 0};
  json_printf(&j, "{\"startingTrackNumber\":%ld,\"disableGaplessAudio\":%s,", (long)first, gaps ? "true" : "false");
  json_printf(&j, SUCCEEDED(leadout_hr) ? "\"startOfLeadout\":%ld," : "\"startOfLeadout\":null,", (long)leadout);
  json_printf(&j, SUCCEEDED(used_hr) ? "\"lastUsedUserSector\":%ld," : "\"lastUsedUserSector\":null,", (long)last_used);
  json_bytes(&j, "\"mediaCatalogNumber\":", 21);
  json_wide(&j, SUCCEEDED(mcn_hr) && mcn && mcn[0] ? mcn : NULL);
  json_bytes(&j, ",\"tracks\":[", 11);
  SysFreeString(mcn);
  for (LONG i = 1; i <= count; i++) {
    IRawCDImageTrackInfo *t = NULL;
    if (FAILED(c->lpVtbl->get_TrackInfo(c, i, &t))) continue;
    json_track(&j, t, i);
    t->lpVtbl->Release(t);
  }
  json_bytes(&j, "]}", 2);
  return finish_json(&j, d, "image description");
}

/* ------------------------------------------------------------------ writing */

static HRESULT advise(IConnectionPoint **point, DWORD *cookie) {
  IConnectionPointContainer *container = NULL;
  HRESULT hr = com.format->lpVtbl->QueryInterface(com.format, &BA_IID_IConnectionPointContainer, (void **)&container);
  if (FAILED(hr)) return fail(hr, "IDiscFormat2RawCD has no IConnectionPointContainer");
  hr = container->lpVtbl->FindConnectionPoint(container, &IID_DDiscFormat2RawCDEvents, point);
  container->lpVtbl->Release(container);
  if (FAILED(hr)) return fail(hr, "IConnectionPointContainer::FindConnectionPoint(DDiscFormat2RawCDEvents) failed");
  if (FAILED(hr = (*point)->lpVtbl->Advise(*point, (IUnknown *)&sink, cookie))) {
    RELEASE(*point);
    return fail(hr, "IConnectionPoint::Advise failed");
  }
  return S_OK;
}

static HRESULT job_write(void *arg) {
  (void)arg;
  IConnectionPoint *point = NULL;
  DWORD cookie = 0;
  HRESULT hr = com.image ? advise(&point, &cookie) : fail(BA_E_STATE, "no image is created: ba2_image_create first");
  event_start = 1, event_count = -1;
  if (SUCCEEDED(hr)) {
    atomic_store(&writing, 1);
    if (atomic_load(&cancel_requested)) hr = fail(E_IMAPI_REQUEST_CANCELLED, "cancelled before WriteMedia");
    shim_keep_awake(1);
    if (SUCCEEDED(hr) && FAILED(hr = com.format->lpVtbl->WriteMedia(com.format, com.image))) fail(hr, "IDiscFormat2RawCD::WriteMedia failed");
    shim_keep_awake(0);
    pthread_mutex_lock(&cancel_lock);
    atomic_store(&writing, 0);
    pthread_mutex_unlock(&cancel_lock);
    point->lpVtbl->Unadvise(point, cookie); /* on every path: it breaks the format-sink reference cycle */
    point->lpVtbl->Release(point);
  }
  shim_emit(&session.events, BA2_EVENT_RETURNED, hr, 0);
  return hr;
}

/* --simulate: the whole image read once, as WriteMedia would read it, with nothing written. */
static HRESULT read_image(void) {
  static BYTE buffer[75 * (SECTOR_BYTES + 96)];
  STATSTG stat;
  LARGE_INTEGER zero = {.QuadPart = 0};
  HRESULT hr = com.image->lpVtbl->Stat(com.image, &stat, STATFLAG_NONAME);
  if (FAILED(hr)) return fail(hr, "IStream::Stat of the image failed");
  if (FAILED(hr = com.image->lpVtbl->Seek(com.image, zero, STREAM_SEEK_SET, NULL))) return fail(hr, "IStream::Seek of the image failed");
  ULONG sector = com.sector_type == IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY ? SECTOR_BYTES + 16 : SECTOR_BYTES + 96;
  int32_t total = (int32_t)(stat.cbSize.QuadPart / sector), done = 0;
  while (done < total) {
    if (atomic_load(&cancel_requested)) return fail(E_IMAPI_REQUEST_CANCELLED, "cancelled while reading the image");
    ULONG want = (ULONG)(total - done < 75 ? total - done : 75) * sector, got = 0;
    if (FAILED(hr = com.image->lpVtbl->Read(com.image, buffer, want, &got)) || got != want)
      return fail(FAILED(hr) ? hr : STG_E_READFAULT, "reading the image failed at sector %d of %d", (int)done, (int)total);
    done += (int32_t)(got / sector);
    if (done % 750 == 0 || done == total) shim_emit(&session.events, BA2_EVENT_READ, done, total);
  }
  return S_OK;
}

static HRESULT job_read_through(void *arg) {
  (void)arg;
  HRESULT hr = com.image ? read_image() : fail(BA_E_STATE, "no image is created: ba2_image_create first");
  shim_emit(&session.events, BA2_EVENT_RETURNED, hr, 0);
  return hr;
}

static HRESULT job_release(void *arg) {
  (void)arg;
  return release_media();
}

static HRESULT job_eject(void *arg) {
  IDiscRecorder2 *r = NULL;
  HRESULT hr = open_recorder(*(int32_t *)arg, &r);
  if (SUCCEEDED(hr) && FAILED(hr = r->lpVtbl->EjectMedia(r))) fail(hr, "IDiscRecorder2::EjectMedia failed");
  RELEASE(r);
  return hr;
}

/* ------------------------------------------------------------------ exports */

BA_EXPORT int32_t BA_CALL ba2_available(void) {
  shim_thread probe = SHIM_THREAD_INIT;
  if (!shim_thread_start(&probe)) return fail(BA_E_THREAD, "cannot start a thread to ask for IMAPI2");
  HRESULT hr = shim_thread_run(&probe, job_available, NULL);
  shim_thread_stop(&probe);
  return hr;
}

BA_EXPORT int32_t BA_CALL ba2_open(ba2_event_fn callback) { return shim_session_open(&session, callback, BA_E_STATE); }

BA_EXPORT int32_t BA_CALL ba2_recorder_count(void) {
  return atomic_load(&session.is_open) ? com.recorder_count : fail(BA_E_NOTOPEN, "the IMAPI2 shim is not open");
}

static HRESULT check_index(int32_t index) {
  if (!atomic_load(&session.is_open)) return fail(BA_E_NOTOPEN, "the IMAPI2 shim is not open");
  return index >= 0 && index < com.recorder_count ? S_OK : fail(BA_E_BADINDEX, "no recorder %d", (int)index);
}

static HRESULT json_call(shim_job_fn job, int32_t index, char *json, int32_t capacity, int check) {
  HRESULT hr = check ? check_index(index) : S_OK;
  if (FAILED(hr)) return hr;
  if (!json || capacity < 2) return fail(E_INVALIDARG, "no room for the JSON");
  json[0] = 0;
  json_args args = {index, json, capacity};
  return run(job, &args);
}

BA_EXPORT int32_t BA_CALL ba2_recorder_describe(int32_t index, char *json, int32_t capacity) {
  return json_call(job_describe, index, json, capacity, 1);
}

BA_EXPORT int32_t BA_CALL ba2_report(int32_t index, char *json, int32_t capacity) { return json_call(job_report, index, json, capacity, 1); }

BA_EXPORT int32_t BA_CALL ba2_prepare(int32_t index, int32_t speed, char *json, int32_t capacity) {
  HRESULT hr = check_index(index);
  if (FAILED(hr)) return hr;
  if (!json || capacity < 2) return fail(E_INVALIDARG, "no room for the prepared media's description");
  json[0] = 0;
  prepare_args args = {index, speed, json, capacity};
  return run(job_prepare, &args);
}

BA_EXPORT int32_t BA_CALL ba2_image_begin(int32_t disable_gapless, int32_t first_track) {
  begin_args args = {disable_gapless, first_track};
  return run(job_image_begin, &args);
}

BA_EXPORT int32_t BA_CALL ba2_image_special_pregap(const char *path, int64_t offset, int32_t sectors) {
  if (!path || offset < 0 || sectors <= 0) return fail(E_INVALIDARG, "the special pregap needs a file, an offset and sectors");
  track_args args = {path, offset, sectors, NULL, 0, NULL, 0, NULL};
  return run(job_special_pregap, &args);
}

BA_EXPORT int32_t BA_CALL ba2_image_add_track(const char *path, int64_t offset, int32_t sectors, const char *isrc, int32_t flags,
                                              const int32_t *indexes, int32_t count, int32_t *track_index) {
  if (!path || offset < 0 || sectors <= 0 || count < 0 || (count > 0 && !indexes))
    return fail(E_INVALIDARG, "a track needs a file, an offset, sectors and its indexes");
  track_args args = {path, offset, sectors, isrc, flags, indexes, count, track_index};
  return run(job_add_track, &args);
}

BA_EXPORT int32_t BA_CALL ba2_image_catalog(const char *mcn) {
  if (!mcn) return fail(E_INVALIDARG, "no media catalog number");
  return run(job_catalog, (void *)mcn);
}

BA_EXPORT int32_t BA_CALL ba2_image_cd_text(const uint8_t *packs, int32_t bytes) {
  if (!packs || bytes <= 0 || bytes % 18 != 0 || bytes / 18 > MAX_CD_TEXT_PACKS)
    return fail(E_INVALIDARG, "CD-TEXT must be whole 18-byte packs (%d bytes given)", (int)bytes);
  shim_bytes args = {packs, bytes};
  return run(job_cd_text, &args);
}

BA_EXPORT int32_t BA_CALL ba2_image_create(int32_t *out) {
  if (!out) return fail(E_INVALIDARG, "no room for the image's figures");
  return run(job_image_create, out);
}

BA_EXPORT int32_t BA_CALL ba2_image_describe(char *json, int32_t capacity) { return json_call(job_image_describe, 0, json, capacity, 0); }

BA_EXPORT int32_t BA_CALL ba2_write(void) { return run(job_write, NULL); }
BA_EXPORT int32_t BA_CALL ba2_read_through(void) { return run(job_read_through, NULL); }
BA_EXPORT int32_t BA_CALL ba2_release(void) { return run(job_release, NULL); }

BA_EXPORT int32_t BA_CALL ba2_eject(int32_t index) {
  HRESULT hr = check_index(index);
  return FAILED(hr) ? hr : run(job_eject, &index);
}

#ifdef _WIN32
/* CancelWrite from a thread of the multithreaded apartment: the caller's thread (node's) has no COM. */
static DWORD WINAPI cancel_thread(LPVOID unused) {
  (void)unused;
  HRESULT init = CoInitializeEx(NULL, COINIT_MULTITHREADED);
  send_cancel();
  if (SUCCEEDED(init)) CoUninitialize();
  return 0;
}
#endif

BA_EXPORT void BA_CALL ba2_cancel(void) {
  atomic_store(&cancel_requested, 1);
  if (!atomic_load(&writing)) return; /* ba2_write sees the flag before WriteMedia */
#ifdef _WIN32
  HANDLE thread = CreateThread(NULL, 0, cancel_thread, NULL, 0, NULL);
  if (thread) {
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
  }
#else
  send_cancel();
#endif
}

BA_EXPORT int32_t BA_CALL ba2_close(void) {
  shim_session_close(&session);
  return S_OK;
}

BA_EXPORT int32_t BA_CALL ba2_last_error(char *buffer, int32_t capacity) { return shim_error_copy(&session.error, buffer, capacity); }
