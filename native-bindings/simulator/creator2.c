/* MsftRawCDImageCreator and IRawCDImageTrackInfo (creator2.h). */
#include <stdlib.h>
#include <string.h>

#include "../com-object.h"
#include "com.h"
#include "creator2.h"
#include "image-stream.h"
#include "layout2.h"

#define LEADOUT_LIMIT 398099   /* StartOfLeadoutLimit's documented maximum, MSF 88:29:74 */
#define LAST_PREGAP_LBA 397799 /* AddSpecialPregap: "should not result final sector exceeding LBA 397,799" */

typedef struct {
  com_object head; /* the IRawCDImageCreator */
  sim2_world *world;
  layout l;
  IStream *pregap, *rw, *tracks[MAX_TRACKS2];
  IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE type;
  LONG leadout_limit;
  int read_only; /* CreateResultImage was called */
} creator;

typedef struct {
  com_object head; /* the IRawCDImageTrackInfo */
  creator *c;
  int track;
} track_info;

#define CREATOR(p) ((creator *)(p))
#define INFO(p) ((track_info *)(p))

/* Sectors in a stream: its Stat size, which must be whole 2352-byte sectors. */
static HRESULT stream_sectors(IStream *stream, LONG *sectors) {
  STATSTG stat;
  if (!stream) return E_POINTER;
  HRESULT hr = stream->lpVtbl->Stat(stream, &stat, STATFLAG_NONAME);
  if (FAILED(hr)) return hr;
  if (stat.cbSize.QuadPart % SECTOR_BYTES != 0) return E_INVALIDARG;
  *sectors = (LONG)(stat.cbSize.QuadPart / SECTOR_BYTES);
  return S_OK;
}

#define LOG(c, ...) sim2_log((c)->world, -1, __VA_ARGS__)
#define INJECT2(c, name)                                        \
  do {                                                          \
    HRESULT injected_hr = sim2_injected((c)->world, -1, name);  \
    if (FAILED(injected_hr)) return injected_hr;                \
  } while (0)
/* A setter's first checks: the injected fault, then read-only once the image exists. */
#define SETTER(c, name)                                       \
  do {                                                        \
    INJECT2(c, name);                                         \
    if ((c)->read_only) return E_IMAPI_RAW_IMAGE_IS_READ_ONLY; \
  } while (0)

/* Property getters: the call logged, `expression` (of `This`) given. */
#define CREATOR_GETTER(function, type, method, expression)                  \
  static HRESULT STDMETHODCALLTYPE function(IRawCDImageCreator *This, type *value) { \
    LOG(CREATOR(This), method);                                             \
    return SIM_GIVE(value, expression);                                     \
  }
#define INFO_GETTER(function, type, method, expression)                     \
  static HRESULT STDMETHODCALLTYPE function(IRawCDImageTrackInfo *This, type *value) { \
    LOG(INFO(This)->c, method);                                             \
    return SIM_GIVE(value, expression);                                     \
  }

/* ------------------------------------------------------------------ IRawCDImageTrackInfo */

static void info_destroy(com_object *o) {
  com_object_release(((track_info *)o)->c);
  free(o);
}

static layout_track *track_of(IRawCDImageTrackInfo *This) { return &INFO(This)->c->l.tracks[INFO(This)->track]; }

INFO_GETTER(info_start, LONG, "get_StartingLba", track_of(This)->start)
INFO_GETTER(info_sectors, LONG, "get_SectorCount", track_of(This)->sectors)
INFO_GETTER(info_number, LONG, "get_TrackNumber", INFO(This)->c->l.first_number + INFO(This)->track)
INFO_GETTER(info_type, IMAPI_CD_SECTOR_TYPE, "get_SectorType", IMAPI_CD_SECTOR_AUDIO)

INFO_GETTER(info_get_isrc, BSTR, "get_ISRC", sim_bstr_from_ascii(track_of(This)->isrc))

/* "" clears it; otherwise CC-OOO-YY-NNNNN, dashes optional. */
static HRESULT STDMETHODCALLTYPE info_put_isrc(IRawCDImageTrackInfo *This, BSTR value) {
  creator *c = INFO(This)->c;
  char text[40], isrc[13];
  sim_ascii_from_bstr(value, text, sizeof text);
  LOG(c, "put_ISRC %s", text);
  SETTER(c, "put_ISRC");
  if (text[0] && !isrc_parse(text, isrc)) return E_INVALIDARG;
  memcpy(track_of(This)->isrc, text[0] ? isrc : "", text[0] ? 13 : 1);
  return S_OK;
}

