/* RecordDisc: the burn, its progress events and its outcome. */
#include <stdio.h>
#include <time.h>
#ifdef _WIN32
#include <windows.h>
#endif

#include "internal.h"

int sim_cancelled(sim_master *m) {
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
void sim_pause_for_blocks(sim_master *m, long long blocks, LONG speed) {
  if (m->time_scale <= 0 || blocks <= 0) return;
  double left = (double)blocks / (BLOCKS_PER_SECOND * (speed > 0 ? speed : 1)) * m->time_scale;
  for (; left > 0 && !sim_cancelled(m); left -= 0.02) sleep_seconds(left < 0.02 ? left : 0.02);
}

static HRESULT record_ready(sim_master *m) {
  if (!m->opened) return IMAPI_E_NOTOPENED;
  if (!m->redbook_active) return IMAPI_E_NOACTIVEFORMAT;
  if (!m->active) return IMAPI_E_NOACTIVERECORDER;
  if (m->track_open) return IMAPI_E_TRACKOPEN; /* "All audio tracks must be closed" */
  if (m->active->open) return IMAPI_E_DEVICE_NOTACCESSIBLE; /* OpenExclusive held across RecordDisc */
  if (m->busy) return IMAPI_E_DEVICE_STILL_IN_USE;
  if (m->active->media == MEDIA_NONE) return IMAPI_E_MEDIUM_NOTPRESENT;
  if (!sim_blank(m->active->media)) return IMAPI_E_CANNOT_WRITE_TO_MEDIA; /* audio needs blank media */
  if (m->track_count == 0) return IMAPI_E_INVALIDIMAGE;
  return sim_injected(m, "RecordDisc");
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
    if (sim_seek_block(m->stash, track->first_block) != 0) return IMAPI_E_FILEACCESS;
    for (LONG written = 0; written < track->blocks;) {
      if (sim_cancelled(m)) return IMAPI_E_USERABORT;
      LONG n = track->blocks - written < chunk ? track->blocks - written : chunk;
      if (m->lose_streaming_at >= 0 && done + n > m->lose_streaming_at) return IMAPI_E_LOSS_OF_STREAMING;
      if (m->removed_at >= 0 && done + n > m->removed_at) {
        /* The drive is unplugged: the recorder list changes, the burn ends. */
        if (sink) sink->lpVtbl->NotifyPnPActivity(sink);
        return IMAPI_E_DEVICE_NOTPRESENT;
      }
      if (fread(buffer, BLOCK_BYTES, (size_t)n, m->stash) != (size_t)n) return IMAPI_E_FILEACCESS;
      if (out && fwrite(buffer, BLOCK_BYTES, (size_t)n, out) != (size_t)n) return IMAPI_E_GENERIC;
      sim_pause_for_blocks(m, n, r->write_speed);
      written += n;
      done += n;
      if (sink) sink->lpVtbl->NotifyBlockProgress(sink, (LONG)done, (LONG)total);
    }
    if (sink) sink->lpVtbl->NotifyTrackProgress(sink, t + 1, m->track_count);
  }
  return S_OK;
}

HRESULT STDMETHODCALLTYPE sim_record_disc(IDiscMaster *This, boolean simulate, boolean eject) {
  sim_log_call(MASTER(This), "RecordDisc simulate=%d eject=%d", simulate != 0, eject != 0);
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
    hr = sim_injected(m, "CloseDisc"); /* a fault while closing the session */
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
    sim_clear_stash(m); /* "the contents of the stash file are cleared automatically after successful completion" */
  } else if (!simulate) {
    /* A write-once disc that failed or was cancelled while recording is spent. */
    if (r->media == MEDIA_BLANK_CDR) r->media = MEDIA_USED_CDR;
  }
  if (sink) sink->lpVtbl->NotifyBurnComplete(sink, hr);
  return hr;
}

