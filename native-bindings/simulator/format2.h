/*
 * MsftDiscFormat2RawCD: IDiscFormat2RawCD on the recorder put_Recorder names, with its connection
 * point (events2.c). PrepareMedia does what the decompiled IMAPI2 does (reference §2 step 6): it
 * checks the recorder, the client name and the media, takes exclusive access (force = TRUE, the
 * client name) and keeps it until ReleaseMedia; the sector type, LastPossibleStartOfLeadout and
 * the current speed need prepared media.
 *
 * Calls world2.c, recorder2.c, events2.c, writing2.c, drive.c and com.c. Called by master2.c.
 */
#ifndef BURN_AUDIO_SIM_FORMAT2_H
#define BURN_AUDIO_SIM_FORMAT2_H

#include "world2.h"

HRESULT sim2_format_create(sim2_world *w, REFIID riid, void **out);

#endif
