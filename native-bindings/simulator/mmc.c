/* The MMC commands of reading a disc back (mmc.h). Numbers: MMC-6 §6.14 (READ CD), §6.21 (READ DISC
   INFORMATION), §6.27 (READ SUB-CHANNEL), §6.28 (READ TOC/PMA/ATIP). */
#include <string.h>

#include "mmc.h"

#define AUDIO_BYTES 2352
#define SECTOR_FRAMES 588
#define FORMATTED_Q 16
#define MAX_READ_SECTORS 65536

/* Sense keys and additional sense codes (MMC / SPC). */
enum { NOT_READY = 2, MEDIUM_ERROR = 3, ILLEGAL_REQUEST = 5 };
#define ASC_NO_MEDIUM 0x3A
#define ASC_UNRECOVERED_READ 0x11
#define ASC_LBA_OUT_OF_RANGE 0x21
#define ASC_INVALID_FIELD 0x24
#define ASC_INVALID_OPCODE 0x20
#define ASC_BECOMING_READY 0x04

typedef struct {
  BYTE *out;
  ULONG size, used;
} reply;

static void put(reply *r, BYTE byte) {
  if (r->used < r->size) r->out[r->used] = byte;
  r->used++;
}

static void put32(reply *r, long value) {
  for (int shift = 24; shift >= 0; shift -= 8) put(r, (BYTE)((unsigned long)value >> shift));
}

/* An address as READ TOC gives it: MSF (0, M, S, F; binary) or a big-endian LBA. */
static void put_address(reply *r, long lba, int msf) {
  if (!msf) return put32(r, lba);
  long frames = lba + 150;
  put(r, 0), put(r, (BYTE)(frames / 4500)), put(r, (BYTE)(frames / 75 % 60)), put(r, (BYTE)(frames % 75));
}

/* The reply's length field (its first two bytes count what follows them), then the bytes sent. */
static HRESULT finish(reply *r, ULONG *fetched) {
  ULONG length = r->used - 2;
  if (r->size >= 2) r->out[0] = (BYTE)(length >> 8), r->out[1] = (BYTE)length;
  *fetched = r->used < r->size ? r->used : r->size;
  return S_OK;
}

static HRESULT refuse(BYTE sense[SENSE_BYTES], int key, int asc, long lba, int with_lba) {
  memset(sense, 0, SENSE_BYTES);
  sense[0] = (BYTE)(0x70 | (with_lba ? 0x80 : 0)); /* current error, fixed format; VALID: INFORMATION holds the LBA */
  sense[2] = (BYTE)key;
  for (int i = 0; i < 4; i++) sense[3 + i] = (BYTE)((unsigned long)lba >> (24 - 8 * i));
  sense[7] = 10;
  sense[12] = (BYTE)asc;
  return S_IMAPI_COMMAND_HAS_SENSE_DATA;
}

/* ------------------------------------------------------------------ READ TOC */

static void toc_entry(reply *r, const recorded_track *t, int number, long lba, int msf) {
  put(r, 0), put(r, (BYTE)(0x10 | (t->control & 0x0F))), put(r, (BYTE)number), put(r, 0);
  put_address(r, lba, msf);
}

static void full_toc_entry(reply *r, int control, int point, int pmin, int psec, int pframe) {
  BYTE entry[11] = {1, (BYTE)(0x10 | (control & 0x0F)), 0, (BYTE)point, 0, 0, 0, 0, (BYTE)pmin, (BYTE)psec, (BYTE)pframe};
  for (int i = 0; i < 11; i++) put(r, entry[i]);
}

static void full_toc(reply *r, const recorded_toc *t) {
  const recorded_track *first = &t->tracks[0], *last = &t->tracks[t->track_count - 1];
  long out = t->leadout + 150;
  put(r, 0), put(r, 0), put(r, 1), put(r, 1);
  full_toc_entry(r, first->control, 0xA0, first->number, 0x00, 0); /* PSEC 00: a CD-DA disc */
  full_toc_entry(r, last->control, 0xA1, last->number, 0, 0);
  full_toc_entry(r, last->control, 0xA2, (int)(out / 4500), (int)(out / 75 % 60), (int)(out % 75));
  for (int i = 0; i < t->track_count; i++) {
    long at = t->tracks[i].start + 150;
    full_toc_entry(r, t->tracks[i].control, t->tracks[i].number, (int)(at / 4500), (int)(at / 75 % 60), (int)(at % 75));
  }
}

