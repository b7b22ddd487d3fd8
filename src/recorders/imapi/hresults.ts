import type { ErrorKind } from '../../errors.js';
import type { ImapiBehaviour } from '../description.js';

/** Where in a run an IMAPI call failed. */
export type ImapiPhase = 'open' | 'staging' | 'recording' | 'closing' | 'erasing';

/** What is known when a call fails: the phase, and the IMAPI behaviour faced. */
export interface FailureContext {
  phase: ImapiPhase;
  behaviour?: ImapiBehaviour;
  /** NotifyPnPActivity came during the call: the recorder list changed. */
  deviceChanged?: boolean;
}

export interface HresultInfo {
  name: string;
  /** What a person can do about it. */
  hint: string;
  /** 'device': the recorder or media is not ready (exit 4); 'burn': staging or recording failed (exit 5). */
  kind: ErrorKind;
}

/** IMAPI v1 HRESULTs (imapierror.h) and the COM ones the shim can meet, with a hint for each. */
const TABLE: Record<number, HresultInfo> = {
  0x80040154: { name: 'REGDB_E_CLASSNOTREG', hint: 'IMAPI is not available on this system; write a disc image with --image disc.cue instead', kind: 'device' },
  0x8004020b: { name: 'IMAPI_E_NOTOPENED', hint: 'IMAPI was used before it was opened; this is a bug in burn-audio', kind: 'internal' },
  0x8004020c: { name: 'IMAPI_E_NOTINITIALIZED', hint: 'the recorder was not initialised; try again, or reconnect the drive', kind: 'device' },
  0x8004020d: { name: 'IMAPI_E_USERABORT', hint: 'the operation was cancelled', kind: 'interrupted' },
  0x8004020e: { name: 'IMAPI_E_GENERIC', hint: 'IMAPI reported a generic error; try again, at a lower --speed or with other media', kind: 'burn' },
  0x8004020f: { name: 'IMAPI_E_MEDIUM_NOTPRESENT', hint: 'there is no disc in the recorder; insert a blank CD-R', kind: 'device' },
  0x80040210: { name: 'IMAPI_E_MEDIUM_INVALIDTYPE', hint: 'this disc cannot be used; insert a blank CD-R or CD-RW', kind: 'device' },
  0x80040211: { name: 'IMAPI_E_DEVICE_NOPROPERTIES', hint: 'the recorder has no settable properties; leave out --speed', kind: 'device' },
  0x80040212: { name: 'IMAPI_E_DEVICE_NOTACCESSIBLE', hint: 'the recorder cannot be used or is in use; close other burning programs and try again', kind: 'device' },
  0x80040213: { name: 'IMAPI_E_DEVICE_NOTPRESENT', hint: 'the recorder is gone (disconnected or removed); reconnect it and run burn-audio devices', kind: 'device' },
  0x80040214: { name: 'IMAPI_E_DEVICE_INVALIDTYPE', hint: 'the recorder cannot do this operation', kind: 'device' },
  0x80040215: { name: 'IMAPI_E_INITIALIZE_WRITE', hint: 'the drive could not be prepared for writing; try again or use other media', kind: 'burn' },
  0x80040216: { name: 'IMAPI_E_INITIALIZE_ENDWRITE', hint: 'the drive could not be prepared for closing the disc', kind: 'burn' },
  0x80040217: { name: 'IMAPI_E_FILESYSTEM', hint: 'Windows could not switch file-system access to the drive; close Explorer windows on it', kind: 'burn' },
  0x80040218: { name: 'IMAPI_E_FILEACCESS', hint: 'IMAPI could not write its stash file; check the free space on the system drive', kind: 'burn' },
  0x80040219: { name: 'IMAPI_E_DISCINFO', hint: 'the disc could not be read; clean it or try another', kind: 'device' },
  0x8004021a: { name: 'IMAPI_E_TRACKNOTOPEN', hint: 'audio was staged with no track open; this is a bug in burn-audio', kind: 'internal' },
  0x8004021b: { name: 'IMAPI_E_TRACKOPEN', hint: 'a track was still open; this is a bug in burn-audio', kind: 'internal' },
  0x8004021c: { name: 'IMAPI_E_DISCFULL', hint: 'the disc cannot hold all the tracks; remove tracks or use 80-minute media', kind: 'burn' },
  0x8004021e: { name: 'IMAPI_E_INVALIDIMAGE', hint: 'the staged audio is not usable (cleared or corrupt); run the burn again', kind: 'burn' },
  0x8004021f: { name: 'IMAPI_E_NOACTIVEFORMAT', hint: 'no disc format was selected; this is a bug in burn-audio', kind: 'internal' },
  0x80040220: { name: 'IMAPI_E_NOACTIVERECORDER', hint: 'no recorder was selected; choose one with --device', kind: 'device' },
  0x80040221: { name: 'IMAPI_E_WRONGFORMAT', hint: 'IMAPI is in the wrong disc format; try again', kind: 'burn' },
  0x80040222: { name: 'IMAPI_E_ALREADYOPEN', hint: 'IMAPI is already open in this process', kind: 'internal' },
  0x80040223: { name: 'IMAPI_E_WRONGDISC', hint: 'the disc was changed during the operation; put the original disc back', kind: 'device' },
  0x80040225: { name: 'IMAPI_E_STASHINUSE', hint: "another program is using IMAPI's stash file; close other burning programs and try again", kind: 'device' },
  0x80040226: { name: 'IMAPI_E_DEVICE_STILL_IN_USE', hint: 'another program is using the recorder; close it and try again', kind: 'device' },
  0x80040227: { name: 'IMAPI_E_LOSS_OF_STREAMING', hint: 'the data stream to the drive broke off (buffer underrun); a CD-R is now unusable: try a lower --speed and keep the machine idle while burning', kind: 'burn' },
  0x80040228: { name: 'IMAPI_E_COMPRESSEDSTASH', hint: "IMAPI's stash is on a compressed volume; turn compression off for the temporary folder", kind: 'burn' },
  0x80040229: { name: 'IMAPI_E_ENCRYPTEDSTASH', hint: "IMAPI's stash is on an encrypted volume; use an unencrypted temporary folder", kind: 'burn' },
  0x8004022a: { name: 'IMAPI_E_NOTENOUGHDISKFORSTASH', hint: "there is not enough free disk space for IMAPI's stash (up to 800 MB); free some space", kind: 'burn' },
  0x8004022b: { name: 'IMAPI_E_REMOVABLESTASH', hint: "IMAPI's stash is on removable media; point TEMP at a fixed drive", kind: 'burn' },
  0x8004022c: { name: 'IMAPI_E_CANNOT_WRITE_TO_MEDIA', hint: 'this disc cannot be written: it is not blank; insert a blank CD-R, or erase a CD-RW with burn-audio erase', kind: 'device' },
  0x8004022d: { name: 'IMAPI_E_TRACK_NOT_BIG_ENOUGH', hint: 'a track is shorter than the recorder accepts', kind: 'burn' },
  0x80004001: { name: 'E_NOTIMPL', hint: 'IMAPI does not implement this here', kind: 'burn' },
  0x80004005: { name: 'E_FAIL', hint: 'IMAPI failed without saying why', kind: 'burn' },
  0x8007000e: { name: 'E_OUTOFMEMORY', hint: 'out of memory', kind: 'burn' },
  0x80070057: { name: 'E_INVALIDARG', hint: 'IMAPI rejected an argument', kind: 'burn' },
  0xa0040001: { name: 'BA_E_NOTOPEN', hint: 'the IMAPI shim was used before it was opened; this is a bug in burn-audio', kind: 'internal' },
  0xa0040002: { name: 'BA_E_BADINDEX', hint: 'no recorder has that index; run burn-audio devices', kind: 'device' },
  0xa0040003: { name: 'BA_E_THREAD', hint: 'the IMAPI thread could not be started', kind: 'internal' },
};

