/*
 * burn-audio's IMAPI2 shim: flat C exports over IMAPI2 raw disc-at-once (IDiscMaster2,
 * IDiscRecorder2, IDiscFormat2RawCD, IRawCDImageCreator, IRawCDImageTrackInfo), prefixed ba2_,
 * for ffi-rs. It lives beside the IMAPI v1 shim (burn_audio_imapi.h) in the same DLL / .so.
 *
 * Changes from the contract sketch (notes/imapi2-contract.h), all made before the first commit:
 *   - BA2_EVENT_EXTENT (4) gives StartLba and SectorCount of the write, so that progress is
 *     (LastWrittenLba - StartLba) / SectorCount; BA2_EVENT_READ (5) is ba2_read_through's progress.
 *   - BA_E_STATE for an export called out of order (e.g. ba2_image_add_track before
 *     ba2_image_begin, ba2_write without ba2_image_create).
 *   - ba2_image_create fills four values (out[2] bytes per image sector, out[3]
 *     LastUsedUserSectorInImage); ba2_image_describe reads back the layout IMAPI2 made.
 *   - ba2_image_add_track writes the track's index (AddTrack's trackIndex) into *track_index.
 * Changes after the first commit:
 *   - JSON calls[]/queries[] entries name the HRESULT "hresult" (was "hr"), as ba_recorder_report does.
 *   - ba2_image_add_track: an empty isrc ("") means none, as NULL does (ffi-rs passes no NULL string).
 *
 * Threading as for v1: all COM work runs on one thread of this shim's own (COM initialised
 * multithreaded, separate from the v1 shim's thread); each export hands its request to it and
 * waits, so blocking exports must be called from a worker thread (ffi-rs `runInNewThread`).
 * Events reach the caller through the one callback given to ba2_open, in order, never
 * overlapping, none after BA2_EVENT_CLOSED. The progress sink answers DDiscFormat2RawCDEvents
 * both through IDispatch::Invoke (DISPID 0x200) and through the vtable's Update.
 *
 * Return codes: unless stated otherwise an export returns an HRESULT: S_OK (0), a success code
 * (S_IMAPI_SPEEDADJUSTED, S_IMAPI_RAW_IMAGE_TRACK_INDEX_ALREADY_EXISTS, ...) or a failure
 * (negative): an E_IMAPI_* code of imapi2error.h (see imapi2.h), REGDB_E_CLASSNOTREG where IMAPI2
 * is not registered, E_ACCESSDENIED, BA_E_NOTOPEN before ba2_open, BA_E_BADINDEX for a recorder
 * index out of range, BA_E_STATE for a call out of order, E_INVALIDARG for bad arguments (a JSON
 * that does not fit, a NULL path). After a failure ba2_last_error names the IMAPI2 method that
 * failed and why.
 *
 * The order of a burn: ba2_open, ba2_prepare(index), ba2_image_begin, [ba2_image_special_pregap],
 * ba2_image_add_track x N, [ba2_image_catalog], [ba2_image_cd_text], ba2_image_create,
 * ba2_write (or ba2_read_through for --simulate), ba2_release, [ba2_eject], ba2_close.
 * After ba2_prepare returned S_OK, ba2_release must follow whatever happens (ba2_close does it
 * too, as a last resort).
 */
#ifndef BURN_AUDIO_IMAPI2_SHIM_H
#define BURN_AUDIO_IMAPI2_SHIM_H

#include <stdint.h>

#include "burn_audio_imapi.h" /* BA_EXPORT, BA_CALL, BA_E_NOTOPEN, BA_E_BADINDEX, BA_E_THREAD */

#define BA_E_STATE ((int32_t)0xA0040004) /* an export called out of order */

/* Track flags of ba2_image_add_track. Without BA2_FLAG_COPY_PERMITTED the copy setting is
   IMAPI_CD_TRACK_DIGITAL_COPY_PROHIBITED; BA2_FLAG_SCMS wins over it. */
#define BA2_FLAG_PREEMPHASIS 1
#define BA2_FLAG_COPY_PERMITTED 2
#define BA2_FLAG_SCMS 4

