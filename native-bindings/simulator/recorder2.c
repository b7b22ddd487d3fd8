/* MsftDiscRecorder2: IDiscRecorder2 and IDiscRecorder2Ex (recorder2.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../com-object.h"
#include "com.h"
#include "mmc.h"
#include "recorder2.h"

#define ID_PREFIX "\\\\?\\scsi#cdrom&ven_burnaud&prod_sim#5&1a2b3c4d&0&00000"
#define ID_SUFFIX "#{53f56308-b6bf-11d0-94f2-00a0c91efb8b}" /* GUID_DEVINTERFACE_CDROM */

typedef struct {
  com_object head; /* the IDiscRecorder2 */
  IDiscRecorder2Ex ex;
  sim2_world *world;
  int index; /* -1 until InitializeDiscRecorder */
  int locks; /* this object's AcquireExclusiveAccess calls not yet released */
  mmc_drive mmc; /* the disc as this handle reads it back */
} recorder;

#define REC(p) ((recorder *)(p))
#define REC_FROM_EX(p) ((recorder *)((char *)(p) - offsetof(recorder, ex)))

static const IDiscRecorder2Vtbl recorder_vtbl;

void sim2_unique_id(int index, char *out, size_t size) { snprintf(out, size, ID_PREFIX "%d" ID_SUFFIX, index); }

int sim2_recorder_index(IDiscRecorder2 *r) { return r && ((com_object *)r)->vtbl == &recorder_vtbl ? REC(r)->index : -1; }

/* Every method but QueryInterface and reference counting: logged, then the injected faults, then
   an uninitialized or unplugged recorder answers as IMAPI2 does. */
#define ENTER(r, name, ...)                                                        \
  do {                                                                             \
    sim2_log((r)->world, (r)->index, name __VA_ARGS__);                            \
    HRESULT injected_hr = sim2_injected((r)->world, (r)->index, name);             \
    if (FAILED(injected_hr)) return injected_hr;                                   \
    if ((r)->index < 0) return E_IMAPI_RECORDER_REQUIRED;                          \
    if ((r)->world->drives[(r)->index].removed) return BA_HRESULT_DEV_NOT_EXIST;   \
  } while (0)

static sim_drive *drive_of(recorder *r) { return &r->world->drives[r->index]; }

static HRESULT text(BSTR *out, const char *value) {
  if (!out) return E_POINTER;
  *out = sim_bstr_from_ascii(value);
  return *out ? S_OK : E_OUTOFMEMORY;
}

static HRESULT array(SAFEARRAY **out, SAFEARRAY *value) {
  if (!out) return E_POINTER;
  *out = value;
  return value ? S_OK : E_OUTOFMEMORY;
}

/* ------------------------------------------------------------------ IUnknown */

static const IID *const recorder_iids[] = {&IID_IDiscRecorder2, &BA_IID_IDispatch, NULL};

static void rec_destroy(com_object *o) {
  recorder *r = (recorder *)o;
  for (; r->locks > 0; r->locks--) sim2_unlock(r->world, r->index); /* the handle closes: cdrom.sys drops its locks */
  mmc_close(&r->mmc);
  sim2_world_release(r->world);
  free(r);
}

/* ------------------------------------------------------------------ IDiscRecorder2 */

