/**
 * What a recorder says of itself: its name and media, the IMAPI it runs on and how that IMAPI
 * behaves, and the doctor's raw report. Shared by the recorders, the jobs, the events and the
 * renderers; types only, importing nothing above the recorder interface.
 */
import type { MediaInfo } from './recorder.js';

export interface RecorderMedia extends MediaInfo {
  /** HRESULT of the media query (OpenExclusive, QueryMediaType, QueryMediaInfo). */
  result: number;
  /** "blank CD-R", "used CD-RW", "no disc", ... */
  label: string;
}

export interface RecorderInfo {
  /** Its index in `burn-audio devices` (IMAPI v1's order, then recorders only IMAPI2 sees). */
  index: number;
  vendor: string;
  product: string;
  revision: string;
  path: string;
  media: RecorderMedia;
  /** The same recorder as IMAPI2 sees it, where IMAPI2 is there. */
  imapi2?: Imapi2Facts;
}

/** One IMAPI2 call and its HRESULT (signed, as IMAPI2 returns it). */
export interface Imapi2Call {
  method: string;
  hresult: number;
}

/** What IMAPI2 says of a recorder (ba2_recorder_describe); a value whose query failed is null. */
export interface Imapi2Facts {
  /** The recorder's index among IMAPI2's (MsftDiscMaster2's order). */
  index: number;
  uniqueId: string;
  vendor: string | null;
  product: string | null;
  revision: string | null;
  /** Drive letters and mount points, e.g. "D:\\". */
  volumePaths: string[];
  /** IMAPI_MEDIA_PHYSICAL_TYPE (2 CD-R, 3 CD-RW). */
  mediaType: number | null;
  mediaSupported: boolean | null;
  blank: boolean | null;
  /** Write speeds the drive offers for this media, in sectors per second (75 = 1×). */
  writeSpeeds: number[] | null;
  /** The client name of the program holding the recorder's exclusive lock, if any. */
  exclusiveAccessOwner: string | null;
  calls: Imapi2Call[];
  /** N of \\.\CdRomN (IDiscRecorder2::LegacyDeviceNumber), where it was asked for (listing the recorders). */
  legacyDeviceNumber?: number | null;
}

/** ba2_report for one recorder: every IMAPI2 query with its raw value and HRESULT. */
export interface Imapi2Report {
  index: number;
  queries: Array<{ method: string; hresult: number; value: unknown }>;
}

export type ImapiBehaviourName = 'modern' | 'xp';

export interface ImapiBehaviour {
  name: ImapiBehaviourName;
  /** RecordDisc(bSimulate = TRUE) keeps the laser off. Where it does not, --simulate never calls RecordDisc. */
  testWrite: boolean;
  /** The gap IMAPI writes before every track whatever AudioGapSize says, or undefined when AudioGapSize is applied. */
  fixedGapSectors?: number;
  /** WriteSpeed is applied to the burn (not only stored and echoed back). */
  speedSettable: boolean;
  /** NotifyBlockProgress totals count the gaps between tracks. */
  blockTotalsCountGaps: boolean;
  /**
   * Several recorders may record at once (one process each). Where not, a batch on several
   * recorders runs them one after another.
   */
  concurrentRecorders: boolean;
  /** Why, in words, for messages. */
  why: string;
}

/** What the shim reports (ba_platform). */
export interface ImapiPlatform {
  behaviour: ImapiBehaviourName;
  /** The Windows version, e.g. "10.0.22631", or the one the simulator plays. */
  windows: string;
  simulator: boolean;
}

/** One recorder property as IPropertyStorage enumerates and reads it. */
export interface RawProperty {
  name: string | null;
  propid: number;
  /** VARTYPE (VT_I4 = 3, VT_BOOL = 11, ...). */
  vt: number;
  /** The value as IMAPI gave it (VT_BOOL as -1 or 0), or null for types not shown. */
  value: number | string | null;
}

/** What ba_recorder_report returns for one recorder. */
export interface RecorderReport {
  index: number;
  vendor: string | null;
  product: string | null;
  revision: string | null;
  path: string | null;
  pnpId: string | null;
  recorderType: number;
  recorderState: number;
  properties: RawProperty[];
  mediaType: number;
  mediaFlags: number;
  sessions: number;
  lastTrack: number;
  startAddress: number;
  nextWritable: number;
  freeBlocks: number;
  availableAudioTrackBlocks: number;
  /** Every IMAPI call made, in order, with its HRESULT (signed, as IMAPI returns it). */
  calls: Array<{ method: string; hresult: number }>;
}

/** One step of the doctor's read-back of a disc: what was asked, and what came back (or why nothing did). */
export interface ReadBackStep {
  step: string;
  ok: boolean;
  /** The value read (raw or parsed), or the failure's message. */
  value: unknown;
}

/** The doctor's read-back of whatever disc is in one recorder (IMAPI2's index): each step in order; nothing is written. */
export interface ReadBackReport {
  index: number;
  steps: ReadBackStep[];
}

export interface DoctorReport {
  platform: ImapiPlatform;
  behaviour: ImapiBehaviour;
  recorders: RecorderReport[];
  /** IMAPI2: whether it is there (ba2_available's HRESULT) and what it says of each recorder. */
  imapi2: { available: number; detail: string; recorders: Imapi2Report[] };
  /** The drive reader on each recorder IMAPI2 sees: its table of contents, first sectors, Q sub-channel, codes, CD-TEXT. */
  readBack: ReadBackReport[];
}
