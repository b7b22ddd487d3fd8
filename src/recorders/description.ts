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
  index: number;
  vendor: string;
  product: string;
  revision: string;
  path: string;
  media: RecorderMedia;
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

export interface DoctorReport {
  platform: ImapiPlatform;
  behaviour: ImapiBehaviour;
  recorders: RecorderReport[];
}