/* Kinds of event, with the meaning of (a, b). BA2_EVENT_CLOSED is always the last event. */
enum ba2_event_kind {
  BA2_EVENT_UPDATE = 1,   /* DDiscFormat2RawCDEvents::Update (through Invoke or the vtable):
                             (CurrentAction, an IMAPI_FORMAT2_RAW_CD_WRITE_ACTION, LastWrittenLba) */
  BA2_EVENT_CLOSED = 2,   /* ba2_close finished: (0, 0) */
  BA2_EVENT_RETURNED = 3, /* ba2_write or ba2_read_through returned: (HRESULT, 0); after every
                             UPDATE/READ of that call */
  BA2_EVENT_EXTENT = 4,   /* the event arguments' (StartLba, SectorCount): sent before the first
                             UPDATE of a write and again whenever either changes */
  BA2_EVENT_READ = 5      /* ba2_read_through: (sectors read, sectors in the image), every
                             750 sectors and at the end */
};

typedef void(BA_CALL *ba2_event_fn)(int32_t kind, int32_t a, int32_t b);

/* S_OK when MsftDiscMaster2 can be created and IsSupportedEnvironment is TRUE; S_FALSE when it
   is created but reports an unsupported environment; else the failing HRESULT
   (REGDB_E_CLASSNOTREG on Windows XP, under Wine without the simulator, or in the simulator
   with "windows": "xp"). Quick; needs no ba2_open (runs on a short-lived thread of its own). */
BA_EXPORT int32_t BA_CALL ba2_available(void);

/* Starts the COM thread, creates MsftDiscMaster2 and reads the recorders' unique IDs.
   Blocking. On failure everything is released and BA2_EVENT_CLOSED is sent. */
BA_EXPORT int32_t BA_CALL ba2_open(ba2_event_fn on_event);

/* Number of recorders (>= 0), or BA_E_NOTOPEN. Quick. */
BA_EXPORT int32_t BA_CALL ba2_recorder_count(void);

/* Writes a JSON object describing recorder `index` (NUL-terminated, at most `capacity` bytes):
   {"uniqueId", "vendor", "product", "revision", "volumePaths": [..], "mediaType":
   IMAPI_MEDIA_PHYSICAL_TYPE, "mediaSupported": bool, "blank": bool, "writeSpeeds": [sectors/s],
   "exclusiveAccessOwner": string or null, "calls": [{"method", "hresult"}]}. A property whose query
   failed is null and its HRESULT is in calls[]. Takes no lock, writes nothing. Blocking.
   E_INVALIDARG if it does not fit. */
BA_EXPORT int32_t BA_CALL ba2_recorder_describe(int32_t index, char *json, int32_t capacity);

/* Prepares recorder `index` for a disc-at-once write: MsftDiscFormat2RawCD, put_Recorder,
   put_ClientName("burn-audio"), SetWriteSpeed(speed in sectors/s, -1 = fastest), PrepareMedia
   (which takes the exclusive lock), then picks the sector type (IS_COOKED > IS_RAW > PQ_ONLY
   among SupportedSectorTypes), put_RequestedSectorType, and writes JSON: {"sectorTypes": [..],
   "sectorType", "lastPossibleStartOfLeadout", "currentWriteSpeed" (sectors/s), "mediaType",
   "speedResult" (SetWriteSpeed's HRESULT, e.g. S_IMAPI_SPEEDADJUSTED)}.
   On E_IMAPI_RECORDER_LOCKED (or E_ACCESSDENIED) `json` still holds {"exclusiveAccessOwner"}.
   A failure after PrepareMedia succeeded releases the media before returning. BA_E_STATE if
   a recorder is already prepared. Blocking. */
BA_EXPORT int32_t BA_CALL ba2_prepare(int32_t index, int32_t speed, char *json, int32_t capacity);

/* MsftRawCDImageCreator: put_ResultingImageType(the prepared sector type),
   put_DisableGaplessAudio(disable_gapless ? VARIANT_TRUE : VARIANT_FALSE), always set, and
   put_StartingTrackNumber(first_track). BA_E_STATE before ba2_prepare or when an image is
   begun already. */
BA_EXPORT int32_t BA_CALL ba2_image_begin(int32_t disable_gapless, int32_t first_track);

