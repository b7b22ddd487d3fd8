/* The recorded disc, kept for reading back (recorded.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "layout2.h" /* MCN_FRAME_AT, ISRC_FRAME_AT: where IMAPI2 puts the codes' frames; the same here */
#include "recorded.h"

#define FRAME_BYTES 4
#define SECTOR_FRAMES 588
#define AUDIO_BYTES 2352
#define TOC_MAGIC "burn-audio-sim-disc"

static const char *const EXTENSIONS[] = {"toc", "q", "cda", "cdt"};
enum { TOC_FILE, Q_FILE, AUDIO_FILE, TEXT_FILE };

static void file_path(char *out, size_t size, const sim_config *c, int recorder, int slot, int which) {
  snprintf(out, size, "%s.recorder%d.disc%d.%s", c->path, recorder, slot, EXTENSIONS[which]);
}

/* ------------------------------------------------------------------ Q frames from a table of contents */

/* The track whose INDEX 00 or later holds `lba`. */
static const recorded_track *track_at(const recorded_toc *t, long lba) {
  int i = 0;
  while (i + 1 < t->track_count && lba >= t->tracks[i + 1].pregap) i++;
  return &t->tracks[i];
}

/* The Q frame of `lba` (from -150 to the lead-out) as a recorder writes it for these tracks:
   position frames, with the MCN's and the ISRC's in their places (layout2.h). */
static void make_q(const recorded_toc *t, long lba, uint8_t q[Q_BYTES]) {
  const recorded_track *track = track_at(t, lba);
  int index = lba < track->start ? 0 : 1;
  for (int i = 0; index > 0 && i < track->index_count && track->indexes[i] <= lba; i++) index++;
  int place = (int)((lba + 150) % 100), aframe = (int)((lba + 150) % 75);
  if (t->mcn[0] && place == MCN_FRAME_AT) q_mcn_frame(q, track->control, t->mcn, aframe);
  else if (track->isrc[0] && index > 0 && place == ISRC_FRAME_AT) q_isrc_frame(q, track->control, track->isrc, aframe);
  else {
    q_position p = {.control = track->control, .tno = track->number, .index = index,
                    .relative = index == 0 ? track->start - lba : lba - track->start, .absolute = lba + 150};
    q_position_frame(q, &p);
  }
}

static uint8_t *made_q(const recorded_toc *t) {
  uint8_t *q = malloc((size_t)(t->leadout + 150) * Q_BYTES);
  for (long lba = -150; q && lba < t->leadout; lba++) make_q(t, lba, q + (size_t)(lba + 150) * Q_BYTES);
  return q;
}

/* ------------------------------------------------------------------ recording */

int recorded_begin(recorded_writer *w, const sim_config *c, int recorder, int slot) {
  char path[1100];
  memset(w, 0, sizeof *w);
  w->q_next = -150;
  file_path(path, sizeof path, c, recorder, slot, TOC_FILE);
  int ok = sim_output_open(&w->toc, path, recorder, slot, "w");
  file_path(path, sizeof path, c, recorder, slot, Q_FILE);
  ok = ok && sim_output_open(&w->q, path, recorder, slot, "wb");
  file_path(path, sizeof path, c, recorder, slot, AUDIO_FILE);
  ok = ok && sim_output_open(&w->audio, path, recorder, slot, "wb");
  w->ok = ok;
  if (!ok) recorded_end(w, 0, 0, NULL, 0);
  return ok;
}

void recorded_q(recorded_writer *w, const uint8_t q[Q_BYTES]) {
  q_position p;
  long lba = w->q_next++;
  if (!w->ok || fwrite(q, Q_BYTES, 1, w->q.file) != 1) w->ok = 0;
  recorded_toc *t = &w->contents;
  if (!q_position_read(q, &p) || p.tno < 1 || p.tno > 99 || p.index < 1 || t->track_count == RECORDED_TRACKS) return;
  if (t->track_count > 0 && t->tracks[t->track_count - 1].number >= p.tno) return;
  recorded_track *track = &t->tracks[t->track_count++];
  *track = (recorded_track){.number = p.tno, .control = p.control, .start = lba - p.relative};
}

void recorded_audio(recorded_writer *w, const uint8_t *sector) {
  if (w->ok && fwrite(sector, AUDIO_BYTES, 1, w->audio.file) != 1) w->ok = 0;
}

void recorded_add_track(recorded_writer *w, long start, long gap) {
  recorded_toc *t = &w->contents;
  if (t->track_count == RECORDED_TRACKS) return;
  t->tracks[t->track_count] = (recorded_track){.number = t->track_count + 1, .start = start, .pregap = t->track_count ? start - gap : -150};
  t->track_count++;
}

