/*
 * MsftDiscFormat2RawCD's connection point for DDiscFormat2RawCDEvents, and the progress it
 * sends: an IDiscFormat2RawCDEventArgs object, passed to the sink's IDispatch::Invoke (DISPID
 * 0x200, the arguments last first) or to its vtable's Update, as "imapi2Events" says; on the
 * thread inside WriteMedia, as Psysonic saw on Windows 11.
 *
 * Calls world2.c (the call log, the configuration) and com.c. Called by format2.c and writing2.c.
 */
#ifndef BURN_AUDIO_SIM_EVENTS2_H
#define BURN_AUDIO_SIM_EVENTS2_H

#include "objects2.h"

/* The format's IConnectionPointContainer and IConnectionPoint vtables. */
void sim2_events_init(sim2_format *f);
void sim2_events_drop(sim2_format *f); /* releases a sink left advised */

/* One Update. What the decompiled IMAPI2 puts in the arguments besides the LBAs is constant:
   CurrentAction WRITING, ElapsedTime 10, RemainingTime 30 (reference §8). */
void sim2_update(sim2_format *f, LONG start_lba, LONG sector_count, LONG last_written);

#endif
