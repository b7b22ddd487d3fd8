/*
 * Faults as the simulator runs: which call of a method fails, before which call the recorder is
 * unplugged, whether it is busy, the block at which a burn breaks. They come from two fault
 * sets: the configuration's top-level "faults" and those of the disc in the drive (NULL: no
 * disc). The questions that count calls are asked of one set at a time, the top-level one
 * first, so that a call that strikes there is not counted for the disc.
 *
 * Calls nothing; reads config.h's types. Called by calls.c (IMAPI v1's methods).
 */
#ifndef BURN_AUDIO_SIM_FAULTS_H
#define BURN_AUDIO_SIM_FAULTS_H

#include "config.h"

/* faults.fail: the HRESULT this call of `method` fails with, or S_OK (also for a NULL set). */
HRESULT sim_faults_failing(fault_set *set, const char *method);
/* removedBefore: whether the recorder is unplugged before this call of `method`. */
int sim_faults_unplugging(fault_set *set, const char *method);
int sim_faults_busy(const fault_set *top, const fault_set *disc); /* deviceBusy */
/* The first block at which a burn loses streaming (removal: the recorder vanishes); -1: never. */
long long sim_faults_block(const fault_set *top, const fault_set *disc, int removal);

#endif
