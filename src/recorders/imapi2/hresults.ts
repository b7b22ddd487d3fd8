/**
 * IMAPI2's HRESULTs (imapi2error.h, facility 0xAA) as the disc-at-once path meets them, with a
 * hint for each; the COM and shim codes both IMAPIs share come from the v1 table. Facts:
 * reference/imapi2-dao-and-readback.md §7 (where its docs and its header disagree, the header).
 */
import { describeHresult, unsigned, type HresultInfo } from '../imapi/hresults.js';

/** The disc is spent: what a failure while writing means for it. */
const SPENT = 'a CD-R is probably unusable now (a CD-RW can be erased with burn-audio erase and used again)';
const BUG = 'this is a bug in burn-audio; please report it';
const OTHER_DISC = 'insert a blank CD-R or CD-RW';

const TABLE: Record<number, HresultInfo> = {
  0xc0aa0002: { name: 'E_IMAPI_REQUEST_CANCELLED', hint: 'the burn was cancelled', kind: 'interrupted' },
  0xc0aa0003: { name: 'E_IMAPI_RECORDER_REQUIRED', hint: `IMAPI2 was used without a recorder; ${BUG}`, kind: 'internal' },
  0xc0aa0202: { name: 'E_IMAPI_RECORDER_MEDIA_NO_MEDIA', hint: 'there is no disc in the recorder; insert a blank CD-R', kind: 'device' },
  0xc0aa0203: { name: 'E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE', hint: `the recorder cannot write this disc; ${OTHER_DISC}`, kind: 'device' },
  0xc0aa0204: { name: 'E_IMAPI_RECORDER_MEDIA_UPSIDE_DOWN', hint: 'the disc is in upside down; turn it over', kind: 'device' },
  0xc0aa0205: { name: 'E_IMAPI_RECORDER_MEDIA_BECOMING_READY', hint: 'the drive is still reading the disc in; wait a few seconds and try again', kind: 'device' },
  0xc0aa0206: { name: 'E_IMAPI_RECORDER_MEDIA_FORMAT_IN_PROGRESS', hint: 'the disc is being formatted; wait until that is done', kind: 'device' },
  0xc0aa0207: { name: 'E_IMAPI_RECORDER_MEDIA_BUSY', hint: 'the drive is busy with a long operation; wait until it is done', kind: 'device' },
  0xc0aa0208: { name: 'E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS', hint: 'the drive refused the write parameters of a raw disc-at-once write; try --tao (track-at-once through IMAPI v1)', kind: 'device' },
  0xc0aa0209: { name: 'E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED', hint: `the disc is write-protected; ${OTHER_DISC}`, kind: 'device' },
  0xc0aa020a: { name: 'E_IMAPI_RECORDER_NO_SUCH_FEATURE', hint: 'the drive lacks a feature disc-at-once needs; try --tao', kind: 'device' },
  0xc0aa020b: { name: 'E_IMAPI_RECORDER_FEATURE_IS_NOT_CURRENT', hint: `the drive cannot do disc-at-once on this disc; ${OTHER_DISC}, or try --tao`, kind: 'device' },
  0xc0aa020c: { name: 'E_IMAPI_RECORDER_GET_CONFIGURATION_NOT_SUPPORTED', hint: 'the drive does not say what it can do (GET CONFIGURATION); try --tao', kind: 'device' },
  0xc0aa020d: { name: 'E_IMAPI_RECORDER_COMMAND_TIMEOUT', hint: `the drive stopped answering; ${SPENT}. Reconnect it and try again`, kind: 'burn' },
  0xc0aa020f: { name: 'E_IMAPI_RECORDER_MEDIA_SPEED_MISMATCH', hint: 'the disc does not take the speed asked; choose another --speed, or leave it out', kind: 'device' },
  0xc0aa0210: { name: 'E_IMAPI_RECORDER_LOCKED', hint: 'another program holds the recorder; close it (or wait until it is done) and try again', kind: 'device' },
  0xc0aa0211: { name: 'E_IMAPI_RECORDER_CLIENT_NAME_IS_NOT_VALID', hint: `IMAPI2 refused the client name; ${BUG}`, kind: 'internal' },
  0xc0aa0212: { name: 'E_IMAPI_RECORDER_MEDIA_NOT_FORMATTED', hint: `the disc is not formatted; ${OTHER_DISC}`, kind: 'device' },
  0xc0aa02ff: { name: 'E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE', hint: `the drive gave an answer IMAPI2 cannot use; ${SPENT}`, kind: 'burn' },
  0xc0aa0300: { name: 'E_IMAPI_LOSS_OF_STREAMING', hint: `the data stream to the drive broke off (buffer underrun); ${SPENT}. Try a lower --speed and keep the machine idle while burning`, kind: 'burn' },
  0xc0aa0301: { name: 'E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE', hint: `the drive failed to write (a write error); ${SPENT}. Try another disc, another brand, or a lower --speed`, kind: 'burn' },
  0xc0aa0600: { name: 'E_IMAPI_DF2RAW_WRITE_IN_PROGRESS', hint: `a write was already running; ${BUG}`, kind: 'internal' },
  0xc0aa0601: { name: 'E_IMAPI_DF2RAW_WRITE_NOT_IN_PROGRESS', hint: `no write was running; ${BUG}`, kind: 'internal' },
  0xc0aa0602: { name: 'E_IMAPI_DF2RAW_MEDIA_IS_NOT_PREPARED', hint: `the disc was not prepared; ${BUG}`, kind: 'internal' },
  0xc0aa0603: { name: 'E_IMAPI_DF2RAW_MEDIA_IS_PREPARED', hint: `the disc was prepared already; ${BUG}`, kind: 'internal' },
  0xc0aa0604: { name: 'E_IMAPI_DF2RAW_CLIENT_NAME_IS_NOT_VALID', hint: `IMAPI2 refused the client name; ${BUG}`, kind: 'internal' },
  0xc0aa0606: { name: 'E_IMAPI_DF2RAW_MEDIA_IS_NOT_BLANK', hint: 'the disc is not blank; insert a blank CD-R, or erase a CD-RW with burn-audio erase', kind: 'device' },
  0xc0aa0607: { name: 'E_IMAPI_DF2RAW_MEDIA_IS_NOT_SUPPORTED', hint: `the recorder cannot write this disc disc-at-once; ${OTHER_DISC}`, kind: 'device' },
  0xc0aa0609: { name: 'E_IMAPI_DF2RAW_NOT_ENOUGH_SPACE', hint: 'the disc has no room for the whole disc; use 80-minute media, or remove tracks', kind: 'device' },
  0xc0aa060a: { name: 'E_IMAPI_DF2RAW_NO_RECORDER_SPECIFIED', hint: `no recorder was given; ${BUG}`, kind: 'internal' },
  0xc0aa060d: { name: 'E_IMAPI_DF2RAW_STREAM_NOT_SUPPORTED', hint: `IMAPI2 refused the image stream; ${BUG}`, kind: 'internal' },
  0xc0aa060e: { name: 'E_IMAPI_DF2RAW_DATA_BLOCK_TYPE_NOT_SUPPORTED', hint: 'the drive cannot write the raw sectors disc-at-once needs; try --tao', kind: 'device' },
  0xc0aa060f: { name: 'E_IMAPI_DF2RAW_STREAM_LEADIN_TOO_SHORT', hint: `the image's lead-in is too short for this disc; ${BUG}`, kind: 'internal' },
  0xc0aa0610: { name: 'E_IMAPI_DF2RAW_RECORDER_NOT_SUPPORTED', hint: 'this recorder cannot write raw disc-at-once; try --tao (track-at-once through IMAPI v1)', kind: 'device' },
  0x80aa0a00: { name: 'E_IMAPI_RAW_IMAGE_IS_READ_ONLY', hint: `the image was changed after it was made; ${BUG}`, kind: 'internal' },
  0x80aa0a01: { name: 'E_IMAPI_RAW_IMAGE_TOO_MANY_TRACKS', hint: 'a disc holds tracks 1 to 99 only', kind: 'input' },
  0x80aa0a02: { name: 'E_IMAPI_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED', hint: `IMAPI2 refused a track's sector type; ${BUG}`, kind: 'internal' },
  0x80aa0a03: { name: 'E_IMAPI_RAW_IMAGE_NO_TRACKS', hint: `the image has no tracks; ${BUG}`, kind: 'internal' },
  0x80aa0a04: { name: 'E_IMAPI_RAW_IMAGE_TRACKS_ALREADY_ADDED', hint: `the hidden track came after the first track; ${BUG}`, kind: 'internal' },
  0x80aa0a05: { name: 'E_IMAPI_RAW_IMAGE_INSUFFICIENT_SPACE', hint: 'the disc image is longer than a CD can hold (lead-out after 89:59:74); remove tracks', kind: 'input' },
  0x80aa0a06: { name: 'E_IMAPI_RAW_IMAGE_TOO_MANY_TRACK_INDEXES', hint: 'a track has more than 99 indexes', kind: 'input' },
  0x80aa0a07: { name: 'E_IMAPI_RAW_IMAGE_TRACK_INDEX_NOT_FOUND', hint: `an index was not found; ${BUG}`, kind: 'internal' },
  0x80aa0a09: { name: 'E_IMAPI_RAW_IMAGE_TRACK_INDEX_OFFSET_ZERO_CANNOT_BE_CLEARED', hint: `INDEX 01 cannot be cleared; ${BUG}`, kind: 'internal' },
  0x80aa0a0a: { name: 'E_IMAPI_RAW_IMAGE_TRACK_INDEX_TOO_CLOSE_TO_OTHER_INDEX', hint: `an index is closer than 10 sectors to another; ${BUG}`, kind: 'internal' },
  0x80070005: { name: 'E_ACCESSDENIED', hint: 'the recorder is in use by another program, or this account may not use it; close other burning programs and try again', kind: 'device' },
  0xa0040004: { name: 'BA_E_STATE', hint: `the IMAPI2 shim was called out of order; ${BUG}`, kind: 'internal' },
};

