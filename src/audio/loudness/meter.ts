/**
 * A loudness meter after ITU-R BS.1770-5 and EBU Tech 3341/3342 for a stereo signal at any
 * sample rate: integrated loudness, loudness range, true peak, and the momentary and short-term
 * loudness as it goes. The per-sample work (K-weighting, sums of squares, the true-peak
 * interpolator) runs in the conversion kernel (fir.wat, `measure`), on the signal where it lies;
 * what remains per 10 ms is done here. Memory stays flat but for one number per 100 ms.
 */
import { Kernel } from '../kernel.js';
import { BLOCK_FRAMES } from '../resampler.js';
import { TRUE_PEAK_TAPS, kWeighting } from './filters.js';
import { gatedLoudness, loudnessRange, lufs } from './gating.js';

/** What a meter found in a signal. */
export interface Loudness {
  /** Integrated loudness, LUFS; -Infinity when nothing passes the gates (silence, under 400 ms). */
  integrated: number;
  /** Loudness range (EBU Tech 3342), LU. */
  range: number;
  /** True peak, dBTP: the largest of the 4× oversampled signal (BS.1770-5 Annex 2) and of its samples. */
  truePeak: number;
  /** The mean square of each gating block (400 ms, every 100 ms), for pooling with other tracks. */
  blocks: Float64Array;
}

/** Sub-blocks of 10 ms: momentary and short-term loudness move in 10 ms steps, as Tech 3341's cases 10 and 13 need. */
const SUB_BLOCKS_PER_SECOND = 100;
const SUB_BLOCKS_PER_TENTH = 10;
/** 400 ms and 3 s in sub-blocks (BS.1770-5 Annex 1; Tech 3341 §2.2). */
const MOMENTARY = 40;
const SHORT_TERM = 300;
const TENTHS_PER_BLOCK = MOMENTARY / SUB_BLOCKS_PER_TENTH;
const TENTHS_PER_SHORT_TERM = SHORT_TERM / SUB_BLOCKS_PER_TENTH;

/** Layout of the kernel's meter state (fir.wat, `measure`). */
const STATE = { bytes: 448, subFrames: 208, truePeak: 216, sums: 220, left: 224, right: 228, samplePeak: 192, taps: 256 } as const;
/** Samples each channel's buffer keeps ahead of the new ones (the interpolator reads 12), and room past the end. */
const HISTORY = 11;
const SLACK = 16;

export class LoudnessMeter {
  private readonly state: number;
  private readonly sums: number;
  private readonly subFrames: number;
  /** Frames the kernel measures at a time. */
  private readonly capacity: number;
  /** The last SHORT_TERM sub-blocks' sums of squares, a ring. */
  private readonly recent = new Float64Array(SHORT_TERM);
  private subBlocks = 0;
  /** Sums of squares of each 100 ms, and of the 100 ms under way. */
  private tenths = new Float64Array(1024);
  private tenthCount = 0;
  private tenth = 0;
  /** Buffers for `push`, taken when first needed. */
  private input?: { left: number; right: number };

  constructor(
    sampleRate: number,
    readonly kernel = new Kernel(),
    capacity = BLOCK_FRAMES,
  ) {
    this.capacity = capacity;
    this.subFrames = Math.round(sampleRate / SUB_BLOCKS_PER_SECOND);
    this.state = kernel.alloc(STATE.bytes);
    const channelBytes = (HISTORY + capacity + SLACK) * 4;
    const left = kernel.alloc(channelBytes);
    const right = kernel.alloc(channelBytes);
    this.sums = kernel.alloc((Math.ceil(capacity / this.subFrames) + 1) * 8);
    const [head, rlb] = kWeighting(sampleRate);
    const coefficients = [head.b0, head.b1, head.b2, head.a1, head.a2, rlb.a1, rlb.a2];
    kernel.f64.set(coefficients.flatMap((c) => [c, c]), this.state / 8);
    const i32 = kernel.i32;
    i32[(this.state + STATE.subFrames) / 4] = this.subFrames;
    i32[(this.state + STATE.sums) / 4] = this.sums;
    i32[(this.state + STATE.left) / 4] = left;
    i32[(this.state + STATE.right) / 4] = right;
    kernel.f32.set(TRUE_PEAK_TAPS.flat(), (this.state + STATE.taps) / 4);
  }

