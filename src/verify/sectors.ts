import { FRAME_BYTES, SECTOR_BYTES, SECTOR_FRAMES } from '../disc/red-book.js';
import { SectorReadError, type DiscReader } from './reader.js';

/** Reads of a sector after its first failed or mismatching one, before it counts as bad. */
export const RETRIES = 3;

/** Frames read from the disc, and the sectors among them that could not be read (their frames are zeros). */
export interface ReadFrames {
  data: Buffer;
  unreadable: number[];
}

/**
 * The disc's audio as a run of frames: any range of them, the part outside the program area as
 * zeros. A read error is retried sector by sector, up to RETRIES times a sector; a sector that
 * never reads is zeros and is named. Consecutive ranges that share a sector read it once.
 */
export class DiscFrames {
  /** Reads made again: of a sector after a read error, and of a range that did not match. */
  reReads = 0;
  private last?: { lba: number; data: Buffer; unreadable: boolean };

  constructor(
    private readonly reader: DiscReader,
    private readonly leadOut: number,
  ) {}

  /** Frames [from, from + count) of the disc. */
  async read(from: number, count: number): Promise<ReadFrames> {
    return this.frames(from, count, false);
  }

  /** The same frames read again from the disc, each attempt counted as a re-read. */
  async reread(from: number, count: number): Promise<ReadFrames> {
    return this.frames(from, count, true);
  }

  private async frames(from: number, count: number, again: boolean): Promise<ReadFrames> {
    const data = Buffer.alloc(count * FRAME_BYTES);
    const first = Math.max(0, Math.floor(from / SECTOR_FRAMES));
    const end = Math.min(this.leadOut, Math.ceil((from + count) / SECTOR_FRAMES));
    if (first >= end) return { data, unreadable: [] };
    if (again) this.reReads += 1;
    const unreadable: number[] = [];
    let lba = first;
    const cached = this.last;
    // A sector's frames that lie in the range (the first and last sector may straddle its edges).
    const place = (sector: Buffer, at: number): void => {
      const offset = at * SECTOR_FRAMES - from;
      sector.copy(data, Math.max(0, offset) * FRAME_BYTES, Math.max(0, -offset) * FRAME_BYTES);
    };
    if (!again && cached?.lba === first) {
      place(cached.data, first);
      if (cached.unreadable) unreadable.push(first);
      lba += 1;
    }
    if (lba < end) {
      const read = await this.sectors(lba, end - lba, again);
      read.data.forEach((sector, i) => place(sector, lba + i));
      unreadable.push(...read.unreadable);
      const lastLba = end - 1;
      this.last = { lba: lastLba, data: read.data.at(-1)!, unreadable: read.unreadable.includes(lastLba) };
    }
    return { data, unreadable };
  }

  /** Sectors [lba, lba + count), one buffer each; on a read error, sector by sector. */
  private async sectors(lba: number, count: number, again: boolean): Promise<{ data: Buffer[]; unreadable: number[] }> {
    try {
      const whole = await this.reader.read(lba, count);
      return { data: Array.from({ length: count }, (_, i) => whole.subarray(i * SECTOR_BYTES, (i + 1) * SECTOR_BYTES)), unreadable: [] };
    } catch (error) {
      if (!(error instanceof SectorReadError)) throw error;
      const data: Buffer[] = [];
      const unreadable: number[] = [];
      for (let at = lba; at < lba + count; at += 1) {
        const sector = await this.alone(at, again || at === error.lba || count === 1);
        if (!sector) unreadable.push(at);
        data.push(sector ?? Buffer.alloc(SECTOR_BYTES));
      }
      return { data, unreadable };
    }
  }

  /** One sector; `failed`: its last read failed, so each read now is a re-read. Undefined after RETRIES failed re-reads. */
  private async alone(lba: number, failed: boolean): Promise<Buffer | undefined> {
    for (let failures = failed ? 1 : 0; failures <= RETRIES; ) {
      if (failures > 0) this.reReads += 1;
      try {
        return await this.reader.read(lba, 1);
      } catch (error) {
        if (!(error instanceof SectorReadError)) throw error;
        failures += 1;
      }
    }
    return undefined;
  }
}
