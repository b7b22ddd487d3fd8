/* MsftDiscFormat2RawCD (format2.h). */
#include <stdlib.h>
#include <string.h>

#include "com.h"
#include "events2.h"
#include "format2.h"
#include "recorder2.h"
#include "writing2.h"

#define IMAGE_LEAD_IN 22650 /* WriteMedia: the image starts at MSF 95:00:00 */
#define FORMAT(p) ((sim2_format *)(p))

static const IID *const format_iids[] = {&IID_IDiscFormat2RawCD, &IID_IDiscFormat2, &BA_IID_IDispatch, NULL};

static const int SPEEDS[] = {4, 8, 10, 16, 20, 24, 32, 40, 48, 52}; /* CD write speeds, in multiples of 75 sectors/s */

static sim_drive *drive_of(sim2_format *f) { return &f->world->drives[f->recorder]; }

#define ENTER(f, name, ...)                                                  \
  do {                                                                       \
    sim2_log((f)->world, (f)->recorder, name __VA_ARGS__);                   \
    HRESULT injected_hr = sim2_injected((f)->world, (f)->recorder, name);    \
    if (FAILED(injected_hr)) return injected_hr;                             \
  } while (0)
/* The recorder put_Recorder gave, still plugged in. */
#define NEED_RECORDER(f)                                                          \
  do {                                                                            \
    if ((f)->recorder < 0) return E_IMAPI_RECORDER_REQUIRED;                      \
    if (drive_of(f)->removed) return BA_HRESULT_DEV_NOT_EXIST;                    \
  } while (0)
#define NEED_PREPARED(f)                                    \
  do {                                                      \
    if (!(f)->prepared) return E_IMAPI_DF2RAW_MEDIA_IS_NOT_PREPARED; \
  } while (0)

static LONG fastest(sim2_format *f) { return drive_of(f)->setup->max_speed * IMAPI_SECTORS_PER_SECOND_AT_1X_CD; }

/* A property getter: the call logged, the faults injected, `expression` (of `This`) given. */
#define FORMAT_GETTER(function, type, method, expression)                  \
  static HRESULT STDMETHODCALLTYPE function(IDiscFormat2RawCD *This, type *value) { \
    ENTER(FORMAT(This), method);                                           \
    return SIM_GIVE(value, expression);                                    \
  }

/* ------------------------------------------------------------------ IUnknown, IDiscFormat2 */

static void fmt_destroy(com_object *o) {
  sim2_format *f = (sim2_format *)o;
  if (f->prepared) sim2_unlock(f->world, f->recorder); /* never released: the lock goes with the handle */
  sim2_events_drop(f);
  if (f->recorder_object) f->recorder_object->lpVtbl->Release(f->recorder_object);
  sim2_world_release(f->world);
  free(f);
}

static HRESULT STDMETHODCALLTYPE fmt_recorder_supported(IDiscFormat2RawCD *This, IDiscRecorder2 *recorder, VARIANT_BOOL *value) {
  ENTER(FORMAT(This), "IsRecorderSupported");
  return SIM_GIVE(value, SIM_BOOL(sim2_recorder_index(recorder) >= 0));
}

/* Windows 7 and later: no disc is E_IMAPI_RECORDER_MEDIA_NO_MEDIA, not S_OK and FALSE. */
static HRESULT STDMETHODCALLTYPE fmt_media_supported(IDiscFormat2RawCD *This, IDiscRecorder2 *recorder, VARIANT_BOOL *value) {
  sim2_format *f = FORMAT(This);
  ENTER(f, "IsCurrentMediaSupported");
  int index = sim2_recorder_index(recorder);
  if (index < 0) return E_INVALIDARG;
  if (sim_media(&f->world->drives[index]) == MEDIA_NONE) return E_IMAPI_RECORDER_MEDIA_NO_MEDIA;
  return SIM_GIVE(value, SIM_BOOL(1));
}

