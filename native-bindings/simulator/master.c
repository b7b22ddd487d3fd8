/*
 * The disc master: IDiscMaster and IRedbookDiscMaster, one object, with the enumerators of its
 * recorders and formats; the object ba_sim_create_disc_master makes from the configuration.
 */
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#endif

#include "calls.h"
#include "com.h"
#include "recorder.h"
#include "recording.h"
#include "staging.h"

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

/* ------------------------------------------------------------------ enumerators */

static HRESULT STDMETHODCALLTYPE renum_query(IEnumDiscRecorders *This, REFIID riid, void **ppv) {
  if (!sim_is_iid(riid, &IID_IEnumDiscRecorders)) {
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
  for (; got < n && e->next < (ULONG)e->master->config.recorder_count; e->next++)
    if (!e->master->recorders[e->next].drive.removed) out[got++] = &e->master->recorders[e->next].iface; /* unplugged: gone */
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
  if (!sim_is_iid(riid, &IID_IEnumDiscMasterFormats)) {
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

/* XP: one process at a time uses the simulated IMAPI, as IMAPI v1 allowed one user of its stash
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

static HRESULT STDMETHODCALLTYPE dm_query(IDiscMaster *This, REFIID riid, void **ppv) {
  sim_master *m = MASTER(This);
  if (sim_is_iid(riid, &IID_IDiscMaster)) *ppv = &m->iface;
  else if (IsEqualIID(riid, &IID_IRedbookDiscMaster) && m->redbook_active) *ppv = &m->redbook;
  else {
    *ppv = NULL;
    return E_NOINTERFACE;
  }
  m->refs++;
  return S_OK;
}
static ULONG STDMETHODCALLTYPE dm_addref(IDiscMaster *This) { return ++MASTER(This)->refs; }
void (*ba_sim_master_freed)(void);
static ULONG STDMETHODCALLTYPE dm_release(IDiscMaster *This) {
  sim_master *m = MASTER(This);
  ULONG refs = --m->refs;
  if (refs == 0) {
    sim_clear_stash(m);
    drop_lock(m);
    for (int i = 0; i < m->config.recorder_count; i++)
      if (m->recorders[i].open) sim_drive_unlock(&m->recorders[i].drive); /* OpenExclusive left without Close */
    sim_config_close(&m->config);
    free(m);
    if (ba_sim_master_freed) ba_sim_master_freed();
  }
  return refs;
}

static HRESULT STDMETHODCALLTYPE dm_open(IDiscMaster *This) {
  sim_log_call(MASTER(This), "Open");
  sim_master *m = MASTER(This);
  INJECT(m, "Open");
  if (m->opened) return IMAPI_E_ALREADYOPEN;
  /* XP: one process at a time; modern has no shared stash, recorders are locked one by one (drive.c). */
  if (!m->config.modern && !take_lock(m)) return IMAPI_E_STASHINUSE;
  m->opened = 1;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm_enum_formats(IDiscMaster *This, IEnumDiscMasterFormats **out) {
  sim_log_call(MASTER(This), "EnumDiscMasterFormats");
  if (!MASTER(This)->opened) return IMAPI_E_NOTOPENED;
  sim_format_enum *e = calloc(1, sizeof *e);
  if (!e) return E_OUTOFMEMORY;
  e->iface.lpVtbl = &format_enum_vtbl;
  e->refs = 1;
  *out = &e->iface;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm_get_format(IDiscMaster *This, IID *iid) {
  sim_log_call(MASTER(This), "GetActiveDiscMasterFormat");
  sim_master *m = MASTER(This);
  if (!m->opened) return IMAPI_E_NOTOPENED;
  *iid = m->redbook_active ? IID_IRedbookDiscMaster : IID_IJolietDiscMaster; /* Joliet is the default */
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm_set_format(IDiscMaster *This, REFIID riid, void **out) {
  sim_log_call(MASTER(This), "SetActiveDiscMasterFormat");
  sim_master *m = MASTER(This);
  if (!m->opened) return IMAPI_E_NOTOPENED;
  INJECT(m, "SetActiveDiscMasterFormat");
  if (!IsEqualIID(riid, &IID_IRedbookDiscMaster)) return E_NOTIMPL; /* the simulator does audio only */
  sim_clear_stash(m); /* "a successful call clears the staged image" */
  m->redbook_active = 1;
  m->active = NULL; /* "you must select a recorder ... after selecting a format" */
  *out = &m->redbook;
  m->refs++;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm_enum_recorders(IDiscMaster *This, IEnumDiscRecorders **out) {
  sim_log_call(MASTER(This), "EnumDiscRecorders");
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
  sim_log_call(MASTER(This), "GetActiveDiscRecorder");
  sim_master *m = MASTER(This);
  if (!m->active) return IMAPI_E_NOACTIVERECORDER;
  *out = &m->active->iface;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm_set_recorder(IDiscMaster *This, IDiscRecorder *recorder) {
  sim_log_call(MASTER(This), "SetActiveDiscRecorder");
  sim_master *m = MASTER(This);
  if (!m->opened) return IMAPI_E_NOTOPENED;
  if (!m->redbook_active) return IMAPI_E_NOACTIVEFORMAT;
  INJECT(m, "SetActiveDiscRecorder");
  for (int i = 0; i < m->config.recorder_count; i++) {
    if (&m->recorders[i].iface == recorder && !m->recorders[i].drive.removed) {
      m->active = &m->recorders[i];
      return S_OK;
    }
  }
  return IMAPI_E_DEVICE_NOTPRESENT;
}

static HRESULT STDMETHODCALLTYPE dm_clear(IDiscMaster *This) {
  sim_log_call(MASTER(This), "ClearFormatContent");
  sim_master *m = MASTER(This);
  if (!m->opened) return IMAPI_E_NOTOPENED;
  sim_clear_stash(m);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm_advise(IDiscMaster *This, IDiscMasterProgressEvents *sink, UINT_PTR *cookie) {
  sim_log_call(MASTER(This), "ProgressAdvise");
  sim_master *m = MASTER(This);
  if (!m->opened) return IMAPI_E_NOTOPENED;
  m->sink = sink;
  sink->lpVtbl->AddRef(sink);
  *cookie = (UINT_PTR)sink;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm_unadvise(IDiscMaster *This, UINT_PTR cookie) {
  sim_log_call(MASTER(This), "ProgressUnadvise");
  sim_master *m = MASTER(This);
  if (!m->sink || (UINT_PTR)m->sink != cookie) return E_INVALIDARG;
  m->sink->lpVtbl->Release(m->sink);
  m->sink = NULL;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE dm_close(IDiscMaster *This) {
  sim_log_call(MASTER(This), "Close");
  sim_master *m = MASTER(This);
  sim_clear_stash(m); /* "Closing the session clears the contents of the disc stash" */
  if (m->opened) drop_lock(m);
  m->opened = 0;
  return S_OK; /* "closing twice returns S_OK" */
}

static HRESULT STDMETHODCALLTYPE dm_record(IDiscMaster *This, boolean simulate, boolean eject) {
  sim_log_call(MASTER(This), "RecordDisc simulate=%d eject=%d", simulate != 0, eject != 0);
  return sim_record(MASTER(This), simulate, eject);
}

static const IDiscMasterVtbl master_vtbl = {
    dm_query, dm_addref, dm_release, dm_open, dm_enum_formats, dm_get_format, dm_set_format, dm_enum_recorders,
    dm_get_recorder, dm_set_recorder, dm_clear, dm_advise, dm_unadvise, dm_record, dm_close};

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

static HRESULT STDMETHODCALLTYPE rb_tracks(IRedbookDiscMaster *This, LONG *n) {
  sim_log_call(REDBOOK_MASTER(This), "GetTotalAudioTracks");
  *n = REDBOOK_MASTER(This)->track_count;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE rb_total_blocks(IRedbookDiscMaster *This, LONG *n) {
  sim_log_call(REDBOOK_MASTER(This), "GetTotalAudioBlocks");
  sim_master *m = REDBOOK_MASTER(This);
  *n = m->active ? (LONG)sim_media_blocks(&m->active->drive) : 0;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE rb_used_blocks(IRedbookDiscMaster *This, LONG *n) {
  sim_log_call(REDBOOK_MASTER(This), "GetUsedAudioBlocks");
  *n = (LONG)REDBOOK_MASTER(This)->staged_blocks;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE rb_available(IRedbookDiscMaster *This, LONG *n) {
  sim_log_call(REDBOOK_MASTER(This), "GetAvailableAudioTrackBlocks");
  *n = (LONG)sim_available_blocks(REDBOOK_MASTER(This));
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE rb_block_size(IRedbookDiscMaster *This, LONG *n) {
  sim_log_call(REDBOOK_MASTER(This), "GetAudioBlockSize");
  (void)This;
  *n = BLOCK_BYTES; /* "This method returns 2352." */
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE rb_create_track(IRedbookDiscMaster *This, LONG blocks) {
  sim_log_call(REDBOOK_MASTER(This), "CreateAudioTrack %ld", (long)blocks);
  (void)blocks; /* "The nBlocks parameter is advisory only." */
  return sim_create_track(REDBOOK_MASTER(This));
}
static HRESULT STDMETHODCALLTYPE rb_add_blocks(IRedbookDiscMaster *This, BYTE *data, LONG bytes) {
  sim_log_call(REDBOOK_MASTER(This), "AddAudioTrackBlocks %ld", (long)bytes);
  return sim_add_track_blocks(REDBOOK_MASTER(This), data, bytes);
}
static HRESULT STDMETHODCALLTYPE rb_close_track(IRedbookDiscMaster *This) {
  sim_log_call(REDBOOK_MASTER(This), "CloseAudioTrack");
  return sim_close_track(REDBOOK_MASTER(This));
}

static const IRedbookDiscMasterVtbl redbook_vtbl = {
    rb_query, rb_addref, rb_release, rb_tracks, rb_total_blocks, rb_used_blocks, rb_available, rb_block_size,
    rb_create_track, rb_add_blocks, rb_close_track};

/* ------------------------------------------------------------------ creation */

HRESULT ba_sim_create_disc_master(IDiscMaster **out, char *error, size_t error_size) {
  *out = NULL;
  sim_master *m = calloc(1, sizeof *m);
  HRESULT hr = m ? sim_config_from_environment(&m->config, error, error_size) : E_OUTOFMEMORY;
  if (FAILED(hr)) {
    free(m);
    return hr;
  }
  m->iface.lpVtbl = &master_vtbl;
  m->redbook.lpVtbl = &redbook_vtbl;
  m->refs = 1;
  snprintf(m->lock_path, sizeof m->lock_path, "%s.lock", m->config.path);
#ifdef _WIN32
  m->lock = INVALID_HANDLE_VALUE;
#else
  m->lock = -1;
#endif
  for (int i = 0; i < m->config.recorder_count; i++) sim_recorder_init(&m->recorders[i], m, i);
  *out = &m->iface;
  return S_OK;
}

