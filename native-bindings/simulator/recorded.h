/*
 * The disc a recorder recorded, kept so that it can be read back (README, "Reading the disc
 * back"): its table of contents, each sector's Q frame from LBA -150 to the lead-out, the
 * program area's audio and the lead-in's CD-TEXT packs, in files beside the configuration,
 * CONFIG.recorderN.discS.toc, .q, .cda and .cdt (S: the drive's disc slot), so that a later
 * process reads the disc an earlier one burned. A disc configured with "image" (a BIN/CUE image,
 * one BINARY file from LBA 0, as burn-audio --image writes it) reads as that image until
 * something is recorded on it; its Q frames are made from the cue sheet.
 *
 * Calls output.c and subcode.c. Called by writing2.c and recording.c (recording) and mmc.c
 * (reading back).
 */
#ifndef BURN_AUDIO_SIM_RECORDED_H
#define BURN_AUDIO_SIM_RECORDED_H

#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "output.h"
#include "subcode.h"

#define RECORDED_TRACKS 99
#define RECORDED_INDEXES 98

typedef struct {
  int number, control;
  long start;  /* LBA of INDEX 01 */
  long pregap; /* LBA of INDEX 00 (start when the track has none); track 1's is -150 */
  char isrc[13];
  long indexes[RECORDED_INDEXES]; /* LBAs of INDEX 02 and later */
  int index_count;
} recorded_track;

typedef struct {
  long leadout;
  int track_count;
  recorded_track tracks[RECORDED_TRACKS];
  char mcn[14];
} recorded_toc;

/* A disc being recorded: Q frames (IMAPI2: as the image carries them; IMAPI v1: none, they are
   made from the tracks at the end) and audio, each in order from its first sector. */
typedef struct {
  sim_output toc, q, audio;
  recorded_toc contents;
  long q_next; /* the LBA of the next Q frame */
  int ok;
} recorded_writer;

/* Opens the files of recorder `recorder`'s disc `slot` for writing; 0 when they cannot be made. */
int recorded_begin(recorded_writer *w, const sim_config *c, int recorder, int slot);
/* The next sector's Q frame (the first is LBA -150's); a track's first position frame in INDEX 01
   adds it to the table of contents. */
void recorded_q(recorded_writer *w, const uint8_t q[Q_BYTES]);
void recorded_audio(recorded_writer *w, const uint8_t *sector);
/* IMAPI v1: a track as it was written, `gap` sectors of INDEX 00 before it. */
void recorded_add_track(recorded_writer *w, long start, long gap);
/* With `keep`, puts the disc in place (its lead-out at `leadout`; CD-TEXT packs, 18 bytes each),
   making the Q frames where none were given; else removes what was written. */
void recorded_end(recorded_writer *w, int keep, long leadout, const uint8_t *packs, int pack_count);
/* faults.blankDisc: what was recorded on the slot before is gone, nothing is in its place. */
void recorded_forget(const sim_config *c, int recorder, int slot);

/* A disc as it reads back. */
typedef struct {
  recorded_toc toc;
  uint8_t *q; /* toc.leadout + 150 frames, from LBA -150 */
  uint8_t *packs;
  int pack_count;
  FILE *audio;
} recorded_disc;

/* The disc in recorder `recorder`'s slot `slot`: what was recorded on it, else `image` (may be
   ""). 1 when there is one; 0 when the disc holds nothing (blank); -1 with `error` when the image
   cannot be read. */
int recorded_load(recorded_disc *d, const sim_config *c, int recorder, int slot, const char *image, char *error, size_t error_size);
void recorded_close(recorded_disc *d);
/* `count` stereo frames from frame `first` of the program area (588 a sector from LBA 0), zeros
   outside it. */
void recorded_frames(recorded_disc *d, long long first, long count, uint8_t *out);

#endif
