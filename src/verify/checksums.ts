import { crc32 } from 'node:zlib';
import { FRAME_BYTES, SECTOR_BYTES } from '../disc/red-book.js';

/**
 * AccurateRip leaves out the first 5 sectors (less one sample) of the disc's first track and the
 * last 5 sectors of its last track (whipper accuraterip-checksum.c, CUETools AccurateRip.cs).
 */
const AR_EDGE_SAMPLES = (5 * SECTOR_BYTES) / FRAME_BYTES;

export interface Checksums {
  crc32: string;
  crc32NoNulls: string;
  accurateRipV1: string;
  accurateRipV2: string;
}

/**
 * A track's checksums, fed its audio (stereo 16-bit little-endian frames) in order, in pieces:
 * - CRC-32 (zlib's, as EAC's "Copy CRC") of its bytes, and of its bytes without the 16-bit
 *   samples that are 0 (EAC's default, "no use of null samples"; CUETools CRCWONULL);
 * - AccurateRip v1: the sum of frame × its 1-based position, mod 2^32; v2 adds the high 32 bits
 *   of each 64-bit product. Written out here: no maintained package computes them from a stream.
 */
export class TrackChecksums {
  private crc = 0;
  private crcNoNulls = 0;
  private v1 = 0;
  private high = 0;
  /** Frames fed so far. */
  private position = 0;
  private readonly first: number;
  private readonly last: number;
  private scratch = new Uint16Array(0);

  /** `frames`: the track's length; `firstTrack`, `lastTrack`: where AccurateRip leaves its edges out. */
  constructor(frames: number, firstTrack: boolean, lastTrack: boolean) {
    this.first = firstTrack ? AR_EDGE_SAMPLES : 1;
    this.last = lastTrack ? frames - AR_EDGE_SAMPLES : frames;
  }

  add(audio: Buffer): void {
    this.crc = crc32(audio, this.crc);
    const frames = frameWords(audio);
    this.crcNoNulls = crc32(this.withoutNulls(frames), this.crcNoNulls);
    let v1 = this.v1;
    let high = this.high;
    for (let i = 0; i < frames.length; i += 1) {
      const n = this.position + i + 1;
      if (n < this.first || n > this.last) continue;
      const frame = frames[i]!;
      v1 = (v1 + (Math.imul(frame, n) >>> 0)) >>> 0;
      high = (high + highWord(frame, n)) >>> 0;
    }
    this.v1 = v1;
    this.high = high;
    this.position += frames.length;
  }

  result(): Checksums {
    return { crc32: hex(this.crc), crc32NoNulls: hex(this.crcNoNulls), accurateRipV1: hex(this.v1), accurateRipV2: hex(this.v1 + this.high) };
  }

  /** The piece's 16-bit samples that are not 0, as bytes. */
  private withoutNulls(frames: Uint32Array): Uint8Array {
    if (this.scratch.length < frames.length * 2) this.scratch = new Uint16Array(frames.length * 2);
    const kept = this.scratch;
    let count = 0;
    for (const frame of frames) {
      const left = frame & 0xffff;
      const right = frame >>> 16;
      if (left !== 0) kept[count++] = left;
      if (right !== 0) kept[count++] = right;
    }
    return new Uint8Array(kept.buffer, 0, count * 2);
  }
}

/**
 * The high 32 bits of the 64-bit product frame × n (both below 2^32), exactly in doubles: frame
 * = h·2^16 + l, and h·n = q·2^16 + r, so frame × n = q·2^32 + (r·2^16 + l·n). (Past 2^53 the
 * product itself is rounded, which on a long track changes the high word of some frames.)
 */
export function highWord(frame: number, n: number): number {
  const low = (frame & 0xffff) * n;
  const mid = (frame >>> 16) * n;
  const q = Math.floor(mid / 0x10000);
  return q + Math.floor(((mid - q * 0x10000) * 0x10000 + low) / 0x1_0000_0000);
}

/** Stereo frames as 32-bit words, left in the low half (the machine is little-endian, as every platform Node runs on here). */
export function frameWords(audio: Buffer): Uint32Array {
  const count = Math.floor(audio.length / FRAME_BYTES);
  if (audio.byteOffset % 4 === 0) return new Uint32Array(audio.buffer, audio.byteOffset, count);
  const words = new Uint32Array(count);
  new Uint8Array(words.buffer).set(audio.subarray(0, count * FRAME_BYTES));
  return words;
}

function hex(value: number): string {
  return (value >>> 0).toString(16).toUpperCase().padStart(8, '0');
}
