import { BurnAudioError, type ErrorKind } from './errors.js';

/** The exit codes of burn-audio (DESIGN.md, README "Exit codes"). The one place they are set. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  input: 3,
  device: 4,
  burn: 5,
  /** A batch burned some discs and failed others. */
  partial: 6,
  /** The disc was recorded (or the image written) but does not read back as staged. */
  verify: 7,
  interrupted: 130,
} as const satisfies Record<ErrorKind | 'ok', number>;

/** 128 + signal number, as shells report a process a signal ended. */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

export function exitCodeFor(error: unknown): number {
  if (!(error instanceof BurnAudioError)) return EXIT.internal;
  if (error.kind === 'interrupted' && 'signal' in error) {
    return SIGNAL_EXIT[error.signal as NodeJS.Signals] ?? EXIT.interrupted;
  }
  return EXIT[error.kind];
}