static HRESULT blank(sim2_format *f, VARIANT_BOOL *value) {
  NEED_RECORDER(f);
  media_state m = sim_media(drive_of(f));
  if (m == MEDIA_NONE) return E_IMAPI_RECORDER_MEDIA_NO_MEDIA;
  return SIM_GIVE(value, SIM_BOOL(sim_blank(m)));
}
static HRESULT STDMETHODCALLTYPE fmt_physically_blank(IDiscFormat2RawCD *This, VARIANT_BOOL *value) {
  ENTER(FORMAT(This), "get_MediaPhysicallyBlank");
  return blank(FORMAT(This), value);
}
static HRESULT STDMETHODCALLTYPE fmt_heuristically_blank(IDiscFormat2RawCD *This, VARIANT_BOOL *value) {
  ENTER(FORMAT(This), "get_MediaHeuristicallyBlank");
  return blank(FORMAT(This), value);
}

static HRESULT STDMETHODCALLTYPE fmt_media_types(IDiscFormat2RawCD *This, SAFEARRAY **value) {
  static const LONG types[] = {IMAPI_MEDIA_TYPE_CDR, IMAPI_MEDIA_TYPE_CDRW};
  ENTER(FORMAT(This), "get_SupportedMediaTypes");
  if (!value) return E_POINTER;
  *value = sim_numbers(VT_I4, types, 2);
  return *value ? S_OK : E_OUTOFMEMORY;
}

/* ------------------------------------------------------------------ preparing, writing, releasing */

static HRESULT STDMETHODCALLTYPE fmt_prepare(IDiscFormat2RawCD *This) {
  sim2_format *f = FORMAT(This);
  ENTER(f, "PrepareMedia");
  if (f->prepared) return E_IMAPI_DF2RAW_MEDIA_IS_PREPARED;
  if (f->recorder < 0) return E_IMAPI_DF2RAW_NO_RECORDER_SPECIFIED;
  if (drive_of(f)->removed) return BA_HRESULT_DEV_NOT_EXIST;
  if (!f->client[0]) return E_IMAPI_DF2RAW_CLIENT_NAME_IS_NOT_VALID; /* "required before PrepareMedia" */
  media_state m = sim_media(drive_of(f));
  if (m == MEDIA_NONE) return E_IMAPI_RECORDER_MEDIA_NO_MEDIA;
  if (!sim_blank(m)) return E_IMAPI_DF2RAW_MEDIA_IS_NOT_BLANK;
  HRESULT hr = sim2_lock(f->world, f->recorder, f->client); /* AcquireExclusiveAccess(TRUE, ClientName) */
  if (FAILED(hr)) return hr;
  f->prepared = 1;
  if (f->current_speed < 0) f->current_speed = fastest(f);
  return S_OK;
}

static HRESULT start_write(sim2_format *f, IStream *data, LONG lead_in) {
  if (__atomic_exchange_n(&f->writing, 1, __ATOMIC_SEQ_CST)) return E_IMAPI_DF2RAW_WRITE_IN_PROGRESS;
  __atomic_store_n(&f->cancel, 0, __ATOMIC_SEQ_CST);
  HRESULT hr = sim2_write(f, data, lead_in);
  __atomic_store_n(&f->writing, 0, __ATOMIC_SEQ_CST);
  return hr;
}

static HRESULT STDMETHODCALLTYPE fmt_write(IDiscFormat2RawCD *This, IStream *data) {
  ENTER(FORMAT(This), "WriteMedia");
  return start_write(FORMAT(This), data, IMAGE_LEAD_IN);
}

static HRESULT STDMETHODCALLTYPE fmt_write2(IDiscFormat2RawCD *This, IStream *data, LONG lead_in) {
  ENTER(FORMAT(This), "WriteMedia2", " %ld", (long)lead_in);
  return start_write(FORMAT(This), data, lead_in);
}

