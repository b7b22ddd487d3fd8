/*
 * A read-only, seekable IStream whose bytes come from a callback: the shim's track and R-W
 * streams and the simulator's result image are all of this kind. Free-threaded reference count;
 * one reader at a time (IMAPI2 reads a stream from one thread).
 */
#ifndef BURN_AUDIO_READONLY_STREAM_H
#define BURN_AUDIO_READONLY_STREAM_H

#include <stdint.h>

#include "imapi2.h"

/* Fills `bytes` bytes at `position` (always within the size). */
typedef HRESULT (*readonly_read_fn)(void *context, uint64_t position, void *buffer, ULONG bytes);
typedef void (*readonly_free_fn)(void *context);

/* A stream of `size` bytes; `free_context` (may be NULL) runs with its last Release. */
HRESULT readonly_stream(uint64_t size, readonly_read_fn read, readonly_free_fn free_context, void *context, IStream **out);
/* The context of a stream made here, or NULL for any other IStream. */
void *readonly_stream_context(IStream *stream);

#endif
