/**
 * What happens during a run, as one typed stream. The recorder events are named after
 * IDiscMasterProgressEvents (imapi.h); the rest are the CLI's own phases. Every backend emits
 * the same recorder events, so every renderer works with every backend.
 */
import type { DiscLayout } from './disc/layout.js';
import type { DoctorReport, RecorderInfo } from './recorders/description.js';
import type { VerifyReport } from './verify/report.js';

export type BurnEvent =
  // the CLI's own phases
  | { type: 'probe'; path: string; index: number; total: number }
  | { type: 'plan'; layout: DiscLayout }
  | { type: 'warning'; message: string }
  /**
   * The run succeeded: the files written (an image) or the recorder that burned the disc, and how
   * (`recording`). `dryRun`: --simulate where IMAPI cannot test-write: track-at-once, the recorder
   * was opened, the media checked and every track staged, then the staged audio cleared, and
   * RecordDisc never called; disc-at-once, the media was prepared and checked, the image built and
   * read through once, the media released, and WriteMedia never called.
   */
  | { type: 'done'; outputs: string[]; simulate: boolean; dryRun?: boolean; recorder?: string; action?: 'record' | 'erase' | 'eject'; recording?: Recording }
  | { type: 'devices'; recorders: RecorderInfo[] }
  /** `doctor --json`: the raw values IMAPI reports, the Windows version and the behaviour assumed. */
  | ({ type: 'doctor'; burnAudio: string; node: string; os: string } & DoctorReport)
  /**
   * The recorder chosen, with the write speed it took (read back after SetRecorderProperties, or
   * IMAPI2's current write speed once the media is prepared); `writeSpeed` is null where IMAPI
   * cannot set it and the drive writes at the speed Windows picks. `recording`: track-at-once
   * (IMAPI v1) or disc-at-once (IMAPI2).
   */
  | { type: 'recorder'; index: number; name: string; media: string; writeSpeed: number | null; maxWriteSpeed: number; recording: Recording }
  | { type: 'erasing'; name: string; full: boolean }
  /** A batch waits for `media` in a recorder, for `copy`, up to `seconds` (null: for ever). */
  | { type: 'waiting'; copy: number; media: string; seconds: number | null }
  /**
   * A batch's record of one disc: which recorder (its index; null for an image), which copy, how
   * it ended (`status` ok, failed or interrupted, with the exit code it alone would have given and
   * what happened), how long it took and the recording's average speed (×); with --verify,
   * whether the disc read back as staged (`failed` makes the copy failed, exit 7), or was not
   * read (`skipped`: nothing was recorded).
   */
  | { type: 'disc'; recorder: number | null; copy: number; status: 'ok' | 'failed' | 'interrupted'; code: number; message: string; seconds: number; averageSpeed: number | null; verify?: 'ok' | 'failed' | 'skipped' }
  /** A batch's end: discs burned and failed, and the whole batch's time. */
  | { type: 'batch'; ok: number; failed: number; seconds: number }
  /** Verifying: `completed` of `total` sectors of the disc read back and compared with what was staged. */
  | { type: 'verifyProgress'; completed: number; total: number }
  /** Verifying is done: what matched and what did not, per track, with the shift and the checksums. */
  | ({ type: 'verified' } & VerifyReport)
  /** A first Ctrl-C (or SIGTERM) was heard: the run is stopping; a second one quits at once. */
  | { type: 'stopping'; signal: string }
  // IDiscMasterProgressEvents
  | { type: 'pnpActivity' }
  /** NotifyAddProgress: staging; `completed` of `total` blocks handed to the recorder. */
  | { type: 'addProgress'; completed: number; total: number }
  | { type: 'preparingBurn'; estimatedSeconds: number }
  /** NotifyBlockProgress: `completed` of `total` blocks recorded. */
  | { type: 'blockProgress'; completed: number; total: number }
  /**
   * NotifyTrackProgress with IMAPI's semantics: 0 of N when track 1 starts; k of N when track k
   * is done and track k+1 starts; N of N when the last track is written.
   */
  | { type: 'trackProgress'; completed: number; total: number }
  | { type: 'closingDisc'; estimatedSeconds: number }
  /** NotifyBurnComplete: `status` is the HRESULT, 0 on success. */
  | { type: 'burnComplete'; status: number }
  | { type: 'eraseComplete'; status: number };

export type EventListener = (event: BurnEvent) => void;

/** How a disc is recorded: track-at-once through IMAPI v1, or disc-at-once through IMAPI2. */
export type Recording = 'track-at-once' | 'disc-at-once';

/** A listener's warnings, as a function of their message. */
export function warn(onEvent: EventListener): (message: string) => void {
  return (message) => onEvent({ type: 'warning', message });
}
