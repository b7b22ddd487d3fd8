/* The raw image's layout and each sector's subchannel (layout2.h). */
#include <string.h>

#include "layout2.h"

void layout_place(layout *l) {
  LONG at = -PREGAP_SECTORS + l->pregap;
  for (int t = 0; t < l->track_count; t++) {
    l->tracks[t].start = at;
    at += l->tracks[t].sectors;
    if (l->gaps && t + 1 < l->track_count) at += PREGAP_SECTORS; /* 150 sectors of silence between tracks */
  }
  l->leadout = at;
}

LONG layout_image_sectors(const layout *l) { return l->leadout + LEAD_OUT_SECTORS - IMAGE_START; }

int layout_source(const layout *l, LONG lba, LONG *offset) {
  *offset = 0;
  if (l->track_count == 0 || lba < -PREGAP_SECTORS || lba >= l->leadout) return LAYOUT_SILENCE;
  if (lba < l->tracks[0].start) {
    *offset = lba + PREGAP_SECTORS;
    return l->special ? LAYOUT_PREGAP : LAYOUT_SILENCE;
  }
  for (int t = 0; t < l->track_count; t++)
    if (lba >= l->tracks[t].start && lba < l->tracks[t].start + l->tracks[t].sectors) {
      *offset = lba - l->tracks[t].start;
      return t;
    }
  return LAYOUT_SILENCE; /* an inserted gap */
}

/* Serial copy management: the copy bit alternates, four sectors on, four off (9.375 Hz). */
static int control_of(const layout_track *t, LONG lba) {
  int copy = t->copy == IMAPI_CD_TRACK_DIGITAL_COPY_PERMITTED ||
             (t->copy == IMAPI_CD_TRACK_DIGITAL_COPY_SCMS && (lba + PREGAP_SECTORS) / 4 % 2 == 0);
  return (copy ? CONTROL_COPY_PERMITTED : 0) | (t->preemphasis ? CONTROL_PREEMPHASIS : 0);
}

/* The track whose INDEX 00 or later holds `lba`: its INDEX 00 is the 150 sectors before it. */
static int track_at(const layout *l, LONG lba) {
  int t = 0;
  while (t + 1 < l->track_count && lba >= l->tracks[t + 1].start - PREGAP_SECTORS) t++;
  return t;
}

/* The lead-in's table of contents: every track, then A0 (first track), A1 (last), A2 (lead-out). */
static void lead_in_q(const layout *l, LONG lba, uint8_t q[Q_BYTES]) {
  LONG k = lba - IMAGE_START;
  int entries = l->track_count + 3, entry = (int)(k / 3 % entries), last = l->track_count - 1;
  q_position p = {.tno = 0, .relative = k};
  if (entry < l->track_count) {
    p.control = control_of(&l->tracks[entry], l->tracks[entry].start);
    p.point = l->first_number + entry;
    p.pointed = l->tracks[entry].start + PREGAP_SECTORS;
  } else {
    int which = entry - l->track_count;
    p.control = control_of(&l->tracks[which == 0 ? 0 : last], l->tracks[which == 0 ? 0 : last].start);
    p.point = 0xA0 + which;
    p.pointed = which == 0 ? l->first_number : which == 1 ? l->first_number + last : l->leadout + PREGAP_SECTORS;
  }
  q_position_frame(q, &p);
}

static int index_at(const layout_track *t, LONG offset) {
  int index = 1;
  for (int i = 0; i < t->index_count && t->indexes[i] <= offset; i++) index++;
  return index;
}

void layout_subcode(const layout *l, LONG lba, int *p, uint8_t q[Q_BYTES]) {
  *p = 0;
  if (lba < -PREGAP_SECTORS) {
    lead_in_q(l, lba, q);
    return;
  }
  if (lba >= l->leadout) {
    const layout_track *last = &l->tracks[l->track_count - 1];
    q_position pos = {.control = control_of(last, lba), .tno = TNO_LEADOUT, .index = 1, .relative = lba - l->leadout, .absolute = lba + PREGAP_SECTORS};
    *p = (lba - l->leadout) / 38 % 2 == 0; /* the lead-out's P flag alternates at 2 Hz */
    q_position_frame(q, &pos);
    return;
  }
  int t = track_at(l, lba);
  const layout_track *track = &l->tracks[t];
  int index = lba < track->start ? 0 : index_at(track, lba - track->start);
  int control = control_of(track, lba), place = (int)((lba + PREGAP_SECTORS) % 100), aframe = (int)((lba + PREGAP_SECTORS) % 75);
  *p = index == 0;
  if (l->mcn[0] && place == MCN_FRAME_AT) q_mcn_frame(q, control, l->mcn, aframe);
  else if (track->isrc[0] && index > 0 && place == ISRC_FRAME_AT) q_isrc_frame(q, control, track->isrc, aframe);
  else {
    /* In INDEX 00 the relative time counts down to the track's start. */
    q_position pos = {.control = control, .tno = l->first_number + t, .index = index,
                      .relative = index == 0 ? track->start - lba : lba - track->start, .absolute = lba + PREGAP_SECTORS};
    q_position_frame(q, &pos);
  }
}