static void write_packs(const sim_output *like, const uint8_t *packs, int count) {
  sim_output text;
  char path[1100];
  snprintf(path, sizeof path, "%.*s.cdt", (int)(strlen(like->path) - 4), like->path);
  if (!sim_output_open(&text, path, 0, 0, "wb")) return;
  if (count > 0) fwrite(packs, CD_TEXT_PACK, (size_t)count, text.file);
  sim_output_close(&text, 1);
}

void recorded_end(recorded_writer *w, int keep, long leadout, const uint8_t *packs, int pack_count) {
  recorded_toc *t = &w->contents;
  keep = keep && w->ok && t->track_count > 0;
  t->leadout = leadout;
  if (keep && w->q_next == -150) { /* no frames given: made from the tracks */
    uint8_t *q = made_q(t);
    keep = q && fwrite(q, Q_BYTES, (size_t)(leadout + 150), w->q.file) == (size_t)(leadout + 150);
    free(q);
  }
  if (keep) {
    fprintf(w->toc.file, TOC_MAGIC " leadout=%ld tracks=%d\n", leadout, t->track_count);
    for (int i = 0; i < t->track_count; i++) fprintf(w->toc.file, "track %d %ld %d\n", t->tracks[i].number, t->tracks[i].start, t->tracks[i].control);
    write_packs(&w->toc, packs, pack_count);
  }
  if (w->q.file) sim_output_close(&w->q, keep);
  if (w->audio.file) sim_output_close(&w->audio, keep);
  if (w->toc.file) sim_output_close(&w->toc, keep); /* last: a table of contents in place means the rest is */
}

void recorded_forget(const sim_config *c, int recorder, int slot) {
  char path[1100];
  for (int which = TOC_FILE; which <= TEXT_FILE; which++) {
    file_path(path, sizeof path, c, recorder, slot, which);
    remove(path);
  }
}

/* ------------------------------------------------------------------ reading back */

static long file_size(FILE *f) {
  if (fseek(f, 0, SEEK_END) != 0) return -1;
  long size = ftell(f);
  rewind(f);
  return size;
}

static uint8_t *read_whole(const char *path, long *size) {
  FILE *f = fopen(path, "rb");
  *size = 0;
  if (!f) return NULL;
  long n = file_size(f);
  uint8_t *data = n > 0 ? malloc((size_t)n) : NULL;
  if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *size = data ? n : 0;
  return data;
}

/* The codes the Q frames carry: the MCN, and each track's ISRC from the frames within it. */
static void codes_from_q(recorded_disc *d) {
  for (long lba = -150; lba < d->toc.leadout; lba++) {
    const uint8_t *q = d->q + (size_t)(lba + 150) * Q_BYTES;
    char isrc[13];
    if (!d->toc.mcn[0]) q_mcn_read(q, d->toc.mcn);
    recorded_track *t = (recorded_track *)track_at(&d->toc, lba);
    if (!t->isrc[0] && lba >= t->start && q_isrc_read(q, isrc)) memcpy(t->isrc, isrc, sizeof isrc);
  }
}

static int load_recorded(recorded_disc *d, const sim_config *c, int recorder, int slot) {
  char path[1100];
  file_path(path, sizeof path, c, recorder, slot, TOC_FILE);
  FILE *toc = fopen(path, "r");
  if (!toc) return 0;
  recorded_toc *t = &d->toc;
  int ok = fscanf(toc, TOC_MAGIC " leadout=%ld tracks=%d", &t->leadout, &t->track_count) == 2 && t->track_count > 0 &&
           t->track_count <= RECORDED_TRACKS;
  for (int i = 0; ok && i < t->track_count; i++) {
    recorded_track *track = &t->tracks[i];
    ok = fscanf(toc, " track %d %ld %d", &track->number, &track->start, &track->control) == 3;
    track->pregap = i ? track->start - 150 : -150; /* where the codes are looked for: the pregap as IMAPI2 lays it out */
  }
  fclose(toc);
  long size = 0;
  file_path(path, sizeof path, c, recorder, slot, Q_FILE);
  if (ok) d->q = read_whole(path, &size);
  ok = ok && d->q && size == (t->leadout + 150) * Q_BYTES;
  file_path(path, sizeof path, c, recorder, slot, TEXT_FILE);
  if (ok) d->packs = read_whole(path, &size), d->pack_count = (int)(size / CD_TEXT_PACK);
  file_path(path, sizeof path, c, recorder, slot, AUDIO_FILE);
  if (ok) d->audio = fopen(path, "rb");
  if (ok && d->audio) codes_from_q(d);
  return ok && d->audio;
}

/* ---- a BIN/CUE image */

static long msf_lba(const char *text, int *ok) {
  int m, s, f;
  if (sscanf(text, "%d:%d:%d", &m, &s, &f) != 3 || s > 59 || f > 74) *ok = 0;
  return (long)(m * 60 + s) * 75 + f;
}

