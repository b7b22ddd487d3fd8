/**
 * Recorders: the backends a disc goes to (a BIN/CUE image, IMAPI v1, IMAPI2), behind one interface.
 *
 * The one interface between the session and a backend, in IMAPI's vocabulary
 * (IDiscMaster + IRedbookDiscMaster + IDiscRecorder). A recorder reports progress through the
 * listener it was created with, emitting the IDiscMasterProgressEvents sequence.
 */
export interface MediaInfo {
  present: boolean;
  blank: boolean;
  writable: boolean;
  rewritable: boolean;
  /** Blocks (sectors) that can still be recorded. */
  freeBlocks: number;
}

export interface RecordOptions {
  /** Laser off: go through every step without writing. */
  simulate: boolean;
  eject: boolean;
}

/** What every recorder does, whichever way it takes the audio. */
interface RecorderBase {
  /** Human name, used in messages ("image disc.cue", "HL-DT-ST DVDRAM GH24NSD1"). */
  readonly name: string;
  open(): Promise<void>;
  mediaInfo(): Promise<MediaInfo>;
  /** Asks a running operation to stop (IMAPI's QueryCancel, IMAPI2's CancelWrite). Quick; never blocks. */
  cancel(): void;
  /** Releases the recorder; discards anything not recorded. Safe to call more than once. */
  close(): Promise<void>;
}

/** A recorder that is handed the audio track by track (track-at-once, an image). */
export interface Recorder extends RecorderBase {
  /** Starts a track of `blocks` sectors (CreateAudioTrack). */
  createTrack(blocks: number): Promise<void>;
  /** Stages whole sectors of the open track (AddAudioTrackBlocks): a multiple of 2352 bytes. */
  addBlocks(data: Buffer): Promise<void>;
  closeTrack(): Promise<void>;
  /** Records what was staged (RecordDisc). */
  record(options: RecordOptions): Promise<void>;
}

/**
 * The whole disc as it is written, staged before recording into a file of CD audio: from LBA
 * -150 (the lead pregap's silence) to the end of the last track, the gaps' silence and the
 * pregap audio in place; `sectors` long.
 */
export interface StagedDisc {
  path: string;
  sectors: number;
}

export interface DiscRecordOptions extends RecordOptions {
  /** Do everything but write: where the recorder has no laser-off write, --simulate. */
  dryRun: boolean;
}

/** A recorder that takes the whole disc at once, from audio staged before (disc-at-once). */
export interface DiscAtOnceRecorder extends RecorderBase {
  recordDisc(disc: StagedDisc, options: DiscRecordOptions): Promise<void>;
}

export function isDiscAtOnce(recorder: Recorder | DiscAtOnceRecorder): recorder is DiscAtOnceRecorder {
  return 'recordDisc' in recorder;
}
