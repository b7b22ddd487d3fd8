/* IRedbookDiscMaster: audio tracks staged in the stash. */
#include <stdio.h>
#include <stdlib.h>
#ifdef _WIN32
#include <windows.h>
#endif

#include "internal.h"

/* The gap a burn writes between tracks: XP's AudioGapSize, or the 150 blocks IMAPI2 track-at-once
   always writes, whatever AudioGapSize says. */
LONG sim_gap_blocks(const sim_master *m) { return m->modern ? DEFAULT_GAP_BLOCKS : m->active->gap_blocks; }

/* Blocks a new audio track may still use, the gap it needs counted. */
long long sim_available_blocks(sim_master *m) {
  if (!m->active) return 0;
  /* A gap precedes every track after the first, the next one to be created included. */
  int gapped = m->track_open ? m->track_count - 1 : m->track_count;
  long long gaps = (long long)gapped * sim_gap_blocks(m);
  long long left = sim_media_blocks(m->active) - m->staged_blocks - gaps;
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

int sim_seek_block(FILE *f, long long block) {
#ifdef _WIN32
  return _fseeki64(f, block * BLOCK_BYTES, SEEK_SET);
#else
  return fseeko(f, (off_t)(block * BLOCK_BYTES), SEEK_SET);
#endif
}

void sim_clear_stash(sim_master *m) {
  m->track_count = 0;
  m->track_open = 0;
  m->staged_blocks = 0;
  if (m->stash) {
    fclose(m->stash);
    m->stash = NULL;
  }
}

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
  if (m->active->removed) return IMAPI_E_DEVICE_NOTPRESENT;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rb_tracks(IRedbookDiscMaster *This, LONG *n) {
  sim_log_call(REDBOOK_MASTER(This), "GetTotalAudioTracks");
  *n = REDBOOK_MASTER(This)->track_count;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE rb_total_blocks(IRedbookDiscMaster *This, LONG *n) {
  sim_log_call(REDBOOK_MASTER(This), "GetTotalAudioBlocks");
  sim_master *m = REDBOOK_MASTER(This);
  *n = m->active ? (LONG)sim_media_blocks(m->active) : 0;
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
  sim_master *m = REDBOOK_MASTER(This);
  (void)blocks; /* "The nBlocks parameter is advisory only." */
  HRESULT hr = staging_ready(m);
  if (FAILED(hr)) return hr;
  INJECT(m, "CreateAudioTrack");
  if (m->track_open) return IMAPI_E_TRACKOPEN;
  if (m->track_count == MAX_TRACKS || sim_available_blocks(m) == 0) return IMAPI_E_DISCFULL;
  if (!m->stash && !(m->stash = open_stash())) return IMAPI_E_NOTENOUGHDISKFORSTASH;
  staged_track *t = &m->tracks[m->track_count++];
  t->first_block = m->staged_blocks;
  t->blocks = 0;
  m->track_open = 1;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rb_add_blocks(IRedbookDiscMaster *This, BYTE *data, LONG bytes) {
  sim_log_call(REDBOOK_MASTER(This), "AddAudioTrackBlocks %ld", (long)bytes);
  sim_master *m = REDBOOK_MASTER(This);
  HRESULT hr = staging_ready(m);
  if (FAILED(hr)) return hr;
  INJECT(m, "AddAudioTrackBlocks");
  if (!m->track_open) return IMAPI_E_TRACKNOTOPEN;
  if (bytes <= 0 || bytes % BLOCK_BYTES != 0) return E_INVALIDARG; /* "must be a multiple of the audio block size" */
  if (sim_cancelled(m)) return IMAPI_E_USERABORT;
  LONG blocks = bytes / BLOCK_BYTES;
  long long fits = sim_available_blocks(m);
  LONG keep = blocks <= fits ? blocks : (LONG)fits; /* IMAPI_E_DISCFULL "keeps as much ... as it can" */
  sim_notify_add(m, 0, blocks);
  /* At the end of what is staged: a failed burn that read the stash may have left the file elsewhere. */
  if (keep > 0 && (sim_seek_block(m->stash, m->staged_blocks) != 0 || fwrite(data, BLOCK_BYTES, (size_t)keep, m->stash) != (size_t)keep))
    return IMAPI_E_FILEACCESS;
  m->tracks[m->track_count - 1].blocks += keep;
  m->staged_blocks += keep;
  sim_notify_add(m, keep, blocks);
  return keep < blocks ? IMAPI_E_DISCFULL : S_OK;
}

static HRESULT STDMETHODCALLTYPE rb_close_track(IRedbookDiscMaster *This) {
  sim_log_call(REDBOOK_MASTER(This), "CloseAudioTrack");
  sim_master *m = REDBOOK_MASTER(This);
  HRESULT hr = staging_ready(m);
  if (FAILED(hr)) return hr;
  INJECT(m, "CloseAudioTrack");
  if (!m->track_open) return IMAPI_E_TRACKNOTOPEN;
  m->track_open = 0;
  return S_OK;
}

const IRedbookDiscMasterVtbl sim_redbook_vtbl = {
    rb_query, rb_addref, rb_release, rb_tracks, rb_total_blocks, rb_used_blocks, rb_available, rb_block_size,
    rb_create_track, rb_add_blocks, rb_close_track};

