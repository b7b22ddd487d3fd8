/**
 * What a job is asked to do, as typed objects: the command line's options once parsed, without
 * what only the display needs. Each job's entry point takes the inputs as given, one of these and
 * a JobContext; it gathers the inputs itself once what needs none is checked (standard input can
 * be read only once).
 */
import type { CapacityMinutes } from '../disc/red-book.js';
import type { DiscLayout, LevelRequest } from '../disc/layout.js';
import type { EventListener } from '../events.js';
import type { InputOptions } from '../inputs/gather.js';

/** What laying out a disc needs (`plan`, and every burn). */
export interface LayoutRequest extends InputOptions {
  /** Silence between tracks, in sectors. */
  gap: number;
  capacity: CapacityMinutes;
  title?: string;
  performer?: string;
  /** Refuse instead of converting, and instead of leaving out what the inputs say. */
  strict: boolean;
  /** Change the tracks' level (--normalize, --replaygain, --gain). */
  level?: LevelRequest;
}

/** A burn: one disc, or a batch of them (copies, several recorders). */
export interface BurnRequest extends LayoutRequest {
  /** Write a BIN/CUE image here instead of recording. */
  image?: string;
  /** Every -d given, in order. */
  device?: string[];
  copies?: number;
  /** Seconds to wait for a blank disc, or true: for ever. */
  waitMedia?: number | true;
  /** Eject a disc that is not blank and wait for another (false: --no-reject). */
  reject: boolean;
  stopOnError: boolean;
  /** Append one record per disc (and per batch) to this file. */
  log?: string;
  speed?: number;
  simulate: boolean;
  eject: boolean;
  /** Track-at-once through IMAPI v1, whatever the plan. */
  tao?: boolean;
  /** Disc-at-once through IMAPI2, whatever the plan. */
  dao?: boolean;
  /** CD-TEXT in the lead-in (disc-at-once through IMAPI2). */
  cdText?: boolean;
  /** Read each disc (or image) back once recorded and compare it with what was staged. */
  verify?: boolean;
}

/**
 * `verify`: a disc in a drive, or a disc image, read back and compared with the tracks it should
 * hold, laid out as a burn to it would lay them out.
 */
export interface VerifyRequest extends LayoutRequest {
  /** The BIN/CUE image to read back (`disc`, `disc.cue` or `disc.bin`); else the disc in a drive. */
  image?: string;
  /** The drive: its index in `burn-audio devices`, or part of its name (default: the first). */
  device?: string;
  /** The disc should carry the CD-TEXT `--cd-text` records. */
  cdText?: boolean;
}

/** A question the job needs answered before it spends a disc; the CLI asks it, or nobody can. */
export type Confirmation =
  | { kind: 'disc'; layout: DiscLayout; recorder: string; rewritable: boolean }
  | { kind: 'batch'; layout: DiscLayout; copies: number; recorders: string[] }
  | { kind: 'erase'; recorder: string; full: boolean };

/** How a job reports and is stopped: the events, the signal, and who answers its questions. */
export interface JobContext {
  onEvent: EventListener;
  signal: AbortSignal;
  /** Answers a Confirmation; absent when there is nobody to ask (a script, --yes, --json). */
  confirm?: (question: Confirmation) => Promise<boolean>;
  /** The listener for one copy of a batch (a display that draws each copy apart). */
  forCopy?: (recorder: number | null, copy: number, label: string, layout: DiscLayout) => EventListener;
}
