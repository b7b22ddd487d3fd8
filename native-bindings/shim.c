/*
 * burn-audio's IMAPI shim (see burn_audio_imapi.h for the contract). One thread of the shim's
 * own initialises COM and makes every IMAPI call; exports queue a job for it and wait.
 */
#include "burn_audio_imapi.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "imapi.h"
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
  ba_event_fn on_event;
} com;

static atomic_int cancel_requested;
static atomic_int is_open;
static char last_error[512];
static pthread_mutex_t error_lock = PTHREAD_MUTEX_INITIALIZER;

static HRESULT fail(HRESULT hr, const char *format, ...) {
  pthread_mutex_lock(&error_lock);
  va_list args;
  va_start(args, format);
  vsnprintf(last_error, sizeof last_error, format, args);
  va_end(args);
  pthread_mutex_unlock(&error_lock);
  return hr;
}

static void emit(int32_t kind, int32_t a, int32_t b) {
  if (com.on_event) com.on_event(kind, a, b);
}

/* ------------------------------------------------------------------ the COM thread */

typedef HRESULT (*job_fn)(void *arg);

static struct {
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  pthread_cond_t finished;
  job_fn fn;
  void *arg;
  HRESULT result;
  int pending;
  int quit;
  int running;
} worker = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER, .finished = PTHREAD_COND_INITIALIZER};

/* Serialises exports: one job at a time reaches the COM thread. */
static pthread_mutex_t call_lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker_main(void *unused) {
  (void)unused;
#ifdef _WIN32
  /* MTA: this thread waits on a condition variable, never pumping messages, so it must not be a
     single-threaded apartment; the sink is safe to call from any thread. */
  HRESULT init = CoInitializeEx(NULL, COINIT_MULTITHREADED);
#endif
  pthread_mutex_lock(&worker.lock);
  for (;;) {
    while (!worker.pending && !worker.quit) pthread_cond_wait(&worker.wake, &worker.lock);
    if (worker.pending) {
      job_fn fn = worker.fn;
      void *arg = worker.arg;
      pthread_mutex_unlock(&worker.lock);
      HRESULT result = fn(arg);
      pthread_mutex_lock(&worker.lock);
      worker.result = result;
      worker.pending = 0;
      pthread_cond_broadcast(&worker.finished);
      continue;
    }
    break; /* quit, nothing pending */
  }
  pthread_mutex_unlock(&worker.lock);
#ifdef _WIN32
  if (SUCCEEDED(init)) CoUninitialize();
#endif
  return NULL;
}

static HRESULT run_locked(job_fn fn, void *arg) {
  pthread_mutex_lock(&worker.lock);
  worker.fn = fn;
  worker.arg = arg;
  worker.pending = 1;
  pthread_cond_signal(&worker.wake);
  while (worker.pending) pthread_cond_wait(&worker.finished, &worker.lock);
  HRESULT result = worker.result;
  pthread_mutex_unlock(&worker.lock);
  return result;
}

static HRESULT run(job_fn fn, void *arg) {
  pthread_mutex_lock(&call_lock);
  HRESULT result = atomic_load(&is_open) ? run_locked(fn, arg) : fail(BA_E_NOTOPEN, "the IMAPI shim is not open");
  pthread_mutex_unlock(&call_lock);
  return result;
}

static void stop_worker(void) {
  pthread_mutex_lock(&worker.lock);
  worker.quit = 1;
  pthread_cond_signal(&worker.wake);
  pthread_mutex_unlock(&worker.lock);
  pthread_join(worker.thread, NULL);
  worker.running = 0;
}

/* ------------------------------------------------------------------ IDiscMasterProgressEvents */

static HRESULT STDMETHODCALLTYPE sink_query(IDiscMasterProgressEvents *This, REFIID riid, void **ppv) {
  if (IsEqualIID(riid, &IID_IDiscMasterProgressEvents) || IsEqualIID(riid, &BA_IID_IUnknown)) {
    *ppv = This;
    return S_OK;
  }
  *ppv = NULL;
  return E_NOINTERFACE;
}
/* The sink is a static object: its lifetime is the library's. */
static ULONG STDMETHODCALLTYPE sink_addref(IDiscMasterProgressEvents *This) { (void)This; return 2; }
static ULONG STDMETHODCALLTYPE sink_release(IDiscMasterProgressEvents *This) { (void)This; return 1; }

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

static const IDiscMasterProgressEventsVtbl sink_vtbl = {
    sink_query, sink_addref, sink_release, sink_query_cancel, sink_pnp, sink_add, sink_block,
    sink_track, sink_preparing, sink_closing, sink_burn_complete, sink_erase_complete};
