/*
 * IMAPI v1 simulator. Behaviour follows the IMAPI v1 reference (learn.microsoft.com,
 * windows/win32/api/imapi): call order, staging rules, the stash, the progress-event order
 * (NotifyTrackProgress 0..N as the remark on that page says) and the documented HRESULTs.
 * Objects are single-threaded: the shim calls them from its one COM thread.
 */
#include "simulator.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#endif

#include "json.h"

#define BLOCK_BYTES 2352
#define BLOCKS_PER_SECOND 75
#define MAX_TRACKS 99
#define MAX_RECORDERS 8
#define MAX_FAULTS 16
#define LEAD_PREGAP_BLOCKS 150
#define MAX_GAP_BLOCKS 225 /* AudioGapSize: "maximum valid value ... is 225" */
#define DEFAULT_GAP_BLOCKS 150

typedef enum { MEDIA_NONE, MEDIA_BLANK_CDR, MEDIA_USED_CDR, MEDIA_BLANK_CDRW, MEDIA_USED_CDRW } media_state;

typedef struct {
  char method[64];
  HRESULT hr;
  int call; /* 0: every call; n: only the n-th */
  int calls;
} fault;

typedef struct sim_master sim_master;

typedef struct {
  IDiscRecorder iface;
  sim_master *master;
  int index;
  char vendor[64], product[64], revision[16];
  media_state media;
  int minutes;
  int open;
  int burning;
  LONG max_speed, write_speed, gap_blocks;
  LONG buffer_underrun_free; /* EnableBufferUnderrunFree */
} sim_recorder;

/* A recorder property as IPropertyStorage holds it: its name, id, type and value. */
typedef struct {
  WCHAR name[32];
  PROPID propid;
  VARTYPE vt;
  LONG value; /* VT_I4: lVal; VT_BOOL: boolVal (0 or -1) */
} sim_property;

#define MAX_PROPERTIES 16

typedef struct {
  IPropertyStorage iface;
  ULONG refs;
  sim_property items[MAX_PROPERTIES];
  ULONG count;
} sim_properties;

typedef struct {
  IEnumSTATPROPSTG iface;
  ULONG refs;
  sim_properties *storage;
  ULONG next;
} sim_property_enum;

typedef struct {
  IEnumDiscRecorders iface;
  ULONG refs;
  sim_master *master;
  ULONG next;
} sim_recorder_enum;

typedef struct {
  IEnumDiscMasterFormats iface;
  ULONG refs;
  ULONG next;
} sim_format_enum;

typedef struct {
  long long first_block; /* offset in the stash, in blocks */
  LONG blocks;
} staged_track;

struct sim_master {
  IDiscMaster iface;
  IRedbookDiscMaster redbook;
  ULONG refs;
  int opened;
  int redbook_active;
  sim_recorder *active;
  IDiscMasterProgressEvents *sink;
  FILE *stash;
  staged_track tracks[MAX_TRACKS];
  int track_count;
  int track_open;
  long long staged_blocks;
  sim_recorder recorders[MAX_RECORDERS];
  int recorder_count;
  char disc_out[1024];
  double time_scale;
  long long lose_streaming_at; /* -1: never */
  long long removed_at;        /* -1: never; else the recorder vanishes at that block */
  int busy;
  fault faults[MAX_FAULTS];
  int fault_count;
  char lock_path[1040];
#ifdef _WIN32
  HANDLE lock;
#else
  int lock;
#endif
};

/* ------------------------------------------------------------------ helpers */

#define MASTER_FROM_REDBOOK(p) ((sim_master *)((char *)(p) - offsetof(sim_master, redbook)))

static HRESULT injected(sim_master *m, const char *method) {
  for (int i = 0; i < m->fault_count; i++) {
    fault *f = &m->faults[i];
    if (strcmp(f->method, method) != 0) continue;
    f->calls++;
    if (f->call == 0 || f->call == f->calls) return f->hr;
  }
  return S_OK;
}
#define INJECT(m, name)                      \
  do {                                       \
    HRESULT injected_hr = injected(m, name); \
    if (FAILED(injected_hr)) return injected_hr; \
  } while (0)

static int cancelled(sim_master *m) {
  boolean cancel = 0;
  if (m->sink) m->sink->lpVtbl->QueryCancel(m->sink, &cancel);
  return cancel != 0;
}

static void sleep_seconds(double seconds) {
#ifdef _WIN32
  Sleep((DWORD)(seconds * 1000));
#else
  struct timespec ts = {(time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9)};
  nanosleep(&ts, NULL);
#endif
}

/* Takes the time `blocks` need at `speed` (scaled), polling QueryCancel as IMAPI does. */
static void pause_for_blocks(sim_master *m, long long blocks, LONG speed) {
  if (m->time_scale <= 0 || blocks <= 0) return;
  double left = (double)blocks / (BLOCKS_PER_SECOND * (speed > 0 ? speed : 1)) * m->time_scale;
  for (; left > 0 && !cancelled(m); left -= 0.02) sleep_seconds(left < 0.02 ? left : 0.02);
}

static BSTR bstr_from_ascii(const char *text) {
  WCHAR wide[128];
  size_t i = 0;
  for (; text[i] && i < 127; i++) wide[i] = (WCHAR)(unsigned char)text[i];
  wide[i] = 0;
  return SysAllocString(wide);
}

