import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CdConverter, type LevelChange } from '../../src/audio/convert.js';
import { TRUE_PEAK_TAPS } from '../../src/audio/loudness/filters.js';
import { designFilter, resampledFrames } from '../../src/audio/resampler.js';
import type { WavFormat } from '../../src/audio/wav-format.js';

/*
 * The conversion written out in plain JavaScript, one step and one sample at a time: the
 * definition the WebAssembly kernel (fir.wat) must match bit for bit, whatever it does for speed.
 */

/** Decodes interleaved samples to float64, full scale ±1, one array per channel. */
function decode(bytes: Buffer, format: WavFormat): Float64Array[] {
  const width = format.blockAlign / format.channels;
  const frames = Math.floor(bytes.length / format.blockAlign);
  return Array.from({ length: format.channels }, (_, c) =>
    Float64Array.from({ length: frames }, (_, i) => {
      const at = i * format.blockAlign + c * width;
      if (format.formatTag === 3) return width === 4 ? bytes.readFloatLE(at) : bytes.readDoubleLE(at);
      if (width === 1) return (bytes[at]! - 128) / 128;
      return bytes.readIntLE(at, width) / 2 ** (8 * width - 1);
    }),
  );
}

/** Mono to both sides; six channels (FL FR FC LFE BL BR) mixed with ITU weights, normalised. */
function stereo(channels: Float64Array[]): [Float64Array, Float64Array] {
  if (channels.length <= 2) return [channels[0]!, channels[channels.length - 1]!];
  const h = Math.SQRT1_2;
  const norm = 1 / (1 + h + h);
  const weights = [[1, 0], [0, 1], [h, h], [0, 0], [h, 0], [0, h]].map(([l, r]) => [l! * norm, r! * norm]);
  const mix = (side: 0 | 1): Float64Array =>
    channels[0]!.map((_, i) => channels.reduce((sum, x, c) => sum + weights[c]![side]! * x[i]!, 0));
  return [mix(0), mix(1)];
}

/** The polyphase FIR in float32: four partial sums, tap t in sum t mod 4, added as (0 + 1) + (2 + 3). */
function resample(x: ArrayLike<number>, before: ArrayLike<number>, after: ArrayLike<number>, inRate: number, frames: number): Float64Array {
  const { up, down, taps, table, centre } = designFilter(inRate, 44_100);
  const padded = Math.ceil(taps / 4) * 4;
  const input = (i: number): number => Math.fround(i < 0 ? before[before.length + i] ?? 0 : i < x.length ? x[i]! : after[i - x.length] ?? 0);
  return Float64Array.from({ length: frames }, (_, n) => {
    const j = n * down + centre;
    const phase = j % up;
    const oldest = Math.floor(j / up) - padded + 1;
    const sums = [0, 0, 0, 0];
    for (let t = 0; t < padded; t += 1) {
      const m = padded - 1 - t; // the branch pairs reversed with the inputs, oldest first
      const coefficient = m < taps ? Math.fround(table[phase * taps + m]!) : 0;
      sums[t % 4] = Math.fround(sums[t % 4]! + Math.fround(coefficient * input(oldest + t)));
    }
    return Math.fround(Math.fround(sums[0]! + sums[1]!) + Math.fround(sums[2]! + sums[3]!));
  });
}

/**
 * The limiter, one frame at a time: the signal times `gain`, delayed by D = W + 11 frames (W =
 * 5 ms) while the gain it needs is found from the true peaks ahead (the largest of a sample and
 * the 4× interpolation in float32 around it, both channels), held over W + 12 frames, averaged
 * over W, released with a 100 ms time constant, never below -6 dB.
 */