INFO_GETTER(info_get_copy, IMAPI_CD_TRACK_DIGITAL_COPY_SETTING, "get_DigitalAudioCopySetting", track_of(This)->copy)
static HRESULT STDMETHODCALLTYPE info_put_copy(IRawCDImageTrackInfo *This, IMAPI_CD_TRACK_DIGITAL_COPY_SETTING value) {
  creator *c = INFO(This)->c;
  LOG(c, "put_DigitalAudioCopySetting %d", (int)value);
  SETTER(c, "put_DigitalAudioCopySetting");
  if (value < IMAPI_CD_TRACK_DIGITAL_COPY_PERMITTED || value > IMAPI_CD_TRACK_DIGITAL_COPY_SCMS) return E_INVALIDARG;
  track_of(This)->copy = value;
  return S_OK;
}

INFO_GETTER(info_get_emphasis, VARIANT_BOOL, "get_AudioHasPreemphasis", SIM_BOOL(track_of(This)->preemphasis))
static HRESULT STDMETHODCALLTYPE info_put_emphasis(IRawCDImageTrackInfo *This, VARIANT_BOOL value) {
  creator *c = INFO(This)->c;
  LOG(c, "put_AudioHasPreemphasis %d", value != 0);
  SETTER(c, "put_AudioHasPreemphasis");
  track_of(This)->preemphasis = value != 0;
  return S_OK;
}

/* INDEX 01 (offset 0) first, then the others. */
static HRESULT STDMETHODCALLTYPE info_indexes(IRawCDImageTrackInfo *This, SAFEARRAY **value) {
  layout_track *t = track_of(This);
  LONG offsets[MAX_INDEXES + 1] = {0};
  LOG(INFO(This)->c, "get_TrackIndexes");
  if (!value) return E_POINTER;
  memcpy(offsets + 1, t->indexes, (size_t)t->index_count * sizeof(LONG));
  *value = sim_numbers(VT_I4, offsets, t->index_count + 1);
  return *value ? S_OK : E_OUTOFMEMORY;
}

