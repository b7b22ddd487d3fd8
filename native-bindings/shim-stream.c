/* The IStreams the IMAPI2 shim hands to IMAPI2 (shim-stream.h). */
#include "shim-stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readonly-stream.h"

#define SECTOR_BYTES 2352
#define RW_BYTES 96
#define PACK_BYTES 18
#define PACKS_PER_SECTOR 4

/* ------------------------------------------------------------------ a region of a file */

typedef struct {
  FILE *file;
  int64_t offset;
} region;

static FILE *open_utf8(const char *path) {
#ifdef _WIN32
  WCHAR wide[1024];
  if (!MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, wide, 1024)) return NULL;
  return _wfopen(wide, L"rb");
#else
  return fopen(path, "rb");
#endif
}

static int seek_to(FILE *f, int64_t position) {
#ifdef _WIN32
  return _fseeki64(f, position, SEEK_SET);
#else
  return fseeko(f, (off_t)position, SEEK_SET);
#endif
}

static HRESULT region_read(void *context, uint64_t position, void *buffer, ULONG bytes) {
  region *r = context;
  if (seek_to(r->file, r->offset + (int64_t)position) != 0) return STG_E_READFAULT;
  return fread(buffer, 1, bytes, r->file) == bytes ? S_OK : STG_E_READFAULT;
}

static void region_free(void *context) {
  region *r = context;
  fclose(r->file);
  free(r);
}

HRESULT shim_region_stream(const char *path, int64_t offset, int64_t bytes, IStream **out) {
  *out = NULL;
  region *r = calloc(1, sizeof *r);
  if (!r) return E_OUTOFMEMORY;
  r->offset = offset;
  r->file = open_utf8(path);
  if (!r->file) {
    free(r);
    return STG_E_READFAULT;
  }
  HRESULT hr = readonly_stream((uint64_t)bytes, region_read, region_free, r, out);
  if (FAILED(hr)) region_free(r);
  return hr;
}

/* ------------------------------------------------------------------ R-W subcode carrying CD-TEXT */

typedef struct {
  uint8_t *packs;
  int32_t count;
  int64_t lead_in;
} cd_text;

/* One pack as 24 six-bit symbols, most significant bits first (18 bytes = 144 bits). */
static void pack_symbols(const uint8_t *pack, uint8_t *symbols) {
  for (int i = 0; i < 24; i++) {
    int bit = i * 6;
    unsigned pair = (unsigned)pack[bit / 8] << 8 | (bit / 8 + 1 < PACK_BYTES ? pack[bit / 8 + 1] : 0);
    symbols[i] = (uint8_t)(pair >> (10 - bit % 8) & 0x3F);
  }
}

static HRESULT cd_text_read(void *context, uint64_t position, void *buffer, ULONG bytes) {
  cd_text *t = context;
  uint8_t *out = buffer;
  for (ULONG done = 0; done < bytes;) {
    uint64_t sector = (position + done) / RW_BYTES;
    ULONG within = (ULONG)((position + done) % RW_BYTES), n = RW_BYTES - within;
    uint8_t rw[RW_BYTES] = {0};
    for (int p = 0; (int64_t)sector < t->lead_in && p < PACKS_PER_SECTOR; p++)
      pack_symbols(t->packs + ((sector * PACKS_PER_SECTOR + (uint64_t)p) % (uint64_t)t->count) * PACK_BYTES, rw + p * 24);
    if (n > bytes - done) n = bytes - done;
    memcpy(out + done, rw + within, n);
    done += n;
  }
  return S_OK;
}

static void cd_text_free(void *context) {
  cd_text *t = context;
  free(t->packs);
  free(t);
}

HRESULT shim_cd_text_stream(const uint8_t *packs, int32_t count, int64_t sectors, int64_t lead_in, IStream **out) {
  *out = NULL;
  cd_text *t = calloc(1, sizeof *t);
  if (!t || !(t->packs = malloc((size_t)count * PACK_BYTES))) {
    free(t);
    return E_OUTOFMEMORY;
  }
  memcpy(t->packs, packs, (size_t)count * PACK_BYTES);
  t->count = count;
  t->lead_in = lead_in;
  HRESULT hr = readonly_stream((uint64_t)sectors * RW_BYTES, cd_text_read, cd_text_free, t, out);
  if (FAILED(hr)) cd_text_free(t);
  return hr;
}