function limit(left: ArrayLike<number>, right: ArrayLike<number>, gain: number, ceiling: number): [Float64Array, Float64Array] {
  const w = Math.round(0.005 * 44_100);
  const delay = w + 11;
  const total = left.length + delay;
  const gained = [left, right].map((x) => Float64Array.from({ length: total }, (_, i) => (i < x.length ? x[i]! * gain : 0)));
  const detector = gained.map((x) => Float32Array.from(x));
  const interpolated = (x: Float32Array, n: number): number => {
    let largest = 0;
    for (let p = 0; p < 4; p += 1) {
      let acc = 0;
      for (let k = 0; k < 12; k += 1) acc = Math.fround(acc + Math.fround(TRUE_PEAK_TAPS[k]![p]! * (x[n - k] ?? 0)));
      largest = Math.max(largest, Math.abs(acc));
    }
    return largest;
  };
  const [floor, release, quiet] = [10 ** (-6 / 20), 1 - Math.exp(-1 / (0.1 * 44_100)), ceiling / 2.03];
  const queue: Array<[number, number]> = [];
  const window = new Float64Array(w).fill(1);
  let [loud, g, sum, below, at] = [-12, 1, w, 0, 0];
  const out: [Float64Array, Float64Array] = [new Float64Array(left.length), new Float64Array(left.length)];
  for (let n = 0; n < total; n += 1) {
    if (detector.some((x) => Math.abs(x[n]!) > quiet)) loud = n;
    let r = 1;
    if (n - loud <= 11) {
      const d = Math.max(...detector.map((x) => Math.max(Math.abs(x[n - 6] ?? 0), interpolated(x, n))));
      if (d > ceiling) r = Math.max(floor, ceiling / d);
    }
    if (queue.length > 0 && queue[0]![1] <= n - (w + 12)) queue.shift();
    while (queue.length > 0 && queue.at(-1)![0] >= r) queue.pop();
    queue.push([r, n]);
    const t = queue[0]![0];
    const old = window[at]!;
    window[at] = t;
    at = (at + 1) % w;
    below += Number(t < 1) - Number(old < 1);
    sum = sum + t - old;
    if (below === 0) sum = w;
    const a = sum / w;
    if (a <= g) g = a;
    else {
      g += (a - g) * release;
      if (a - g < 1e-9) g = a;
    }
    if (n >= delay) out.forEach((x, c) => (x[n - delay] = gained[c]![n - delay]! * g));
  }
  return out;
}

/** Rounds half up to 16 bits after TPDF dither (two xorshift32 draws per sample, left first), times `gain`. */
function quantise(left: ArrayLike<number>, right: ArrayLike<number>, dither: boolean, gain = 1): { audio: Buffer; clipped: number; peak: number } {
  let state = 0x9e3779b9;
  const uniform = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
  const audio = Buffer.alloc(left.length * 4);
  let clipped = 0;
  let peak = 0;
  for (let i = 0; i < left.length * 2; i += 1) {
    const x = (i % 2 === 0 ? left : right)[i >> 1]! * gain;
    if (Math.abs(x) > peak) peak = Math.abs(x);
    const v = Math.round(x * 32768 + (dither ? uniform() - uniform() : 0));
    if (v > 32767 || v < -32768) clipped += 1;
    audio.writeInt16LE(Number.isNaN(v) ? 0 : Math.max(-32768, Math.min(32767, v)), i * 2);
  }
  return { audio, clipped, peak };
}

function format(sampleRate: number, bitsPerSample: number, channels: number, float = false): WavFormat {
  const blockAlign = channels * (bitsPerSample / 8);
  return {
    formatTag: float ? 3 : 1, extensible: false, channels, sampleRate, bitsPerSample, validBitsPerSample: bitsPerSample,
    blockAlign, byteRate: sampleRate * blockAlign, channelMask: 0,
  } as WavFormat;
}

/** Noise and a loud tone (past full scale for float), from a fixed seed; a NaN in float input. */
function encode(f: WavFormat, frames: number, seed: number): Buffer {
  const bytes = Buffer.alloc(frames * f.blockAlign);
  const width = f.blockAlign / f.channels;
  let s = seed;
  for (let i = 0; i < frames * f.channels; i += 1) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const value = 0.6 * Math.sin(i / 7) + 0.5 * (s / 2 ** 32 - 0.5);
    if (f.formatTag === 3) {
      const x = i === 1001 ? NaN : value * 1.4;
      if (width === 4) bytes.writeFloatLE(x, i * width);
      else bytes.writeDoubleLE(x, i * width);
    } else if (width === 1) bytes[i] = Math.round(value * 127) + 128;
    else bytes.writeIntLE(Math.round(value * (2 ** (8 * width - 1) - 1)), i * width, width);
  }
  return bytes;
}

