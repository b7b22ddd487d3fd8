import { setTimeout as sleep } from 'node:timers/promises';
import { DeviceError, InterruptedError } from '../../errors.js';
import type { EventListener } from '../../events.js';
import { recorderName } from '../../recorders/imapi/imapi.js';
import type { RecorderInfo } from '../../recorders/description.js';

/** What waiting for a disc needs of an open IMAPI (v1 or IMAPI2): its recorders afresh, and an eject. */
export interface RecorderSession {
  recorder(index: number): Promise<RecorderInfo>;
  recorders(): Promise<RecorderInfo[]>;
  eject(recorder: RecorderInfo): Promise<void>;
  close(): Promise<void>;
}

/** How often the media is queried while waiting for a disc. Not a promise: any interval works. */
const POLL_MS = 1000;

/** Where a batch's recorder is: its path, which stays the same when another recorder goes, and its index when the batch began. */
export interface RecorderPlace {
  /** `\\?\...` on Windows. */
  path: string;
  index: number;
}

export interface WaitOptions extends RecorderPlace {
  /** Seconds to wait for a blank disc: 0 fails at once, null waits for ever. */
  seconds: number | null;
  /** A disc that is not blank is ejected and the wait goes on; false: it fails the copy. */
  reject: boolean;
  /** The copy the disc is for (for the `waiting` event). */
  copy: number;
}

/**
 * Waits until the recorder holds a blank, writable disc and returns it as it is then. The media
 * is queried quietly every second or so; a `waiting` event says once what is awaited. A disc
 * that is not blank is ejected with a warning (unless `reject` is false). Aborting the signal
 * ends the wait with nothing done.
 */
export async function waitForBlank(imapi: RecorderSession, options: WaitOptions, signal: AbortSignal, onEvent: EventListener): Promise<RecorderInfo> {
  const deadline = options.seconds === null ? Infinity : performance.now() + options.seconds * 1000;
  let announced = false;
  for (;;) {
    stopIfAborted(signal);
    const info = await find(imapi, options);
    const { media } = info;
    const name = recorderName(info);
    if (media.present && media.blank && media.writable) return info;
    if (media.present && media.result >= 0) {
      if (!options.reject || options.seconds === 0) throw new DeviceError(`${name}: the disc is not blank; insert a blank CD-R, or erase a CD-RW first`, 'ENOTBLANK');
      onEvent({ type: 'warning', message: `${name}: the disc in it (${media.label}) is not blank; it is ejected, insert a blank one` });
      await imapi.eject(info);
      continue;
    }
    if (options.seconds === 0) throw new DeviceError(`${name}: no disc in the recorder; insert a blank CD-R (or wait for one with --wait-media)`, 'ENOMEDIA');
    if (performance.now() >= deadline) throw new DeviceError(`${name}: no blank disc was inserted within ${options.seconds} s (--wait-media)`, 'EWAITMEDIA');
    if (!announced) onEvent({ type: 'waiting', copy: options.copy, media: 'a blank CD-R or CD-RW', seconds: options.seconds });
    announced = true;
    await sleep(Math.min(POLL_MS, Math.max(0, deadline - performance.now())), undefined, { signal }).catch(() => undefined);
  }
}

/**
 * The recorder at `path` now, or a DeviceError when it is gone. Only its own media is queried
 * while it is where it was: querying another recorder's would open it, under the feet of the
 * worker burning on it. The others are looked at only once the recorders have changed.
 */
export async function find(imapi: RecorderSession, { path, index }: RecorderPlace): Promise<RecorderInfo> {
  const there = await imapi.recorder(index).catch(() => undefined);
  if (there?.path === path) return there;
  const info = (await imapi.recorders()).find((recorder) => recorder.path === path);
  if (!info) throw new DeviceError(`the recorder ${path} is gone (disconnected or removed)`, 'EGONE');
  return info;
}

function stopIfAborted(signal: AbortSignal): void {
  if (!signal.aborted) return;
  if (signal.reason instanceof NotStartedError) throw signal.reason;
  const reason = signal.reason instanceof InterruptedError ? signal.reason.signal : 'SIGINT';
  throw new InterruptedError(reason, 'stopped while waiting for a disc; nothing was written');
}

/** The wait was ended because the batch starts no more copies: the copy was never started. */
export class NotStartedError extends DeviceError {
  constructor() {
    super('not started: the batch stopped at a failure (--stop-on-error)', 'ENOTSTARTED');
  }
}