static HRESULT read_toc(const recorded_disc *disc, const BYTE *cdb, BYTE sense[SENSE_BYTES], reply *r, ULONG *fetched) {
  const recorded_toc *t = &disc->toc;
  int msf = cdb[1] & 0x02, format = cdb[2] & 0x0F, from = cdb[6];
  if (format == 0) {
    put(r, 0), put(r, 0), put(r, (BYTE)t->tracks[0].number), put(r, (BYTE)t->tracks[t->track_count - 1].number);
    if (from > t->tracks[t->track_count - 1].number && from != 0xAA) return refuse(sense, ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0, 0);
    for (int i = 0; i < t->track_count; i++)
      if (t->tracks[i].number >= from) toc_entry(r, &t->tracks[i], t->tracks[i].number, t->tracks[i].start, msf);
    toc_entry(r, &t->tracks[t->track_count - 1], 0xAA, t->leadout, msf);
  } else if (format == 2) {
    full_toc(r, t);
  } else if (format == 5) {
    put(r, 0), put(r, 0), put(r, 0), put(r, 0);
    for (int i = 0; i < disc->pack_count * CD_TEXT_PACK; i++) put(r, disc->packs[i]);
  } else {
    return refuse(sense, ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0, 0);
  }
  return finish(r, fetched);
}

/* ------------------------------------------------------------------ READ SUB-CHANNEL */

static HRESULT read_sub_channel(const recorded_disc *disc, const BYTE *cdb, BYTE sense[SENSE_BYTES], reply *r, ULONG *fetched) {
  const recorded_toc *t = &disc->toc;
  int format = cdb[3], number = cdb[6];
  const char *code = NULL;
  const recorded_track *track = NULL;
  if (format == 2) code = t->mcn;
  else if (format == 3) {
    for (int i = 0; i < t->track_count && !track; i++)
      if (t->tracks[i].number == number) track = &t->tracks[i];
    if (!track) return refuse(sense, ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0, 0);
    code = track->isrc;
  } else {
    return refuse(sense, ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0, 0);
  }
  /* Header: reserved, audio status 15h (none to report), the data length; then the code. */
  put(r, 0), put(r, 0x15), put(r, 0), put(r, 0);
  put(r, (BYTE)format);
  put(r, track ? (BYTE)(0x30 | (track->control & 0x0F)) : 0), put(r, track ? (BYTE)number : 0), put(r, 0);
  put(r, code[0] ? 0x80 : 0); /* MCVAL / TCVAL */
  size_t length = format == 2 ? 13 : 12;
  for (size_t i = 0; i < length; i++) put(r, code[0] ? (BYTE)code[i] : 0);
  while (r->used < 24) put(r, 0);
  if (r->size >= 4) r->out[3] = (BYTE)(r->used - 4); /* the sub-channel data length, after the 4-byte header */
  *fetched = r->used < r->size ? r->used : r->size;
  return S_OK;
}

/* ------------------------------------------------------------------ READ CD */

static long find_lba(const long *list, int count, long from, long to, int *at) {
  for (int i = 0; i < count; i++)
    if (list[i] >= from && list[i] < to && (!at || !at[i])) return i;
  return -1;
}

/* The first sector of [from, to) that fails to read now, or -1: an unreadable one, or an
   unreadableOnce one not yet failed (which fails this once). */
static long failing(fault_set *set, long from, long to) {
  if (!set) return -1;
  long i = find_lba(set->unreadable, set->unreadable_count, from, to, NULL);
  if (i >= 0) return set->unreadable[i];
  i = find_lba(set->unreadable_once, set->unreadable_once_count, from, to, set->once_failed);
  if (i < 0) return -1;
  set->once_failed[i] = 1;
  return set->unreadable_once[i];
}