static IDiscMasterProgressEvents sink = {&sink_vtbl};

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
  HRESULT hr = create_disc_master(&com.master);
  if (FAILED(hr)) return hr;
  if (FAILED(hr = com.master->lpVtbl->Open(com.master))) return fail(hr, "IDiscMaster::Open failed");
  if (FAILED(hr = com.master->lpVtbl->SetActiveDiscMasterFormat(com.master, &IID_IRedbookDiscMaster, (void **)&com.redbook)))
    return fail(hr, "IDiscMaster::SetActiveDiscMasterFormat(Redbook) failed");
  if (FAILED(hr = list_recorders())) return hr;
  if (FAILED(hr = com.master->lpVtbl->ProgressAdvise(com.master, &sink, &com.cookie))) return fail(hr, "IDiscMaster::ProgressAdvise failed");
  com.advised = 1;
  return S_OK;
}

static HRESULT job_close(void *arg) {
  (void)arg;
  release_all();
  return S_OK;
}

static void append_utf8(char *out, size_t capacity, size_t *len, const WCHAR *text) {
  for (; text && *text; text++) {
    unsigned c = *text;
    char bytes[4];
    int n = 0;
    if (c >= 0xD800 && c <= 0xDBFF && text[1] >= 0xDC00 && text[1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (text[1] - 0xDC00);
      text++;
    }
    if (c == '"' || c == '\\') bytes[n++] = '\\', bytes[n++] = (char)c;
    else if (c < 0x20) bytes[n++] = ' ';
    else if (c < 0x80) bytes[n++] = (char)c;
    else if (c < 0x800) bytes[n++] = (char)(0xC0 | c >> 6), bytes[n++] = (char)(0x80 | (c & 0x3F));
    else if (c < 0x10000) bytes[n++] = (char)(0xE0 | c >> 12), bytes[n++] = (char)(0x80 | ((c >> 6) & 0x3F)), bytes[n++] = (char)(0x80 | (c & 0x3F));
    else bytes[n++] = (char)(0xF0 | c >> 18), bytes[n++] = (char)(0x80 | ((c >> 12) & 0x3F)), bytes[n++] = (char)(0x80 | ((c >> 6) & 0x3F)), bytes[n++] = (char)(0x80 | (c & 0x3F));
    if (*len + (size_t)n + 1 >= capacity) return;
    memcpy(out + *len, bytes, (size_t)n);
    *len += (size_t)n;
    out[*len] = 0;
  }
}

typedef struct {
  int32_t index;
  char *json;
  int32_t capacity;
} describe_args;

static void append_field(char *out, size_t capacity, size_t *len, const char *name, const WCHAR *value) {
  size_t before = *len;
  int n = snprintf(out + *len, capacity - *len, "%s\"%s\":\"", before > 1 ? "," : "", name);
  if (n < 0 || (size_t)n >= capacity - *len) return;
  *len += (size_t)n;
  append_utf8(out, capacity, len, value);
  if (*len + 2 < capacity) out[(*len)++] = '"', out[*len] = 0;
}

static HRESULT job_describe(void *arg) {
  describe_args *d = arg;
  IDiscRecorder *r = com.recorders[d->index];
  BSTR vendor = NULL, product = NULL, revision = NULL, path = NULL;
  LONG type = 0, media_type = 0, media_flags = 0;
  ULONG state = 0, start = 0, next = 0, free_blocks = 0;
  BYTE sessions = 0, last_track = 0;
  HRESULT hr = r->lpVtbl->GetDisplayNames(r, &vendor, &product, &revision);
  if (FAILED(hr)) return fail(hr, "IDiscRecorder::GetDisplayNames failed");
  r->lpVtbl->GetPath(r, &path);
  r->lpVtbl->GetRecorderType(r, &type);
  r->lpVtbl->GetRecorderState(r, &state);
  /* Media queries need OpenExclusive; hold it only for them. */
  HRESULT media = r->lpVtbl->OpenExclusive(r);
  if (SUCCEEDED(media)) {
    media = r->lpVtbl->QueryMediaType(r, &media_type, &media_flags);
    if (SUCCEEDED(media) && media_type != 0) media = r->lpVtbl->QueryMediaInfo(r, &sessions, &last_track, &start, &next, &free_blocks);
    r->lpVtbl->Close(r);
  }
  size_t len = 0, capacity = (size_t)d->capacity;
  d->json[0] = 0;
  if (capacity > 1) d->json[len++] = '{', d->json[len] = 0;
  append_field(d->json, capacity, &len, "vendor", vendor);
  append_field(d->json, capacity, &len, "product", product);
  append_field(d->json, capacity, &len, "revision", revision);
  append_field(d->json, capacity, &len, "path", path);
  int n = snprintf(d->json + len, capacity - len,
                   ",\"type\":%ld,\"state\":%lu,\"mediaResult\":%ld,\"mediaType\":%ld,\"mediaFlags\":%ld,"
                   "\"sessions\":%u,\"lastTrack\":%u,\"freeBlocks\":%lu}",
                   (long)type, (unsigned long)state, (long)media, (long)media_type, (long)media_flags, sessions, last_track,
                   (unsigned long)free_blocks);
  SysFreeString(vendor);
  SysFreeString(product);
  SysFreeString(revision);
  SysFreeString(path);
  if (n < 0 || (size_t)n >= capacity - len) return fail(E_INVALIDARG, "the recorder description does not fit in %d bytes", d->capacity);
  return S_OK;
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

typedef struct {
  const uint8_t *data;
  int32_t bytes;
} blocks_args;

static HRESULT job_add_blocks(void *arg) {
  blocks_args *b = arg;
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
  HRESULT hr = com.master->lpVtbl->RecordDisc(com.master, flags[0] ? 1 : 0, flags[1] ? 1 : 0);
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
    hr = op == OP_EJECT ? r->lpVtbl->Eject(r) : r->lpVtbl->Erase(r, op == OP_ERASE_FULL);
    r->lpVtbl->Close(r);
    if (FAILED(hr)) fail(hr, op == OP_EJECT ? "IDiscRecorder::Eject failed" : "IDiscRecorder::Erase failed");
  }
  if (op != OP_EJECT) emit(BA_EVENT_RETURNED, hr, 0);
  return hr;
}

/* ------------------------------------------------------------------ exports */

BA_EXPORT int32_t BA_CALL ba_open(ba_event_fn on_event) {
  pthread_mutex_lock(&call_lock);
  if (atomic_load(&is_open)) {
    pthread_mutex_unlock(&call_lock);
    return fail(IMAPI_E_ALREADYOPEN, "the IMAPI shim is already open");
  }
  memset(&com, 0, sizeof com);
  com.on_event = on_event;
  atomic_store(&cancel_requested, 0);
  worker.quit = 0;
  worker.pending = 0;
  if (pthread_create(&worker.thread, NULL, worker_main, NULL) != 0) {
    emit(BA_EVENT_CLOSED, 0, 0);
    pthread_mutex_unlock(&call_lock);
    return fail(BA_E_THREAD, "cannot start the IMAPI thread");
  }
  worker.running = 1;
  HRESULT hr = run_locked(job_open, NULL);
  if (FAILED(hr)) {
    run_locked(job_close, NULL);
    stop_worker();
    emit(BA_EVENT_CLOSED, 0, 0);
    com.on_event = NULL;
  } else {
    atomic_store(&is_open, 1);
  }
  pthread_mutex_unlock(&call_lock);
  return hr;
}

BA_EXPORT int32_t BA_CALL ba_recorder_count(void) {
  return atomic_load(&is_open) ? com.recorder_count : fail(BA_E_NOTOPEN, "the IMAPI shim is not open");
}

static int valid_index(int32_t index) { return atomic_load(&is_open) && index >= 0 && index < com.recorder_count; }

BA_EXPORT int32_t BA_CALL ba_recorder_describe(int32_t index, char *json, int32_t capacity) {
  if (!valid_index(index)) return fail(BA_E_BADINDEX, "no recorder %d", index);
  if (!json || capacity < 2) return fail(E_INVALIDARG, "no room for the recorder description");
  describe_args args = {index, json, capacity};
  return run(job_describe, &args);
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
  blocks_args args = {data, bytes};
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
  pthread_mutex_lock(&call_lock);
  if (atomic_load(&is_open)) {
    run_locked(job_close, NULL);
    stop_worker();
    atomic_store(&is_open, 0);
    emit(BA_EVENT_CLOSED, 0, 0);
    com.on_event = NULL;
  }
  pthread_mutex_unlock(&call_lock);
  return S_OK;
}

BA_EXPORT int32_t BA_CALL ba_last_error(char *buffer, int32_t capacity) {
  if (!buffer || capacity <= 0) return 0;
  pthread_mutex_lock(&error_lock);
  snprintf(buffer, (size_t)capacity, "%s", last_error);
  pthread_mutex_unlock(&error_lock);
  return (int32_t)strlen(buffer);
}
