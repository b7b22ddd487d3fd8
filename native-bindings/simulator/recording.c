/* RecordDisc: the burn, its progress events, the files it writes and its outcome. */
#include <stdio.h>

#include "calls.h"
#include "events.h"
#include "output.h"
#include "recorded.h"
#include "recording.h"
#include "staging.h"

void sim_pause_for_blocks(sim_master *m, long long blocks, LONG speed) {
  if (m->config.time_scale <= 0 || blocks <= 0) return;
  double left = (double)blocks / (BLOCKS_PER_SECOND * (speed > 0 ? speed : 1)) * m->config.time_scale;
  for (; left > 0 && !sim_cancelled(m); left -= 0.02) sim_sleep(left < 0.02 ? left : 0.02);
}

/* The checks IMAPI v1 makes itself before it writes anything: never translated. */
static HRESULT record_ready(sim_master *m) {
  if (!m->opened) return IMAPI_E_NOTOPENED;
  if (!m->redbook_active) return IMAPI_E_NOACTIVEFORMAT;
  if (!m->active) return IMAPI_E_NOACTIVERECORDER;
  if (m->active->drive.removed) return IMAPI_E_DEVICE_NOTPRESENT;
  if (m->track_open) return IMAPI_E_TRACKOPEN; /* "All audio tracks must be closed" */
  if (m->active->open) return IMAPI_E_DEVICE_NOTACCESSIBLE; /* OpenExclusive held across RecordDisc */
  if (sim_busy(m->active)) return IMAPI_E_DEVICE_STILL_IN_USE;
  if (sim_media(&m->active->drive) == MEDIA_NONE) return IMAPI_E_MEDIUM_NOTPRESENT;
  /* Audio needs blank media; over IMAPI2, "media it cannot use gives IMAPI_E_MEDIUM_INVALIDTYPE". */
  if (!sim_blank(sim_media(&m->active->drive))) return m->config.modern ? IMAPI_E_MEDIUM_INVALIDTYPE : IMAPI_E_CANNOT_WRITE_TO_MEDIA;
  if (m->track_count == 0) return IMAPI_E_INVALIDIMAGE;
  return S_OK;
}

/* The gap written before track `t` (0-based): the Red Book pregap before the first. */
static LONG gap_before(const sim_master *m, int t) { return t == 0 ? LEAD_PREGAP_BLOCKS : sim_gap_blocks(m); }

/* The program area's blocks: the tracks and the gaps between them. */
static long total_blocks(const sim_master *m) {
  long long blocks = m->staged_blocks;
  for (int t = 1; t < m->track_count; t++) blocks += gap_before(m, t);
  return (long)blocks;
}

/* XP writes at WriteSpeed; over IMAPI2 the drive writes at the speed IMAPI2 picks: its highest. */
static LONG burn_speed(const sim_master *m) {
  LONG speed = m->config.modern ? m->active->drive.setup->max_speed : m->active->write_speed;
  return speed > 0 ? speed : 1;
}

/* A hold of pauseAtBlock: tells the world the burn is here (`reached`), then waits until it may
   go on (`resume`), polling QueryCancel; returns 0 when cancelled meanwhile (with ignoreCancel,
   once `resume` exists). {recorder} and {disc} in either path are expanded as in discOut, so a test
   can hold each disc of a batch in turn. */
static int pause_burn(sim_master *m, const sim_recorder *r, const sim_pause *hold) {
  char reached[1024], resume[1024];
  sim_expand_path(reached, sizeof reached, hold->reached, r->drive.index, r->drive.recorded + 1);
  sim_expand_path(resume, sizeof resume, hold->resume, r->drive.index, r->drive.recorded + 1);
  sim_touch(reached);
  while (!sim_file_exists(resume))
    if (sim_cancelled(m) && !hold->ignore_cancel) return 0;
    else sim_sleep(0.02);
  return !sim_cancelled(m); /* a cancel the hold ignored ends the burn now */
}

/* What the disc keeps of `n` blocks written at `position` (recorded.h): corruptAtBlock's changed. */
static void keep_blocks(recorded_writer *kept, BYTE *blocks, LONG n, long long position, long long corrupt_at) {
  for (LONG i = 0; kept && i < n; i++) {
    BYTE *block = blocks + (size_t)i * BLOCK_BYTES;
    if (position + i == corrupt_at)
      for (int b = 0; b < BLOCK_BYTES; b += 2) block[b] ^= 0x55; /* every sample's low byte */
    recorded_audio(kept, block);
  }
}

/* Silence where the recorder writes a gap. */
static void keep_gap(recorded_writer *kept, LONG blocks) {
  static const BYTE zero[BLOCK_BYTES];
  for (LONG i = 0; kept && i < blocks; i++) recorded_audio(kept, zero);
}

/* Writes the staged tracks to `out` (gaps not written) and to `kept` (gaps written: the disc as
   it reads back; may be NULL), with progress: XP counts the gaps in the block totals, IMAPI v1
   over IMAPI2 does not. */
