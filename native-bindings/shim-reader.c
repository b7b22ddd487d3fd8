/*
 * burn-audio's disc reader (the ba2_reader_* exports of burn_audio_imapi2.h): MMC commands sent
 * through IMAPI2's own handle on the drive (IDiscRecorder2Ex::SendCommandGetDataFromDevice), on
 * a COM thread of the reader's own, so that it needs no ba2_open and works beside a burn's
 * session. On Windows, where IMAPI2's handle refuses, the same commands go as IOCTL_CDROM_*
 * requests on a read-only handle of the drive's volume (\\.\D:), their answers rebuilt as the MMC
 * replies (reference imapi2-dao-and-readback §16-§18). Nothing here writes to a disc.
 */
#include <stdio.h>
#include <string.h>

#include "burn_audio_imapi2.h"
#include "shim2-common.h"

#ifdef _WIN32
#include <ntddcdrm.h>
#include <winioctl.h>
#define RAW_WITH_SUBCODE 5 /* TRACK_MODE_TYPE RawWithSubCode: 2352 + 96 bytes (a WDK-only value) */
#endif

#define SENSE_BYTES 18
#define TIMEOUT_SECONDS 60
#define AUDIO_BYTES 2352
#define RAW_SUBCODE 96
#define FORMATTED_Q 16

static shim_thread worker = SHIM_THREAD_INIT;
static shim_error error = SHIM_ERROR_INIT;
static pthread_mutex_t call_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int is_open;
#define fail(...) shim_fail(&error, __VA_ARGS__)

static struct {
  IDiscRecorder2 *recorder;
  IDiscRecorder2Ex *ex;
  int acquired; /* AcquireExclusiveAccess taken, where a command needed it */
  int ioctl;    /* the fallback: IOCTL_CDROM_* on a read-only handle */
  WCHAR volume[8];
#ifdef _WIN32
  HANDLE device;
#endif
} rd;

#define RELEASE(p)                  \
  do {                              \
    if (p) (p)->lpVtbl->Release(p); \
    (p) = NULL;                     \
  } while (0)

/* ------------------------------------------------------------------ the IOCTL fallback (Windows) */

#ifdef _WIN32
static HRESULT open_device(void) {
  WCHAR path[16] = L"\\\\.\\";
  if (!rd.volume[0]) return fail(E_IMAPI_RECORDER_REQUIRED, "the recorder has no drive letter to open");
  path[4] = rd.volume[0], path[5] = L':', path[6] = 0;
  rd.device = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
  if (rd.device == INVALID_HANDLE_VALUE) return fail(HRESULT_FROM_WIN32(GetLastError()), "CreateFile(\\\\.\\%c:, GENERIC_READ) failed", (char)rd.volume[0]);
  rd.ioctl = 1;
  return S_OK;
}

static HRESULT sense_of(DWORD code, uint8_t *sense, long lba) {
  memset(sense, 0, SENSE_BYTES);
  sense[0] = 0xF0, sense[7] = 10;
  for (int i = 0; i < 4; i++) sense[3 + i] = (uint8_t)((unsigned long)lba >> (24 - 8 * i));
  if (code == ERROR_NOT_READY) sense[2] = 2, sense[12] = 0x3A;
  else if (code == ERROR_CRC || code == ERROR_IO_DEVICE) sense[2] = 3, sense[12] = 0x11;
  else return HRESULT_FROM_WIN32(code);
  return S_IMAPI_COMMAND_HAS_SENSE_DATA;
}

static HRESULT ask(DWORD code, void *in, DWORD in_size, void *out, DWORD out_size, DWORD *got, uint8_t *sense, long lba) {
  if (DeviceIoControl(rd.device, code, in, in_size, out, out_size, got, NULL)) return S_OK;
  return sense_of(GetLastError(), sense, lba);
}

/* READ CD as IOCTL_CDROM_RAW_READ: CD-DA, with the raw sub-channel when Q is asked for, whose Q
   bits (bit 6 of each of the 96 bytes) make the formatted Q. */
