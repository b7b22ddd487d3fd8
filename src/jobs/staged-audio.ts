/**
 * CD audio staged into a temporary file before anything is recorded: a batch's tracks, staged
 * once for every copy, and the whole disc a disc-at-once recorder reads while it writes, so that
 * a burn never waits on a decoder.
 */
import { randomBytes } from 'node:crypto';
import { open, statfs, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECTOR_BYTES } from '../disc/red-book.js';
import { BurnError, writeProblem } from '../errors.js';
import type { EventListener } from '../events.js';
import { gapSilence, stagedSectors } from '../disc/plan.js';
import type { DiscLayout } from '../disc/layout.js';
import type { ProbedTrack } from '../audio/probe.js';
import { silentPieces } from '../audio/silence.js';
import type { MediaInfo, Recorder, StagedDisc } from '../recorders/recorder.js';
import { stageTracks, stopIfAborted, type StageOptions, type StagedAudio } from './stage.js';
import { removeTemporary, trackTemporary } from '../temp-files.js';

/** A staged file that `remove()` deletes. */
export type Temporary<T> = T & { remove(): Promise<void> };

/**
 * Reads, converts and stages every track once, into a temporary file in the system's temporary
 * folder ($TMPDIR), so that each copy of a batch is staged from it without decoding again. The
 * file is registered as temporary: a forced exit removes it too.
 */
export async function stageOnce(layout: DiscLayout, sources: readonly ProbedTrack[], signal: AbortSignal, onWarning: (message: string) => void): Promise<Temporary<StagedAudio>> {
  const what = 'the audio for the copies';
  const spool = new SpoolRecorder(await spoolPath(stagedSectors(layout), what), what);
  await spool.fill(layout, sources, { signal, onWarning });
  return { path: spool.path, trackBlocks: spool.trackBlocks, remove: () => spool.remove() };
}

/**
 * A track-at-once recorder whose staging is also copied, as it goes, into a temporary file: the
 * audio exactly as staged, kept to read the disc back against (`--verify`) without decoding the
 * tracks again. The caller removes the file.
 */
export async function spoolAlongside(recorder: Recorder, layout: DiscLayout): Promise<{ recorder: Recorder; staged: Temporary<StagedAudio> }> {
  const what = 'the audio to verify the disc against';
  const spool = new SpoolRecorder(await spoolPath(stagedSectors(layout), what), what);
  trackTemporary(spool.path);
  await spool.open();
  const tee: Recorder = {
    get name() {
      return recorder.name;
    },
    open: () => recorder.open(),
    mediaInfo: () => recorder.mediaInfo(),
    createTrack: async (blocks) => {
      await recorder.createTrack(blocks);
      await spool.createTrack(blocks);
    },
    addBlocks: async (data) => {
      await recorder.addBlocks(data);
      await spool.addBlocks(data);
    },
    closeTrack: () => recorder.closeTrack(),
    record: (options) => recorder.record(options),
    cancel: () => recorder.cancel(),
    close: () => recorder.close(),
  };
  return { recorder: tee, staged: { path: spool.path, trackBlocks: spool.trackBlocks, remove: () => spool.remove() } };
}

export interface DiscStageOptions extends StageOptions {
  /** What the file holds, for messages: "the audio for the copies", "the disc's audio". */
  what: string;
  onEvent?: EventListener;
}

/**
 * Stages the whole disc as a disc-at-once recorder writes it (StagedDisc): the lead pregap, and
 * before each track the silence of its gap, then its pregap audio and its own. Staging progress
 * goes to `onEvent` when given.
 */
export async function stageDisc(layout: DiscLayout, sources: readonly ProbedTrack[], options: DiscStageOptions): Promise<Temporary<StagedDisc>> {
  const spool = new SpoolRecorder(await spoolPath(layout.totalSectors, options.what), options.what, layout, options.onEvent);
  await spool.fill(layout, sources, options);
  return { path: spool.path, sectors: layout.totalSectors, remove: () => spool.remove() };
}

/** A new temporary file's name, once the temporary folder is known to have room for `sectors`. */
async function spoolPath(sectors: number, what: string): Promise<string> {
  const folder = tmpdir();
  // Room for the whole disc's audio is checked before anything is decoded.
  const bytes = sectors * SECTOR_BYTES;
  const free = await statfs(folder).then((fs) => fs.bavail * fs.bsize, (error: unknown) => {
    throw spoolError(folder, what, error);
  });
  if (free < bytes) throw spoolError(folder, what, `${megabytes(bytes)} needed, ${megabytes(free)} free`);
  return join(folder, `burn-audio-${process.pid}-${randomBytes(4).toString('hex')}.cdda`);
}

/**
 * A recorder whose "disc" is a file of raw CD audio: what is staged is appended to it. Given the
 * layout, it writes each track's gap of silence too (the lead pregap before track 1).
 */
class SpoolRecorder implements Recorder {
  readonly trackBlocks: number[] = [];
  private file?: FileHandle;
  private staged = 0;

  constructor(
    readonly path: string,
    readonly name: string,
    private readonly disc?: DiscLayout,
    private readonly onEvent?: EventListener,
  ) {}

  /** Stages every track into the file; the file is removed if that fails. */
  async fill(layout: DiscLayout, sources: readonly ProbedTrack[], options: StageOptions): Promise<void> {
    trackTemporary(this.path);
    try {
      await this.open();
      await stageTracks(this, layout, sources, options);
    } catch (error) {
      await this.remove();
      // Whatever failed once the user asked to stop ends the run as interrupted, nothing recorded.
      stopIfAborted(options.signal);
      throw error;
    } finally {
      await this.close();
    }
  }

  async open(): Promise<void> {
    this.file = await open(this.path, 'wx').catch((error: unknown) => {
      throw spoolError(this.path, this.name, error);
    });
  }

  async mediaInfo(): Promise<MediaInfo> {
    return { present: true, blank: true, writable: true, rewritable: false, freeBlocks: Number.MAX_SAFE_INTEGER };
  }

  async createTrack(blocks: number): Promise<void> {
    const track = this.disc?.tracks[this.trackBlocks.length];
    this.trackBlocks.push(blocks);
    if (track) for (const piece of silentPieces(gapSilence(track))) await this.write(piece);
  }

  async addBlocks(data: Buffer): Promise<void> {
    if (data.length % SECTOR_BYTES !== 0) throw new Error('staged audio must be whole sectors');
    await this.write(data);
    this.staged += data.length / SECTOR_BYTES;
    if (this.disc) this.onEvent?.({ type: 'addProgress', completed: this.staged, total: stagedSectors(this.disc) });
  }

  async closeTrack(): Promise<void> {}

  async record(): Promise<void> {}

  cancel(): void {}

  async close(): Promise<void> {
    await this.file?.close();
    this.file = undefined;
  }

  async remove(): Promise<void> {
    await this.close();
    await removeTemporary(this.path);
  }

  private async write(data: Buffer): Promise<void> {
    await this.file!.write(data).catch((error: unknown) => {
      throw spoolError(this.path, this.name, error);
    });
  }
}

/** The temporary folder cannot take the staged audio: said with the folder and what to do. */
function spoolError(path: string, what: string, problem: unknown): BurnError {
  const reason = typeof problem === 'string' ? problem : writeProblem(problem);
  return new BurnError(`${path}: cannot hold ${what} (${reason}); set TMPDIR to a folder with room for it`, 'ETEMPAUDIO');
}

function megabytes(bytes: number): string {
  return `${Math.ceil(bytes / 1_048_576)} MB`;
}
