/* The stash: the audio tracks IRedbookDiscMaster stages. */
#include <stdio.h>
#ifdef _WIN32
#include <windows.h>
#endif

#include "calls.h"
#include "events.h"
#include "staging.h"

/* The gap a burn writes between tracks: XP's AudioGapSize, or the 150 blocks IMAPI2 track-at-once
   always writes, whatever AudioGapSize says. */
LONG sim_gap_blocks(const sim_master *m) { return m->config.modern ? DEFAULT_GAP_BLOCKS : m->active->gap_blocks; }

/* Blocks a new audio track may still use, the gap it needs counted. */
long long sim_available_blocks(sim_master *m) {
  if (!m->active) return 0;
  /* A gap precedes every track after the first, the next one to be created included. */
  int gapped = m->track_open ? m->track_count - 1 : m->track_count;
  long long gaps = (long long)gapped * sim_gap_blocks(m);
  long long left = sim_media_blocks(&m->active->drive) - m->staged_blocks - gaps;
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

static HRESULT staging_ready(sim_master *m) {
  if (!m->opened) return IMAPI_E_NOTOPENED;
  if (!m->redbook_active) return IMAPI_E_WRONGFORMAT;
  if (!m->active) return IMAPI_E_NOACTIVERECORDER;
  if (m->active->drive.removed) return IMAPI_E_DEVICE_NOTPRESENT;
  return S_OK;
}

HRESULT sim_create_track(sim_master *m) {
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

HRESULT sim_add_track_blocks(sim_master *m, BYTE *data, LONG bytes) {
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

HRESULT sim_close_track(sim_master *m) {
  HRESULT hr = staging_ready(m);
  if (FAILED(hr)) return hr;
  INJECT(m, "CloseAudioTrack");
  if (!m->track_open) return IMAPI_E_TRACKNOTOPEN;
  m->track_open = 0;
  return S_OK;
}