static HRESULT raw_read(const uint8_t *cdb, uint8_t *buffer, DWORD capacity, DWORD *fetched, uint8_t *sense) {
  long lba = (long)((unsigned long)cdb[2] << 24 | (unsigned long)cdb[3] << 16 | (unsigned long)cdb[4] << 8 | cdb[5]);
  DWORD count = (DWORD)cdb[6] << 16 | (DWORD)cdb[7] << 8 | cdb[8];
  int main = (cdb[9] & 0xF8) != 0, q = (cdb[10] & 7) == 2;
  DWORD raw = AUDIO_BYTES + (q ? RAW_SUBCODE : 0), per = (main ? AUDIO_BYTES : 0) + (q ? FORMATTED_Q : 0), got = 0;
  if (count * per > capacity) return fail(E_INVALIDARG, "READ CD of %lu sectors does not fit in %lu bytes", (unsigned long)count, (unsigned long)capacity);
  uint8_t *data = VirtualAlloc(NULL, count * raw, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE); /* page-aligned, as cdrom.sys wants */
  if (!data) return fail(E_OUTOFMEMORY, "no memory for %lu sectors", (unsigned long)count);
  RAW_READ_INFO info = {.SectorCount = count, .TrackMode = q ? (TRACK_MODE_TYPE)RAW_WITH_SUBCODE : CDDA};
  info.DiskOffset.QuadPart = (LONGLONG)lba * 2048; /* in 2048-byte units, whatever the sector size */
  HRESULT hr = ask(IOCTL_CDROM_RAW_READ, &info, sizeof info, data, count * raw, &got, sense, lba);
  for (DWORD i = 0; hr == S_OK && i < count; i++) {
    uint8_t *out = buffer + i * per, *in = data + i * raw;
    if (main) memcpy(out, in, AUDIO_BYTES);
    if (!q) continue;
    uint8_t *frame = out + (main ? AUDIO_BYTES : 0);
    memset(frame, 0, FORMATTED_Q);
    for (int b = 0; b < RAW_SUBCODE; b++) frame[b / 8] |= (uint8_t)((in[AUDIO_BYTES + b] >> 6 & 1) << (7 - b % 8));
  }
  VirtualFree(data, 0, MEM_RELEASE);
  *fetched = hr == S_OK ? count * per : 0;
  return hr;
}

/* The MMC commands the reader sends, as the IOCTLs a GENERIC_READ handle may use. */
static HRESULT ioctl_command(const uint8_t *cdb, uint8_t *buffer, DWORD capacity, DWORD *fetched, uint8_t *sense) {
  *fetched = 0;
  if (cdb[0] == 0x43 && (cdb[2] & 0x0F) == 0) /* CDROM_TOC is READ TOC format 0 in MSF */
    return ask(IOCTL_CDROM_READ_TOC, NULL, 0, buffer, capacity, fetched, sense, 0);
  if (cdb[0] == 0x43) {
    CDROM_READ_TOC_EX in = {.Format = (UCHAR)(cdb[2] & 0x0F), .Msf = 1, .SessionTrack = cdb[6]};
    return ask(IOCTL_CDROM_READ_TOC_EX, &in, sizeof in, buffer, capacity, fetched, sense, 0);
  }
  if (cdb[0] == 0x42) {
    CDROM_SUB_Q_DATA_FORMAT in = {.Format = cdb[3], .Track = cdb[6]};
    return ask(IOCTL_CDROM_READ_Q_CHANNEL, &in, sizeof in, buffer, capacity, fetched, sense, 0);
  }
  if (cdb[0] == 0xBE) return raw_read(cdb, buffer, capacity, fetched, sense);
  return fail(E_NOTIMPL, "command 0x%02X has no IOCTL on a read-only handle", cdb[0]);
}
#endif

/* ------------------------------------------------------------------ jobs on the reader's thread */

typedef struct {
  int32_t index;
  char *json;
  int32_t capacity;
} open_args;

static HRESULT find_recorder(int32_t index, BSTR *id) {
  IDiscMaster2 *master = NULL;
  LONG count = 0;
  HRESULT hr = shim2_create(&error, &CLSID_MsftDiscMaster2, &IID_IDiscMaster2, (void **)&master, "MsftDiscMaster2");
  if (FAILED(hr)) return hr;
  if (FAILED(hr = master->lpVtbl->get_Count(master, &count))) fail(hr, "IDiscMaster2::get_Count failed");
  else if (index < 0 || index >= count) hr = fail(BA_E_BADINDEX, "no recorder %d (IMAPI2 lists %ld)", (int)index, (long)count);
  else if (FAILED(hr = master->lpVtbl->get_Item(master, index, id))) fail(hr, "IDiscMaster2::get_Item(%d) failed", (int)index);
  master->lpVtbl->Release(master);
  return hr;
}