static HRESULT read_cd(mmc_drive *m, sim_drive *d, fault_set *top, fault_set *own, const BYTE *cdb, BYTE sense[SENSE_BYTES], reply *r,
                       ULONG *fetched) {
  long lba = (long)((unsigned long)cdb[2] << 24 | (unsigned long)cdb[3] << 16 | (unsigned long)cdb[4] << 8 | cdb[5]);
  long count = (long)cdb[6] << 16 | (long)cdb[7] << 8 | cdb[8];
  int type = cdb[1] >> 2 & 7, main = (cdb[9] & 0xF8) != 0, sub = cdb[10] & 7;
  if ((type != 0 && type != 1) || (cdb[9] & 0x06) || (sub != 0 && sub != 2) || count > MAX_READ_SECTORS)
    return refuse(sense, ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0, 0); /* CD-DA only; no C2 pointers, no raw sub-channel */
  if ((top && top->refuses_cdda) || (own && own->refuses_cdda)) return refuse(sense, ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0, 0);
  if (lba < 0 || lba + count > m->disc.toc.leadout) return refuse(sense, ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE, lba, 1);
  long bad = failing(top, lba, lba + count);
  if (bad < 0) bad = failing(own, lba, lba + count);
  if (bad >= 0) return refuse(sense, MEDIUM_ERROR, ASC_UNRECOVERED_READ, bad, 1);
  ULONG per = (main ? AUDIO_BYTES : 0) + (sub ? FORMATTED_Q : 0);
  long offset = d->setup->read_offset;
  for (long i = 0; i < count && r->used + per <= r->size; i++) {
    BYTE *at = r->out + r->used;
    if (main) recorded_frames(&m->disc, (long long)(lba + i) * SECTOR_FRAMES - offset, SECTOR_FRAMES, at);
    if (sub) {
      memset(at + per - FORMATTED_Q, 0, FORMATTED_Q);
      memcpy(at + per - FORMATTED_Q, m->disc.q + (size_t)(lba + i + 150) * Q_BYTES, Q_BYTES);
    }
    r->used += per;
  }
  *fetched = r->used;
  return S_OK;
}

/* ------------------------------------------------------------------ READ DISC INFORMATION */

static HRESULT disc_information(const mmc_drive *m, media_state media, reply *r, ULONG *fetched) {
  int held = m->state == 1;
  BYTE status = (BYTE)((held ? 0x0E : 0x00) | (sim_rewritable(media) ? 0x10 : 0)); /* complete, or empty; erasable */
  put(r, 0), put(r, 32), put(r, status), put(r, 1), put(r, 1);
  put(r, 1), put(r, held ? (BYTE)m->disc.toc.tracks[m->disc.toc.track_count - 1].number : 1);
  while (r->used < 34) put(r, 0);
  return finish(r, fetched);
}

/* ------------------------------------------------------------------ the drive */

static void load(mmc_drive *m, sim_drive *d) {
  if (m->state && m->slot == d->slot) return;
  mmc_close(m);
  char error[400];
  const char *image = d->slot < d->setup->disc_count ? d->setup->discs[d->slot].image : "";
  m->state = recorded_load(&m->disc, d->config, d->index, d->slot, image, error, sizeof error) == 1 ? 1 : 2;
  m->slot = d->slot;
}

HRESULT mmc_command(mmc_drive *m, sim_drive *d, fault_set *top, fault_set *own, const BYTE *cdb, ULONG cdb_size, BYTE sense[SENSE_BYTES],
                    BYTE *buffer, ULONG size, ULONG *fetched) {
  reply r = {buffer, size, 0};
  *fetched = 0;
  memset(sense, 0, SENSE_BYTES);
  if (!cdb || cdb_size < 10 || (!buffer && size)) return E_POINTER;
  media_state media = sim_media(d);
  if (media == MEDIA_NONE) return refuse(sense, NOT_READY, ASC_NO_MEDIUM, 0, 0);
  fault_set *waiting = top && top->not_ready > 0 ? top : own && own->not_ready > 0 ? own : NULL;
  if (waiting) {
    waiting->not_ready--;
    HRESULT hr = refuse(sense, NOT_READY, ASC_BECOMING_READY, 0, 0);
    sense[13] = 1; /* 02/04/01: becoming ready, as a drive says while it reads a disc in */
    return hr;
  }
  load(m, d);
  if (cdb[0] == 0x51) return disc_information(m, media, &r, fetched);
  if (cdb[0] != 0x43 && cdb[0] != 0x42 && cdb[0] != 0xBE) return refuse(sense, ILLEGAL_REQUEST, ASC_INVALID_OPCODE, 0, 0);
  if (m->state != 1) return refuse(sense, ILLEGAL_REQUEST, cdb[0] == 0xBE ? ASC_LBA_OUT_OF_RANGE : ASC_INVALID_FIELD, 0, 0); /* a blank disc */
  if (cdb[0] == 0x43) return read_toc(&m->disc, cdb, sense, &r, fetched);
  if (cdb[0] == 0x42) return read_sub_channel(&m->disc, cdb, sense, &r, fetched);
  return read_cd(m, d, top, own, cdb, sense, &r, fetched);
}

void mmc_close(mmc_drive *m) {
  if (m->state == 1) recorded_close(&m->disc);
  m->state = 0;
}