/** Success codes IMAPI2 gives where it did less than asked. */
export const SUCCESS_NAMES: Record<number, string> = {
  0x00000001: 'S_FALSE',
  0x00aa0004: 'S_IMAPI_SPEEDADJUSTED',
  0x00aa0005: 'S_IMAPI_ROTATIONADJUSTED',
  0x00aa0006: 'S_IMAPI_BOTHADJUSTED',
  0x00aa0200: 'S_IMAPI_COMMAND_HAS_SENSE_DATA',
  0x00aa0302: 'S_IMAPI_WRITE_NOT_IN_PROGRESS',
  0x00aa0a08: 'S_IMAPI_RAW_IMAGE_TRACK_INDEX_ALREADY_EXISTS',
};

export const E_IMAPI_REQUEST_CANCELLED = 0xc0aa0002;
export const E_IMAPI_RECORDER_LOCKED = 0xc0aa0210;
export const E_ACCESSDENIED = 0x80070005;
export const E_IMAPI_RECORDER_MEDIA_NO_MEDIA = 0xc0aa0202;

/** An IMAPI2 HRESULT in words; the codes IMAPI2 shares with COM, the shim and IMAPI v1 from the v1 table. */
export function describeImapi2Hresult(hresult: number): HresultInfo {
  return TABLE[unsigned(hresult)] ?? describeHresult(hresult);
}

/** The name of any HRESULT a report shows: S_OK, a success code, or a failure's name. */
export function hresultName(hresult: number): string {
  if (hresult === 0) return 'S_OK';
  return SUCCESS_NAMES[unsigned(hresult)] ?? describeImapi2Hresult(hresult).name;
}
