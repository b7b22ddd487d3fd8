/*
 * The stash: the audio tracks IRedbookDiscMaster stages, in a temporary file deleted when
 * closed, and the room the media has left for them.
 *
 * Calls calls.c (injected faults), drive.c (the media's size) and events.c (NotifyAddProgress,
 * QueryCancel). Called by recording.c and master.c.
 */
#ifndef BURN_AUDIO_SIM_STAGING_H
#define BURN_AUDIO_SIM_STAGING_H

#include "objects.h"

/* CreateAudioTrack, AddAudioTrackBlocks and CloseAudioTrack, once their call is logged. */
HRESULT sim_create_track(sim_master *m);
HRESULT sim_add_track_blocks(sim_master *m, BYTE *data, LONG bytes);
HRESULT sim_close_track(sim_master *m);

LONG sim_gap_blocks(const sim_master *m);
long long sim_available_blocks(sim_master *m);
void sim_clear_stash(sim_master *m);
int sim_seek_block(FILE *f, long long block);

#endif
