/*
 * IDiscRecorder: a recorder, its media and its properties, as the disc master enumerates them.
 *
 * Calls calls.c, drive.c, events.c, recording.c (the time Erase takes), properties.c and com.c.
 * Called by master.c.
 */
#ifndef BURN_AUDIO_SIM_RECORDER_H
#define BURN_AUDIO_SIM_RECORDER_H

#include "objects.h"

/* Recorder `index` of the configuration, with the property values a recorder starts with. */
void sim_recorder_init(sim_recorder *r, sim_master *m, int index);

#endif
