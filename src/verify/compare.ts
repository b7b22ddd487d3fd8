/**
 * The comparison of a disc with what was staged for it: the table of contents exactly, then the
 * shift, then every sample at that shift, streamed piece by piece (memory stays flat whatever
 * the disc's length). A sector that differs, or cannot be read, is read again up to RETRIES
 * times before it counts.
 */
import { FRAME_BYTES, SECTOR_BYTES, SECTOR_FRAMES } from '../disc/red-book.js';
import { InterruptedError, throwIfAborted } from '../errors.js';
import { pauseAt } from '../pause-point.js';
import type { EventListener } from '../events.js';
import { findOffset } from './offset.js';
import type { DiscReader, ExpectedProgram } from './reader.js';
import type { VerifyReport } from './report.js';
import { DiscFrames, RETRIES } from './sectors.js';
import { Tally } from './tally.js';
import { codeDifferences, layoutDifferences, plannedToc } from './toc.js';

export interface VerifyOptions {
  /** Told of the comparison's progress: `verifyProgress`, sectors compared of the program area. */
  onEvent: EventListener;
  signal?: AbortSignal;
}

/** Reads `reader` back and compares it with `expected`; the report says what matched. */
export async function verifyDisc(expected: ExpectedProgram, reader: DiscReader, { onEvent, signal }: VerifyOptions): Promise<VerifyReport> {
  try {
    return await verify(expected, reader, onEvent, signal);
  } catch (error) {
    if (!signal?.aborted) throw error;
    const reason = signal.reason instanceof InterruptedError ? signal.reason.signal : 'SIGINT';
    throw new InterruptedError(reason, `verifying ${reader.name} stopped before its end; verifying only reads, so the disc itself is fine`);
  }
}

async function verify(expected: ExpectedProgram, reader: DiscReader, onEvent: EventListener, signal: AbortSignal | undefined): Promise<VerifyReport> {
  const { layout } = expected;
  const planned = plannedToc(layout, expected.recorder);
  const toc = await reader.toc();
  const unread = { name: reader.name, verified: false, sectors: 0, reReads: 0, unverifiableSamples: 0, tracks: [] };
  const other = layoutDifferences(planned, toc);
  if (other.length > 0) return { ...unread, sameLayout: false, toc: other, offset: { samples: null, anchors: 0, matched: 0, note: 'not measured: the disc is not the one planned' } };
  const codes = await codeDifferences(expected, planned, toc, reader);
  const disc = new DiscFrames(reader, toc.leadOut);
  const offset = await findOffset(expected, disc, signal);
  if (offset.samples === null) return { ...unread, sameLayout: true, toc: codes, offset, reReads: disc.reReads };
  const tally = new Tally(layout);
  const compared = await compareProgram(expected, disc, offset.samples, tally, onEvent, signal);
  const tracks = tally.result();
  const verified = codes.length === 0 && tracks.every((track) => track.status === 'exact');
  return { ...unread, verified, sameLayout: true, toc: codes, offset, sectors: compared.sectors, reReads: disc.reReads, unverifiableSamples: compared.unverifiable, tracks };
}

/** Every staged sector compared with the disc's audio `shift` frames on. */
async function compareProgram(expected: ExpectedProgram, disc: DiscFrames, shift: number, tally: Tally, onEvent: EventListener, signal: AbortSignal | undefined): Promise<{ sectors: number; unverifiable: number }> {
  const total = expected.layout.programSectors;
  const piece = new PieceComparison(disc, shift, total * SECTOR_FRAMES, tally);
  let lba = 0;
  onEvent({ type: 'verifyProgress', completed: 0, total });
  for await (const staged of expected.sectors(0)) {
    await pauseAt('verifying', signal);
    throwIfAborted(signal);
    await piece.compare(lba, staged);
    lba += staged.length / SECTOR_BYTES;
    onEvent({ type: 'verifyProgress', completed: lba, total });
  }
  return { sectors: lba, unverifiable: piece.unverifiable };
}

/** Compares pieces of staged audio with the disc: the whole piece at once, sector by sector when it differs. */
class PieceComparison {
  unverifiable = 0;

  constructor(
    private readonly disc: DiscFrames,
    private readonly shift: number,
    private readonly discFrames: number,
    private readonly tally: Tally,
  ) {}

  async compare(lba: number, staged: Buffer): Promise<void> {
    const from = lba * SECTOR_FRAMES;
    const frames = staged.length / FRAME_BYTES;
    const read = await this.disc.read(from + this.shift, frames);
    const whole = read.unreadable.length === 0 && this.readable(from, frames) === frames && read.data.equals(staged);
    if (!whole) {
      for (let sector = 0; sector < frames / SECTOR_FRAMES; sector += 1) await this.compareSector(lba + sector, staged, read.data, from, read.unreadable);
    }
    this.tally.read(lba, read.data);
  }

  /** One sector: the frames of it the disc can hold at this shift, read again while they differ. */
  private async compareSector(lba: number, staged: Buffer, read: Buffer, pieceFrom: number, unreadable: number[]): Promise<void> {
    const [a, b] = this.readableRange(lba * SECTOR_FRAMES, SECTOR_FRAMES);
    this.unverifiable += SECTOR_FRAMES - (b - a);
    this.tally.unverifiable(lba, SECTOR_FRAMES - (b - a));
    if (a >= b) return;
    const bytes = (frame: number): number => (frame - pieceFrom) * FRAME_BYTES;
    const want = staged.subarray(bytes(a), bytes(b));
    // A sector that cannot be read has been tried RETRIES times already.
    if (this.touches(a, b, unreadable)) return this.tally.bad(lba, 'unreadable');
    if (read.subarray(bytes(a), bytes(b)).equals(want)) return;
    for (let attempt = 0; attempt < RETRIES; attempt += 1) {
      const again = await this.disc.reread(a + this.shift, b - a);
      if (again.unreadable.length > 0) return this.tally.bad(lba, 'unreadable');
      again.data.copy(read, bytes(a));
      if (again.data.equals(want)) return;
    }
    this.tally.bad(lba, 'differs');
  }

  /** How many frames of [from, from + count) have their place on the disc, at this shift. */
  private readable(from: number, count: number): number {
    const [a, b] = this.readableRange(from, count);
    return b - a;
  }

  /** The frames of [from, from + count) that have their place on the disc, at this shift (a = b: none). */
  private readableRange(from: number, count: number): [number, number] {
    const a = Math.max(from, -this.shift);
    return [a, Math.max(a, Math.min(from + count, this.discFrames - this.shift))];
  }

  /** Whether staged frames [a, b) lie, at this shift, on a sector that could not be read. */
  private touches(a: number, b: number, unreadable: number[]): boolean {
    const first = Math.floor((a + this.shift) / SECTOR_FRAMES);
    const last = Math.floor((b - 1 + this.shift) / SECTOR_FRAMES);
    return unreadable.some((lba) => lba >= first && lba <= last);
  }
}
