/*
 * The raw disc-at-once image IRawCDImageCreator lays out (reference imapi2-dao-and-readback §6.1,
 * from the decompiled CreateResultImage): a 22,500-sector lead-in from MSF 95:00:00 (LBA -22,650),
 * track 1's pregap from LBA -150 (150 sectors of silence, or AddSpecialPregap's audio: with more
 * than 150 sectors track 1 starts that much later), the tracks, 150 sectors of silence between
 * tracks when DisableGaplessAudio is TRUE, and a 6,750-sector lead-out. Each track's INDEX 00
 * covers the 150 sectors before its start: the inserted silence, or, gapless, the previous
 * track's last two seconds ("encoded in the pregap area of the next audio track").
 *
 * What each sector's subchannel carries: P (1 in a pause), Q (position; the lead-in's table of
 * contents, each entry three times; MCN and ISRC frames in place of a position frame once every
 * 100 sectors), and the R-W the client's generator gives.
 *
 * Calls subcode.c. Called by image-stream.c and creator2.c.
 */
#ifndef BURN_AUDIO_SIM_LAYOUT2_H
#define BURN_AUDIO_SIM_LAYOUT2_H

#include "../imapi2.h"
#include "subcode.h"

#define IMAGE_START (-22650) /* MSF 95:00:00 */
#define LEAD_IN_SECTORS 22500
#define PREGAP_SECTORS 150
#define LEAD_OUT_SECTORS 6750
#define MIN_TRACK_SECTORS 300
#define MAX_TRACKS2 99
#define MAX_INDEXES 98 /* INDEX 02 to 99 */
#define MIN_INDEX_SECTORS 10
#define MCN_FRAME_AT 25  /* (LBA + 150) % 100: where the MCN frame replaces a position frame */
#define ISRC_FRAME_AT 50 /* ... and the ISRC frame, in a track's INDEX 01 and later */

typedef struct {
  LONG start, sectors; /* LBA of INDEX 01; user sectors */
  IMAPI_CD_TRACK_DIGITAL_COPY_SETTING copy;
  int preemphasis;
  char isrc[13];                 /* "" when none */
  LONG indexes[MAX_INDEXES];     /* offsets of INDEX 02.. from the start, ascending */
  int index_count;
} layout_track;

typedef struct {
  layout_track tracks[MAX_TRACKS2];
  int track_count, first_number;
  LONG pregap;       /* sectors from LBA -150 to track 1 */
  int gaps;          /* DisableGaplessAudio */
  int special;       /* AddSpecialPregap gave the pregap's audio */
  char mcn[14];      /* "" when none */
  LONG leadout;      /* StartOfLeadout */
} layout;

/* Places the tracks (start) and the lead-out from the sectors, the pregap and the gaps. */
void layout_place(layout *l);
LONG layout_image_sectors(const layout *l);

/* What the main channel holds at `lba`: a track (its index, `offset` its sector), the special
   pregap (LAYOUT_PREGAP, `offset` its sector), or silence (-1). */
#define LAYOUT_SILENCE (-1)
#define LAYOUT_PREGAP (-2)
int layout_source(const layout *l, LONG lba, LONG *offset);

/* The subchannel of `lba`: P and the Q frame. */
void layout_subcode(const layout *l, LONG lba, int *p, uint8_t q[Q_BYTES]);

#endif