static int cue_line(recorded_toc *t, const char *line, char *bin) {
  char word[16] = "", rest[1024] = "";
  int ok = 1;
  sscanf(line, " %15s %1023[^\r\n]", word, rest);
  for (size_t n = strlen(rest); n > 0 && isspace((unsigned char)rest[n - 1]); n--) rest[n - 1] = 0;
  recorded_track *track = t->track_count ? &t->tracks[t->track_count - 1] : NULL;
  if (strcmp(word, "FILE") == 0) {
    if (sscanf(rest, "\"%1023[^\"]\"", bin) != 1) sscanf(rest, "%1023s", bin);
  } else if (strcmp(word, "CATALOG") == 0) ok = mcn_parse(rest, t->mcn);
  else if (strcmp(word, "TRACK") == 0) {
    if (t->track_count == RECORDED_TRACKS || !strstr(rest, "AUDIO")) return 0;
    track = &t->tracks[t->track_count++];
    *track = (recorded_track){.number = atoi(rest), .start = -1, .pregap = -1};
  } else if (track && strcmp(word, "ISRC") == 0) ok = isrc_parse(rest, track->isrc);
  else if (track && strcmp(word, "FLAGS") == 0)
    track->control = (strstr(rest, "PRE") ? CONTROL_PREEMPHASIS : 0) | (strstr(rest, "DCP") ? CONTROL_COPY_PERMITTED : 0) | (strstr(rest, "4CH") ? 8 : 0);
  else if (track && strcmp(word, "INDEX") == 0) {
    int number = atoi(rest);
    const char *at = strchr(rest, ' ');
    long lba = at ? msf_lba(at + 1, &ok) : (ok = 0);
    if (number == 0) track->pregap = lba;
    else if (number == 1) track->start = lba;
    else if (track->index_count < RECORDED_INDEXES) track->indexes[track->index_count++] = lba;
  }
  return ok;
}

static int load_image(recorded_disc *d, const char *cue, char *error, size_t error_size) {
  FILE *sheet = fopen(cue, "r");
  char line[1100], bin[1024] = "", path[2100];
  recorded_toc *t = &d->toc;
  int ok = sheet != NULL, number = 0;
  while (ok && fgets(line, sizeof line, sheet)) ok = cue_line(t, line, bin) && ++number;
  if (sheet) fclose(sheet);
  for (int i = 0; ok && i < t->track_count; i++) {
    recorded_track *track = &t->tracks[i];
    ok = track->start >= 0;
    if (track->pregap < 0 || i == 0) track->pregap = i ? track->start : -150;
  }
  const char *slash = strrchr(cue, '/'), *backslash = strrchr(cue, '\\');
  if (backslash > slash) slash = backslash;
  snprintf(path, sizeof path, "%.*s%s", slash ? (int)(slash - cue + 1) : 0, cue, bin);
  if (ok && t->track_count > 0 && bin[0]) d->audio = fopen(path, "rb");
  long size = d->audio ? file_size(d->audio) : -1;
  if (!ok || t->track_count == 0 || size < 0) {
    snprintf(error, error_size, "image %s: not a BIN/CUE audio image the simulator can read (line %d)", cue, number + 1);
    return -1;
  }
  t->leadout = (size + AUDIO_BYTES - 1) / AUDIO_BYTES;
  d->q = made_q(t);
  return d->q ? 1 : -1;
}

int recorded_load(recorded_disc *d, const sim_config *c, int recorder, int slot, const char *image, char *error, size_t error_size) {
  memset(d, 0, sizeof *d);
  if (load_recorded(d, c, recorder, slot)) return 1;
  recorded_close(d);
  if (!image || !image[0]) return 0;
  int loaded = load_image(d, image, error, error_size);
  if (loaded < 0) recorded_close(d);
  return loaded;
}

void recorded_close(recorded_disc *d) {
  free(d->q);
  free(d->packs);
  if (d->audio) fclose(d->audio);
  memset(d, 0, sizeof *d);
}

void recorded_frames(recorded_disc *d, long long first, long count, uint8_t *out) {
  long long end = (long long)d->toc.leadout * SECTOR_FRAMES;
  memset(out, 0, (size_t)count * FRAME_BYTES);
  long long from = first < 0 ? 0 : first, to = first + count > end ? end : first + count;
  if (from >= to || fseek(d->audio, (long)(from * FRAME_BYTES), SEEK_SET) != 0) return;
  size_t got = fread(out + (from - first) * FRAME_BYTES, FRAME_BYTES, (size_t)(to - from), d->audio);
  (void)got; /* a short BIN reads as zeros, as a recorder pads its last sector */
}