static int blank(media_state s) { return s == MEDIA_BLANK_CDR || s == MEDIA_BLANK_CDRW; }
static int rewritable(media_state s) { return s == MEDIA_BLANK_CDRW || s == MEDIA_USED_CDRW; }

static long long media_blocks(const sim_recorder *r) {
  return (long long)r->minutes * 60 * BLOCKS_PER_SECOND - LEAD_PREGAP_BLOCKS;
}

/* Blocks a new audio track may still use, the gap it needs counted. */
static long long available_blocks(sim_master *m) {
  if (!m->active) return 0;
  /* A gap precedes every track after the first, the next one to be created included. */
  int gapped = m->track_open ? m->track_count - 1 : m->track_count;
  long long gaps = (long long)gapped * m->active->gap_blocks;
  long long left = media_blocks(m->active) - m->staged_blocks - gaps;
  return left > 0 ? left : 0;
}

/* The stash: a temporary file, deleted when closed, like IMAPI's own. */
static FILE *open_stash(void) {
#ifdef _WIN32
  char folder[MAX_PATH], path[MAX_PATH];
  if (!GetTempPathA(sizeof folder, folder) || !GetTempFileNameA(folder, "bas", 0, path)) return NULL;
  return fopen(path, "w+bD"); /* D: msvcrt deletes the file when it is closed */
#else
  return tmpfile();
#endif
}

static int seek_block(FILE *f, long long block) {
#ifdef _WIN32
  return _fseeki64(f, block * BLOCK_BYTES, SEEK_SET);
#else
  return fseeko(f, (off_t)(block * BLOCK_BYTES), SEEK_SET);
#endif
}

static void clear_stash(sim_master *m) {
  m->track_count = 0;
  m->track_open = 0;
  m->staged_blocks = 0;
  if (m->stash) {
    fclose(m->stash);
    m->stash = NULL;
  }
}

/* ------------------------------------------------------------------ IPropertyStorage */

/* An object's QueryInterface answers its own interface and IUnknown, nothing else. */
static int is_iid(REFIID riid, const IID *own) { return IsEqualIID(riid, own) || IsEqualIID(riid, &BA_IID_IUnknown); }

static void wide_copy(WCHAR *to, size_t size, const WCHAR *from) {
  size_t i = 0;
  for (; from && from[i] && i + 1 < size; i++) to[i] = from[i];
  to[i] = 0;
}

static int wide_same(const WCHAR *a, const WCHAR *b) {
  while (*a && *a == *b) a++, b++;
  return *a == *b;
}

static sim_property *find_property(sim_properties *p, const PROPSPEC *spec) {
  for (ULONG i = 0; i < p->count; i++) {
    sim_property *item = &p->items[i];
    if (spec->ulKind == PRSPEC_PROPID ? item->propid == spec->propid : wide_same(item->name, spec->lpwstr)) return item;
  }
  return NULL;
}

static sim_property *add_property(sim_properties *p, const WCHAR *name, VARTYPE vt, LONG value) {
  if (p->count == MAX_PROPERTIES) return NULL;
  sim_property *item = &p->items[p->count];
  wide_copy(item->name, sizeof item->name / sizeof item->name[0], name);
  item->propid = 2 + p->count++; /* PID_FIRST_USABLE */
  item->vt = vt;
  item->value = value;
  return item;
}