/* Indexes 2-99, each at least ten sectors long (to the next index, or the track's end). */
static HRESULT STDMETHODCALLTYPE info_add_index(IRawCDImageTrackInfo *This, LONG offset) {
  creator *c = INFO(This)->c;
  layout_track *t = track_of(This);
  LOG(c, "AddTrackIndex %ld", (long)offset);
  SETTER(c, "AddTrackIndex");
  if (offset < 0 || offset >= t->sectors) return E_INVALIDARG;
  int at = 0;
  for (; at < t->index_count && t->indexes[at] < offset; at++) {}
  if (offset == 0 || (at < t->index_count && t->indexes[at] == offset)) return S_IMAPI_RAW_IMAGE_TRACK_INDEX_ALREADY_EXISTS;
  if (t->index_count == MAX_INDEXES) return E_IMAPI_RAW_IMAGE_TOO_MANY_TRACK_INDEXES;
  LONG before = at ? t->indexes[at - 1] : 0, after = at < t->index_count ? t->indexes[at] : t->sectors;
  if (offset - before < MIN_INDEX_SECTORS || after - offset < MIN_INDEX_SECTORS) return E_IMAPI_RAW_IMAGE_TRACK_INDEX_TOO_CLOSE_TO_OTHER_INDEX;
  memmove(t->indexes + at + 1, t->indexes + at, (size_t)(t->index_count - at) * sizeof(LONG));
  t->indexes[at] = offset;
  t->index_count++;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE info_clear_index(IRawCDImageTrackInfo *This, LONG offset) {
  creator *c = INFO(This)->c;
  layout_track *t = track_of(This);
  LOG(c, "ClearTrackIndex %ld", (long)offset);
  SETTER(c, "ClearTrackIndex");
  if (offset == 0) return E_IMAPI_RAW_IMAGE_TRACK_INDEX_OFFSET_ZERO_CANNOT_BE_CLEARED;
  for (int i = 0; i < t->index_count; i++)
    if (t->indexes[i] == offset) {
      memmove(t->indexes + i, t->indexes + i + 1, (size_t)(t->index_count - i - 1) * sizeof(LONG));
      t->index_count--;
      return S_OK;
    }
  return E_IMAPI_RAW_IMAGE_TRACK_INDEX_NOT_FOUND;
}

static const IID *const info_iids[] = {&IID_IRawCDImageTrackInfo, &BA_IID_IDispatch, NULL};
static const IRawCDImageTrackInfoVtbl info_vtbl = {
    COM_OBJECT_SLOTS(IRawCDImageTrackInfo), SIM_DISPATCH_SLOTS, info_start, info_sectors, info_number, info_type,
    info_get_isrc, info_put_isrc, info_get_copy, info_put_copy, info_get_emphasis, info_put_emphasis, info_indexes,
    info_add_index, info_clear_index};

/* ------------------------------------------------------------------ IRawCDImageCreator */

static void cr_destroy(com_object *o) {
  creator *c = (creator *)o;
  if (c->pregap) c->pregap->lpVtbl->Release(c->pregap);
  if (c->rw) c->rw->lpVtbl->Release(c->rw);
  for (int t = 0; t < c->l.track_count; t++) c->tracks[t]->lpVtbl->Release(c->tracks[t]);
  sim2_world_release(c->world);
  free(c);
}

static HRESULT STDMETHODCALLTYPE cr_create(IRawCDImageCreator *This, IStream **image) {
  creator *c = CREATOR(This);
  LOG(c, "CreateResultImage");
  INJECT2(c, "CreateResultImage");
  if (!image) return E_POINTER;
  *image = NULL;
  if (c->read_only) return E_IMAPI_RAW_IMAGE_IS_READ_ONLY; /* one call only */
  if (c->l.track_count == 0) return E_IMAPI_RAW_IMAGE_NO_TRACKS;
  layout_place(&c->l);
  STATSTG stat;
  /* "a size equal to the number of sectors in the raw disc image * 96 bytes" */
  if (c->rw && (FAILED(c->rw->lpVtbl->Stat(c->rw, &stat, STATFLAG_NONAME)) ||
                stat.cbSize.QuadPart != (ULONGLONG)layout_image_sectors(&c->l) * RW_BYTES))
    return E_INVALIDARG;
  HRESULT hr = image_stream(&c->l, c->type, c->pregap, c->tracks, c->rw, image);
  if (SUCCEEDED(hr)) c->read_only = 1;
  return hr;
}

static HRESULT STDMETHODCALLTYPE cr_add_track(IRawCDImageCreator *This, IMAPI_CD_SECTOR_TYPE type, IStream *data, LONG *index) {
  creator *c = CREATOR(This);
  LONG sectors = 0;
  HRESULT hr = stream_sectors(data, &sectors);
  LOG(c, "AddTrack %ld", (long)sectors);
  SETTER(c, "AddTrack");
  if (type != IMAPI_CD_SECTOR_AUDIO) return E_IMAPI_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED;
  if (FAILED(hr)) return hr;
  if (!index) return E_POINTER;
  if (sectors < MIN_TRACK_SECTORS) return E_INVALIDARG; /* "at least 4 seconds" */
  if (c->l.first_number + c->l.track_count > MAX_TRACKS2) return E_IMAPI_RAW_IMAGE_TOO_MANY_TRACKS;
  layout_track *t = &c->l.tracks[c->l.track_count];
  memset(t, 0, sizeof *t);
  t->sectors = sectors;
  t->copy = IMAPI_CD_TRACK_DIGITAL_COPY_PERMITTED;
  c->l.track_count++;
  layout_place(&c->l);
  if (c->l.leadout > c->leadout_limit) {
    c->l.track_count--;
    layout_place(&c->l);
    return E_IMAPI_RAW_IMAGE_INSUFFICIENT_SPACE;
  }
  c->tracks[c->l.track_count - 1] = data;
  data->lpVtbl->AddRef(data);
  *index = c->l.track_count; /* TrackNumber = trackIndex + StartingTrackNumber - 1 */
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE cr_special_pregap(IRawCDImageCreator *This, IStream *data) {
  creator *c = CREATOR(This);
  LONG sectors = 0;
  HRESULT hr = stream_sectors(data, &sectors);
  LOG(c, "AddSpecialPregap %ld", (long)sectors);
  SETTER(c, "AddSpecialPregap");
  if (c->l.track_count > 0) return E_IMAPI_RAW_IMAGE_TRACKS_ALREADY_ADDED;
  if (FAILED(hr)) return hr;
  if (sectors < PREGAP_SECTORS) return E_INVALIDARG; /* "at least 2 seconds (or 150 sectors)" */
  if (sectors - PREGAP_SECTORS - 1 > LAST_PREGAP_LBA) return E_IMAPI_RAW_IMAGE_INSUFFICIENT_SPACE;
  if (c->pregap) c->pregap->lpVtbl->Release(c->pregap);
  c->pregap = data;
  data->lpVtbl->AddRef(data);
  c->l.pregap = sectors;
  c->l.special = 1;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE cr_rw_generator(IRawCDImageCreator *This, IStream *subcode) {
  creator *c = CREATOR(This);
  LOG(c, "AddSubcodeRWGenerator");
  SETTER(c, "AddSubcodeRWGenerator");
  if (!subcode) return E_POINTER;
  if (c->type == IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY) return E_IMAPI_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED; /* no R-W to carry it */
  if (c->rw) c->rw->lpVtbl->Release(c->rw);
  c->rw = subcode;
  subcode->lpVtbl->AddRef(subcode);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE cr_put_type(IRawCDImageCreator *This, IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE value) {
  creator *c = CREATOR(This);
  LOG(c, "put_ResultingImageType %d", (int)value);
  SETTER(c, "put_ResultingImageType");
  if (value < IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY || value > IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW) return E_INVALIDARG;
  c->type = value;
  return S_OK;
}

CREATOR_GETTER(cr_get_type, IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE, "get_ResultingImageType", CREATOR(This)->type)

static HRESULT STDMETHODCALLTYPE cr_leadout(IRawCDImageCreator *This, LONG *value) {
  creator *c = CREATOR(This);
  LOG(c, "get_StartOfLeadout");
  if (c->l.track_count == 0) return E_IMAPI_RAW_IMAGE_NO_TRACKS;
  layout_place(&c->l); /* DisableGaplessAudio may have changed */
  return SIM_GIVE(value, c->l.leadout);
}

static HRESULT STDMETHODCALLTYPE cr_put_limit(IRawCDImageCreator *This, LONG value) {
  creator *c = CREATOR(This);
  LOG(c, "put_StartOfLeadoutLimit %ld", (long)value);
  SETTER(c, "put_StartOfLeadoutLimit");
  if (value <= 0 || value > LEADOUT_LIMIT) return E_INVALIDARG;
  c->leadout_limit = value;
  return S_OK;
}

CREATOR_GETTER(cr_get_limit, LONG, "get_StartOfLeadoutLimit", CREATOR(This)->leadout_limit)

static HRESULT STDMETHODCALLTYPE cr_put_gapless(IRawCDImageCreator *This, VARIANT_BOOL value) {
  creator *c = CREATOR(This);
  LOG(c, "put_DisableGaplessAudio %d", value != 0);
  SETTER(c, "put_DisableGaplessAudio");
  c->l.gaps = value != 0; /* TRUE: 150 sectors of silence between tracks */
  return S_OK;
}

CREATOR_GETTER(cr_get_gapless, VARIANT_BOOL, "get_DisableGaplessAudio", SIM_BOOL(CREATOR(This)->l.gaps))

static HRESULT STDMETHODCALLTYPE cr_put_mcn(IRawCDImageCreator *This, BSTR value) {
  creator *c = CREATOR(This);
  char text[40], mcn[14];
  sim_ascii_from_bstr(value, text, sizeof text);
  LOG(c, "put_MediaCatalogNumber %s", text);
  SETTER(c, "put_MediaCatalogNumber");
  if (text[0] && !mcn_parse(text, mcn)) return E_INVALIDARG; /* 13 digits and a valid check digit, "or it will be rejected" */
  memcpy(c->l.mcn, text[0] ? mcn : "", text[0] ? 14 : 1);
  return S_OK;
}

CREATOR_GETTER(cr_get_mcn, BSTR, "get_MediaCatalogNumber", sim_bstr_from_ascii(CREATOR(This)->l.mcn))

static HRESULT STDMETHODCALLTYPE cr_put_first(IRawCDImageCreator *This, LONG value) {
  creator *c = CREATOR(This);
  LOG(c, "put_StartingTrackNumber %ld", (long)value);
  SETTER(c, "put_StartingTrackNumber");
  if (c->l.track_count > 0) return E_IMAPI_RAW_IMAGE_TRACKS_ALREADY_ADDED;
  if (value < 1 || value > MAX_TRACKS2) return E_INVALIDARG;
  c->l.first_number = (int)value;
  return S_OK;
}

CREATOR_GETTER(cr_get_first, LONG, "get_StartingTrackNumber", CREATOR(This)->l.first_number)

static HRESULT STDMETHODCALLTYPE cr_track_info(IRawCDImageCreator *This, LONG index, IRawCDImageTrackInfo **info) {
  creator *c = CREATOR(This);
  LOG(c, "get_TrackInfo %ld", (long)index);
  if (!info) return E_POINTER;
  *info = NULL;
  if (index < 1 || index > c->l.track_count) return E_INVALIDARG;
  track_info *t = calloc(1, sizeof *t);
  if (!t) return E_OUTOFMEMORY;
  layout_place(&c->l);
  com_object_init(&t->head, &info_vtbl, info_iids, info_destroy);
  t->c = c;
  t->track = (int)index - 1;
  com_object_addref(c);
  *info = (IRawCDImageTrackInfo *)&t->head;
  return S_OK;
}

CREATOR_GETTER(cr_track_count, LONG, "get_NumberOfExistingTracks", CREATOR(This)->l.track_count)

static HRESULT STDMETHODCALLTYPE cr_last_used(IRawCDImageCreator *This, LONG *value) {
  creator *c = CREATOR(This);
  LOG(c, "get_LastUsedUserSectorInImage");
  if (c->l.track_count == 0) return E_IMAPI_RAW_IMAGE_NO_TRACKS;
  layout_place(&c->l);
  return SIM_GIVE(value, c->l.leadout - 1);
}

/* READ TOC format 0 (MSF) as bytes, the decompiled code's VT_UI1 vector: a 4-byte header, then 8
   bytes per track and the lead-out. */
static HRESULT STDMETHODCALLTYPE cr_toc(IRawCDImageCreator *This, SAFEARRAY **toc) {
  creator *c = CREATOR(This);
  BYTE *data = NULL;
  LOG(c, "get_ExpectedTableOfContents");
  if (!toc) return E_POINTER;
  if (c->l.track_count == 0) return E_IMAPI_RAW_IMAGE_NO_TRACKS;
  layout_place(&c->l);
  int n = c->l.track_count;
  *toc = SafeArrayCreateVector(VT_UI1, 0, (ULONG)(4 + 8 * (n + 1)));
  if (!*toc || FAILED(SafeArrayAccessData(*toc, (void **)&data))) return E_OUTOFMEMORY;
  data[0] = (BYTE)((2 + 8 * (n + 1)) >> 8), data[1] = (BYTE)(2 + 8 * (n + 1));
  data[2] = (BYTE)c->l.first_number, data[3] = (BYTE)(c->l.first_number + n - 1);
  for (int t = 0; t <= n; t++) {
    BYTE *entry = data + 4 + 8 * t;
    const layout_track *track = &c->l.tracks[t < n ? t : n - 1];
    long frames = (t < n ? track->start : c->l.leadout) + PREGAP_SECTORS;
    int control = (track->copy == IMAPI_CD_TRACK_DIGITAL_COPY_PERMITTED ? CONTROL_COPY_PERMITTED : 0) | (track->preemphasis ? CONTROL_PREEMPHASIS : 0);
    entry[1] = (BYTE)(0x10 | control), entry[2] = t < n ? (BYTE)(c->l.first_number + t) : TNO_LEADOUT;
    entry[5] = (BYTE)(frames / 4500), entry[6] = (BYTE)(frames / 75 % 60), entry[7] = (BYTE)(frames % 75);
  }
  SafeArrayUnaccessData(*toc);
  return S_OK;
}

static const IID *const creator_iids[] = {&IID_IRawCDImageCreator, &BA_IID_IDispatch, NULL};
static const IRawCDImageCreatorVtbl creator_vtbl = {
    COM_OBJECT_SLOTS(IRawCDImageCreator), SIM_DISPATCH_SLOTS, cr_create, cr_add_track, cr_special_pregap, cr_rw_generator,
    cr_put_type, cr_get_type, cr_leadout, cr_put_limit, cr_get_limit, cr_put_gapless, cr_get_gapless, cr_put_mcn,
    cr_get_mcn, cr_put_first, cr_get_first, cr_track_info, cr_track_count, cr_last_used, cr_toc};

HRESULT sim2_creator_create(sim2_world *w, REFIID riid, void **out) {
  creator *c = calloc(1, sizeof *c);
  *out = NULL;
  if (!c) return E_OUTOFMEMORY;
  com_object_init(&c->head, &creator_vtbl, creator_iids, cr_destroy);
  c->world = w;
  c->type = IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_COOKED; /* FinalConstruct's */
  c->leadout_limit = LEADOUT_LIMIT;
  c->l.first_number = 1;
  c->l.pregap = PREGAP_SECTORS;
  sim2_world_retain(w);
  HRESULT hr = com_object_query(c, riid, out);
  com_object_release(c);
  return hr;
}