/* The first of the recorder's volume paths ("D:\"), for the IOCTL fallback and for messages. */
static void keep_volume(void) {
  SAFEARRAY *paths = NULL;
  VARIANT *items = NULL;
  rd.volume[0] = 0;
  if (FAILED(rd.recorder->lpVtbl->get_VolumePathNames(rd.recorder, &paths)) || !paths) return;
  if (paths->rgsabound[0].cElements > 0 && SUCCEEDED(SafeArrayAccessData(paths, (void **)&items))) {
    if (items[0].vt == VT_BSTR && items[0].bstrVal) {
      size_t n = 0;
      for (; n + 1 < sizeof rd.volume / sizeof rd.volume[0] && items[0].bstrVal[n]; n++) rd.volume[n] = items[0].bstrVal[n];
      rd.volume[n] = 0;
    }
    SafeArrayUnaccessData(paths);
  }
  SafeArrayDestroy(paths);
}

static void release_reader(void) {
  if (rd.acquired && rd.recorder) rd.recorder->lpVtbl->ReleaseExclusiveAccess(rd.recorder);
  rd.acquired = 0;
  RELEASE(rd.ex);
  RELEASE(rd.recorder);
#ifdef _WIN32
  if (rd.ioctl && rd.device != INVALID_HANDLE_VALUE) CloseHandle(rd.device);
#endif
  rd.ioctl = 0;
}

static HRESULT job_open(void *arg) {
  open_args *a = arg;
  BSTR id = NULL, owner = NULL;
  memset(&rd, 0, sizeof rd);
  HRESULT hr = find_recorder(a->index, &id);
  if (SUCCEEDED(hr)) hr = shim2_create(&error, &CLSID_MsftDiscRecorder2, &IID_IDiscRecorder2, (void **)&rd.recorder, "MsftDiscRecorder2");
  if (SUCCEEDED(hr) && FAILED(hr = rd.recorder->lpVtbl->InitializeDiscRecorder(rd.recorder, id))) fail(hr, "IDiscRecorder2::InitializeDiscRecorder failed");
  if (SUCCEEDED(hr)) {
    keep_volume();
    rd.recorder->lpVtbl->get_ExclusiveAccessOwner(rd.recorder, &owner);
    if (FAILED(rd.recorder->lpVtbl->QueryInterface(rd.recorder, &IID_IDiscRecorder2Ex, (void **)&rd.ex))) {
#ifdef _WIN32
      hr = open_device();
#else
      hr = fail(E_NOINTERFACE, "the recorder has no IDiscRecorder2Ex");
#endif
    }
  }
  if (SUCCEEDED(hr)) {
    json_out j = {a->json, (size_t)a->capacity, 0, 0};
    json_printf(&j, "{\"path\":\"%s\",", rd.ioctl ? "ioctl" : "imapi2");
    json_field_wide(&j, "uniqueId", id);
    json_field_wide(&j, "volumePath", rd.volume[0] ? rd.volume : NULL);
    json_bytes(&j, "\"exclusiveAccessOwner\":", 23);
    json_wide(&j, owner && owner[0] ? owner : NULL);
    json_bytes(&j, "}", 1);
    if (j.overflow) hr = fail(E_INVALIDARG, "the reader's description does not fit in %d bytes", (int)a->capacity);
  }
  SysFreeString(id);
  SysFreeString(owner);
  if (FAILED(hr)) release_reader();
  return hr;
}

typedef struct {
  const uint8_t *cdb;
  int32_t cdb_size;
  uint8_t *buffer;
  int32_t capacity;
  int32_t *fetched;
  uint8_t *sense;
} command_args;

