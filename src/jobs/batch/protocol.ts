/**
 * What a batch's parent process and its recorder workers tell each other over IPC (one worker
 * process per recorder: the shim holds one IMAPI session per process).
 */
import { BurnAudioError, type ErrorKind } from '../../errors.js';
import type { BurnEvent } from '../../events.js';
import type { DiscLayout } from '../../disc/layout.js';
import type { Recording } from '../../events.js';
import type { RecorderInfo } from '../../recorders/description.js';
import type { StagedDisc } from '../../recorders/recorder.js';
import type { StagedAudio } from '../stage.js';

/** Everything a worker needs to burn copies on its recorder. */
export interface WorkerSetup {
  layout: DiscLayout;
  /** Track-at-once: the tracks staged; disc-at-once: the whole disc. */
  audio: StagedAudio | StagedDisc;
  /** Through IMAPI v1, or IMAPI2. */
  recording: Recording;
  /** The recorder's path (IMAPI2: its unique ID), which identifies it even when another recorder goes. */
  path: string;
  /** Its index (IMAPI2: among IMAPI2's) when the batch began, where it is looked for first. */
  index: number;
  /** Its index in `burn-audio devices`, for the events. */
  row: number;
  /** CD-TEXT in the lead-in (disc-at-once). */
  cdText: boolean;
  simulate: boolean;
  speed?: number;
  gapSectors: number;
  /** Eject a disc that is not blank and wait on (true), or fail the copy (false). */
  reject: boolean;
  /** Read each disc back once recorded and compare it with the staged audio (--verify). */
  verify: boolean;
  /** Track-at-once: the recorder as IMAPI2 sees it too, whose drive the discs are read back through. */
  drive?: RecorderInfo;
}

/** Where a copy is; what a Ctrl-C means for its disc follows from it. */
export type CopyPhase = 'waiting' | 'staging' | 'recording' | 'verifying';

/** What --verify found of a copy: it read back as staged, it did not, or it was not read (nothing recorded). */
export type VerifyStatus = 'ok' | 'failed' | 'skipped';

export interface CopyOutcome {
  copy: number;
  ok: boolean;
  error?: { kind: ErrorKind; message: string };
  /** The phase the copy ended in (a failure's phase). */
  phase: CopyPhase;
  /** From a blank disc found to the end of the copy. */
  seconds: number;
  /** The recording's average speed (×), or null when nothing was recorded or it was too quick to measure. */
  averageSpeed: number | null;
  /** How --simulate made the copy a dry run, where the IMAPI cannot test-write; false when it did not. */
  dryRun: false | Recording;
  /** The recorder is no longer there: give it no more copies. */
  gone: boolean;
  /** With --verify: whether the disc read back as staged. */
  verify?: VerifyStatus;
}

export type ToWorker =
  | { type: 'setup'; setup: WorkerSetup }
  /** Burn `copy`, waiting up to `wait` seconds for a blank disc (0: not at all; null: for ever). */
  | { type: 'burn'; copy: number; wait: number | null }
  | { type: 'stop'; signal: NodeJS.Signals }
  /** The batch starts no more copies (--stop-on-error): a copy still waiting for a disc is not started. */
  | { type: 'stopWaiting' };

export type FromWorker =
  | { type: 'event'; event: BurnEvent }
  | { type: 'phase'; copy: number; phase: CopyPhase }
  | { type: 'outcome'; outcome: CopyOutcome };

/** A failure as a record carries it: its kind (for the exit code) and its message. */
export function describeError(error: unknown): { kind: ErrorKind; message: string } {
  if (error instanceof BurnAudioError) return { kind: error.kind, message: error.message };
  return { kind: 'internal', message: `internal error: ${(error as Error)?.message ?? String(error)}` };
}
