/*
 * The IStreams the IMAPI2 shim hands to IMAPI2: read-only, seekable, with a size that Stat
 * reports (IMAPI2 checks it: whole sectors; the R-W generator's size is the image's).
 */
#ifndef BURN_AUDIO_SHIM_STREAM_H
#define BURN_AUDIO_SHIM_STREAM_H

#include <stdint.h>

#include "imapi2.h"

/* `bytes` bytes of the file `path` (UTF-8) from byte `offset`: a track's audio in the staged file. */
HRESULT shim_region_stream(const char *path, int64_t offset, int64_t bytes, IStream **out);

/* R-W subcode for AddSubcodeRWGenerator: 96 bytes per image sector, one 6-bit symbol each (the two
   P/Q bits zero). The `lead_in` first sectors carry the CD-TEXT packs (18 bytes each), four to a
   sector, repeated in order; the rest is zeros. The packs are copied. */
HRESULT shim_cd_text_stream(const uint8_t *packs, int32_t count, int64_t sectors, int64_t lead_in, IStream **out);

#endif
