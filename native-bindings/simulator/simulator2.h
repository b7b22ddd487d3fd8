/*
 * The IMAPI2 simulator: MsftDiscMaster2, MsftDiscRecorder2, MsftDiscFormat2RawCD and
 * MsftRawCDImageCreator, configured by the same JSON file as the IMAPI v1 simulator (the
 * environment variable BURN_AUDIO_IMAPI_SIM; README, "IMAPI2 disc-at-once").
 */
#ifndef BURN_AUDIO_SIMULATOR2_H
#define BURN_AUDIO_SIMULATOR2_H

#include <stddef.h>

#include "../imapi2.h"

/*
 * Creates an object of class `clsid` as CoCreateInstance would. REGDB_E_CLASSNOTREG for another
 * class, when BURN_AUDIO_IMAPI_SIM is not set, or when it names a Windows without IMAPI2;
 * E_INVALIDARG when the configuration cannot be read (the reason is written to `error`).
 */
HRESULT ba_sim2_create_instance(REFCLSID clsid, REFIID iid, void **out, char *error, size_t error_size);

/* Called, if set, each time the last IMAPI2 object is freed (the out-of-process server ends then). */
extern void (*ba_sim2_world_freed)(void);

#endif