static HRESULT STDMETHODCALLTYPE rec_eject(IDiscRecorder2 *This) {
  recorder *r = REC(This);
  ENTER(r, "EjectMedia");
  sim_eject_disc(drive_of(r));
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_close_tray(IDiscRecorder2 *This) {
  ENTER(REC(This), "CloseTray");
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_acquire(IDiscRecorder2 *This, VARIANT_BOOL force, BSTR client) {
  recorder *r = REC(This);
  char client_name[CLIENT_NAME_CHARS + 8];
  sim_ascii_from_bstr(client, client_name, sizeof client_name);
  ENTER(r, "AcquireExclusiveAccess", " force=%d %s", force != 0, client_name);
  if (!sim2_client_name_valid(client_name)) return E_IMAPI_RECORDER_CLIENT_NAME_IS_NOT_VALID;
  HRESULT hr = sim2_lock(r->world, r->index, client_name);
  if (SUCCEEDED(hr)) r->locks++;
  return hr;
}

static HRESULT STDMETHODCALLTYPE rec_release_access(IDiscRecorder2 *This) {
  recorder *r = REC(This);
  ENTER(r, "ReleaseExclusiveAccess");
  if (r->locks == 0) return S_OK;
  r->locks--;
  sim2_unlock(r->world, r->index);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_disable_mcn(IDiscRecorder2 *This) {
  ENTER(REC(This), "DisableMcn");
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_enable_mcn(IDiscRecorder2 *This) {
  ENTER(REC(This), "EnableMcn");
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_initialize(IDiscRecorder2 *This, BSTR unique_id) {
  recorder *r = REC(This);
  char id[300], expected[300];
  sim_ascii_from_bstr(unique_id, id, sizeof id);
  sim2_log(r->world, -1, "InitializeDiscRecorder %s", id);
  HRESULT hr = sim2_injected(r->world, -1, "InitializeDiscRecorder");
  if (FAILED(hr)) return hr;
  for (int i = 0; i < r->world->config.recorder_count; i++) {
    sim2_unique_id(i, expected, sizeof expected);
    if (strcmp(id, expected) != 0) continue;
    if (r->world->drives[i].removed) return BA_HRESULT_DEV_NOT_EXIST;
    r->index = i;
    return S_OK;
  }
  return BA_HRESULT_FILE_NOT_FOUND; /* CreateFileW on a path no device has */
}

static HRESULT STDMETHODCALLTYPE rec_active(IDiscRecorder2 *This, BSTR *value) {
  recorder *r = REC(This);
  char id[300];
  ENTER(r, "get_ActiveDiscRecorder");
  sim2_unique_id(r->index, id, sizeof id);
  return text(value, id);
}

static HRESULT STDMETHODCALLTYPE rec_vendor(IDiscRecorder2 *This, BSTR *value) {
  ENTER(REC(This), "get_VendorId");
  return text(value, drive_of(REC(This))->setup->vendor);
}

static HRESULT STDMETHODCALLTYPE rec_product(IDiscRecorder2 *This, BSTR *value) {
  ENTER(REC(This), "get_ProductId");
  return text(value, drive_of(REC(This))->setup->product);
}

static HRESULT STDMETHODCALLTYPE rec_revision(IDiscRecorder2 *This, BSTR *value) {
  ENTER(REC(This), "get_ProductRevision");
  return text(value, drive_of(REC(This))->setup->revision);
}

static HRESULT STDMETHODCALLTYPE rec_volume_name(IDiscRecorder2 *This, BSTR *value) {
  recorder *r = REC(This);
  char name[80];
  ENTER(r, "get_VolumeName");
  snprintf(name, sizeof name, "\\\\?\\Volume{b0a5e1d0-0000-11f0-8000-%012d}\\", r->index);
  return text(value, name);
}

static HRESULT STDMETHODCALLTYPE rec_paths(IDiscRecorder2 *This, SAFEARRAY **value) {
  recorder *r = REC(This);
  char path[4] = {(char)('D' + r->index), ':', '\\', 0};
  const char *paths[] = {path};
  ENTER(r, "get_VolumePathNames");
  return array(value, sim_texts(paths, 1));
}

static HRESULT STDMETHODCALLTYPE rec_can_load(IDiscRecorder2 *This, VARIANT_BOOL *value) {
  ENTER(REC(This), "get_DeviceCanLoadMedia");
  return SIM_GIVE(value, VARIANT_TRUE);
}

static HRESULT STDMETHODCALLTYPE rec_legacy_number(IDiscRecorder2 *This, LONG *value) {
  ENTER(REC(This), "get_LegacyDeviceNumber");
  return SIM_GIVE(value, REC(This)->index);
}

static const LONG FEATURES[] = {0x0000, 0x0001, 0x0002, 0x0003, 0x001D, 0x001E, 0x0021, 0x002D, 0x002E, 0x0107};

static HRESULT STDMETHODCALLTYPE rec_features(IDiscRecorder2 *This, SAFEARRAY **value) {
  ENTER(REC(This), "get_SupportedFeaturePages");
  return array(value, sim_numbers(VT_I4, FEATURES, (int)(sizeof FEATURES / sizeof FEATURES[0])));
}

static HRESULT STDMETHODCALLTYPE rec_current_features(IDiscRecorder2 *This, SAFEARRAY **value) {
  ENTER(REC(This), "get_CurrentFeaturePages");
  int loaded = sim_media(drive_of(REC(This))) != MEDIA_NONE;
  return array(value, sim_numbers(VT_I4, FEATURES, loaded ? (int)(sizeof FEATURES / sizeof FEATURES[0]) : 3));
}

static const LONG PROFILES[] = {IMAPI_PROFILE_TYPE_CDROM, IMAPI_PROFILE_TYPE_CD_RECORDABLE, IMAPI_PROFILE_TYPE_CD_REWRITABLE};

static HRESULT STDMETHODCALLTYPE rec_profiles(IDiscRecorder2 *This, SAFEARRAY **value) {
  ENTER(REC(This), "get_SupportedProfiles");
  return array(value, sim_numbers(VT_I4, PROFILES, 3));
}

static HRESULT STDMETHODCALLTYPE rec_current_profiles(IDiscRecorder2 *This, SAFEARRAY **value) {
  ENTER(REC(This), "get_CurrentProfiles");
  media_state m = sim_media(drive_of(REC(This)));
  LONG profile = sim_rewritable(m) ? IMAPI_PROFILE_TYPE_CD_REWRITABLE : IMAPI_PROFILE_TYPE_CD_RECORDABLE;
  return array(value, sim_numbers(VT_I4, &profile, m == MEDIA_NONE ? 0 : 1));
}

static HRESULT STDMETHODCALLTYPE rec_mode_pages(IDiscRecorder2 *This, SAFEARRAY **value) {
  static const LONG pages[] = {IMAPI_MODE_PAGE_TYPE_WRITE_PARAMETERS, IMAPI_MODE_PAGE_TYPE_LEGACY_CAPABILITIES};
  ENTER(REC(This), "get_SupportedModePages");
  return array(value, sim_numbers(VT_I4, pages, 2));
}

static HRESULT STDMETHODCALLTYPE rec_owner(IDiscRecorder2 *This, BSTR *value) {
  recorder *r = REC(This);
  ENTER(r, "get_ExclusiveAccessOwner");
  return text(value, sim2_owner(r->world, r->index));
}

static const IDiscRecorder2Vtbl recorder_vtbl = {
    COM_OBJECT_SLOTS(IDiscRecorder2), SIM_DISPATCH_SLOTS, rec_eject, rec_close_tray, rec_acquire, rec_release_access,
    rec_disable_mcn, rec_enable_mcn, rec_initialize, rec_active, rec_vendor, rec_product, rec_revision, rec_volume_name,
    rec_paths, rec_can_load, rec_legacy_number, rec_features, rec_current_features, rec_profiles, rec_current_profiles,
    rec_mode_pages, rec_owner};

/* ------------------------------------------------------------------ IDiscRecorder2Ex */

static HRESULT STDMETHODCALLTYPE ex_query(IDiscRecorder2Ex *This, REFIID riid, void **ppv) {
  return com_object_query(REC_FROM_EX(This), riid, ppv);
}
static ULONG STDMETHODCALLTYPE ex_addref(IDiscRecorder2Ex *This) { return com_object_addref(REC_FROM_EX(This)); }
static ULONG STDMETHODCALLTYPE ex_release(IDiscRecorder2Ex *This) { return com_object_release(REC_FROM_EX(This)); }

/* MMC through IMAPI2's handle: the commands of reading a disc back (mmc.h); the others, and
   commands without data or sending data, are not simulated. */
static HRESULT STDMETHODCALLTYPE ex_no_data(IDiscRecorder2Ex *This, BYTE *cdb, ULONG cdb_size, BYTE sense[18], ULONG timeout) {
  (void)This, (void)cdb, (void)cdb_size, (void)sense, (void)timeout;
  return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE ex_send(IDiscRecorder2Ex *This, BYTE *cdb, ULONG cdb_size, BYTE sense[18], ULONG timeout, BYTE *buffer, ULONG size) {
  (void)buffer, (void)size;
  return ex_no_data(This, cdb, cdb_size, sense, timeout);
}
static HRESULT STDMETHODCALLTYPE ex_get(IDiscRecorder2Ex *This, BYTE *cdb, ULONG cdb_size, BYTE sense[18], ULONG timeout, BYTE *buffer,
                                        ULONG size, ULONG *fetched) {
  recorder *r = REC_FROM_EX(This);
  (void)timeout;
  if (fetched) *fetched = 0;
  ENTER(r, "SendCommandGetDataFromDevice", " 0x%02X", cdb && cdb_size ? cdb[0] : 0);
  if (!cdb || !sense || !fetched) return E_POINTER;
  if (sim2_locked_out(r->world, r->index, r->locks)) return E_ACCESSDENIED; /* cdrom.sys: STATUS_ACCESS_DENIED to every other handle */
  return mmc_command(&r->mmc, drive_of(r), &r->world->config.faults, sim2_disc_faults(r->world, r->index), cdb, cdb_size, sense, buffer, size,
                     fetched);
}
static HRESULT STDMETHODCALLTYPE ex_read_dvd(IDiscRecorder2Ex *This, ULONG format, ULONG address, ULONG layer, ULONG agid, BYTE **data, ULONG *count) {
  (void)This, (void)format, (void)address, (void)layer, (void)agid;
  if (data) *data = NULL;
  if (count) *count = 0;
  return E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE; /* a CD has no DVD structures */
}
static HRESULT STDMETHODCALLTYPE ex_send_dvd(IDiscRecorder2Ex *This, ULONG format, BYTE *data, ULONG count) {
  (void)This, (void)format, (void)data, (void)count;
  return E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE;
}

/* A CoTaskMemAlloc'd copy, as IMAPI2 hands out its buffers. */
static HRESULT give_bytes(const void *bytes, ULONG size, BYTE **out, ULONG *out_size) {
  if (!out || !out_size) return E_POINTER;
  *out = CoTaskMemAlloc(size);
  if (!*out) return E_OUTOFMEMORY;
  memcpy(*out, bytes, size);
  *out_size = size;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE ex_adapter(IDiscRecorder2Ex *This, BYTE **data, ULONG *size) {
  (void)This;
  static const BYTE adapter[] = {1, 0, 0, 0, 32, 0, 0, 0}; /* STORAGE_ADAPTER_DESCRIPTOR's version and size */
  return give_bytes(adapter, sizeof adapter, data, size);
}
static HRESULT STDMETHODCALLTYPE ex_device(IDiscRecorder2Ex *This, BYTE **data, ULONG *size) { return ex_adapter(This, data, size); }

static void msf_bytes(BYTE *out, long lba) {
  long frames = lba + (lba < -150 ? 450150 : 150);
  out[0] = 0, out[1] = (BYTE)(frames / 4500), out[2] = (BYTE)(frames / 75 % 60), out[3] = (BYTE)(frames % 75);
}

/* READ DISC INFORMATION (MMC): byte 2 is the disc status (0 empty, 2 complete), the last session's
   state (bits 3-2) and erasable (bit 4); 16-19 the lead-in start and 20-23 the last possible
   lead-out start, in MSF. */
static HRESULT STDMETHODCALLTYPE ex_disc_information(IDiscRecorder2Ex *This, BYTE **info, ULONG *size) {
  recorder *r = REC_FROM_EX(This);
  ENTER(r, "GetDiscInformation");
  sim_drive *d = drive_of(r);
  media_state m = sim_media(d);
  if (m == MEDIA_NONE) return E_IMAPI_RECORDER_MEDIA_NO_MEDIA;
  BYTE data[34] = {0, 32};
  data[2] = (BYTE)((sim_blank(m) ? 0x00 : 0x0E) | (sim_rewritable(m) ? 0x10 : 0));
  data[3] = 1, data[4] = 1, data[5] = 1, data[6] = 1;
  msf_bytes(data + 16, d->setup->lead_in);
  msf_bytes(data + 20, (long)sim_media_blocks(d));
  return give_bytes(data, sizeof data, info, size);
}

/* Not simulated: no buffer, E_NOTIMPL. */
static HRESULT no_buffer(BYTE **data, ULONG *size) {
  if (data) *data = NULL;
  if (size) *size = 0;
  return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE ex_track_information(IDiscRecorder2Ex *This, ULONG address, IMAPI_READ_TRACK_ADDRESS_TYPE type, BYTE **info,
                                                      ULONG *size) {
  (void)This, (void)address, (void)type;
  return no_buffer(info, size);
}

/* CD Mastering (002Eh): R-W, test write, raw, SAO and buffer underrun free; a 3840-byte cue sheet. */
static HRESULT STDMETHODCALLTYPE ex_feature(IDiscRecorder2Ex *This, IMAPI_FEATURE_PAGE_TYPE feature, boolean current_only, BYTE **data, ULONG *size) {
  recorder *r = REC_FROM_EX(This);
  (void)current_only;
  ENTER(r, "GetFeaturePage", " 0x%04X", (unsigned)feature);
  static const BYTE mastering[] = {0x00, 0x2E, 0x03, 0x04, 0x6D, 0x00, 0x0F, 0x00};
  if (feature != IMAPI_FEATURE_PAGE_TYPE_CD_MASTERING) return E_IMAPI_RECORDER_NO_SUCH_FEATURE;
  return give_bytes(mastering, sizeof mastering, data, size);
}

static HRESULT STDMETHODCALLTYPE ex_mode_page(IDiscRecorder2Ex *This, IMAPI_MODE_PAGE_TYPE page, IMAPI_MODE_PAGE_REQUEST_TYPE request, BYTE **data,
                                              ULONG *size) {
  (void)This, (void)page, (void)request;
  return no_buffer(data, size);
}
static HRESULT STDMETHODCALLTYPE ex_set_mode_page(IDiscRecorder2Ex *This, IMAPI_MODE_PAGE_REQUEST_TYPE request, BYTE *data, ULONG size) {
  (void)This, (void)request, (void)data, (void)size;
  return E_NOTIMPL;
}

static HRESULT list_of(const void *values, ULONG count, ULONG unit, void **out, ULONG *out_count) {
  BYTE *copy = NULL;
  ULONG bytes = 0;
  HRESULT hr = give_bytes(values, count * unit, &copy, &bytes);
  if (out) *out = copy;
  if (out_count) *out_count = SUCCEEDED(hr) ? count : 0;
  return hr;
}

static HRESULT STDMETHODCALLTYPE ex_features(IDiscRecorder2Ex *This, boolean current_only, IMAPI_FEATURE_PAGE_TYPE **pages, ULONG *count) {
  (void)This, (void)current_only;
  static const IMAPI_FEATURE_PAGE_TYPE list[] = {IMAPI_FEATURE_PAGE_TYPE_PROFILE_LIST, IMAPI_FEATURE_PAGE_TYPE_CORE,
                                                 IMAPI_FEATURE_PAGE_TYPE_CD_TRACK_AT_ONCE, IMAPI_FEATURE_PAGE_TYPE_CD_MASTERING};
  return list_of(list, 4, sizeof list[0], (void **)pages, count);
}
static HRESULT STDMETHODCALLTYPE ex_profiles(IDiscRecorder2Ex *This, boolean current_only, IMAPI_PROFILE_TYPE **profiles, ULONG *count) {
  (void)This, (void)current_only;
  static const IMAPI_PROFILE_TYPE list[] = {IMAPI_PROFILE_TYPE_CDROM, IMAPI_PROFILE_TYPE_CD_RECORDABLE, IMAPI_PROFILE_TYPE_CD_REWRITABLE};
  return list_of(list, 3, sizeof list[0], (void **)profiles, count);
}
static HRESULT STDMETHODCALLTYPE ex_mode_pages(IDiscRecorder2Ex *This, IMAPI_MODE_PAGE_REQUEST_TYPE request, IMAPI_MODE_PAGE_TYPE **pages, ULONG *count) {
  (void)This, (void)request;
  static const IMAPI_MODE_PAGE_TYPE list[] = {IMAPI_MODE_PAGE_TYPE_WRITE_PARAMETERS, IMAPI_MODE_PAGE_TYPE_LEGACY_CAPABILITIES};
  return list_of(list, 2, sizeof list[0], (void **)pages, count);
}

static HRESULT STDMETHODCALLTYPE ex_alignment(IDiscRecorder2Ex *This, ULONG *value) { (void)This; return SIM_GIVE(value, (ULONG)1); }
static HRESULT STDMETHODCALLTYPE ex_transfer(IDiscRecorder2Ex *This, ULONG *value) { (void)This; return SIM_GIVE(value, (ULONG)65536); }

static const IDiscRecorder2ExVtbl ex_vtbl = {
    ex_query, ex_addref, ex_release, ex_no_data, ex_send, ex_get, ex_read_dvd, ex_send_dvd, ex_adapter, ex_device,
    ex_disc_information, ex_track_information, ex_feature, ex_mode_page, ex_set_mode_page, ex_features, ex_profiles,
    ex_mode_pages, ex_alignment, ex_transfer, ex_transfer};

HRESULT sim2_recorder_create(sim2_world *w, REFIID riid, void **out) {
  recorder *r = calloc(1, sizeof *r);
  *out = NULL;
  if (!r) return E_OUTOFMEMORY;
  com_object_init(&r->head, &recorder_vtbl, recorder_iids, rec_destroy);
  com_object_also(&r->head, &IID_IDiscRecorder2Ex, &r->ex);
  r->ex.lpVtbl = &ex_vtbl;
  r->world = w;
  r->index = -1;
  sim2_world_retain(w);
  HRESULT hr = com_object_query(r, riid, out);
  com_object_release(r);
  return hr;
}