static HRESULT burn_tracks(sim_master *m, FILE *out, recorded_writer *kept, long long corrupt_at) {
  sim_recorder *r = m->active;
  long long lose_streaming_at = sim_fault_block(r, 0), removed_at = sim_fault_block(r, 1);
  const sim_recorder_config *setup = r->drive.setup;
  int held = 0; /* the holds of pauseAtBlock passed */
  long long gaps = 0;
  for (int t = 1; t < m->track_count; t++) gaps += gap_before(m, t);
  long long total = m->staged_blocks + (m->config.modern ? 0 : gaps);
  long long done = 0, position = 0; /* blocks counted in the events; blocks written, gaps included */
  const LONG chunk = 150;
  static BYTE buffer[150 * BLOCK_BYTES];
  if (m->config.modern) sim_notify_blocks(m, 0, (LONG)total); /* after PrepareMedia */
  for (int t = 0; t < m->track_count; t++) {
    staged_track *track = &m->tracks[t];
    if (t > 0) {
      keep_gap(kept, gap_before(m, t));
      position += gap_before(m, t);
      if (!m->config.modern) done += gap_before(m, t);
    }
    if (kept) recorded_add_track(kept, (long)position, gap_before(m, t));
    if (sim_seek_block(m->stash, track->first_block) != 0) return IMAPI_E_FILEACCESS;
    for (LONG written = 0; written < track->blocks;) {
      if (sim_cancelled(m)) return IMAPI_E_USERABORT;
      LONG n = track->blocks - written < chunk ? track->blocks - written : chunk;
      for (; held < setup->pause_count && position + n > setup->pauses[held].block; held++)
        if (!pause_burn(m, r, &setup->pauses[held])) return IMAPI_E_USERABORT;
      if (lose_streaming_at >= 0 && position + n > lose_streaming_at) return IMAPI_E_LOSS_OF_STREAMING;
      if (removed_at >= 0 && position + n > removed_at) {
        sim_unplug(m); /* NotifyPnPActivity: the recorder list changes, the burn ends */
        return IMAPI_E_DEVICE_NOTPRESENT;
      }
      if (fread(buffer, BLOCK_BYTES, (size_t)n, m->stash) != (size_t)n) return IMAPI_E_FILEACCESS;
      keep_blocks(kept, buffer, n, position, corrupt_at);
      if (out && fwrite(buffer, BLOCK_BYTES, (size_t)n, out) != (size_t)n) return IMAPI_E_GENERIC;
      sim_pause_for_blocks(m, n, burn_speed(m));
      written += n;
      done += n;
      position += n;
      sim_notify_blocks(m, (LONG)done, (LONG)total);
    }
    sim_notify_track(m, t + 1, m->track_count);
  }
  return S_OK;
}

/*
 * IMAPI v1 over IMAPI2 hands RecordDisc's work to IMAPI2 track-at-once and translates what comes
 * back: cancel, no medium, unusable medium, write-protected medium and a busy recorder keep their
 * IMAPI v1 meaning; everything else, loss of streaming included, becomes IMAPI_E_GENERIC
 * (as a decompilation of the v1 DLL shows). XP's IMAPI reports its own codes.
 */
static HRESULT translated(const sim_master *m, HRESULT hr) {
  if (!m->config.modern || SUCCEEDED(hr)) return hr;
  switch (hr) {
  case IMAPI_E_USERABORT:
  case IMAPI_E_MEDIUM_NOTPRESENT:
  case IMAPI_E_MEDIUM_INVALIDTYPE:
  case IMAPI_E_CANNOT_WRITE_TO_MEDIA:
  case IMAPI_E_DEVICE_STILL_IN_USE:
    return hr;
  default:
    return IMAPI_E_GENERIC;
  }
}

/* discLayoutOut: the tracks and gaps as written, for tests to check what the burn really did. */
static void write_layout(sim_master *m, boolean simulate, int recorded, int disc) {
  if (!m->config.layout_out[0]) return;
  sim_output layout;
  if (!sim_output_open(&layout, m->config.layout_out, m->active->drive.index, disc, "w")) return;
  FILE *f = layout.file;
  fprintf(f, "{\"windows\":\"%s\",\"simulate\":%s,\"recorded\":%s,\"speed\":%ld,\"tracks\":[", m->config.modern ? "modern" : "xp",
          simulate ? "true" : "false", recorded ? "true" : "false", (long)burn_speed(m));
  long long start = 0; /* LBA: block 0 follows the first track's pregap */
  for (int t = 0; t < m->track_count; t++) {
    if (t > 0) start += m->tracks[t - 1].blocks + gap_before(m, t);
    fprintf(f, "%s{\"number\":%d,\"gapBefore\":%ld,\"start\":%lld,\"blocks\":%ld}", t ? "," : "", t + 1, (long)gap_before(m, t), start,
            (long)m->tracks[t].blocks);
  }
  fprintf(f, "]}\n");
  sim_output_close(&layout, 1);
}

