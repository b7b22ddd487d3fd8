/*
 * What the IMAPI2 shim's two parts share (shim2.c, the disc-at-once burn; shim-reader.c, reading
 * a disc back): creating IMAPI2's objects, from IMAPI2 on Windows or from the simulator linked in.
 */
#ifndef BURN_AUDIO_SHIM2_COMMON_H
#define BURN_AUDIO_SHIM2_COMMON_H

#include "imapi2.h"
#include "shim-common.h"

/* CoCreateInstance (in process or local server); a failure is kept in `error`, naming `name`. */
HRESULT shim2_create(shim_error *error, REFCLSID clsid, REFIID iid, void **out, const char *name);

#endif
