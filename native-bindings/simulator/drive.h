/*
 * A recorder's drive and its media: the discs its configuration inserts one after another, the
 * disc in the drive now, the recorder's lock and its state file (README, "Discs one after
 * another, and several processes"); what a medium is and how many blocks it holds.
 *
 * Calls nothing; reads config.h's types. Called by calls.c, staging.c, recording.c and the COM
 * objects (recorder.c, master.c).
 */
#ifndef BURN_AUDIO_SIM_DRIVE_H
#define BURN_AUDIO_SIM_DRIVE_H

#include "config.h"

#define BLOCK_BYTES 2352
#define BLOCKS_PER_SECOND 75
#define LEAD_PREGAP_BLOCKS 150

typedef struct {
  sim_config *config;         /* the configuration: its path and text name the state file */
  sim_recorder_config *setup; /* the recorder's entry in it */
  int index;
  int removed;             /* unplugged: no longer listed, and its calls fail */
  int slot;                /* the disc in the drive, or the next one while the tray is empty */
  int loaded;              /* discs[slot] is in the drive */
  media_state media;       /* what the disc in the drive is now (recorded, erased) */
  long long ejected_at_ms; /* when the tray was last emptied */
  int recorded;            /* discs this recorder recorded ({disc}) */
  int locks;               /* holds on the recorder's lock (OpenExclusive, RecordDisc) */
#ifdef _WIN32
  HANDLE lock;
#else
  int lock;
#endif
} sim_drive;

/* The drive of recorder `index` as configured, then where the last process left it (state file). */
void sim_drive_init(sim_drive *d, sim_config *c, int index);
int sim_drive_lock(sim_drive *d); /* 0: another process holds the recorder */
void sim_drive_unlock(sim_drive *d);
media_state sim_media(sim_drive *d); /* the disc in the drive now (MEDIA_NONE: the tray is empty) */
void sim_set_media(sim_drive *d, media_state media);
void sim_eject_disc(sim_drive *d);
void sim_count_recorded(sim_drive *d);
fault_set *sim_disc_faults(sim_drive *d); /* the faults of the disc in the drive, or NULL */

int sim_blank(media_state s);
int sim_rewritable(media_state s);
long long sim_media_blocks(const sim_drive *d);

#endif
