/*
 * MsftRawCDImageCreator and the IRawCDImageTrackInfo of each track: the rules IMAPI2 applies as
 * tracks, codes and indexes are set (Microsoft's pages and imapi2error.h; where they give no code
 * the simulator answers E_INVALIDARG, README), and CreateResultImage, after which everything is
 * read-only (E_IMAPI_RAW_IMAGE_IS_READ_ONLY).
 *
 * Calls world2.c, layout2.c, subcode.c, image-stream.c and com.c. Called by master2.c.
 */
#ifndef BURN_AUDIO_SIM_CREATOR2_H
#define BURN_AUDIO_SIM_CREATOR2_H

#include "world2.h"

HRESULT sim2_creator_create(sim2_world *w, REFIID riid, void **out);

#endif