export const IMAPI_E_USERABORT = 0x8004020d;
export const REGDB_E_CLASSNOTREG = 0x80040154;

/** As an unsigned 32-bit number, the way HRESULTs are written. */
export function unsigned(hresult: number): number {
  return hresult >>> 0;
}

export function hresultHex(hresult: number): string {
  return `0x${unsigned(hresult).toString(16).toUpperCase().padStart(8, '0')}`;
}

export const IMAPI_E_GENERIC = 0x8004020e;

export function describeHresult(hresult: number, context?: FailureContext): HresultInfo {
  const info = TABLE[unsigned(hresult)] ?? { name: hresultHex(hresult), hint: 'an unexpected error from IMAPI', kind: 'burn' };
  if (unsigned(hresult) !== IMAPI_E_GENERIC || !context) return info;
  // Modern IMAPI turns a recorder that vanished into IMAPI_E_GENERIC; the device change it announced tells.
  if (context.deviceChanged) return { ...info, hint: `Windows reported a device change during the ${context.phase === 'closing' ? 'closing' : 'burn'}: the recorder is likely gone (disconnected or removed); reconnect it and run burn-audio devices; a CD-R in it may be unusable`, kind: 'device' };
  // Before anything is staged or written, the recorder could not be had (most often another program
  // holds it): the recorder is not ready, not a failed burn.
  return { ...info, hint: genericHint(context), ...(context.phase === 'open' ? { kind: 'device' as const } : {}) };
}

/**
 * IMAPI_E_GENERIC says nothing of the cause (on modern Windows almost every IMAPI2 failure becomes
 * it, loss of streaming included), so its hint lists the likely causes and what to try, per phase.
 */
function genericHint({ phase, behaviour }: FailureContext): string {
  const speed = !behaviour || behaviour.speedSettable
    ? 'try a lower --speed'
    : 'a lower speed would help, but IMAPI v1 on this Windows cannot set one (the drive writes at the speed Windows picks)';
  const otherTool = 'or write an image with --image disc.cue and burn it with another tool';
  switch (phase) {
    case 'open':
      return `IMAPI failed without saying why while opening the recorder; likely another program holds the drive (a burning tool, a virtual-drive tool, Explorer burning files): close it, reconnect the drive and run burn-audio devices, ${otherTool}`;
    case 'staging':
      return `IMAPI failed without saying why while staging the audio, before anything was recorded; check the free space on the system drive (IMAPI stashes up to 800 MB in TEMP) and that no other program uses the drive, then try again, ${otherTool}`;
    case 'recording':
      return `IMAPI failed without saying why while recording; likely the drive dislikes these discs (try another brand), another program took the drive, or the data stream broke off (${speed}); a CD-R may now be unusable. Try again with a new disc, ${otherTool}`;
    case 'closing':
      return `IMAPI failed without saying why while closing the disc; the audio may be written but the disc not finalised: try it in a player. Next time try another brand of disc, ${otherTool}`;
    case 'erasing':
      return 'IMAPI failed without saying why while erasing; likely another program holds the drive, or the drive dislikes this CD-RW: close other burning programs and try again, or try a full erase (--full)';
  }
}
