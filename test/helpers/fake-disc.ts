import type { DiscLayout } from '../../src/disc/layout.js';
import { planDisc } from '../../src/disc/plan.js';
import { SectorReadError, type DiscReader, type DiscToc, type ExpectedProgram } from '../../src/verify/reader.js';

const SECTOR = 2352;

export interface FakeDiscOptions {
  /** The disc's audio lies this many frames later than staged: read frame i + offset holds staged frame i. */
  offset?: number;
  /** Sectors whose first read fails, and later reads succeed. */
  failOnce?: number[];
  /** Sectors that never read. */
  alwaysFail?: number[];
  /** Sectors that read wrong the first time (a flipped bit), right after. */
  wrongOnce?: number[];
  /** Staged frames whose left sample is different on the disc. */
  changed?: number[];
  /** No table of contents at all. */
  blank?: boolean;
  /** A table of contents other than the plan's. */
  toc?: DiscToc;
  mcn?: string;
  isrc?: Record<number, string>;
}

/**
 * A disc for tests: the staged program, as a drive with a read and write offset, flaky and bad
 * sectors, or a changed sample would return it. Counts the reads of each sector.
 */
export class FakeDisc implements DiscReader {
  readonly name = 'fake disc';
  readonly reads = new Map<number, number>();
  private readonly audio: Buffer;

  constructor(
    private readonly layout: DiscLayout,
    program: Buffer,
    private readonly options: FakeDiscOptions = {},
  ) {
    const offset = options.offset ?? 0;
    const staged = Buffer.from(program);
    for (const frame of options.changed ?? []) staged.writeInt16LE(staged.readInt16LE(frame * 4) ^ 0x100, frame * 4);
    // The same number of sectors as the plan, its audio `offset` frames on (silence outside).
    this.audio = Buffer.alloc(program.length);
    const from = Math.max(0, -offset) * 4;
    staged.copy(this.audio, Math.max(0, offset) * 4, from, Math.min(staged.length, staged.length - offset * 4));
  }

  async toc(): Promise<DiscToc> {
    if (this.options.blank) return { tracks: [], leadOut: 0 };
    return this.options.toc ?? { tracks: this.layout.tracks.map((t) => ({ number: t.number, start: t.start, control: 0 })), leadOut: this.layout.programSectors };
  }

  async mcn(): Promise<string | undefined> {
    return this.options.mcn;
  }

  async isrc(track: number): Promise<string | undefined> {
    return this.options.isrc?.[track];
  }

  async read(lba: number, sectors: number): Promise<Buffer> {
    const out = Buffer.alloc(sectors * SECTOR);
    for (let i = 0; i < sectors; i += 1) {
      const at = lba + i;
      const count = (this.reads.get(at) ?? 0) + 1;
      this.reads.set(at, count);
      if (at < 0 || at >= this.layout.programSectors) throw new Error(`read of sector ${at}, off the disc`);
      if (this.options.alwaysFail?.includes(at) || (count === 1 && this.options.failOnce?.includes(at))) throw new SectorReadError(at);
      this.audio.copy(out, i * SECTOR, at * SECTOR, (at + 1) * SECTOR);
      if (count === 1 && this.options.wrongOnce?.includes(at)) out[i * SECTOR + 10]! ^= 1;
    }
    return out;
  }
}

/** A deterministic noise source (xorshift32): audio with detail everywhere. */
export function noise(frames: number, seed: number): Buffer {
  const out = Buffer.alloc(frames * 4);
  let x = seed | 1;
  for (let i = 0; i < frames * 2; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.writeInt16LE((x >> 16) % 20000, i * 2);
  }
  return out;
}

/**
 * A plan of tracks of the given seconds of noise, and its program area as the test builds it:
 * each gap's silence, then each track zero-padded to its sectors.
 */
export function noiseDisc(seconds: number[], gapSectors = 150): { layout: DiscLayout; program: Buffer } {
  const audio = seconds.map((s, i) => noise(Math.round(s * 44100), i + 7));
  const layout = planDisc(audio.map((a, i) => ({ path: `t${i + 1}.wav`, audioBytes: a.length })), { gapSectors, capacityMinutes: 80 });
  const program = Buffer.alloc(layout.programSectors * SECTOR);
  for (const [i, track] of layout.tracks.entries()) audio[i]!.copy(program, track.start * SECTOR);
  return { layout, program };
}

/** The program as the verifier reads what was staged: pieces of up to 256 sectors from any sector. */
export function programOf(layout: DiscLayout, program: Buffer): ExpectedProgram {
  return {
    layout,
    async *sectors(lba: number) {
      for (let at = lba; at < layout.programSectors; at += 256) yield program.subarray(at * SECTOR, Math.min(layout.programSectors, at + 256) * SECTOR);
    },
  };
}