/** Converts in uneven pieces, as a file is read, with the audio around the track if any. */
function convert(f: WavFormat, data: Buffer, before: Buffer, after: Buffer, level?: LevelChange): { audio: Buffer; clipped: number; peak: number } {
  const converter = new CdConverter(f, data.length, level);
  converter.prime(before);
  const pieces: Buffer[] = [];
  for (let at = 0, size = 1; at < data.length; at += size, size = (size * 7 + 4_097) % 150_001) {
    pieces.push(Buffer.from(converter.push(data.subarray(at, at + size))));
  }
  pieces.push(Buffer.from(converter.end(after)));
  return { audio: Buffer.concat(pieces), clipped: converter.clipped, peak: converter.peak };
}

describe('conversion, bit for bit as written out step by step', () => {
  const cases: Array<[string, WavFormat, boolean, LevelChange?]> = [
    ['48 kHz 24-bit stereo, cut from a longer file', format(48_000, 24, 2), true],
    ['88.2 kHz 16-bit stereo (one output frame in two)', format(88_200, 16, 2), false],
    ['96 kHz 32-bit float stereo, past full scale, one NaN', format(96_000, 32, 2, true), false],
    ['22.05 kHz 8-bit mono', format(22_050, 8, 1), false],
    ['8 kHz 16-bit mono', format(8_000, 16, 1), false],
    ['32 kHz 24-bit stereo', format(32_000, 24, 2), true],
    ['48 kHz 16-bit 5.1, mixed down', format(48_000, 16, 6), false],
    ['44.1 kHz 64-bit float stereo (no resampling)', format(44_100, 64, 2, true), false],
    ['44.1 kHz 32-bit stereo (no resampling)', format(44_100, 32, 2), false],
    ['44.1 kHz 16-bit mono (neither resampled nor dithered)', format(44_100, 16, 1), false],
    ['44.1 kHz 16-bit stereo, 3.7 dB quieter (dithered)', format(44_100, 16, 2), false, { gain: 10 ** (-3.7 / 20) }],
    ['48 kHz 24-bit stereo, cut from a longer file, 9 dB louder, limited to -1 dBTP', format(48_000, 24, 2), true, { gain: 10 ** (9 / 20), ceiling: 10 ** (-1 / 20) }],
    ['44.1 kHz 16-bit mono, 12 dB louder, limited to -1 dBTP', format(44_100, 16, 1), false, { gain: 10 ** (12 / 20), ceiling: 10 ** (-1 / 20) }],
    ['96 kHz 32-bit float stereo, past full scale, one NaN, 2 dB louder, limited to -3 dBTP', format(96_000, 32, 2, true), false, { gain: 10 ** (2 / 20), ceiling: 10 ** (-3 / 20) }],
  ];
  for (const [name, f, cut, level] of cases) {
    it(name, () => {
      const frames = Math.round(f.sampleRate * 0.3) + 3;
      const data = encode(f, frames, f.sampleRate);
      const before = cut ? encode(f, 5_000, 1) : Buffer.alloc(0);
      const after = cut ? encode(f, 5_000, 2) : Buffer.alloc(0);
      const [x, xBefore, xAfter] = [data, before, after].map((bytes) => stereo(decode(bytes, f)));
      const out = resampledFrames(frames, f.sampleRate, 44_100);
      const [l, r] = f.sampleRate === 44_100
        ? x!
        : ([0, 1] as const).map((side) => resample(x![side], xBefore![side], xAfter![side], f.sampleRate, out));
      const dither = level !== undefined || f.bitsPerSample > 16 || f.formatTag === 3 || f.sampleRate !== 44_100 || f.channels > 2;
      const limited = level?.ceiling === undefined ? undefined : limit(l!, r!, level.gain, level.ceiling);
      const expected = limited ? quantise(...limited, dither) : quantise(l!, r!, dither, level?.gain);
      const actual = convert(f, data, before, after, level);
      assert.equal(actual.audio.length, out * 4);
      assert.ok(actual.audio.equals(expected.audio), `first difference at byte ${actual.audio.findIndex((b, i) => b !== expected.audio[i])}`);
      assert.equal(actual.clipped, expected.clipped);
      assert.equal(actual.peak, expected.peak);
    });
  }
});
