/*
 * burn-audio's IMAPI shim: flat C exports over IMAPI v1 (IDiscMaster + IRedbookDiscMaster +
 * IDiscRecorder), for ffi-rs, which cannot call COM vtables.
 *
 * All COM work runs on one thread the shim owns, which initialises COM (multithreaded
 * apartment, so IMAPI's callbacks need no message pump); each export hands its
 * request to that thread and waits for it, so blocking exports must be called from a worker
 * thread (ffi-rs `runInNewThread`). Progress reaches the caller through the one event callback
 * given to ba_open, in the order IMAPI made it, from whichever thread IMAPI called the sink on
 * (the shim's, or IMAPI's own on modern Windows); calls never overlap, and none follows
 * BA_EVENT_CLOSED.
 *
 * Return codes: unless stated otherwise an export returns an HRESULT: S_OK (0), a success code
 * such as IMAPI_S_PROPERTIESIGNORED, or a failure (negative): an IMAPI_E_* code (imapi.h),
 * REGDB_E_CLASSNOTREG when IMAPI is not available, BA_E_NOTOPEN when ba_open has not succeeded,
 * BA_E_BADINDEX for a recorder index out of range, E_INVALIDARG for bad arguments. After a
 * failure ba_last_error describes it (the IMAPI method that failed, and why).
 */
#ifndef BURN_AUDIO_IMAPI_SHIM_H
#define BURN_AUDIO_IMAPI_SHIM_H

#include <stdint.h>

#ifdef _WIN32
#define BA_EXPORT __declspec(dllexport)
#define BA_CALL __cdecl
#else
#define BA_EXPORT __attribute__((visibility("default")))
#define BA_CALL
#endif

#define BA_E_NOTOPEN ((int32_t)0xA0040001)  /* the shim is not open */
#define BA_E_BADINDEX ((int32_t)0xA0040002) /* no recorder with that index */
#define BA_E_THREAD ((int32_t)0xA0040003)   /* the COM thread could not be started */

/* Kinds of event, with the meaning of (a, b). One per IDiscMasterProgressEvents method, plus
   BA_EVENT_CLOSED, always the last event: after it the callback is never called again. */
enum ba_event_kind {
  BA_EVENT_PNP_ACTIVITY = 1,   /* NotifyPnPActivity: (0, 0) */
  BA_EVENT_ADD_PROGRESS = 2,   /* NotifyAddProgress: (completed steps, total steps) */
  BA_EVENT_BLOCK_PROGRESS = 3, /* NotifyBlockProgress: (completed blocks, total blocks) */
  BA_EVENT_TRACK_PROGRESS = 4, /* NotifyTrackProgress: (tracks completed, total tracks) */
  BA_EVENT_PREPARING_BURN = 5, /* NotifyPreparingBurn: (estimated seconds, 0) */
  BA_EVENT_CLOSING_DISC = 6,   /* NotifyClosingDisc: (estimated seconds, 0) */
  BA_EVENT_BURN_COMPLETE = 7,  /* NotifyBurnComplete: (HRESULT, 0) */
  BA_EVENT_ERASE_COMPLETE = 8, /* NotifyEraseComplete: (HRESULT, 0) */
  BA_EVENT_CLOSED = 9,         /* ba_close finished: (0, 0) */
  BA_EVENT_RETURNED = 10       /* ba_record or ba_erase returned: (HRESULT, 0). Sent after any
                                  NotifyBurnComplete/NotifyEraseComplete of that call, also when
                                  IMAPI failed before sending one. */
};

typedef void(BA_CALL *ba_event_fn)(int32_t kind, int32_t a, int32_t b);

/* Starts the COM thread, obtains the disc master (CoCreateInstance(CLSID_MSDiscMasterObj) on
   Windows, the simulator elsewhere), opens it, selects the Redbook format, lists the
   recorders and registers the progress sink. Blocking. On failure everything is released and
   BA_EVENT_CLOSED is sent. */
BA_EXPORT int32_t BA_CALL ba_open(ba_event_fn on_event);