/* From any thread, the sink's Update included: the write stops at its next sector. */
static HRESULT STDMETHODCALLTYPE fmt_cancel(IDiscFormat2RawCD *This) {
  sim2_format *f = FORMAT(This);
  sim2_log(f->world, f->recorder, "CancelWrite");
  if (!__atomic_load_n(&f->writing, __ATOMIC_SEQ_CST)) return E_IMAPI_DF2RAW_WRITE_NOT_IN_PROGRESS;
  __atomic_store_n(&f->cancel, 1, __ATOMIC_SEQ_CST);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE fmt_release_media(IDiscFormat2RawCD *This) {
  sim2_format *f = FORMAT(This);
  ENTER(f, "ReleaseMedia");
  NEED_PREPARED(f);
  if (__atomic_load_n(&f->writing, __ATOMIC_SEQ_CST)) return E_IMAPI_DF2RAW_WRITE_IN_PROGRESS;
  f->prepared = 0;
  sim2_unlock(f->world, f->recorder); /* the handle closes whatever became of the device */
  return drive_of(f)->removed ? BA_HRESULT_DEV_NOT_EXIST : S_OK;
}

/* The nearest speed the drive offers at or below the request (-1: its fastest). CLV only. */
static HRESULT STDMETHODCALLTYPE fmt_set_speed(IDiscFormat2RawCD *This, LONG speed, VARIANT_BOOL pure_cav) {
  sim2_format *f = FORMAT(This);
  ENTER(f, "SetWriteSpeed", " %ld", (long)speed);
  NEED_RECORDER(f);
  LONG chosen = SPEEDS[0] * IMAPI_SECTORS_PER_SECOND_AT_1X_CD, top = fastest(f);
  for (size_t i = 0; i < sizeof SPEEDS / sizeof SPEEDS[0]; i++) {
    LONG s = SPEEDS[i] * IMAPI_SECTORS_PER_SECOND_AT_1X_CD;
    if (s <= top && (speed < 0 || s <= speed)) chosen = s;
  }
  if (speed < 0 || speed >= top) chosen = top;
  f->requested_speed = speed, f->pure_cav = pure_cav, f->current_speed = chosen;
  int adjusted = speed >= 0 && chosen != speed;
  return adjusted && pure_cav ? S_IMAPI_BOTHADJUSTED : pure_cav ? S_IMAPI_ROTATIONADJUSTED : adjusted ? S_IMAPI_SPEEDADJUSTED : S_OK;
}

/* Psysonic saw put_Recorder fail on a drive with an empty tray. */
static HRESULT STDMETHODCALLTYPE fmt_put_recorder(IDiscFormat2RawCD *This, IDiscRecorder2 *recorder) {
  sim2_format *f = FORMAT(This);
  int index = sim2_recorder_index(recorder);
  sim2_log(f->world, index, "put_Recorder %d", index);
  HRESULT hr = sim2_injected(f->world, index, "put_Recorder");
  if (FAILED(hr)) return hr;
  if (f->prepared) return E_IMAPI_DF2RAW_MEDIA_IS_PREPARED;
  if (index < 0) return E_INVALIDARG;
  if (f->world->drives[index].removed) return BA_HRESULT_DEV_NOT_EXIST;
  if (sim_media(&f->world->drives[index]) == MEDIA_NONE) return E_IMAPI_RECORDER_MEDIA_NO_MEDIA;
  recorder->lpVtbl->AddRef(recorder);
  if (f->recorder_object) f->recorder_object->lpVtbl->Release(f->recorder_object);
  f->recorder_object = recorder;
  f->recorder = index;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE fmt_get_recorder(IDiscFormat2RawCD *This, IDiscRecorder2 **recorder) {
  sim2_format *f = FORMAT(This);
  ENTER(f, "get_Recorder");
  if (!recorder) return E_POINTER;
  *recorder = f->recorder_object;
  if (!*recorder) return E_IMAPI_RECORDER_REQUIRED;
  (*recorder)->lpVtbl->AddRef(*recorder);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE fmt_put_buf(IDiscFormat2RawCD *This, VARIANT_BOOL value) {
  ENTER(FORMAT(This), "put_BufferUnderrunFreeDisabled", " %d", value != 0);
  FORMAT(This)->underrun_free_disabled = value;
  return S_OK;
}

FORMAT_GETTER(fmt_get_buf, VARIANT_BOOL, "get_BufferUnderrunFreeDisabled", SIM_BOOL(FORMAT(This)->underrun_free_disabled))

static HRESULT STDMETHODCALLTYPE fmt_next_session(IDiscFormat2RawCD *This, LONG *value) {
  ENTER(FORMAT(This), "get_StartOfNextSession");
  NEED_PREPARED(FORMAT(This));
  return SIM_GIVE(value, 0); /* a blank disc's first session starts at LBA 0 */
}

static HRESULT STDMETHODCALLTYPE fmt_last_leadout(IDiscFormat2RawCD *This, LONG *value) {
  sim2_format *f = FORMAT(This);
  ENTER(f, "get_LastPossibleStartOfLeadout");
  NEED_PREPARED(f);
  return SIM_GIVE(value, (LONG)sim_media_blocks(drive_of(f)));
}

static HRESULT STDMETHODCALLTYPE fmt_media_type(IDiscFormat2RawCD *This, IMAPI_MEDIA_PHYSICAL_TYPE *value) {
  sim2_format *f = FORMAT(This);
  ENTER(f, "get_CurrentPhysicalMediaType");
  NEED_RECORDER(f);
  media_state m = sim_media(drive_of(f));
  if (!value) return E_POINTER;
  if (m == MEDIA_NONE) return E_IMAPI_RECORDER_MEDIA_NO_MEDIA;
  *value = sim_rewritable(m) ? IMAPI_MEDIA_TYPE_CDRW : IMAPI_MEDIA_TYPE_CDR;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE fmt_sector_types(IDiscFormat2RawCD *This, SAFEARRAY **value) {
  sim2_format *f = FORMAT(This);
  ENTER(f, "get_SupportedSectorTypes");
  NEED_PREPARED(f);
  const sim_recorder_config *setup = drive_of(f)->setup;
  LONG types[3];
  for (int i = 0; i < setup->sector_type_count; i++) types[i] = setup->sector_types[i];
  if (!value) return E_POINTER;
  *value = sim_numbers(VT_UI4, types, setup->sector_type_count);
  return *value ? S_OK : E_OUTOFMEMORY;
}

static HRESULT STDMETHODCALLTYPE fmt_put_sector_type(IDiscFormat2RawCD *This, IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE value) {
  sim2_format *f = FORMAT(This);
  ENTER(f, "put_RequestedSectorType", " %d", (int)value);
  NEED_PREPARED(f);
  const sim_recorder_config *setup = drive_of(f)->setup;
  for (int i = 0; i < setup->sector_type_count; i++)
    if (setup->sector_types[i] == (int)value) {
      f->sector_type = value;
      return S_OK;
    }
  return E_IMAPI_DF2RAW_DATA_BLOCK_TYPE_NOT_SUPPORTED;
}

FORMAT_GETTER(fmt_get_sector_type, IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE, "get_RequestedSectorType", FORMAT(This)->sector_type)

static HRESULT STDMETHODCALLTYPE fmt_put_client(IDiscFormat2RawCD *This, BSTR value) {
  sim2_format *f = FORMAT(This);
  char name[CLIENT_NAME_CHARS + 8];
  sim_ascii_from_bstr(value, name, sizeof name);
  ENTER(f, "put_ClientName", " %s", name);
  if (!sim2_client_name_valid(name)) return E_IMAPI_DF2RAW_CLIENT_NAME_IS_NOT_VALID;
  memcpy(f->client, name, strlen(name) + 1);
  return S_OK;
}

FORMAT_GETTER(fmt_get_client, BSTR, "get_ClientName", sim_bstr_from_ascii(FORMAT(This)->client))

FORMAT_GETTER(fmt_requested_speed, LONG, "get_RequestedWriteSpeed", FORMAT(This)->requested_speed)

FORMAT_GETTER(fmt_requested_cav, VARIANT_BOOL, "get_RequestedRotationTypeIsPureCAV", SIM_BOOL(FORMAT(This)->pure_cav))

static HRESULT STDMETHODCALLTYPE fmt_current_speed(IDiscFormat2RawCD *This, LONG *value) {
  sim2_format *f = FORMAT(This);
  ENTER(f, "get_CurrentWriteSpeed");
  NEED_RECORDER(f);
  return SIM_GIVE(value, f->current_speed < 0 ? fastest(f) : f->current_speed);
}

FORMAT_GETTER(fmt_current_cav, VARIANT_BOOL, "get_CurrentRotationTypeIsPureCAV", SIM_BOOL(0))

/* Fastest first, as sectors per second (VARIANT VT_UI4). */
static HRESULT STDMETHODCALLTYPE fmt_speeds(IDiscFormat2RawCD *This, SAFEARRAY **value) {
  sim2_format *f = FORMAT(This);
  ENTER(f, "get_SupportedWriteSpeeds");
  NEED_RECORDER(f);
  LONG speeds[sizeof SPEEDS / sizeof SPEEDS[0] + 1], top = fastest(f);
  int n = 0;
  speeds[n++] = top;
  for (int i = (int)(sizeof SPEEDS / sizeof SPEEDS[0]) - 1; i >= 0; i--)
    if (SPEEDS[i] * IMAPI_SECTORS_PER_SECOND_AT_1X_CD < top) speeds[n++] = SPEEDS[i] * IMAPI_SECTORS_PER_SECOND_AT_1X_CD;
  if (!value) return E_POINTER;
  *value = sim_numbers(VT_UI4, speeds, n);
  return *value ? S_OK : E_OUTOFMEMORY;
}

/* IWriteSpeedDescriptor objects are not simulated. */
static HRESULT STDMETHODCALLTYPE fmt_speed_descriptors(IDiscFormat2RawCD *This, SAFEARRAY **value) {
  ENTER(FORMAT(This), "get_SupportedWriteSpeedDescriptors");
  if (value) *value = NULL;
  return E_NOTIMPL;
}

static const IDiscFormat2RawCDVtbl format_vtbl = {
    COM_OBJECT_SLOTS(IDiscFormat2RawCD), SIM_DISPATCH_SLOTS, fmt_recorder_supported, fmt_media_supported,
    fmt_physically_blank, fmt_heuristically_blank, fmt_media_types, fmt_prepare, fmt_write, fmt_write2, fmt_cancel,
    fmt_release_media, fmt_set_speed, fmt_put_recorder, fmt_get_recorder, fmt_put_buf, fmt_get_buf, fmt_next_session,
    fmt_last_leadout, fmt_media_type, fmt_sector_types, fmt_put_sector_type, fmt_get_sector_type, fmt_put_client,
    fmt_get_client, fmt_requested_speed, fmt_requested_cav, fmt_current_speed, fmt_current_cav, fmt_speeds,
    fmt_speed_descriptors};

HRESULT sim2_format_create(sim2_world *w, REFIID riid, void **out) {
  sim2_format *f = calloc(1, sizeof *f);
  *out = NULL;
  if (!f) return E_OUTOFMEMORY;
  com_object_init(&f->head, &format_vtbl, format_iids, fmt_destroy);
  com_object_also(&f->head, &BA_IID_IConnectionPointContainer, &f->container);
  sim2_events_init(f);
  f->world = w;
  f->recorder = -1;
  f->requested_speed = f->current_speed = -1;
  f->sector_type = IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_COOKED; /* the documented default */
  sim2_world_retain(w);
  HRESULT hr = com_object_query(f, riid, out);
  com_object_release(f);
  return hr;
}