/* AddSpecialPregap: `sectors` (>= 150) sectors of CD audio at byte `offset` of the file `path`
   (UTF-8; the staged audio), read through an IStream of the shim's own over that region. Only
   before the first track (else E_IMAPI_RAW_IMAGE_TRACKS_ALREADY_ADDED). */
BA_EXPORT int32_t BA_CALL ba2_image_special_pregap(const char *path, int64_t offset, int32_t sectors);

/* AddTrack(IMAPI_CD_SECTOR_AUDIO) over `sectors` sectors at byte `offset` of `path` (as above),
   then on its IRawCDImageTrackInfo: put_DigitalAudioCopySetting and put_AudioHasPreemphasis
   from `flags` (BA2_FLAG_*), put_ISRC(isrc) unless isrc is NULL or "" (12 characters, dashes
   allowed), AddTrackIndex for each of `indexes[0..count)` (offsets in sectors from the track's
   start of INDEX 02, 03, ...). *track_index receives AddTrack's index (may be NULL).
   E_INVALIDARG for a NULL path. A success code of AddTrackIndex is returned as it is. */
BA_EXPORT int32_t BA_CALL ba2_image_add_track(const char *path, int64_t offset, int32_t sectors,
                                              const char *isrc, int32_t flags,
                                              const int32_t *indexes, int32_t count,
                                              int32_t *track_index);

/* put_MediaCatalogNumber (13 digits, a valid check digit). */
BA_EXPORT int32_t BA_CALL ba2_image_catalog(const char *mcn);

/* AddSubcodeRWGenerator with the lead-in's R-W subcode made from `bytes` bytes of CD-TEXT
   packs (18 each, CRC included, in the order to repeat): four packs to a sector, repeated over
   the image's lead-in (its first 22,500 sectors), zeros after it. The packs are copied. */
BA_EXPORT int32_t BA_CALL ba2_image_cd_text(const uint8_t *packs, int32_t bytes);

/* get_StartOfLeadout (checked against LastPossibleStartOfLeadout: E_IMAPI_DF2RAW_NOT_ENOUGH_SPACE
   when it lies beyond), then CreateResultImage. out[0] = StartOfLeadout (LBA), out[1] = the
   image's sectors (from its Stat), out[2] = bytes per image sector (2368 or 2448),
   out[3] = LastUsedUserSectorInImage. `out` holds 4 int32. Blocking. */
BA_EXPORT int32_t BA_CALL ba2_image_create(int32_t *out);

/* Writes JSON of the image as IMAPI2 laid it out: {"startingTrackNumber", "startOfLeadout",
   "lastUsedUserSector", "mediaCatalogNumber", "disableGaplessAudio", "tracks": [{"index",
   "number", "startingLba", "sectorCount", "isrc", "copySetting", "preemphasis",
   "indexes": [..]}]}. After ba2_image_begin. Blocking. */
BA_EXPORT int32_t BA_CALL ba2_image_describe(char *json, int32_t capacity);

/* Advises the DDiscFormat2RawCDEvents sink, WriteMedia(the image), Unadvises. Windows is kept
   from sleeping meanwhile (SetThreadExecutionState). Sends BA2_EVENT_RETURNED. BA_E_STATE
   without an image. Blocking for the whole burn. */
BA_EXPORT int32_t BA_CALL ba2_write(void);

/* For --simulate (IMAPI2 has no laser-off write): reads the result image stream once from
   start to end, without WriteMedia; sends BA2_EVENT_READ and BA2_EVENT_RETURNED. Blocking. */
BA_EXPORT int32_t BA_CALL ba2_read_through(void);

/* CancelWrite on the format (quick, callable from any thread). Before or during ba2_write or
   ba2_read_through it makes them return E_IMAPI_REQUEST_CANCELLED (ba2_write at once when it
   has not reached WriteMedia yet). Cleared by ba2_prepare. */
BA_EXPORT void BA_CALL ba2_cancel(void);

/* ReleaseMedia (also after a failed or cancelled write; releases the lock), drops the image
   and the format. S_OK when nothing is prepared. Blocking. */
BA_EXPORT int32_t BA_CALL ba2_release(void);

/* EjectMedia on recorder `index`. Blocking. */
BA_EXPORT int32_t BA_CALL ba2_eject(int32_t index);

