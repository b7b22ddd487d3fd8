/**
 * Every failure a user can meet is one of these classes. Each has a fixed `name`, a machine
 * `code` and a `kind`; the CLI turns the kind into an exit code in one table (src/exit-codes.ts).
 */
export type ErrorKind = 'usage' | 'input' | 'device' | 'burn' | 'partial' | 'verify' | 'interrupted' | 'internal';

export abstract class BurnAudioError extends Error {
  abstract readonly kind: ErrorKind;
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** The command line itself is wrong: unknown option, bad value, missing argument. */
export class UsageError extends BurnAudioError {
  override readonly name = 'UsageError';
  readonly kind = 'usage';
  constructor(message: string) {
    super(message, 'EUSAGE');
  }
}

/** An input (a track, or the place an image goes) cannot be used. The message names it. */
export class InputError extends BurnAudioError {
  override readonly name = 'InputError';
  readonly kind = 'input';
  constructor(
    readonly file: string,
    readonly problem: string,
    code = 'EINPUT',
  ) {
    super(`${file}: ${problem}`, code);
  }
}

/** The whole disc is wrong even though each track is fine: too many tracks, too long. */
export class LayoutError extends BurnAudioError {
  override readonly name = 'LayoutError';
  readonly kind = 'input';
}

/** No recorder, no media, media not blank, recorder busy, or no way to record at all. */
export class DeviceError extends BurnAudioError {
  override readonly name = 'DeviceError';
  readonly kind = 'device';
}

/** Staging or recording failed after it started. */
export class BurnError extends BurnAudioError {
  override readonly name = 'BurnError';
  readonly kind = 'burn';
}

/** The disc (or image) was read back and does not hold what was staged for it. */
export class VerifyError extends BurnAudioError {
  override readonly name = 'VerifyError';
  readonly kind = 'verify';
}

/**
 * A batch that did not burn every disc: `partial` when some were burned, else the kind of its
 * first failure. The per-disc records say what happened to each.
 */
export class BatchError extends BurnAudioError {
  override readonly name = 'BatchError';
  constructor(
    message: string,
    readonly kind: ErrorKind,
  ) {
    super(message, kind === 'partial' ? 'EPARTIAL' : 'EBATCH');
  }
}

/** The user asked to stop (Ctrl-C, SIGTERM). */
export class InterruptedError extends BurnAudioError {
  override readonly name = 'InterruptedError';
  readonly kind = 'interrupted';
  constructor(
    readonly signal: NodeJS.Signals = 'SIGINT',
    /** What the interruption means, e.g. for a disc being recorded. */
    detail?: string,
  ) {
    super(detail ? `interrupted by ${signal}; ${detail}` : `interrupted by ${signal}`, 'EINTR');
  }
}

/** The user answered no to a question: nothing was done. Ends like an interruption (exit 130). */
export class CancelledError extends BurnAudioError {
  override readonly name = 'CancelledError';
  readonly kind = 'interrupted';
  constructor(what: string) {
    super(`cancelled: ${what}`, 'ECANCELED');
  }
}

/** Throws the abort reason when `signal` has been aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw signal.reason instanceof Error ? signal.reason : new InterruptedError();
  }
}

const WRITE_PROBLEMS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EROFS: 'the file system became read-only',
  ENOENT: 'no such folder',
  EACCES: 'not writable',
};

/** Why writing a file failed, in words where the system's code has some (else the code). */
export function writeProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code === undefined ? undefined : WRITE_PROBLEMS[code]) ?? code ?? String(error);
}