/*
 * XP: NotifyPreparingBurn, NotifyTrackProgress 0, blocks (gaps counted) and tracks 1..N,
 * NotifyClosingDisc, the session closed, NotifyBurnComplete; bSimulate keeps the laser off.
 * Over IMAPI2 (Windows Vista and later, as a decompilation of the v1 DLL shows):
 * NotifyPreparingBurn(3), NotifyTrackProgress(0, N), PrepareMedia, NotifyBlockProgress(0, total)
 * (gaps not counted), blocks and tracks 1..N, ReleaseMedia (the disc is closed), then
 * NotifyClosingDisc, ClearFormatContent on success, NotifyBurnComplete; bSimulate is ignored,
 * and failures pass through the v1 translation table (translated).
 */
HRESULT sim_record(sim_master *m, boolean simulate, boolean eject) {
  sim_recorder *r = m->active;
  sim_drive *d = r ? &r->drive : NULL;
  /* The recorder's lock for the whole burn; taking it reads the drive as the last process left it. */
  int held = r && !d->removed && !r->open && sim_drive_lock(d);
  HRESULT hr = record_ready(m);
  if (SUCCEEDED(hr) && !held && !m->config.modern) hr = IMAPI_E_DEVICE_NOTACCESSIBLE;
  if (SUCCEEDED(hr) && !m->config.modern) hr = sim_injected(m, "RecordDisc");
  if (FAILED(hr)) {
    if (held) sim_drive_unlock(d);
    return hr;
  }
  int laser = m->config.modern || !simulate;
  int disc = d->recorded + 1; /* {disc}: the number this disc gets if it is recorded */
  LONG seconds = (LONG)(m->staged_blocks / (BLOCKS_PER_SECOND * burn_speed(m)));
  LONG closing = seconds > 0 ? 1 + seconds / 60 : 1;
  r->burning = 1;
  sim_notify_preparing(m, m->config.modern ? 3 : 2);
  if (!held) hr = IMAPI_E_GENERIC; /* modern: IMAPI2 refuses exclusive access, another process has it */
  if (SUCCEEDED(hr)) sim_notify_track(m, 0, m->track_count);
  if (SUCCEEDED(hr) && m->config.modern) hr = sim_injected(m, "RecordDisc"); /* PrepareMedia: nothing written yet */
  sim_output out = {0};
  if (SUCCEEDED(hr) && laser && m->config.disc_out[0] && !sim_output_open(&out, m->config.disc_out, d->index, disc, "wb"))
    hr = IMAPI_E_GENERIC;
  int writing = SUCCEEDED(hr) && laser;
  /* The disc as it reads back: nothing stays on it with faults.blankDisc. */
  fault_set *own = sim_disc_faults(d);
  long long corrupt_at = m->config.faults.corrupt_at >= 0 ? m->config.faults.corrupt_at : own ? own->corrupt_at : -1;
  int blank = m->config.faults.blank_disc || (own && own->blank_disc);
  recorded_writer kept;
  if (writing) recorded_forget(&m->config, d->index, d->slot); /* the disc is blank: what an earlier burn left is not on it */
  int keeping = writing && !blank && recorded_begin(&kept, &m->config, d->index, d->slot);
  if (SUCCEEDED(hr)) {
    fflush(m->stash);
    hr = burn_tracks(m, out.file, keeping ? &kept : NULL, corrupt_at);
  }
  if (SUCCEEDED(hr) && !m->config.modern) sim_notify_closing(m, closing);
  if (SUCCEEDED(hr)) hr = sim_injected(m, "CloseDisc"); /* a fault while closing the session */
  if (SUCCEEDED(hr) && m->config.modern) sim_notify_closing(m, closing); /* late: the disc is closed */
  r->burning = 0;
  if (out.file) sim_output_close(&out, SUCCEEDED(hr));
  if (keeping) recorded_end(&kept, SUCCEEDED(hr), total_blocks(m), NULL, 0);
  hr = translated(m, hr);
  if (SUCCEEDED(hr)) {
    if (laser) {
      sim_set_media(d, sim_media(d) == MEDIA_BLANK_CDRW ? MEDIA_USED_CDRW : MEDIA_USED_CDR);
      sim_count_recorded(d);
    }
    write_layout(m, simulate, laser, disc);
    if (eject) sim_eject_disc(d);
    sim_clear_stash(m); /* "the contents of the stash file are cleared automatically after successful completion" */
  } else if (writing && sim_media(d) == MEDIA_BLANK_CDR) {
    sim_set_media(d, MEDIA_USED_CDR); /* a write-once disc that failed or was cancelled while recording is spent */
  }
  if (held) sim_drive_unlock(d);
  sim_notify_burn_complete(m, hr);
  return hr;
}
