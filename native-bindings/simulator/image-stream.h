/*
 * CreateResultImage's IStream: the image of layout2.h, sector after sector from MSF 95:00:00,
 * each the 2,352 bytes of its main channel followed by its subchannel, 16 bytes for PQ_ONLY
 * (the Q frame, three zero bytes, P in bit 7 of the last) or 96 for IS_COOKED and IS_RAW (P, Q
 * and a symbol of R-W in each byte; the R-W as the generator gives it: the disc's interleaving
 * of raw R-W is not modelled). It reads the client's track streams as it goes, as IMAPI2's
 * MsftStreamConcatenate and MsftStreamInterleave do: nothing is staged.
 *
 * Calls layout2.c and subcode.c (and readonly-stream.c for the IStream). Called by creator2.c.
 */
#ifndef BURN_AUDIO_SIM_IMAGE_STREAM_H
#define BURN_AUDIO_SIM_IMAGE_STREAM_H

#include "layout2.h"

#define SECTOR_BYTES 2352

ULONG image_sector_bytes(IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE type);

/* The streams are kept (AddRef) until the image is released: `pregap` may be NULL (silence),
   `tracks` has l->track_count entries, `rw` may be NULL (zeros). */
HRESULT image_stream(const layout *l, IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE type, IStream *pregap, IStream *const *tracks,
                     IStream *rw, IStream **out);

#endif
