import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { access, constants, link, open, readFile, rename, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { silentPieces } from '../audio/silence.js';
import { cdTextFile, cdTextPacks } from '../disc/cd-text.js';
import { cueSheet } from '../disc/cue-sheet.js';
import { LEAD_PREGAP_SECTORS, SECTOR_BYTES, minutesToSectors } from '../disc/red-book.js';
import { BurnError, DeviceError, InputError, UsageError, writeProblem } from '../errors.js';
import type { EventListener } from '../events.js';
import { gapSilence, stagedSectors } from '../disc/plan.js';
import type { DiscLayout } from '../disc/layout.js';
import { releaseTemporary, removeTemporary, trackTemporary } from '../temp-files.js';
import type { MediaInfo, RecordOptions, Recorder } from './recorder.js';

/**
 * The files of a BIN/CUE image named by `--image`: `disc`, `disc.cue` and `disc.bin` all mean
 * disc.cue + disc.bin, and disc.cdt for the CD-TEXT packs when the disc has text.
 */
export function imagePaths(image: string): { cue: string; bin: string; cdt: string } {
  const base = image.replace(/\.(cue|bin)$/i, '');
  return { cue: `${base}.cue`, bin: `${base}.bin`, cdt: `${base}.cdt` };
}

/**
 * The BIN is flushed to disk in the background each time this much has been written since the
 * last flush: the flush before the rename then has little left to wait for, and the page cache
 * never holds more than this of the image unwritten.
 */
const FLUSH_BYTES = 48 * 1024 * 1024;

/**
 * Records a disc image instead of a disc: `NAME.bin` (little-endian CD-DA, gaps as silence),
 * `NAME.cue`, and `NAME.cdt` (the CD-TEXT packs) when the disc has text. Staging writes the audio
 * into a temporary BIN beside the final one, which acts as IMAPI's stash; recording completes the
 * image and renames every file into place, so nothing appears at the final paths unless the whole
 * image succeeded.
 */
export class ImageRecorder implements Recorder {
  readonly name: string;
  private readonly paths: { cue: string; bin: string; cdt: string };
  private readonly stagedTotal: number;
  private bin?: { path: string; handle: FileHandle };
  private trackIndex = -1;
  private trackBlocksLeft = 0;
  private staged = 0;
  private lock?: string;
  /** Bytes written since the last flush began, and the flush under way. */
  private unflushed = 0;
  private flushing?: Promise<void>;

  constructor(
    image: string,
    private readonly layout: DiscLayout,
    private readonly onEvent: EventListener,
  ) {
    this.paths = imagePaths(image);
    this.name = `image ${this.paths.cue}`;
    this.stagedTotal = stagedSectors(layout);
  }

  /** The files the image is made of, the cue sheet first. */
  get outputs(): string[] {
    return [this.paths.cue, this.paths.bin, ...(this.layout.cdTextPacks > 0 ? [this.paths.cdt] : [])];
  }

  async open(): Promise<void> {
    await checkOutputFolder(dirname(this.paths.cue));
    for (const path of this.outputs) await checkNotFolder(path);
    this.lock = await takeImageLock(this.paths.cue);
    const path = join(dirname(this.paths.bin), `.${basename(this.paths.bin)}.${process.pid}-${randomBytes(4).toString('hex')}.part`);
    trackTemporary(path);
    try {
      this.bin = { path, handle: await open(path, 'wx') };
    } catch (error) {
      await removeTemporary(path);
      throw new InputError(dirname(path), `the output folder cannot be written (${(error as NodeJS.ErrnoException).code ?? error})`, 'EOUTDIRACCESS');
    }
  }

  async mediaInfo(): Promise<MediaInfo> {
    const freeBlocks = minutesToSectors(this.layout.capacityMinutes) - LEAD_PREGAP_SECTORS;
    return { present: true, blank: true, writable: true, rewritable: false, freeBlocks };
  }

  async createTrack(blocks: number): Promise<void> {
    if (this.trackBlocksLeft > 0) throw new BurnError(`${this.name}: a track is still open`, 'ETRACKOPEN');
    const track = this.layout.tracks[this.trackIndex + 1];
    if (!track || track.pregapAudioSectors + track.sectors !== blocks) {
      throw new BurnError(`${this.name}: track ${this.trackIndex + 2} of ${blocks} blocks is not in the layout`, 'ELAYOUT');
    }
    this.trackIndex += 1;
    this.trackBlocksLeft = blocks;
    // The gap's silence; its audio, if any, is staged next. Track 1's lead pregap is not in the image.
    const silence = track.number > 1 ? gapSilence(track) : 0;
    for (const piece of silentPieces(silence)) await this.write(piece);
  }

  async addBlocks(data: Buffer): Promise<void> {
    const blocks = data.length / SECTOR_BYTES;
    if (!Number.isInteger(blocks) || blocks > this.trackBlocksLeft) {
      throw new BurnError(`${this.name}: ${data.length} bytes is not a whole number of blocks that fits the open track`, 'EBLOCKS');
    }
    await this.write(data);
    this.trackBlocksLeft -= blocks;
    this.staged += blocks;
    this.onEvent({ type: 'addProgress', completed: this.staged, total: this.stagedTotal });
  }

  async closeTrack(): Promise<void> {
    if (this.trackBlocksLeft !== 0) {
      throw new BurnError(`${this.name}: track ${this.trackIndex + 1} closed with ${this.trackBlocksLeft} blocks missing`, 'ETRACKSHORT');
    }
  }

  /**
   * The image is complete once staged: recording reports each track as written, then closes the
   * disc by writing the cue sheet and moving both files into place (unless simulating).
   */
  async record({ simulate }: RecordOptions): Promise<void> {
    const bin = this.bin;
    const { tracks, programSectors } = this.layout;
    if (!bin || this.trackIndex !== tracks.length - 1 || this.trackBlocksLeft !== 0) {
      throw new BurnError(`${this.name}: not every track was staged`, 'ENOTSTAGED');
    }
    this.onEvent({ type: 'preparingBurn', estimatedSeconds: 0 });
    this.onEvent({ type: 'trackProgress', completed: 0, total: tracks.length });
    for (const track of tracks) {
      this.onEvent({ type: 'blockProgress', completed: track.start + track.sectors, total: programSectors });
      this.onEvent({ type: 'trackProgress', completed: track.number, total: tracks.length });
    }
    this.onEvent({ type: 'closingDisc', estimatedSeconds: 0 });
    if (!simulate) await this.commit(bin);
    this.onEvent({ type: 'burnComplete', status: 0 });
  }

  /**
   * Writes the cue sheet and the CD-TEXT packs beside the BIN, then renames the BIN, the packs and
   * last the cue sheet (which names the others) into place.
   */
  private async commit(bin: { path: string; handle: FileHandle }): Promise<void> {
    const files = this.sideFiles().map((file) => ({ ...file, temp: `${bin.path.replace(/\.part$/, '')}${extname(file.path)}.part` }));
    for (const { temp } of files) trackTemporary(temp);
    const placed: string[] = [];
    try {
      for (const file of files) await writeFile(file.temp, file.data, { flag: 'wx' });
      await this.flushing;
      await bin.handle.datasync();
      await bin.handle.close();
      this.bin = undefined;
      // What is in place stays temporary until the cue sheet is: a forced exit takes it away too.
      for (const { temp, path } of [{ temp: bin.path, path: this.paths.bin }, ...files]) {
        await rename(temp, path);
        releaseTemporary(temp);
        trackTemporary(path);
        placed.push(path);
      }
      for (const path of placed) releaseTemporary(path);
    } catch (error) {
      this.bin = undefined;
      await this.flushed();
      await bin.handle.close().catch(() => undefined);
      // Files without their cue sheet are not an image: take them away again.
      const leftovers = await removeAll([bin.path, ...files.map((file) => file.temp), ...placed]);
      throw writeError(this.paths.cue, error, leftovers);
    }
  }

  /** The files written whole at the end: the CD-TEXT packs (when the disc has text), then the cue sheet. */
  private sideFiles(): Array<{ path: string; data: Buffer }> {
    const { cue, bin, cdt } = this.paths;
    const packs = this.layout.cdTextPacks > 0 ? [{ path: cdt, data: cdTextFile(cdTextPacks(this.layout)) }] : [];
    const sheet = cueSheet(this.layout, basename(bin), packs.length > 0 ? basename(cdt) : undefined);
    return [...packs, { path: cue, data: Buffer.from(sheet, 'latin1') }];
  }

  /** Staging stops at the session's next check; recording an image is a rename and cannot be cut short. */
  cancel(): void {}

  async close(): Promise<void> {
    const bin = this.bin;
    this.bin = undefined;
    if (bin) {
      await this.flushed();
      await bin.handle.close().catch(() => undefined);
      await removeTemporary(bin.path);
    }
    if (this.lock) await removeTemporary(this.lock);
    this.lock = undefined;
  }

  private async write(data: Buffer): Promise<void> {
    const bin = this.bin;
    if (!bin) throw new BurnError(`${this.name}: not open`, 'ENOTOPEN');
    try {
      await bin.handle.write(data);
      this.unflushed += data.length;
      if (this.unflushed >= FLUSH_BYTES) await this.flushInBackground(bin.handle);
    } catch (error) {
      this.bin = undefined;
      await this.flushed();
      await bin.handle.close().catch(() => undefined);
      throw writeError(this.paths.bin, error, await removeAll([bin.path]));
    }
  }

  /**
   * Starts flushing what is written so far while writing goes on. The flush before waits: a disk
   * slower than the sources holds staging back rather than filling memory with dirty pages. A
   * failed flush fails the next write, or the commit.
   */
  private async flushInBackground(handle: FileHandle): Promise<void> {
    await this.flushing;
    this.unflushed = 0;
    this.flushing = handle.datasync();
    this.flushing.catch(() => undefined);
  }

  /** Waits for a flush under way to end, whatever its outcome (before the file is closed). */
  private async flushed(): Promise<void> {
    await this.flushing?.catch(() => undefined);
    this.flushing = undefined;
  }
}

/** Removes temporary files; returns those that could not be removed. */
async function removeAll(paths: string[]): Promise<string[]> {
  const kept: string[] = [];
  for (const path of paths) if (!(await removeTemporary(path))) kept.push(path);
  return kept;
}

function writeError(path: string, error: unknown, leftovers: string[]): BurnError {
  const reason = writeProblem(error);
  const after = leftovers.length === 0 ? 'nothing was left behind' : `could not remove ${leftovers.join(', ')}`;
  return new BurnError(`${path}: cannot write the image (${reason}); ${after}`, 'EWRITE');
}

/**
 * Two runs writing the same image would each rename a whole image into place, one over the
 * other: a lock file beside it lets the first run have it and the second fail at once. The lock
 * appears whole (written aside, then hard-linked into place), and a lock whose process is gone
 * is moved aside under a unique name, which only one run can do.
 */
async function takeImageLock(cue: string): Promise<string> {
  const lock = join(dirname(cue), `.${basename(cue)}.lock`);
  const unique = (): string => `${lock}.${process.pid}-${randomBytes(4).toString('hex')}`;
  const mine = unique();
  try {
    await writeFile(mine, String(process.pid), { flag: 'wx' });
  } catch (error) {
    throw new InputError(dirname(cue), `the output folder cannot be written (${(error as NodeJS.ErrnoException).code ?? error})`, 'EOUTDIRACCESS');
  }
  try {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      try {
        await link(mine, lock);
        trackTemporary(lock);
        return lock;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = await lockOwner(lock);
      if (owner !== undefined && alive(owner)) {
        throw new DeviceError(`${cue}: another burn-audio (process ${owner}) is writing this image; wait for it, or choose another name`, 'EIMAGEBUSY');
      }
      const aside = unique();
      if (owner === undefined || !(await rename(lock, aside).then(() => true, () => false))) continue;
      const moved = await lockOwner(aside);
      // Another run replaced the stale lock just before the move: give its lock back.
      if (moved !== owner && moved !== undefined && alive(moved)) await link(aside, lock).catch(() => undefined);
      await unlink(aside).catch(() => undefined);
    }
    throw new DeviceError(`${cue}: another process keeps taking this image's lock; try again`, 'EIMAGEBUSY');
  } finally {
    await unlink(mine).catch(() => undefined);
  }
}

async function lockOwner(path: string): Promise<number | undefined> {
  const pid = Number(await readFile(path, 'utf8').catch(() => ''));
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function checkOutputFolder(folder: string): Promise<void> {
  const stats = await stat(folder).catch(() => undefined);
  if (!stats) throw new InputError(folder, 'the output folder does not exist', 'ENOOUTDIR');
  if (!stats.isDirectory()) throw new InputError(folder, 'the output folder is not a folder', 'ENOOUTDIR');
  await access(folder, constants.W_OK).catch(() => {
    throw new InputError(folder, 'the output folder cannot be written (permission denied)', 'EOUTDIRACCESS');
  });
}

async function checkNotFolder(path: string): Promise<void> {
  const stats = await stat(path).catch(() => undefined);
  if (stats?.isDirectory()) throw new InputError(path, 'is a folder; the image needs a file name here', 'EOUTISDIR');
}

/** An image written over one of its own inputs would destroy it: refuse before reading anything. */
export function refuseImageOverInput(paths: { cue: string; bin: string; cdt: string }, inputs: readonly string[]): void {
  const same = (path: string): string => {
    try {
      return realpathSync(path);
    } catch {
      return resolve(path);
    }
  };
  const taken = new Set(inputs.filter((input) => input !== '-').map(same));
  for (const output of [paths.cue, paths.bin, paths.cdt]) {
    if (taken.has(same(output))) throw new UsageError(`--image ${output}: that is one of the inputs; choose another name for the image`);
  }
}

/** The BIN's name goes inside quotes in the cue sheet, which has no escape for them. */
export function checkImageName(image: string): string {
  // eslint-disable-next-line no-control-regex
  if (/["\u0000-\u001f\u007f]/.test(image)) {
    throw new UsageError(`--image ${JSON.stringify(image)}: the name cannot hold double quotes or control characters`);
  }
  if (image.trim() === '') throw new UsageError('--image needs a file name, e.g. --image disc.cue');
  return image;
}
