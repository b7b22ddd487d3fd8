/*
 * RecordDisc: the burn, its progress events, the disc it writes (output.c) and its outcome; and
 * the time a burn or an erase takes at the configured time scale.
 *
 * Calls staging.c, calls.c, events.c, drive.c and output.c. Called by master.c (RecordDisc)
 * and recorder.c (Erase).
 */
#ifndef BURN_AUDIO_SIM_RECORDING_H
#define BURN_AUDIO_SIM_RECORDING_H

#include "objects.h"

/* RecordDisc, once its call is logged. */
HRESULT sim_record(sim_master *m, boolean simulate, boolean eject);
/* Takes the time `blocks` need at `speed` (scaled), polling QueryCancel as IMAPI does. */
void sim_pause_for_blocks(sim_master *m, long long blocks, LONG speed);

#endif
