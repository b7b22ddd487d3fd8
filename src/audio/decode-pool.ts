/**
 * The probe's decoders: the process itself and `size - 1` worker threads at most, started as the
 * jobs come, each taking one job at a time, in the order they were given. The process decodes
 * too (it only waits while the others decode), so one file costs no thread and every thread
 * saves its isolate's memory. burn-audio.exe is one script with no worker file beside it: there
 * the process is the only decoder.
 */
import { Worker } from 'node:worker_threads';
import { InterruptedError } from '../errors.js';
import { standalone } from '../standalone.js';
import { decodeFile, errorFrom, makeCdAudio, type CdJob, type DecodeJob, type DecodedFile, type ErrorFacts, type MadeCdAudio } from './decode-job.js';

type Answer<T> = { found: T } | { error: ErrorFacts };
/** The process itself, as a decoder. */
const HERE = 'here';
type Decoder = Worker | typeof HERE;

export class DecodePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<{ resolve: (decoder: Decoder) => void; reject: (error: Error) => void }> = [];
  private stopped?: Error;
  private hereBusy = false;
  /** The most worker threads: none in burn-audio.exe, where the process decodes one job at a time. */
  private readonly threads: number;

  constructor(size: number) {
    this.threads = standalone() ? 0 : size - 1;
  }

  run(job: DecodeJob): Promise<DecodedFile>;
  run(job: CdJob): Promise<MadeCdAudio>;
  async run(job: DecodeJob | CdJob): Promise<DecodedFile | MadeCdAudio> {
    const decoder = await this.take();
    try {
      return decoder === HERE ? await runHere(job) : await this.ask(decoder, job);
    } finally {
      this.give(decoder);
    }
  }

  /** Ends every thread; jobs under way fail with `reason` (an interruption by default). */
  async close(reason: Error = new InterruptedError()): Promise<void> {
    this.stopped ??= reason;
    for (const { reject } of this.waiting.splice(0)) reject(this.stopped);
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private take(): Promise<Decoder> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (!this.hereBusy) {
      this.hereBusy = true;
      return Promise.resolve(HERE);
    }
    const worker = this.idle.pop() ?? (this.workers.length < this.threads ? this.start() : undefined);
    if (worker) return Promise.resolve(worker);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** A decoder done with its job goes to the next job waiting; a thread that died is replaced. */
  private give(decoder: Decoder): void {
    if (this.stopped) return;
    const next = this.waiting.shift();
    if (decoder === HERE) {
      if (next) next.resolve(HERE);
      else this.hereBusy = false;
      return;
    }
    const alive = this.workers.includes(decoder);
    if (next) next.resolve(alive ? decoder : this.start());
    else if (alive) this.idle.push(decoder);
  }

  private start(): Worker {
    // A decode allocates little that lives: a young generation of 1 MB (not 16) is as fast, and each thread costs less.
    const worker = new Worker(new URL('./decode-worker.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 1 } });
    this.workers.push(worker);
    return worker;
  }

  private ask<T>(worker: Worker, job: DecodeJob | CdJob): Promise<T> {
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      };
      const onMessage = (answer: Answer<T>): void => {
        settle();
        if ('found' in answer) resolve(answer.found);
        else reject(errorFrom(answer.error));
      };
      const onError = (error: Error): void => {
        settle();
        this.forget(worker);
        reject(error);
      };
      const onExit = (): void => {
        settle();
        this.forget(worker);
        reject(this.stopped ?? new Error('a decoding thread ended before its file was decoded'));
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage(job);
    });
  }

  private forget(worker: Worker): void {
    const at = this.workers.indexOf(worker);
    if (at >= 0) this.workers.splice(at, 1);
  }
}

function runHere(job: DecodeJob | CdJob): Promise<DecodedFile | MadeCdAudio> {
  return 'kept' in job ? makeCdAudio(job) : decodeFile(job);
}
