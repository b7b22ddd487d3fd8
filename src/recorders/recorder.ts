/**
 * Recorders: the backends a disc goes to (a BIN/CUE image, IMAPI v1), behind one interface.
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

export interface Recorder {
  /** Human name, used in messages ("image disc.cue", "HL-DT-ST DVDRAM GH24NSD1"). */
  readonly name: string;
  open(): Promise<void>;
  mediaInfo(): Promise<MediaInfo>;
  /** Starts a track of `blocks` sectors (CreateAudioTrack). */
  createTrack(blocks: number): Promise<void>;
  /** Stages whole sectors of the open track (AddAudioTrackBlocks): a multiple of 2352 bytes. */
  addBlocks(data: Buffer): Promise<void>;
  closeTrack(): Promise<void>;
  /** Records what was staged (RecordDisc). */
  record(options: RecordOptions): Promise<void>;
  /** Asks a running operation to stop (IMAPI's QueryCancel). Quick; never blocks. */
  cancel(): void;
  /** Releases the recorder; discards anything not recorded. Safe to call more than once. */
  close(): Promise<void>;
}
