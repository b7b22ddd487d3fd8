/* The result image's IStream (image-stream.h). */
#include <stdlib.h>
#include <string.h>

#include "../readonly-stream.h"
#include "image-stream.h"

#define CACHE_SECTORS 75

/* A client stream read ahead a second at a time: one call per 75 sectors, across processes too. */
typedef struct {
  IStream *stream;
  uint64_t from;
  ULONG cached;
  BYTE *data;
  ULONG capacity;
} source;

typedef struct {
  layout l;
  IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE type;
  ULONG sector_bytes;
  source pregap, rw, tracks[MAX_TRACKS2];
  BYTE sector[SECTOR_BYTES + RW_BYTES];
  LONG built; /* the image sector in `sector`, or -1 */
} image;

ULONG image_sector_bytes(IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE type) {
  return SECTOR_BYTES + (type == IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY ? 16 : RW_BYTES);
}

static int keep(source *s, IStream *stream, ULONG unit) {
  if (!stream) return 1;
  s->capacity = unit * CACHE_SECTORS;
  if (!(s->data = malloc(s->capacity))) return 0;
  s->stream = stream;
  stream->lpVtbl->AddRef(stream);
  return 1;
}

static void drop(source *s) {
  if (s->stream) s->stream->lpVtbl->Release(s->stream);
  free(s->data);
}

/* `n` bytes at `position` of a client stream; what the stream does not have reads as zeros. */
static HRESULT source_read(source *s, uint64_t position, BYTE *out, ULONG n) {
  if (position < s->from || position + n > s->from + s->cached) {
    LARGE_INTEGER at = {.QuadPart = (LONGLONG)position};
    HRESULT hr = s->stream->lpVtbl->Seek(s->stream, at, STREAM_SEEK_SET, NULL);
    ULONG got = 0;
    if (SUCCEEDED(hr)) hr = s->stream->lpVtbl->Read(s->stream, s->data, s->capacity, &got);
    if (FAILED(hr)) return hr;
    s->from = position;
    s->cached = got;
  }
  ULONG have = position + n <= s->from + s->cached ? n : (ULONG)(s->from + s->cached - position);
  memcpy(out, s->data + (position - s->from), have);
  memset(out + have, 0, n - have);
  return S_OK;
}

static HRESULT build(image *im, LONG index) {
  LONG lba = IMAGE_START + index, offset = 0;
  int p = 0;
  uint8_t q[Q_BYTES], rw[RW_BYTES] = {0};
  int from = layout_source(&im->l, lba, &offset);
  source *audio = from == LAYOUT_PREGAP ? &im->pregap : from >= 0 ? &im->tracks[from] : NULL;
  HRESULT hr = audio && audio->stream ? source_read(audio, (uint64_t)offset * SECTOR_BYTES, im->sector, SECTOR_BYTES) : S_OK;
  if (!audio || !audio->stream) memset(im->sector, 0, SECTOR_BYTES);
  if (SUCCEEDED(hr) && im->rw.stream) hr = source_read(&im->rw, (uint64_t)index * RW_BYTES, rw, RW_BYTES);
  if (FAILED(hr)) return hr;
  layout_subcode(&im->l, lba, &p, q);
  if (im->type == IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY) {
    memcpy(im->sector + SECTOR_BYTES, q, Q_BYTES);
    memset(im->sector + SECTOR_BYTES + Q_BYTES, 0, 4);
    im->sector[SECTOR_BYTES + 15] = p ? 0x80 : 0;
  } else {
    subcode_pack(im->sector + SECTOR_BYTES, p, q, rw);
  }
  im->built = index;
  return S_OK;
}

static HRESULT image_read(void *context, uint64_t position, void *buffer, ULONG bytes) {
  image *im = context;
  BYTE *out = buffer;
  for (ULONG done = 0; done < bytes;) {
    LONG index = (LONG)((position + done) / im->sector_bytes);
    ULONG within = (ULONG)((position + done) % im->sector_bytes), n = im->sector_bytes - within;
    HRESULT hr = index == im->built ? S_OK : build(im, index);
    if (FAILED(hr)) return STG_E_READFAULT;
    if (n > bytes - done) n = bytes - done;
    memcpy(out + done, im->sector + within, n);
    done += n;
  }
  return S_OK;
}

static void image_free(void *context) {
  image *im = context;
  drop(&im->pregap);
  drop(&im->rw);
  for (int t = 0; t < im->l.track_count; t++) drop(&im->tracks[t]);
  free(im);
}

HRESULT image_stream(const layout *l, IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE type, IStream *pregap, IStream *const *tracks,
                     IStream *rw, IStream **out) {
  *out = NULL;
  image *im = calloc(1, sizeof *im);
  if (!im) return E_OUTOFMEMORY;
  im->l = *l;
  im->type = type;
  im->sector_bytes = image_sector_bytes(type);
  im->built = -1;
  int ok = keep(&im->pregap, pregap, SECTOR_BYTES) && keep(&im->rw, rw, RW_BYTES);
  for (int t = 0; ok && t < l->track_count; t++) ok = keep(&im->tracks[t], tracks[t], SECTOR_BYTES);
  HRESULT hr = ok ? readonly_stream((uint64_t)layout_image_sectors(l) * im->sector_bytes, image_read, image_free, im, out) : E_OUTOFMEMORY;
  if (FAILED(hr)) image_free(im);
  return hr;
}
