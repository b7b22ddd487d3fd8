/*
 * The IMAPI v1 simulator: IDiscMaster, IRedbookDiscMaster, IDiscRecorder and their enumerators,
 * following Microsoft's documented semantics, configured by the JSON file named in the
 * environment variable BURN_AUDIO_IMAPI_SIM (see the README, "Testing without a drive").
 */
#ifndef BURN_AUDIO_SIMULATOR_H
#define BURN_AUDIO_SIMULATOR_H

#include <stddef.h>

#include "../imapi.h"

#define BA_SIM_ENV "BURN_AUDIO_IMAPI_SIM"

/*
 * Creates a disc master as CoCreateInstance(CLSID_MSDiscMasterObj) would.
 * Returns S_OK; REGDB_E_CLASSNOTREG when BURN_AUDIO_IMAPI_SIM is not set (no IMAPI here);
 * E_INVALIDARG when the configuration cannot be read (the reason is written to `error`).
 */
HRESULT ba_sim_create_disc_master(IDiscMaster **out, char *error, size_t error_size);

/*
 * The Windows the simulator behaves like, from the configuration's "windows" key: 1 for
 * "modern" (IMAPI v1 over IMAPI2, Windows Vista and later; the default), 0 for "xp". Reads the
 * configuration itself, so it answers before any disc master exists; 1 when there is no
 * configuration or it cannot be read (creating the disc master then reports why).
 */
int sim_windows_modern(void);

#endif