static HRESULT imapi2_command(const command_args *c) {
  ULONG fetched = 0;
#ifdef _WIN32
  /* IMAPI2 hands the buffer to SCSI_PASS_THROUGH_DIRECT, whose adapter may want it aligned
     (its AlignmentMask; ERROR_INVALID_PARAMETER otherwise): a page-aligned one of its own. */
  BYTE *buffer = VirtualAlloc(NULL, c->capacity > 0 ? (SIZE_T)c->capacity : 1, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
  if (!buffer) return fail(E_OUTOFMEMORY, "no memory for %d bytes", (int)c->capacity);
#else
  BYTE *buffer = c->buffer;
#endif
  HRESULT hr = rd.ex->lpVtbl->SendCommandGetDataFromDevice(rd.ex, (BYTE *)c->cdb, (ULONG)c->cdb_size, c->sense, TIMEOUT_SECONDS, buffer,
                                                            (ULONG)c->capacity, &fetched);
  if (fetched > (ULONG)c->capacity) fetched = (ULONG)c->capacity;
#ifdef _WIN32
  if (SUCCEEDED(hr)) memcpy(c->buffer, buffer, fetched);
  VirtualFree(buffer, 0, MEM_RELEASE);
#endif
  *c->fetched = (int32_t)fetched;
  return hr;
}

/* Refusals that say what the drive holds or who holds it: no other route would do better. */
static int final(HRESULT hr) {
  return SUCCEEDED(hr) || hr == E_ACCESSDENIED || hr == E_IMAPI_RECORDER_LOCKED || hr == E_IMAPI_RECORDER_MEDIA_NO_MEDIA;
}

static HRESULT job_command(void *arg) {
  command_args *c = arg;
  HRESULT hr = E_UNEXPECTED;
  *c->fetched = 0;
  memset(c->sense, 0, SENSE_BYTES);
  if (!rd.ioctl) {
    hr = imapi2_command(c);
    /* Some report that IMAPI2 sends commands only for the holder of exclusive access [unconfirmed]. */
    if (!final(hr) && !rd.acquired) {
      static const WCHAR name[] = {'b', 'u', 'r', 'n', '-', 'a', 'u', 'd', 'i', 'o', 0};
      BSTR client = SysAllocString(name);
      if (SUCCEEDED(rd.recorder->lpVtbl->AcquireExclusiveAccess(rd.recorder, VARIANT_FALSE, client))) rd.acquired = 1, hr = imapi2_command(c);
      SysFreeString(client);
    }
#ifdef _WIN32
    if (!final(hr) && SUCCEEDED(open_device())) {
      DWORD got = 0;
      hr = ioctl_command(c->cdb, c->buffer, (DWORD)c->capacity, &got, c->sense);
      *c->fetched = (int32_t)got;
    }
#endif
    return FAILED(hr) ? fail(hr, "IDiscRecorder2Ex::SendCommandGetDataFromDevice(0x%02X) failed", c->cdb[0]) : hr;
  }
#ifdef _WIN32
  DWORD got = 0;
  hr = ioctl_command(c->cdb, c->buffer, (DWORD)c->capacity, &got, c->sense);
  *c->fetched = (int32_t)got;
  if (FAILED(hr)) fail(hr, "the IOCTL for command 0x%02X failed", c->cdb[0]);
#endif
  return hr;
}

static HRESULT job_close(void *arg) {
  (void)arg;
  release_reader();
  return S_OK;
}

/* ------------------------------------------------------------------ exports */

BA_EXPORT int32_t BA_CALL ba2_reader_open(int32_t index, char *json, int32_t capacity) {
  if (!json || capacity < 2) return fail(E_INVALIDARG, "no room for the reader's description");
  json[0] = 0;
  pthread_mutex_lock(&call_lock);
  HRESULT hr = atomic_load(&is_open) ? fail(BA_E_STATE, "a reader is open already: ba2_reader_close first") : S_OK;
  if (SUCCEEDED(hr) && !shim_thread_start(&worker)) hr = fail(BA_E_THREAD, "cannot start the reader's thread");
  if (SUCCEEDED(hr)) {
    open_args args = {index, json, capacity};
    hr = shim_thread_run(&worker, job_open, &args);
    if (FAILED(hr)) shim_thread_stop(&worker);
    else atomic_store(&is_open, 1);
  }
  pthread_mutex_unlock(&call_lock);
  return hr;
}

BA_EXPORT int32_t BA_CALL ba2_reader_command(const uint8_t *cdb, int32_t cdb_size, uint8_t *buffer, int32_t capacity, int32_t *fetched,
                                             uint8_t *sense) {
  if (!cdb || cdb_size < 6 || cdb_size > 16 || !buffer || capacity < 0 || !fetched || !sense)
    return fail(E_INVALIDARG, "a command needs its CDB (6 to 16 bytes), a buffer, and room for the length and the sense data");
  pthread_mutex_lock(&call_lock);
  command_args args = {cdb, cdb_size, buffer, capacity, fetched, sense};
  HRESULT hr = atomic_load(&is_open) ? shim_thread_run(&worker, job_command, &args) : fail(BA_E_NOTOPEN, "no reader is open: ba2_reader_open first");
  pthread_mutex_unlock(&call_lock);
  return hr;
}

BA_EXPORT int32_t BA_CALL ba2_reader_close(void) {
  pthread_mutex_lock(&call_lock);
  if (atomic_exchange(&is_open, 0)) {
    shim_thread_run(&worker, job_close, NULL);
    shim_thread_stop(&worker);
  }
  pthread_mutex_unlock(&call_lock);
  return S_OK;
}

BA_EXPORT int32_t BA_CALL ba2_reader_last_error(char *buffer, int32_t capacity) { return shim_error_copy(&error, buffer, capacity); }