/* For doctor: writes JSON of every IMAPI2 query on recorder `index` with its raw value and its
   HRESULT ({"queries": [{"method", "hresult", "value"}]}); takes no lock, writes nothing. Blocking. */
BA_EXPORT int32_t BA_CALL ba2_report(int32_t index, char *json, int32_t capacity);

/* Releases any prepared media, all objects, stops the COM thread; sends BA2_EVENT_CLOSED last.
   Blocking. S_OK when not open. */
BA_EXPORT int32_t BA_CALL ba2_close(void);

/* Copies the description of the last failure (UTF-8, NUL-terminated) into `buffer`; returns its
   length. Quick. */
BA_EXPORT int32_t BA_CALL ba2_last_error(char *buffer, int32_t capacity);

/* ---- Reading a disc back (shim-reader.c): for the verifier and the doctor; nothing is written.
   A reader has a COM thread of its own: it needs no ba2_open and may be open beside a burn's
   session (whose lock, while held, makes its commands fail). One reader at a time.
   The path: MMC commands through IMAPI2's own handle on the drive
   (IDiscRecorder2Ex::SendCommandGetDataFromDevice). A command that fails there otherwise than
   with E_ACCESSDENIED, E_IMAPI_RECORDER_LOCKED or E_IMAPI_RECORDER_MEDIA_NO_MEDIA is sent again
   after AcquireExclusiveAccess(FALSE, "burn-audio") (given back by ba2_reader_close); on Windows,
   when IMAPI2's handle still refuses (or the recorder has no IDiscRecorder2Ex), the reader opens
   \.\X: (the recorder's first volume path) GENERIC_READ and sends the same commands as
   IOCTL_CDROM_READ_TOC (READ TOC format 0, MSF), IOCTL_CDROM_READ_TOC_EX (formats 2 and 5),
   IOCTL_CDROM_READ_Q_CHANNEL (READ SUB-CHANNEL) and IOCTL_CDROM_RAW_READ (READ CD of CD-DA; the
   formatted Q made from RawWithSubCode's raw sub-channel), from then on. READ DISC INFORMATION
   has no IOCTL there (E_NOTIMPL). */

/* Opens recorder `index` (IMAPI2's order) for reading: MsftDiscMaster2's unique ID,
   InitializeDiscRecorder, IDiscRecorder2Ex. Writes JSON {"path": "imapi2" or "ioctl",
   "uniqueId", "volumePath" (e.g. "D:\", or null), "exclusiveAccessOwner" (the client holding
   the recorder now, or null)}. BA_E_STATE when a reader is open; BA_E_BADINDEX for an index
   IMAPI2 does not list; REGDB_E_CLASSNOTREG without IMAPI2; E_INVALIDARG when the JSON does not
   fit. Blocking. */
BA_EXPORT int32_t BA_CALL ba2_reader_open(int32_t index, char *json, int32_t capacity);

/* Sends the MMC command `cdb` (6 to 16 bytes) that reads data from the drive into `buffer` (at
   most `capacity` bytes); *fetched receives the bytes read. S_OK; S_IMAPI_COMMAND_HAS_SENSE_DATA
   (0x00AA0200, a success code) when the drive refused it, with fixed-format sense data in
   `sense` (18 bytes: byte 2 the sense key, 12-13 ASC/ASCQ, 3-6 the LBA when byte 0 bit 7 is
   set); E_ACCESSDENIED (0x80070005) while another client (a burn, another program) holds the
   recorder's exclusive access; another failure of IMAPI2 or Windows. BA_E_NOTOPEN before
   ba2_reader_open. Blocking. */
BA_EXPORT int32_t BA_CALL ba2_reader_command(const uint8_t *cdb, int32_t cdb_size, uint8_t *buffer, int32_t capacity, int32_t *fetched,
                                             uint8_t *sense);

/* Releases the reader's objects and handles (and the exclusive access it took, if any); stops
   its thread. S_OK, also when no reader is open. Blocking. */
BA_EXPORT int32_t BA_CALL ba2_reader_close(void);

/* The description of the reader's last failure, as ba2_last_error. Quick. */
BA_EXPORT int32_t BA_CALL ba2_reader_last_error(char *buffer, int32_t capacity);

#endif