static HRESULT STDMETHODCALLTYPE props_query(IPropertyStorage *This, REFIID riid, void **ppv) {
  if (!is_iid(riid, &BA_IID_IPropertyStorage)) {
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
    if (!item && specs[i].ulKind == PRSPEC_LPWSTR) item = add_property(p, specs[i].lpwstr, VT_EMPTY, 0);
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
static const IPropertyStorageVtbl props_vtbl = {
    .QueryInterface = props_query, .AddRef = props_addref, .Release = props_release,
    .ReadMultiple = props_read, .WriteMultiple = props_write, .Enum = props_enum};

#define PROPERTY_ENUM(p) ((sim_property_enum *)(p))

static HRESULT STDMETHODCALLTYPE penum_query(IEnumSTATPROPSTG *This, REFIID riid, void **ppv) {
  if (!is_iid(riid, &BA_IID_IEnumSTATPROPSTG)) {
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

/* ------------------------------------------------------------------ IDiscRecorder */

#define RECORDER(p) ((sim_recorder *)(p))

static HRESULT STDMETHODCALLTYPE rec_query(IDiscRecorder *This, REFIID riid, void **ppv) {
  if (is_iid(riid, &IID_IDiscRecorder)) {
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
  (void)This, (void)id, (void)size, (void)drive;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_guid(IDiscRecorder *This, BYTE *id, ULONG size, ULONG *required) {
  *required = sizeof(int);
  if (!id || size < sizeof(int)) return IMAPI_S_BUFFER_TO_SMALL;
  memcpy(id, &RECORDER(This)->index, sizeof(int));
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_type(IDiscRecorder *This, LONG *type) {
  (void)This;
  *type = RECORDER_CDRW;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_names(IDiscRecorder *This, BSTR *vendor, BSTR *product, BSTR *revision) {
  sim_recorder *r = RECORDER(This);
  INJECT(r->master, "GetDisplayNames");
  if (vendor) *vendor = bstr_from_ascii(r->vendor);
  if (product) *product = bstr_from_ascii(r->product);
  if (revision) *revision = bstr_from_ascii(r->revision);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_pnpid(IDiscRecorder *This, BSTR *id) {
  char text[96];
  snprintf(text, sizeof text, "SIM\\CDROM&VEN_%s", RECORDER(This)->vendor);
  *id = bstr_from_ascii(text);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_path(IDiscRecorder *This, BSTR *path) {
  char text[32];
  snprintf(text, sizeof text, "\\Device\\CdRom%d", RECORDER(This)->index);
  *path = bstr_from_ascii(text);
  return S_OK;
}

/* The properties IMAPI v1 reports for a CD writer; the real DLL builds EnableBufferUnderrunFree as
   VT_I4, BufferUnderrunFreeCapable as VT_BOOL. */
static HRESULT STDMETHODCALLTYPE rec_get_props(IDiscRecorder *This, IPropertyStorage **out) {
  sim_recorder *r = RECORDER(This);
  *out = NULL;
  INJECT(r->master, "GetRecorderProperties");
  sim_properties *p = calloc(1, sizeof *p);
  if (!p) return E_OUTOFMEMORY;
  p->iface.lpVtbl = &props_vtbl;
  p->refs = 1;
  add_property(p, WSTR("WriteSpeed"), VT_I4, r->write_speed);
  add_property(p, WSTR("MaxWriteSpeed"), VT_I4, r->max_speed);
  add_property(p, WSTR("AudioGapSize"), VT_I4, r->gap_blocks);
  add_property(p, WSTR("BufferUnderrunFreeCapable"), VT_BOOL, -1);
  add_property(p, WSTR("EnableBufferUnderrunFree"), VT_I4, r->buffer_underrun_free);
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

/* Applies one property read back from the caller's storage; returns 0 when it is ignored. */
static int apply_property(sim_recorder *r, const STATPROPSTG *stat, const PROPVARIANT *value) {
  const WCHAR *name = stat->lpwstrName;
  LONG v = value->lVal;
  if (wide_same(name, WSTR("MaxWriteSpeed"))) return value->vt == VT_I4 && v == r->max_speed; /* read-only */
  if (wide_same(name, WSTR("BufferUnderrunFreeCapable"))) return value->vt == VT_BOOL && value->boolVal == -1;
  if (value->vt != VT_I4) return 0;
  if (wide_same(name, WSTR("WriteSpeed"))) r->write_speed = supported_speed(v, r->max_speed);
  else if (wide_same(name, WSTR("AudioGapSize")) && v >= 0 && v <= MAX_GAP_BLOCKS) r->gap_blocks = v;
  else if (wide_same(name, WSTR("EnableBufferUnderrunFree")) && (v == 0 || v == 1)) r->buffer_underrun_free = v;
  else return 0;
  return 1;
}

/* Reads the caller's storage through its interface (it may be a proxy), every property listed. */
static HRESULT STDMETHODCALLTYPE rec_set_props(IDiscRecorder *This, IPropertyStorage *storage) {
  sim_recorder *r = RECORDER(This);
  INJECT(r->master, "SetRecorderProperties");
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
  sim_recorder *r = RECORDER(This);
  *flags = (r->open ? RECORDER_OPENED : 0) | (r->burning ? RECORDER_BURNING : 0);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_open(IDiscRecorder *This) {
  sim_recorder *r = RECORDER(This);
  INJECT(r->master, "OpenExclusive");
  if (r->master->busy) return IMAPI_E_DEVICE_STILL_IN_USE;
  r->open = 1;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_media_type(IDiscRecorder *This, LONG *type, LONG *flags) {
  sim_recorder *r = RECORDER(This);
  INJECT(r->master, "QueryMediaType");
  if (!r->open) return IMAPI_E_NOTOPENED;
  *type = r->media == MEDIA_NONE ? 0 : MEDIA_CDDA_CDROM;
  *flags = 0;
  if (r->media == MEDIA_NONE) return S_OK; /* "If there is no media, both ... are zero." */
  if (blank(r->media)) *flags |= MEDIA_BLANK | MEDIA_WRITABLE;
  if (rewritable(r->media)) *flags |= MEDIA_RW;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_media_info(IDiscRecorder *This, BYTE *sessions, BYTE *last_track, ULONG *start, ULONG *next, ULONG *free_blocks) {
  sim_recorder *r = RECORDER(This);
  INJECT(r->master, "QueryMediaInfo");
  if (!r->open) return IMAPI_E_NOTOPENED;
  if (r->media == MEDIA_NONE) return IMAPI_E_MEDIUM_NOTPRESENT;
  int empty = blank(r->media);
  *sessions = empty ? 0 : 1;
  *last_track = empty ? 0 : 1;
  *start = 0;
  *next = empty ? 0 : (ULONG)media_blocks(r);
  *free_blocks = empty ? (ULONG)media_blocks(r) : 0;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_eject(IDiscRecorder *This) {
  sim_recorder *r = RECORDER(This);
  INJECT(r->master, "Eject");
  if (!r->open) return IMAPI_E_NOTOPENED;
  r->media = MEDIA_NONE;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_erase(IDiscRecorder *This, boolean full) {
  sim_recorder *r = RECORDER(This);
  sim_master *m = r->master;
  HRESULT hr = injected(m, "Erase");
  if (SUCCEEDED(hr) && !r->open) hr = IMAPI_E_NOTOPENED;
  if (SUCCEEDED(hr) && r->media == MEDIA_NONE) hr = IMAPI_E_MEDIUM_NOTPRESENT;
  if (SUCCEEDED(hr) && !rewritable(r->media)) hr = IMAPI_E_MEDIUM_INVALIDTYPE;
  if (SUCCEEDED(hr)) {
    pause_for_blocks(m, full ? media_blocks(r) : 2 * BLOCKS_PER_SECOND * 60, 1);
    r->media = MEDIA_BLANK_CDRW;
  }
  if (m->sink) m->sink->lpVtbl->NotifyEraseComplete(m->sink, hr);
  return hr;
}

static HRESULT STDMETHODCALLTYPE rec_close(IDiscRecorder *This) {
  RECORDER(This)->open = 0;
  return S_OK;
}

static const IDiscRecorderVtbl recorder_vtbl = {
    rec_query, rec_addref, rec_release, rec_init, rec_guid, rec_type, rec_names, rec_pnpid, rec_path,
    rec_get_props, rec_set_props, rec_state, rec_open, rec_media_type, rec_media_info, rec_eject, rec_erase, rec_close};

/* ------------------------------------------------------------------ enumerators */

static HRESULT STDMETHODCALLTYPE renum_query(IEnumDiscRecorders *This, REFIID riid, void **ppv) {
  if (!is_iid(riid, &IID_IEnumDiscRecorders)) {
    *ppv = NULL;
    return E_NOINTERFACE;
  }
  *ppv = This;
  This->lpVtbl->AddRef(This);
  return S_OK;
}
static ULONG STDMETHODCALLTYPE renum_addref(IEnumDiscRecorders *This) { return ++((sim_recorder_enum *)This)->refs; }
static ULONG STDMETHODCALLTYPE renum_release(IEnumDiscRecorders *This) {
  sim_recorder_enum *e = (sim_recorder_enum *)This;
  ULONG refs = --e->refs;
  if (refs == 0) free(e);
  return refs;
}
static HRESULT STDMETHODCALLTYPE renum_next(IEnumDiscRecorders *This, ULONG n, IDiscRecorder **out, ULONG *fetched) {
  sim_recorder_enum *e = (sim_recorder_enum *)This;
  ULONG got = 0;
  while (got < n && e->next < (ULONG)e->master->recorder_count) out[got++] = &e->master->recorders[e->next++].iface;
  if (fetched) *fetched = got;
  return got == n ? S_OK : S_FALSE;
}
static HRESULT STDMETHODCALLTYPE renum_skip(IEnumDiscRecorders *This, ULONG n) {
  ((sim_recorder_enum *)This)->next += n;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE renum_reset(IEnumDiscRecorders *This) {
  ((sim_recorder_enum *)This)->next = 0;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE renum_clone(IEnumDiscRecorders *This, IEnumDiscRecorders **out) {
  (void)This;
  *out = NULL;
  return E_NOTIMPL;
}
static const IEnumDiscRecordersVtbl recorder_enum_vtbl = {renum_query, renum_addref, renum_release, renum_next, renum_skip, renum_reset, renum_clone};

static const IID *const FORMATS[] = {&IID_IRedbookDiscMaster, &IID_IJolietDiscMaster};

static HRESULT STDMETHODCALLTYPE fenum_query(IEnumDiscMasterFormats *This, REFIID riid, void **ppv) {
  if (!is_iid(riid, &IID_IEnumDiscMasterFormats)) {
    *ppv = NULL;
    return E_NOINTERFACE;
  }
  *ppv = This;
  This->lpVtbl->AddRef(This);
  return S_OK;
}
static ULONG STDMETHODCALLTYPE fenum_addref(IEnumDiscMasterFormats *This) { return ++((sim_format_enum *)This)->refs; }
static ULONG STDMETHODCALLTYPE fenum_release(IEnumDiscMasterFormats *This) {
  sim_format_enum *e = (sim_format_enum *)This;
  ULONG refs = --e->refs;
  if (refs == 0) free(e);
  return refs;
}
static HRESULT STDMETHODCALLTYPE fenum_next(IEnumDiscMasterFormats *This, ULONG n, IID *out, ULONG *fetched) {
  sim_format_enum *e = (sim_format_enum *)This;
  ULONG got = 0;
  while (got < n && e->next < 2) out[got++] = *FORMATS[e->next++];
  if (fetched) *fetched = got;
  return got == n ? S_OK : S_FALSE;
}
static HRESULT STDMETHODCALLTYPE fenum_skip(IEnumDiscMasterFormats *This, ULONG n) {
  ((sim_format_enum *)This)->next += n;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE fenum_reset(IEnumDiscMasterFormats *This) {
  ((sim_format_enum *)This)->next = 0;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE fenum_clone(IEnumDiscMasterFormats *This, IEnumDiscMasterFormats **out) {
  (void)This;
  *out = NULL;
  return E_NOTIMPL;
}
static const IEnumDiscMasterFormatsVtbl format_enum_vtbl = {fenum_query, fenum_addref, fenum_release, fenum_next, fenum_skip, fenum_reset, fenum_clone};

/* ------------------------------------------------------------------ IRedbookDiscMaster */

#define REDBOOK_MASTER(p) MASTER_FROM_REDBOOK(p)

static HRESULT STDMETHODCALLTYPE rb_query(IRedbookDiscMaster *This, REFIID riid, void **ppv) {
  sim_master *m = REDBOOK_MASTER(This);
  return m->iface.lpVtbl->QueryInterface(&m->iface, riid, ppv);
}
static ULONG STDMETHODCALLTYPE rb_addref(IRedbookDiscMaster *This) { return ++REDBOOK_MASTER(This)->refs; }
static ULONG STDMETHODCALLTYPE rb_release(IRedbookDiscMaster *This) {
  sim_master *m = REDBOOK_MASTER(This);
  return m->iface.lpVtbl->Release(&m->iface);
}

static HRESULT staging_ready(sim_master *m) {
  if (!m->opened) return IMAPI_E_NOTOPENED;
  if (!m->redbook_active) return IMAPI_E_WRONGFORMAT;
  if (!m->active) return IMAPI_E_NOACTIVERECORDER;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rb_tracks(IRedbookDiscMaster *This, LONG *n) {
  *n = REDBOOK_MASTER(This)->track_count;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE rb_total_blocks(IRedbookDiscMaster *This, LONG *n) {
  sim_master *m = REDBOOK_MASTER(This);
  *n = m->active ? (LONG)media_blocks(m->active) : 0;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE rb_used_blocks(IRedbookDiscMaster *This, LONG *n) {
  *n = (LONG)REDBOOK_MASTER(This)->staged_blocks;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE rb_available(IRedbookDiscMaster *This, LONG *n) {
  *n = (LONG)available_blocks(REDBOOK_MASTER(This));
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE rb_block_size(IRedbookDiscMaster *This, LONG *n) {
  (void)This;
  *n = BLOCK_BYTES; /* "This method returns 2352." */
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rb_create_track(IRedbookDiscMaster *This, LONG blocks) {
  sim_master *m = REDBOOK_MASTER(This);
  (void)blocks; /* "The nBlocks parameter is advisory only." */
  HRESULT hr = staging_ready(m);
  if (FAILED(hr)) return hr;
  INJECT(m, "CreateAudioTrack");
  if (m->track_open) return IMAPI_E_TRACKOPEN;
  if (m->track_count == MAX_TRACKS || available_blocks(m) == 0) return IMAPI_E_DISCFULL;
  if (!m->stash && !(m->stash = open_stash())) return IMAPI_E_NOTENOUGHDISKFORSTASH;
  staged_track *t = &m->tracks[m->track_count++];
  t->first_block = m->staged_blocks;
  t->blocks = 0;
  m->track_open = 1;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rb_add_blocks(IRedbookDiscMaster *This, BYTE *data, LONG bytes) {
  sim_master *m = REDBOOK_MASTER(This);
  HRESULT hr = staging_ready(m);
  if (FAILED(hr)) return hr;
  INJECT(m, "AddAudioTrackBlocks");
  if (!m->track_open) return IMAPI_E_TRACKNOTOPEN;
  if (bytes <= 0 || bytes % BLOCK_BYTES != 0) return E_INVALIDARG; /* "must be a multiple of the audio block size" */
  if (cancelled(m)) return IMAPI_E_USERABORT;
  LONG blocks = bytes / BLOCK_BYTES;
  long long fits = available_blocks(m);
  LONG keep = blocks <= fits ? blocks : (LONG)fits; /* IMAPI_E_DISCFULL "keeps as much ... as it can" */
  if (m->sink) m->sink->lpVtbl->NotifyAddProgress(m->sink, 0, blocks);
  if (keep > 0 && fwrite(data, BLOCK_BYTES, (size_t)keep, m->stash) != (size_t)keep) return IMAPI_E_FILEACCESS;
  m->tracks[m->track_count - 1].blocks += keep;
  m->staged_blocks += keep;
  if (m->sink) m->sink->lpVtbl->NotifyAddProgress(m->sink, keep, blocks);
  return keep < blocks ? IMAPI_E_DISCFULL : S_OK;
}

static HRESULT STDMETHODCALLTYPE rb_close_track(IRedbookDiscMaster *This) {
  sim_master *m = REDBOOK_MASTER(This);
  HRESULT hr = staging_ready(m);
  if (FAILED(hr)) return hr;
  INJECT(m, "CloseAudioTrack");
  if (!m->track_open) return IMAPI_E_TRACKNOTOPEN;
  m->track_open = 0;
  return S_OK;
}

static const IRedbookDiscMasterVtbl redbook_vtbl = {
    rb_query, rb_addref, rb_release, rb_tracks, rb_total_blocks, rb_used_blocks, rb_available, rb_block_size,
    rb_create_track, rb_add_blocks, rb_close_track};

/* ------------------------------------------------------------------ IDiscMaster */

#define MASTER(p) ((sim_master *)(p))

static HRESULT STDMETHODCALLTYPE dm_query(IDiscMaster *This, REFIID riid, void **ppv) {
  sim_master *m = MASTER(This);
  if (is_iid(riid, &IID_IDiscMaster)) *ppv = &m->iface;
  else if (IsEqualIID(riid, &IID_IRedbookDiscMaster) && m->redbook_active) *ppv = &m->redbook;
  else {
    *ppv = NULL;
    return E_NOINTERFACE;
  }
  m->refs++;
  return S_OK;
}
static ULONG STDMETHODCALLTYPE dm_addref(IDiscMaster *This) { return ++MASTER(This)->refs; }
static ULONG STDMETHODCALLTYPE dm_release(IDiscMaster *This) {
  sim_master *m = MASTER(This);
  ULONG refs = --m->refs;
  if (refs == 0) {
    clear_stash(m);
    free(m);
  }
  return refs;
}

/* One process at a time uses the simulated IMAPI, as IMAPI v1 allowed one user of its stash
   ("Another application is using the IMAPI stash file"): a lock beside the configuration,
   released by the system if the process dies. */
static int take_lock(sim_master *m) {
#ifdef _WIN32
  m->lock = CreateFileA(m->lock_path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  return m->lock != INVALID_HANDLE_VALUE;
#else
  m->lock = open(m->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (m->lock < 0) return 0;
  if (flock(m->lock, LOCK_EX | LOCK_NB) == 0) return 1;
  close(m->lock);
  m->lock = -1;
  return 0;
#endif
}

static void drop_lock(sim_master *m) {
#ifdef _WIN32
  if (m->lock != INVALID_HANDLE_VALUE) CloseHandle(m->lock);
  m->lock = INVALID_HANDLE_VALUE;
#else
  if (m->lock >= 0) close(m->lock);
  m->lock = -1;
#endif
}

static HRESULT STDMETHODCALLTYPE dm_open(IDiscMaster *This) {
  sim_master *m = MASTER(This);
  INJECT(m, "Open");
  if (m->opened) return IMAPI_E_ALREADYOPEN;
  if (!take_lock(m)) return IMAPI_E_STASHINUSE;
  m->opened = 1;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm_enum_formats(IDiscMaster *This, IEnumDiscMasterFormats **out) {
  if (!MASTER(This)->opened) return IMAPI_E_NOTOPENED;
  sim_format_enum *e = calloc(1, sizeof *e);
  if (!e) return E_OUTOFMEMORY;
  e->iface.lpVtbl = &format_enum_vtbl;
  e->refs = 1;
  *out = &e->iface;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm_get_format(IDiscMaster *This, IID *iid) {
  sim_master *m = MASTER(This);
  if (!m->opened) return IMAPI_E_NOTOPENED;
  *iid = m->redbook_active ? IID_IRedbookDiscMaster : IID_IJolietDiscMaster; /* Joliet is the default */
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm_set_format(IDiscMaster *This, REFIID riid, void **out) {
  sim_master *m = MASTER(This);
  if (!m->opened) return IMAPI_E_NOTOPENED;
  INJECT(m, "SetActiveDiscMasterFormat");
  if (!IsEqualIID(riid, &IID_IRedbookDiscMaster)) return E_NOTIMPL; /* the simulator does audio only */
  clear_stash(m); /* "a successful call clears the staged image" */
  m->redbook_active = 1;
  m->active = NULL; /* "you must select a recorder ... after selecting a format" */
  *out = &m->redbook;
  m->refs++;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm_enum_recorders(IDiscMaster *This, IEnumDiscRecorders **out) {
  sim_master *m = MASTER(This);
  if (!m->opened) return IMAPI_E_NOTOPENED;
  INJECT(m, "EnumDiscRecorders");
  sim_recorder_enum *e = calloc(1, sizeof *e);
  if (!e) return E_OUTOFMEMORY;
  e->iface.lpVtbl = &recorder_enum_vtbl;
  e->refs = 1;
  e->master = m;
  *out = &e->iface;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm_get_recorder(IDiscMaster *This, IDiscRecorder **out) {
  sim_master *m = MASTER(This);
  if (!m->active) return IMAPI_E_NOACTIVERECORDER;
  *out = &m->active->iface;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm_set_recorder(IDiscMaster *This, IDiscRecorder *recorder) {
  sim_master *m = MASTER(This);
  if (!m->opened) return IMAPI_E_NOTOPENED;
  if (!m->redbook_active) return IMAPI_E_NOACTIVEFORMAT;
  INJECT(m, "SetActiveDiscRecorder");
  for (int i = 0; i < m->recorder_count; i++) {
    if (&m->recorders[i].iface == recorder) {
      m->active = &m->recorders[i];
      return S_OK;
    }
  }
  return IMAPI_E_DEVICE_NOTPRESENT;
}

static HRESULT STDMETHODCALLTYPE dm_clear(IDiscMaster *This) {
  sim_master *m = MASTER(This);
  if (!m->opened) return IMAPI_E_NOTOPENED;
  clear_stash(m);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm_advise(IDiscMaster *This, IDiscMasterProgressEvents *sink, UINT_PTR *cookie) {
  sim_master *m = MASTER(This);
  if (!m->opened) return IMAPI_E_NOTOPENED;
  m->sink = sink;
  sink->lpVtbl->AddRef(sink);
  *cookie = (UINT_PTR)sink;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm_unadvise(IDiscMaster *This, UINT_PTR cookie) {
  sim_master *m = MASTER(This);
  if (!m->sink || (UINT_PTR)m->sink != cookie) return E_INVALIDARG;
  m->sink->lpVtbl->Release(m->sink);
  m->sink = NULL;
  return S_OK;
}

static HRESULT record_ready(sim_master *m) {
  if (!m->opened) return IMAPI_E_NOTOPENED;
  if (!m->redbook_active) return IMAPI_E_NOACTIVEFORMAT;
  if (!m->active) return IMAPI_E_NOACTIVERECORDER;
  if (m->track_open) return IMAPI_E_TRACKOPEN; /* "All audio tracks must be closed" */
  if (m->active->open) return IMAPI_E_DEVICE_NOTACCESSIBLE; /* OpenExclusive held across RecordDisc */
  if (m->busy) return IMAPI_E_DEVICE_STILL_IN_USE;
  if (m->active->media == MEDIA_NONE) return IMAPI_E_MEDIUM_NOTPRESENT;
  if (!blank(m->active->media)) return IMAPI_E_CANNOT_WRITE_TO_MEDIA; /* audio needs blank media */
  if (m->track_count == 0) return IMAPI_E_INVALIDIMAGE;
  return injected(m, "RecordDisc");
}

/* Writes the staged tracks, gaps counted but not written, to `out`, with progress. */
static HRESULT burn_tracks(sim_master *m, FILE *out) {
  sim_recorder *r = m->active;
  IDiscMasterProgressEvents *sink = m->sink;
  long long total = m->staged_blocks + (long long)(m->track_count - 1) * r->gap_blocks;
  long long done = 0;
  const LONG chunk = 150;
  static BYTE buffer[150 * BLOCK_BYTES];
  if (sink) sink->lpVtbl->NotifyTrackProgress(sink, 0, m->track_count);
  for (int t = 0; t < m->track_count; t++) {
    staged_track *track = &m->tracks[t];
    if (t > 0) done += r->gap_blocks;
    if (seek_block(m->stash, track->first_block) != 0) return IMAPI_E_FILEACCESS;
    for (LONG written = 0; written < track->blocks;) {
      if (cancelled(m)) return IMAPI_E_USERABORT;
      LONG n = track->blocks - written < chunk ? track->blocks - written : chunk;
      if (m->lose_streaming_at >= 0 && done + n > m->lose_streaming_at) return IMAPI_E_LOSS_OF_STREAMING;
      if (m->removed_at >= 0 && done + n > m->removed_at) {
        /* The drive is unplugged: the recorder list changes, the burn ends. */
        if (sink) sink->lpVtbl->NotifyPnPActivity(sink);
        return IMAPI_E_DEVICE_NOTPRESENT;
      }
      if (fread(buffer, BLOCK_BYTES, (size_t)n, m->stash) != (size_t)n) return IMAPI_E_FILEACCESS;
      if (out && fwrite(buffer, BLOCK_BYTES, (size_t)n, out) != (size_t)n) return IMAPI_E_GENERIC;
      pause_for_blocks(m, n, r->write_speed);
      written += n;
      done += n;
      if (sink) sink->lpVtbl->NotifyBlockProgress(sink, (LONG)done, (LONG)total);
    }
    if (sink) sink->lpVtbl->NotifyTrackProgress(sink, t + 1, m->track_count);
  }
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm_record(IDiscMaster *This, boolean simulate, boolean eject) {
  sim_master *m = MASTER(This);
  HRESULT hr = record_ready(m);
  if (FAILED(hr)) return hr;
  sim_recorder *r = m->active;
  IDiscMasterProgressEvents *sink = m->sink;
  LONG seconds = (LONG)(m->staged_blocks / (BLOCKS_PER_SECOND * (r->write_speed > 0 ? r->write_speed : 1)));
  char part[1040];
  FILE *out = NULL;
  if (!simulate && m->disc_out[0]) {
    snprintf(part, sizeof part, "%s.part", m->disc_out);
    if (!(out = fopen(part, "wb"))) return IMAPI_E_GENERIC;
  }
  r->burning = 1;
  if (sink) sink->lpVtbl->NotifyPreparingBurn(sink, 2);
  fflush(m->stash);
  hr = burn_tracks(m, out);
  if (SUCCEEDED(hr)) {
    if (sink) sink->lpVtbl->NotifyClosingDisc(sink, seconds > 0 ? 1 + seconds / 60 : 1);
    hr = injected(m, "CloseDisc"); /* a fault while closing the session */
  }
  r->burning = 0;
  if (out) {
    int closed = fclose(out);
    if (SUCCEEDED(hr) && closed == 0 && rename(part, m->disc_out) == 0) out = NULL;
    else remove(part);
  }
  if (SUCCEEDED(hr)) {
    if (!simulate) r->media = r->media == MEDIA_BLANK_CDRW ? MEDIA_USED_CDRW : MEDIA_USED_CDR;
    if (eject) r->media = MEDIA_NONE;
    clear_stash(m); /* "the contents of the stash file are cleared automatically after successful completion" */
  } else if (!simulate) {
    /* A write-once disc that failed or was cancelled while recording is spent. */
    if (r->media == MEDIA_BLANK_CDR) r->media = MEDIA_USED_CDR;
  }
  if (sink) sink->lpVtbl->NotifyBurnComplete(sink, hr);
  return hr;
}

static HRESULT STDMETHODCALLTYPE dm_close(IDiscMaster *This) {
  sim_master *m = MASTER(This);
  clear_stash(m); /* "Closing the session clears the contents of the disc stash" */
  if (m->opened) drop_lock(m);
  m->opened = 0;
  return S_OK; /* "closing twice returns S_OK" */
}

static const IDiscMasterVtbl master_vtbl = {
    dm_query, dm_addref, dm_release, dm_open, dm_enum_formats, dm_get_format, dm_set_format, dm_enum_recorders,
    dm_get_recorder, dm_set_recorder, dm_clear, dm_advise, dm_unadvise, dm_record, dm_close};

/* ------------------------------------------------------------------ configuration */

static media_state parse_media(const char *name, int *ok) {
  static const struct { const char *name; media_state state; } table[] = {
      {"none", MEDIA_NONE}, {"blank-cdr", MEDIA_BLANK_CDR}, {"used-cdr", MEDIA_USED_CDR},
      {"blank-cdrw", MEDIA_BLANK_CDRW}, {"used-cdrw", MEDIA_USED_CDRW}};
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (strcmp(name, table[i].name) == 0) return table[i].state;
  *ok = 0;
  return MEDIA_NONE;
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, len = 0;
  char *text = malloc(cap);
  size_t n;
  while (text && (n = fread(text + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (len + 1 == cap) {
      char *bigger = realloc(text, cap *= 2);
      if (!bigger) { free(text); text = NULL; }
      else text = bigger;
    }
  }
  fclose(f);
  if (text) text[len] = 0;
  return text;
}

static int add_fault(sim_master *m, const json_value *f, char *error, size_t error_size) {
  const char *method = json_string(json_get(f, "method"), NULL);
  const char *hr = json_string(json_get(f, "hresult"), NULL);
  if (!method || m->fault_count == MAX_FAULTS) {
    snprintf(error, error_size, "faults.fail entries need a \"method\"");
    return 0;
  }
  fault *entry = &m->faults[m->fault_count++];
  snprintf(entry->method, sizeof entry->method, "%s", method);
  entry->hr = hr ? (HRESULT)strtoul(hr, NULL, 16) : (HRESULT)json_number(json_get(f, "hresult"), (double)(uint32_t)IMAPI_E_GENERIC);
  entry->call = (int)json_number(json_get(f, "call"), 0);
  return 1;
}

static int configure(sim_master *m, const json_value *config, char *error, size_t error_size) {
  const json_value *recorders = json_get(config, "recorders");
  const json_value *faults = json_get(config, "faults");
  LONG speed = (LONG)json_number(json_get(config, "speed"), 48);
  snprintf(m->disc_out, sizeof m->disc_out, "%s", json_string(json_get(config, "discOut"), ""));
  m->time_scale = json_number(json_get(config, "timeScale"), 0);
  m->lose_streaming_at = (long long)json_number(json_get(faults, "lossOfStreamingAtBlock"), -1);
  m->removed_at = (long long)json_number(json_get(faults, "removedAtBlock"), -1);
  m->busy = json_number(json_get(faults, "deviceBusy"), 0) != 0;
  int none = json_number(json_get(faults, "noRecorder"), 0) != 0;
  for (size_t i = 0; recorders && recorders->type == JSON_ARRAY && !none && i < recorders->count && i < MAX_RECORDERS; i++) {
    const json_value *c = recorders->items[i];
    sim_recorder *r = &m->recorders[m->recorder_count];
    int ok = 1;
    r->iface.lpVtbl = &recorder_vtbl;
    r->master = m;
    r->index = m->recorder_count;
    snprintf(r->vendor, sizeof r->vendor, "%s", json_string(json_get(c, "vendor"), "BURNAUD"));
    snprintf(r->product, sizeof r->product, "%s", json_string(json_get(c, "product"), "SIMULATED CD-RW"));
    snprintf(r->revision, sizeof r->revision, "%s", json_string(json_get(c, "revision"), "1.00"));
    r->media = parse_media(json_string(json_get(c, "media"), "blank-cdr"), &ok);
    r->minutes = (int)json_number(json_get(c, "minutes"), 80);
    r->max_speed = (LONG)json_number(json_get(c, "speed"), speed);
    r->write_speed = r->max_speed; /* "default write speed is the highest" */
    r->gap_blocks = DEFAULT_GAP_BLOCKS;
    r->buffer_underrun_free = 1;
    if (!ok || (r->minutes != 74 && r->minutes != 80)) {
      snprintf(error, error_size, "recorders[%zu]: media must be none, blank-cdr, used-cdr, blank-cdrw or used-cdrw, and minutes 74 or 80", i);
      return 0;
    }
    m->recorder_count++;
  }
  const json_value *fail = json_get(faults, "fail");
  if (fail && fail->type == JSON_OBJECT) return add_fault(m, fail, error, error_size);
  for (size_t i = 0; fail && fail->type == JSON_ARRAY && i < fail->count; i++)
    if (!add_fault(m, fail->items[i], error, error_size)) return 0;
  return 1;
}

HRESULT ba_sim_create_disc_master(IDiscMaster **out, char *error, size_t error_size) {
  *out = NULL;
  const char *path = getenv(BA_SIM_ENV);
  if (!path || !*path) return REGDB_E_CLASSNOTREG;
  char *text = read_file(path);
  if (!text) {
    snprintf(error, error_size, "cannot read the simulator configuration %s: %s", path, strerror(errno));
    return E_INVALIDARG;
  }
  char parse_error[128];
  json_value *config = json_parse(text, parse_error, sizeof parse_error);
  free(text);
  if (!config || config->type != JSON_OBJECT) {
    snprintf(error, error_size, "simulator configuration %s: %s", path, config ? "not a JSON object" : parse_error);
    json_free(config);
    return E_INVALIDARG;
  }
  sim_master *m = calloc(1, sizeof *m);
  if (!m) {
    json_free(config);
    return E_OUTOFMEMORY;
  }
  m->iface.lpVtbl = &master_vtbl;
  m->redbook.lpVtbl = &redbook_vtbl;
  m->refs = 1;
  snprintf(m->lock_path, sizeof m->lock_path, "%s.lock", path);
#ifdef _WIN32
  m->lock = INVALID_HANDLE_VALUE;
#else
  m->lock = -1;
#endif
  char config_error[200] = "";
  int ok = configure(m, config, config_error, sizeof config_error);
  json_free(config);
  if (!ok) {
    snprintf(error, error_size, "simulator configuration %s: %s", path, config_error);
    free(m);
    return E_INVALIDARG;
  }
  *out = &m->iface;
  return S_OK;
}
