import { randomBytes } from 'node:crypto';
import { open, statfs, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECTOR_BYTES } from '../../disc/red-book.js';
import { BurnError, writeProblem } from '../../errors.js';
import { stagedSectors } from '../../disc/plan.js';
import type { DiscLayout } from '../../disc/layout.js';
import type { ProbedTrack } from '../../audio/probe.js';
import type { MediaInfo, Recorder } from '../../recorders/recorder.js';
import { burnDisc, type StagedAudio } from '../session.js';
import { removeTemporary, trackTemporary } from '../../temp-files.js';

/** The CD audio of a batch, staged once into a temporary file; `remove()` deletes it. */
export interface TemporaryAudio extends StagedAudio {
  remove(): Promise<void>;
}

/**
 * Reads, converts and stages every track once, into a temporary file in the system's temporary
 * folder ($TMPDIR), so that each copy of a batch is staged from it without decoding again. The
 * file is registered as temporary: a forced exit removes it too.
 */
export async function stageOnce(layout: DiscLayout, sources: readonly ProbedTrack[], signal: AbortSignal, onWarning: (message: string) => void): Promise<TemporaryAudio> {
  const folder = tmpdir();
  const path = join(folder, `burn-audio-${process.pid}-${randomBytes(4).toString('hex')}.cdda`);
  // Room for the whole disc's audio is checked before anything is decoded.
  const bytes = stagedSectors(layout) * SECTOR_BYTES;
  const free = await statfs(folder).then((fs) => fs.bavail * fs.bsize, (error: unknown) => {
    throw spoolError(folder, error);
  });
  if (free < bytes) throw spoolError(folder, `${megabytes(bytes)} needed, ${megabytes(free)} free`);
  trackTemporary(path);
  const spool = new SpoolRecorder(path);
  const remove = async (): Promise<void> => void (await removeTemporary(path));
  try {
    await burnDisc(layout, sources, spool, { simulate: false, eject: false, signal, onWarning });
  } catch (error) {
    await remove();
    throw error;
  }
  return { path, trackBlocks: spool.trackBlocks, remove };
}

/** A recorder whose "disc" is a file of raw CD audio: what is staged is appended to it. */
class SpoolRecorder implements Recorder {
  readonly name = 'the audio for the copies';
  readonly trackBlocks: number[] = [];
  private file?: FileHandle;

  constructor(private readonly path: string) {}

  async open(): Promise<void> {
    this.file = await open(this.path, 'wx').catch((error: unknown) => {
      throw spoolError(this.path, error);
    });
  }

  async mediaInfo(): Promise<MediaInfo> {
    return { present: true, blank: true, writable: true, rewritable: false, freeBlocks: Number.MAX_SAFE_INTEGER };
  }

  async createTrack(blocks: number): Promise<void> {
    this.trackBlocks.push(blocks);
  }

  async addBlocks(data: Buffer): Promise<void> {
    if (data.length % SECTOR_BYTES !== 0) throw new Error('staged audio must be whole sectors');
    await this.file!.write(data).catch((error: unknown) => {
      throw spoolError(this.path, error);
    });
  }

  async closeTrack(): Promise<void> {}

  async record(): Promise<void> {}

  cancel(): void {}

  async close(): Promise<void> {
    await this.file?.close();
    this.file = undefined;
  }
}

/** The temporary folder cannot take the batch's audio: said with the folder and what to do. */
function spoolError(path: string, problem: unknown): BurnError {
  const reason = typeof problem === 'string' ? problem : writeProblem(problem);
  return new BurnError(`${path}: cannot hold the audio for the copies (${reason}); set TMPDIR to a folder with room for it`, 'ETEMPAUDIO');
}

function megabytes(bytes: number): string {
  return `${Math.ceil(bytes / 1_048_576)} MB`;
}