  /**
   * Measures `frames` stereo frames lying in the kernel's memory at `left` and `right`: float32
   * when `narrow`, else float64 (measured as float32).
   */
  measure(left: number, right: number, narrow: boolean, frames: number): void {
    const width = narrow ? 4 : 8;
    for (let at = 0; at < frames; at += this.capacity) {
      const count = Math.min(this.capacity, frames - at);
      const finished = this.kernel.run.measure(left + at * width, right + at * width, narrow ? 1 : 0, count, this.state);
      const f64 = this.kernel.f64;
      for (let i = 0; i < finished; i += 1) this.addSubBlock(f64[this.sums / 8 + i]!);
    }
  }

  /** Measures samples held in arrays (each channel's, the same length). */
  push(left: Float32Array, right: Float32Array): void {
    this.input ??= { left: this.kernel.alloc(this.capacity * 4), right: this.kernel.alloc(this.capacity * 4) };
    const { left: l, right: r } = this.input;
    for (let at = 0; at < left.length; at += this.capacity) {
      const end = Math.min(left.length, at + this.capacity);
      this.kernel.f32.set(left.subarray(at, end), l / 4);
      this.kernel.f32.set(right.subarray(at, end), r / 4);
      this.measure(l, r, true, end - at);
    }
  }

  /** Loudness of the last 400 ms, LUFS (-Infinity before 400 ms have passed). */
  get momentary(): number {
    return this.window(MOMENTARY);
  }

  /** Loudness of the last 3 s, LUFS (-Infinity before 3 s have passed). */
  get shortTerm(): number {
    return this.window(SHORT_TERM);
  }

  /** What the signal measured so far gives; incomplete blocks at its end are not used. */
  result(): Loudness {
    const tenths = this.tenths.subarray(0, this.tenthCount);
    const blocks = sums(tenths, TENTHS_PER_BLOCK, 1 / (MOMENTARY * this.subFrames));
    const shortTerm = sums(tenths, TENTHS_PER_SHORT_TERM, 1 / (SHORT_TERM * this.subFrames));
    const f64 = this.kernel.f64;
    const samplePeak = Math.max(f64[(this.state + STATE.samplePeak) / 8]!, f64[(this.state + STATE.samplePeak) / 8 + 1]!);
    const interpolated = this.kernel.f32[(this.state + STATE.truePeak) / 4]!;
    return { integrated: gatedLoudness([blocks]), range: loudnessRange(shortTerm), truePeak: 20 * Math.log10(Math.max(samplePeak, interpolated)), blocks };
  }

  private addSubBlock(sum: number): void {
    this.recent[this.subBlocks % SHORT_TERM] = sum;
    this.subBlocks += 1;
    this.tenth += sum;
    if (this.subBlocks % SUB_BLOCKS_PER_TENTH !== 0) return;
    if (this.tenthCount === this.tenths.length) {
      const grown = new Float64Array(this.tenths.length * 2);
      grown.set(this.tenths);
      this.tenths = grown;
    }
    this.tenths[this.tenthCount++] = this.tenth;
    this.tenth = 0;
  }

  /** Loudness of the last `subBlocks` sub-blocks. */
  private window(subBlocks: number): number {
    if (this.subBlocks < subBlocks) return -Infinity;
    let sum = 0;
    for (let i = this.subBlocks - subBlocks; i < this.subBlocks; i += 1) sum += this.recent[i % SHORT_TERM]!;
    return lufs(sum / (subBlocks * this.subFrames));
  }
}

/** Each run of `length` consecutive values summed (in order) and scaled: one per start, 100 ms apart. */
function sums(values: Float64Array, length: number, scale: number): Float64Array {
  const out = new Float64Array(Math.max(0, values.length - length + 1));
  for (let j = 0; j < out.length; j += 1) {
    let sum = 0;
    for (let k = 0; k < length; k += 1) sum += values[j + k]!;
    out[j] = sum * scale;
  }
  return out;
}

/**
 * A track's loudness with the audio around it on the disc (its pregap audio): the blocks of
 * all pooled, the highest true peak; the loudness range stays the track's own.
 */
export function withParts(track: Loudness, parts: readonly Loudness[]): Loudness {
  if (parts.length === 0) return track;
  const blocks = joined([track.blocks, ...parts.map((part) => part.blocks)]);
  return { integrated: gatedLoudness([blocks]), range: track.range, truePeak: Math.max(track.truePeak, ...parts.map((part) => part.truePeak)), blocks };
}

/** Lists of blocks one after another, in one array. */
export function joined(lists: readonly Float64Array[]): Float64Array {
  const blocks = new Float64Array(lists.reduce((n, list) => n + list.length, 0));
  lists.reduce((at, list) => (blocks.set(list, at), at + list.length), 0);
  return blocks;
}
