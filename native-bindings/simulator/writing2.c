/* WriteMedia's checks and burn, and the files it leaves (writing2.h). */
#include <stdlib.h>
#include <string.h>

#include "events2.h"
#include "faults.h"
#include "image-stream.h"
#include "output.h"
#include "recorded.h"
#include "subcode.h"
#include "writing2.h"

#define CHUNK 75          /* sectors read and written at a time: a second of audio */
#define UPDATE_EVERY 750  /* sectors between two Update events */
#define MIN_STREAM_LEAD_IN 4650
#define MIN_PROGRAM 6900  /* the shortest program area and lead-out WriteMedia2 accepts */
#define MAX_PACKS 2048

typedef struct {
  sim2_format *f;
  sim_drive *d;
  IStream *image;
  ULONG sector_bytes;
  LONG first, end; /* the LBAs written: the disc's lead-in start to the lead-out's end */
  LONG leadout;    /* where the Q channel first says lead-out; `end` until then */
  sim_output disc, sub;
  recorded_writer kept; /* the disc as it will read back (recorded.h) */
  int keeping;
  long long corrupt_at; /* faults.corruptAtBlock: this sector is recorded with its samples changed */
  uint8_t (*packs)[CD_TEXT_PACK];
  int pack_count;
} burn;

static int is_leadout(const uint8_t q[Q_BYTES]) { return (q[0] & 0x0F) == 1 && q[1] == TNO_LEADOUT; }

static void keep_packs(burn *b, const uint8_t *subcode) {
  uint8_t found[4][CD_TEXT_PACK];
  static const uint8_t zero[CD_TEXT_PACK];
  subcode_unpack_packs(subcode, found);
  for (int p = 0; p < 4; p++) {
    int known = memcmp(found[p], zero, CD_TEXT_PACK) == 0;
    for (int i = 0; i < b->pack_count && !known; i++) known = memcmp(b->packs[i], found[p], CD_TEXT_PACK) == 0;
    if (!known && b->pack_count < MAX_PACKS) memcpy(b->packs[b->pack_count++], found[p], CD_TEXT_PACK);
  }
}

/* What one written sector leaves in the output files. */
static HRESULT record_sector(burn *b, LONG lba, const BYTE *sector) {
  uint8_t q[Q_BYTES];
  const BYTE *subcode = sector + SECTOR_BYTES;
  int pq = b->f->sector_type == IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY;
  if (pq) memcpy(q, subcode, Q_BYTES);
  else subcode_unpack_q(subcode, q);
  if (lba >= 0 && lba < b->leadout && is_leadout(q)) b->leadout = lba;
  if (lba < -150) {
    if (!pq && b->packs) keep_packs(b, subcode);
    return S_OK;
  }
  if (lba >= b->leadout) return S_OK;
  if (b->sub.file && fwrite(q, Q_BYTES, 1, b->sub.file) != 1) return E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE;
  if (b->keeping) recorded_q(&b->kept, q);
  if (lba < 0) return S_OK;
  BYTE changed[SECTOR_BYTES];
  if (lba == b->corrupt_at) {
    for (int i = 0; i < SECTOR_BYTES; i++) changed[i] = (BYTE)(sector[i] ^ (i % 2 ? 0x00 : 0x55)); /* every sample's low byte */
    sector = changed;
  }
  if (b->disc.file && fwrite(sector, SECTOR_BYTES, 1, b->disc.file) != 1) return E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE;
  if (b->keeping) recorded_audio(&b->kept, sector);
  return S_OK;
}

/* A hold of pauseAtBlock: creates `reached`, then waits for `resume` (a CancelWrite meanwhile
   ends it; with ignoreCancel, once `resume` exists). */
static int pause_burn(burn *b, const sim_pause *hold) {
  char reached[1024], resume[1024];
  sim_expand_path(reached, sizeof reached, hold->reached, b->d->index, b->d->recorded + 1);
  sim_expand_path(resume, sizeof resume, hold->resume, b->d->index, b->d->recorded + 1);
  sim_touch(reached);
  while (!sim_file_exists(resume)) {
    if (__atomic_load_n(&b->f->cancel, __ATOMIC_SEQ_CST) && !hold->ignore_cancel) return 0;
    sim_sleep(0.02);
  }
  return !__atomic_load_n(&b->f->cancel, __ATOMIC_SEQ_CST); /* a cancel the hold ignored ends the write now */
}

