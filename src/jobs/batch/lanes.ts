/** The lanes of a batch: one recorder (in a worker process of its own) or the image writer each. */
import { fork, spawn, type ChildProcess, type ForkOptions } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { CopyOutcome, CopyPhase, FromWorker, ToWorker, WorkerSetup } from './protocol.js';
import { DeviceError } from '../../errors.js';
import type { EventListener } from '../../events.js';
import { recorderName } from '../../recorders/imapi/imapi.js';
import type { RecorderInfo } from '../../recorders/description.js';
import { failed } from './records.js';
import { standalone, WORKER_VARIABLE } from '../../standalone.js';

/** One recorder (or the image writer) of a batch: burns the copies it is given, one at a time. */
export interface Lane {
  /** The recorder's index in `burn-audio devices`; null for images. */
  recorder: number | null;
  /** What the display calls it. */
  label: string;
  burn(copy: number, wait: number | null, onEvent: EventListener): Promise<CopyOutcome>;
  /** What it is doing now, for the message a Ctrl-C gets. */
  current?: { copy: number; phase: CopyPhase };
  /** The batch starts no more copies: a copy still waiting for a disc ends, not started. */
  stopWaiting?(): void;
}

/** A batch's entry point (burnJob hands batches here). */

/**
 * Starts a recorder's worker process: the worker module compiled beside this one, or
 * burn-audio.exe started again as itself, told by a variable that it is a worker.
 */
function startWorker(): ChildProcess {
  const options: ForkOptions = { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'json' };
  if (standalone()) return spawn(process.execPath, [], { ...options, env: { ...process.env, [WORKER_VARIABLE]: '1' } });
  return fork(fileURLToPath(new URL('./worker.js', import.meta.url)), [], options);
}

/** A recorder's worker process: burns one copy at a time on that recorder, its events relayed here. */
export class RecorderWorker implements Lane {
  readonly recorder: number;
  readonly label: string;
  current?: { copy: number; phase: CopyPhase };
  private readonly child: ChildProcess;
  private listen: EventListener = () => undefined;
  private pending?: { copy: number; resolve: (outcome: CopyOutcome) => void };
  private exited = false;

  constructor(info: RecorderInfo, setup: WorkerSetup) {
    this.recorder = info.index;
    this.label = `recorder ${info.index} (${recorderName(info)})`;
    // The terminal's Ctrl-C reaches the worker too; it ignores it and stops when told (stop()).
    this.child = startWorker();
    this.child.on('message', (message: FromWorker) => this.receive(message));
    this.child.on('exit', (code, signal) => this.ended(signal ?? `exit code ${code}`));
    // It could not be started, or a message could not reach it: it is as good as gone.
    this.child.on('error', (error) => this.ended(error.message));
    this.send({ type: 'setup', setup });
  }

  burn(copy: number, wait: number | null, onEvent: EventListener): Promise<CopyOutcome> {
    this.listen = onEvent;
    this.current = { copy, phase: 'waiting' };
    return new Promise((resolve) => {
      if (this.exited) resolve({ ...failed(copy, 'waiting', performance.now(), new DeviceError(`${this.label}: its worker process is gone`, 'EWORKER')), gone: true });
      this.pending = { copy, resolve };
      this.send({ type: 'burn', copy, wait });
    });
  }

  stop(signal: NodeJS.Signals): void {
    this.send({ type: 'stop', signal });
  }

  stopWaiting(): void {
    if (this.current?.phase === 'waiting') this.send({ type: 'stopWaiting' });
  }

  async end(): Promise<void> {
    if (this.exited) return;
    const exit = once(this.child, 'exit');
    if (this.child.connected) this.child.disconnect();
    await exit;
  }

  private send(message: ToWorker): void {
    if (this.child.connected) this.child.send(message, (error) => error && this.ended(error.message));
  }

  private ended(why: string): void {
    this.exited = true;
    const pending = this.pending;
    this.pending = undefined;
    const error = new DeviceError(`${this.label}: its worker process ended unexpectedly (${why})${this.current?.phase === 'recording' ? '; the disc it was recording is probably unusable' : ''}`, 'EWORKER');
    pending?.resolve({ ...failed(pending.copy, this.current?.phase ?? 'waiting', performance.now(), error), gone: true });
  }

  private receive(message: FromWorker): void {
    if (message.type === 'event') this.listen(message.event);
    else if (message.type === 'phase') this.current = { copy: message.copy, phase: message.phase };
    else if (message.type === 'outcome' && this.pending?.copy === message.outcome.copy) {
      const { resolve } = this.pending;
      this.pending = undefined;
      this.current = undefined;
      resolve(message.outcome);
    }
  }
}