/* Writes into `json` (NUL-terminated, at most `capacity` bytes) which IMAPI v1 behaviour the shim
   faces: {"behaviour":"modern"|"xp","windows":"10.0.22631","simulator":false}. On Windows from
   the real OS version (RtlGetVersion; 6.0 and later is "modern": IMAPI v1 is a layer over IMAPI2
   there, which ignores bSimulate, AudioGapSize and WriteSpeed for audio); in the simulator from
   its configuration's "windows" key. S_OK, or E_INVALIDARG if it does not fit. Quick; needs no
   ba_open. */
BA_EXPORT int32_t BA_CALL ba_platform(char *json, int32_t capacity);

/* Number of recorders (>= 0), or BA_E_NOTOPEN. Quick. */
BA_EXPORT int32_t BA_CALL ba_recorder_count(void);

/* Writes a JSON object describing recorder `index` into `json` (NUL-terminated, at most
   `capacity` bytes): vendor, product, revision, path, type, state, and the media as seen through
   OpenExclusive/QueryMediaType/QueryMediaInfo/Close: mediaResult (S_OK, or the HRESULT that
   kept the media from being known; IMAPI_E_MEDIUM_NOTPRESENT counts as "no disc", S_OK),
   mediaPresent (non-zero media flags or type), mediaType, mediaFlags, sessions, lastTrack,
   freeBlocks, and freeBlocksFrom: "QueryMediaInfo", or "GetAvailableAudioTrackBlocks" when
   QueryMediaInfo failed (the recorder is then made the active one to ask). Blocking.
   E_INVALIDARG if it does not fit. */
BA_EXPORT int32_t BA_CALL ba_recorder_describe(int32_t index, char *json, int32_t capacity);

/* SetActiveDiscRecorder. Blocking. */
BA_EXPORT int32_t BA_CALL ba_select_recorder(int32_t index);

/* Writes WriteSpeed and AudioGapSize (a value < 0 leaves that property alone) with
   SetRecorderProperties on the active recorder, then reads back WriteSpeed, MaxWriteSpeed and
   AudioGapSize into out[0..2] (12 bytes). Blocking. */
BA_EXPORT int32_t BA_CALL ba_set_properties(int32_t write_speed, int32_t gap_blocks, int32_t *out);

/* CreateAudioTrack / AddAudioTrackBlocks / CloseAudioTrack. `bytes` must be a multiple of
   2352; `data` must stay valid until the call returns. Blocking. */
BA_EXPORT int32_t BA_CALL ba_create_track(int32_t blocks);
BA_EXPORT int32_t BA_CALL ba_add_blocks(const uint8_t *data, int32_t bytes);
BA_EXPORT int32_t BA_CALL ba_close_track(void);

/* ClearFormatContent: discards everything staged. Blocking. */
BA_EXPORT int32_t BA_CALL ba_clear(void);

/* RecordDisc(simulate, eject) on the active recorder. Blocking for the whole burn, during which
   Windows is kept from sleeping (SetThreadExecutionState(ES_CONTINUOUS | ES_SYSTEM_REQUIRED)).
   Over IMAPI v1 on modern Windows simulate is ignored for audio: the disc is recorded. */
BA_EXPORT int32_t BA_CALL ba_record(int32_t simulate, int32_t eject);

/* OpenExclusive, Erase(full) or Eject, Close on the active recorder. Blocking; an erase keeps
   Windows awake as ba_record does. */
BA_EXPORT int32_t BA_CALL ba_erase(int32_t full);
BA_EXPORT int32_t BA_CALL ba_eject(void);

/* Asks IMAPI to stop: the sink's QueryCancel answers TRUE from now until ba_open. Quick,
   never blocks, callable from any thread. */
BA_EXPORT void BA_CALL ba_cancel(void);

/* ProgressUnadvise, IDiscMaster::Close, releases everything and stops the COM thread; sends
   BA_EVENT_CLOSED last. Blocking. Safe to call when not open (returns S_OK). */
BA_EXPORT int32_t BA_CALL ba_close(void);

/* Copies the description of the last failure (UTF-8, NUL-terminated) into `buffer`; returns
   its length. Quick. */
BA_EXPORT int32_t BA_CALL ba_last_error(char *buffer, int32_t capacity);

#endif