/* The faults and the holds that strike before the chunk [lba, lba + n) of the program area. */
static HRESULT before_chunk(burn *b, LONG lba, LONG n, int *held) {
  sim2_world *w = b->f->world;
  fault_set *disc = sim2_disc_faults(w, b->f->recorder);
  long long lost = sim_faults_block(&w->config.faults, disc, 0), removed = sim_faults_block(&w->config.faults, disc, 1);
  const sim_recorder_config *setup = b->d->setup;
  if (__atomic_load_n(&b->f->cancel, __ATOMIC_SEQ_CST)) return E_IMAPI_REQUEST_CANCELLED;
  for (; *held < setup->pause_count && lba + n > setup->pauses[*held].block; ++*held)
    if (!pause_burn(b, &setup->pauses[*held])) return E_IMAPI_REQUEST_CANCELLED;
  if (lost >= 0 && lba + n > lost) return E_IMAPI_LOSS_OF_STREAMING;
  if (removed >= 0 && lba + n > removed) {
    b->d->removed = 1;
    return BA_HRESULT_DEV_NOT_EXIST;
  }
  return S_OK;
}

static HRESULT write_sectors(burn *b) {
  static BYTE chunk[CHUNK * (SECTOR_BYTES + RW_BYTES)];
  int held = 0; /* the holds of pauseAtBlock passed */
  LONG count = b->end - b->first;
  sim2_update(b->f, b->first, count, b->first - 1);
  for (LONG lba = b->first; lba < b->end;) {
    LONG n = b->end - lba < CHUNK ? b->end - lba : CHUNK;
    ULONG want = (ULONG)n * b->sector_bytes, got = 0;
    HRESULT hr = before_chunk(b, lba, n, &held);
    if (SUCCEEDED(hr)) hr = b->image->lpVtbl->Read(b->image, chunk, want, &got);
    if (SUCCEEDED(hr) && got != want) hr = E_IMAPI_DF2RAW_STREAM_NOT_SUPPORTED;
    for (LONG i = 0; SUCCEEDED(hr) && i < n; i++) hr = record_sector(b, lba + i, chunk + (size_t)i * b->sector_bytes);
    if (FAILED(hr)) return hr;
    double scale = b->f->world->config.time_scale;
    if (scale > 0) sim_sleep((double)n / (b->f->current_speed > 0 ? b->f->current_speed : 75) * scale);
    LONG before = lba - b->first;
    lba += n;
    if ((lba - b->first) / UPDATE_EVERY != before / UPDATE_EVERY || lba == b->end) sim2_update(b->f, b->first, count, lba - 1);
  }
  return S_OK;
}

/* The checks of the decompiled WriteMedia2, in its order. */
static HRESULT check_stream(burn *b, LONG stream_lead_in, LONG *total) {
  STATSTG stat;
  HRESULT hr = b->image->lpVtbl->Stat(b->image, &stat, STATFLAG_NONAME);
  if (FAILED(hr)) return hr;
  if (stat.cbSize.QuadPart % b->sector_bytes != 0) return E_IMAPI_DF2RAW_STREAM_NOT_SUPPORTED; /* the sector types disagree */
  *total = (LONG)(stat.cbSize.QuadPart / b->sector_bytes);
  if (stream_lead_in <= MIN_STREAM_LEAD_IN) return E_IMAPI_DF2RAW_STREAM_NOT_SUPPORTED;
  if (b->d->setup->lead_in + stream_lead_in < 0) return E_IMAPI_DF2RAW_STREAM_LEADIN_TOO_SHORT;
  LONG program = *total - stream_lead_in;
  if (program < MIN_PROGRAM || program > (LONG)sim_media_blocks(b->d) + LEAD_OUT_SECTORS) return E_IMAPI_DF2RAW_NOT_ENOUGH_SPACE;
  return S_OK;
}

static int pack_order(const uint8_t *pack) { return (pack[3] >> 4 & 7) << 8 | pack[2]; }

