/*
 * MsftDiscRecorder2: IDiscRecorder2 on one of the configured recorders (InitializeDiscRecorder
 * with the unique ID MsftDiscMaster2 lists), and IDiscRecorder2Ex for what the shim asks of the
 * drive itself (READ DISC INFORMATION, the CD Mastering feature). The MMC pass-through
 * (SendCommand*) and DVD structures are not simulated (E_NOTIMPL).
 *
 * Calls world2.c, drive.c and com.c. Called by master2.c (creation, unique IDs) and format2.c
 * (which recorder put_Recorder names).
 */
#ifndef BURN_AUDIO_SIM_RECORDER2_H
#define BURN_AUDIO_SIM_RECORDER2_H

#include <stddef.h>

#include "world2.h"

HRESULT sim2_recorder_create(sim2_world *w, REFIID riid, void **out);
/* The configured recorder behind a simulated IDiscRecorder2; -1 for another object or one not
   initialized. */
int sim2_recorder_index(IDiscRecorder2 *recorder);
/* A device-interface path, as IMAPI2's unique IDs are. */
void sim2_unique_id(int index, char *out, size_t size);

#endif