/* In the order of their block and sequence numbers (pack bytes 3 and 2), as a reader lists them. */
static void sort_packs(burn *b) {
  uint8_t moving[CD_TEXT_PACK];
  for (int i = 1; i < b->pack_count; i++) {
    int j = i;
    memcpy(moving, b->packs[i], CD_TEXT_PACK);
    for (; j > 0 && pack_order(b->packs[j - 1]) > pack_order(moving); j--) memcpy(b->packs[j], b->packs[j - 1], CD_TEXT_PACK);
    memcpy(b->packs[j], moving, CD_TEXT_PACK);
  }
}

static void write_packs(burn *b, int disc) {
  sim_output text;
  const char *pattern = b->f->world->config.text_out;
  if (!pattern[0] || !sim_output_open(&text, pattern, b->d->index, disc, "wb")) return;
  if (b->pack_count > 0) fwrite(b->packs, CD_TEXT_PACK, (size_t)b->pack_count, text.file);
  sim_output_close(&text, 1);
}

static int open_outputs(burn *b, int disc) {
  const sim_config *c = &b->f->world->config;
  int ok = !c->disc_out[0] || sim_output_open(&b->disc, c->disc_out, b->d->index, disc, "wb");
  ok = ok && (!c->sub_out[0] || sim_output_open(&b->sub, c->sub_out, b->d->index, disc, "wb"));
  b->packs = calloc(MAX_PACKS, CD_TEXT_PACK);
  fault_set *own = sim2_disc_faults(b->f->world, b->f->recorder);
  b->corrupt_at = c->faults.corrupt_at >= 0 ? c->faults.corrupt_at : own ? own->corrupt_at : -1;
  /* faults.blankDisc: the burn goes as well as ever, and nothing stays on the disc */
  int blank = c->faults.blank_disc || (own && own->blank_disc);
  recorded_forget(c, b->d->index, b->d->slot); /* the disc is blank: what an earlier burn left is not on it */
  b->keeping = !blank && recorded_begin(&b->kept, c, b->d->index, b->d->slot);
  return ok && b->packs && (blank || b->keeping);
}

static void close_outputs(burn *b, int keep, int disc) {
  if (b->disc.file) sim_output_close(&b->disc, keep);
  if (b->sub.file) sim_output_close(&b->sub, keep);
  if (keep) sort_packs(b), write_packs(b, disc);
  if (b->keeping) recorded_end(&b->kept, keep, b->leadout, b->packs ? b->packs[0] : NULL, b->pack_count);
  free(b->packs);
}

HRESULT sim2_write(sim2_format *f, IStream *image, LONG stream_lead_in) {
  if (!image) return E_POINTER;
  if (!f->prepared) return E_IMAPI_DF2RAW_MEDIA_IS_NOT_PREPARED;
  sim_drive *d = &f->world->drives[f->recorder];
  if (d->removed) return BA_HRESULT_DEV_NOT_EXIST;
  if (sim_media(d) == MEDIA_NONE) return E_IMAPI_RECORDER_MEDIA_NO_MEDIA;
  if (!sim_blank(sim_media(d))) return E_IMAPI_DF2RAW_MEDIA_IS_NOT_BLANK;
  burn b = {.f = f, .d = d, .image = image, .sector_bytes = image_sector_bytes(f->sector_type)};
  LONG total = 0;
  HRESULT hr = check_stream(&b, stream_lead_in, &total);
  if (FAILED(hr)) return hr;
  b.first = d->setup->lead_in, b.end = b.leadout = total - stream_lead_in;
  LARGE_INTEGER skip = {.QuadPart = (LONGLONG)(b.first + stream_lead_in) * b.sector_bytes};
  if (FAILED(hr = image->lpVtbl->Seek(image, skip, STREAM_SEEK_SET, NULL))) return hr;
  int disc = d->recorded + 1; /* {disc}: the number this disc gets if it is recorded */
  int laser = open_outputs(&b, disc);
  hr = laser ? write_sectors(&b) : E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE;
  close_outputs(&b, SUCCEEDED(hr), disc);
  if (SUCCEEDED(hr)) {
    sim_set_media(d, sim_media(d) == MEDIA_BLANK_CDRW ? MEDIA_USED_CDRW : MEDIA_USED_CDR);
    sim_count_recorded(d);
  } else if (laser && sim_media(d) == MEDIA_BLANK_CDR) {
    sim_set_media(d, MEDIA_USED_CDR); /* a write-once disc that failed or was cancelled while recording is spent */
  }
  return hr;
}
