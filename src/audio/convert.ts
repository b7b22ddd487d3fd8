/**
 * Conversion of any PCM or float WAV to CD audio (44.1 kHz, 16-bit, stereo), streamed: decode,
 * map channels, resample, and quantise with TPDF dither when the word length shrinks.
 */
import { BITS_PER_SAMPLE, CHANNELS, SAMPLE_RATE } from '../disc/red-book.js';
import { Resampler, resampledFrames } from './resampler.js';
import { WAVE_FORMAT_IEEE_FLOAT, isCdAudio, isCompressed, type WavFormat } from './wav-format.js';

export const MIN_SAMPLE_RATE = 8_000;
export const MAX_SAMPLE_RATE = 384_000;
export const MAX_CHANNELS = 8;

/** What a track needs to become CD audio. */
export interface Conversion {
  /** Human steps, e.g. ["48000 → 44100 Hz", "24 → 16-bit, dithered", "mono → stereo"]; empty when none. */
  steps: string[];
  /** Frames of CD audio the track becomes. */
  frames: number;
  /** Set when more than two channels are mixed down. */
  downmix?: string;
}

/** Why this format cannot be converted, or undefined. */
export function unconvertible(format: WavFormat): string | undefined {
  if (isCompressed(format)) return 'compressed audio cannot be converted';
  if (format.channels > MAX_CHANNELS) return `${format.channels} channels; at most ${MAX_CHANNELS} can be mixed down to stereo`;
  if (format.sampleRate < MIN_SAMPLE_RATE || format.sampleRate > MAX_SAMPLE_RATE) {
    return `a sample rate of ${format.sampleRate} Hz is outside ${MIN_SAMPLE_RATE}–${MAX_SAMPLE_RATE} Hz`;
  }
  const float = format.formatTag === WAVE_FORMAT_IEEE_FLOAT;
  if (float ? format.bitsPerSample !== 32 && format.bitsPerSample !== 64 : ![8, 16, 24, 32].includes(format.bitsPerSample)) {
    return `${format.bitsPerSample}-bit ${float ? 'float' : 'PCM'} samples are not supported`;
  }
  return undefined;
}

function channelWord(n: number): string {
  return n === 1 ? 'mono' : n === 2 ? 'stereo' : `${n} channels`;
}

/** True when samples must be dithered: the source carries more than 16 bits, or is resampled or mixed down. */
function needsDither(format: WavFormat): boolean {
  return (
    format.formatTag === WAVE_FORMAT_IEEE_FLOAT ||
    format.validBitsPerSample > BITS_PER_SAMPLE ||
    format.sampleRate !== SAMPLE_RATE ||
    format.channels > CHANNELS
  );
}

export function planConversion(format: WavFormat, dataBytes: number): Conversion {
  const inFrames = Math.floor(dataBytes / format.blockAlign);
  if (isCdAudio(format)) return { steps: [], frames: inFrames };
  const steps: string[] = [];
  if (format.sampleRate !== SAMPLE_RATE) steps.push(`${format.sampleRate} → ${SAMPLE_RATE} Hz`);
  const float = format.formatTag === WAVE_FORMAT_IEEE_FLOAT;
  if (float || format.bitsPerSample !== BITS_PER_SAMPLE) {
    const from = `${format.bitsPerSample}-bit${float ? ' float' : ''}`;
    steps.push(needsDither(format) ? `${from} → 16-bit, dithered` : `${from} → 16-bit`);
  } else if (needsDither(format)) {
    steps.push('dithered');
  }
  if (format.channels !== CHANNELS) steps.push(`${channelWord(format.channels)} → stereo`);
  const downmix = format.channels > 2 ? `${format.channels} channels are mixed down to stereo` : undefined;
  return { steps, frames: resampledFrames(inFrames, format.sampleRate, SAMPLE_RATE), downmix };
}

/* ---------------------------------------------------------------- decoding */

/** Decodes interleaved little-endian samples into one Float64Array per channel, full scale ±1. */
export function decode(bytes: Buffer, format: WavFormat): Float64Array[] {
  const { channels, blockAlign, bitsPerSample } = format;
  const frames = Math.floor(bytes.length / blockAlign);
  const out = Array.from({ length: channels }, () => new Float64Array(frames));
  const width = blockAlign / channels;
  const float = format.formatTag === WAVE_FORMAT_IEEE_FLOAT;
  const b = bytes;
  for (let c = 0; c < channels; c += 1) {
    const y = out[c]!;
    let at = c * width;
    if (float) {
      for (let i = 0; i < frames; i += 1, at += blockAlign) y[i] = bitsPerSample === 32 ? b.readFloatLE(at) : b.readDoubleLE(at);
    } else if (width === 1) {
      for (let i = 0; i < frames; i += 1, at += blockAlign) y[i] = (b[at]! - 128) / 128;
    } else if (width === 2) {
      for (let i = 0; i < frames; i += 1, at += blockAlign) y[i] = (((b[at]! | (b[at + 1]! << 8)) << 16) >> 16) / 32768;
    } else if (width === 3) {
      for (let i = 0; i < frames; i += 1, at += blockAlign) y[i] = (((b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) << 8) >> 8) / 8388608;
    } else {
      for (let i = 0; i < frames; i += 1, at += blockAlign) y[i] = (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) / 2147483648;
    }
  }
  return out;
}

/* ---------------------------------------------------------------- channels */

/** WAVE channel-mask bits (ksmedia.h) in their canonical order. */
const SPEAKERS = ['FL', 'FR', 'FC', 'LFE', 'BL', 'BR', 'FLC', 'FRC', 'BC', 'SL', 'SR'] as const;
type Speaker = (typeof SPEAKERS)[number];
/** Default layouts when no channel mask says otherwise (the WAVEFORMATEXTENSIBLE defaults). */
const DEFAULT_LAYOUTS: Record<number, Speaker[]> = {
  3: ['FL', 'FR', 'FC'],
  4: ['FL', 'FR', 'BL', 'BR'],
  5: ['FL', 'FR', 'FC', 'BL', 'BR'],
  6: ['FL', 'FR', 'FC', 'LFE', 'BL', 'BR'],
  7: ['FL', 'FR', 'FC', 'LFE', 'BC', 'SL', 'SR'],
  8: ['FL', 'FR', 'FC', 'LFE', 'BL', 'BR', 'SL', 'SR'],
};
/** Left/right weights of each speaker (ITU-R BS.775 downmix: centre and surrounds at −3 dB, LFE dropped). */
const DOWNMIX: Record<Speaker, [number, number]> = {
  FL: [1, 0], FR: [0, 1], FC: [Math.SQRT1_2, Math.SQRT1_2], LFE: [0, 0], BL: [Math.SQRT1_2, 0], BR: [0, Math.SQRT1_2],
  FLC: [1, 0], FRC: [0, 1], BC: [0.5, 0.5], SL: [Math.SQRT1_2, 0], SR: [0, Math.SQRT1_2],
};

function layout(format: WavFormat): Speaker[] {
  const fromMask = SPEAKERS.filter((_, bit) => format.channelMask & (1 << bit));
  if (fromMask.length === format.channels) return fromMask;
  return DEFAULT_LAYOUTS[format.channels] ?? SPEAKERS.slice(0, format.channels);
}

/** Two channels out of any number: mono to both sides; more than two mixed down, normalised so
 * that full-scale input cannot clip. */
export function toStereo(input: Float64Array[], format: WavFormat): [Float64Array, Float64Array] {
  if (input.length === 1) return [input[0]!, input[0]!];
  if (input.length === 2) return [input[0]!, input[1]!];
  const weights = layout(format).map((speaker) => DOWNMIX[speaker]);
  const norm = [0, 1].map((side) => 1 / weights.reduce((sum, w) => sum + w[side as 0 | 1], 0));
  const frames = input[0]!.length;
  const left = new Float64Array(frames);
  const right = new Float64Array(frames);
  weights.forEach(([l, r], c) => {
    const x = input[c]!;
    const wl = l * norm[0]!;
    const wr = r * norm[1]!;
    for (let i = 0; i < frames; i += 1) {
      left[i]! += wl * x[i]!;
      right[i]! += wr * x[i]!;
    }
  });
  return [left, right];
}

/* ---------------------------------------------------------------- quantising */

/**
 * Quantises ±1 floats to 16-bit integers. With `dither`, adds TPDF noise of ±1 LSB (the
 * difference of two uniform variables) before rounding; counts samples that had to be clipped.
 */
export class Quantiser {
  clipped = 0;
  peak = 0;
  private state = 0x9e3779b9;

  constructor(private readonly dither: boolean) {}

  /** Interleaves left and right into 16-bit little-endian stereo. */
  quantise(left: ArrayLike<number>, right: ArrayLike<number>): Buffer {
    const frames = left.length;
    const out = Buffer.allocUnsafe(frames * 4);
    const samples = new Int16Array(out.buffer, out.byteOffset, frames * 2); // little-endian hosts (x86, ARM)
    for (let i = 0; i < frames; i += 1) {
      samples[2 * i] = this.sample(left[i]!);
      samples[2 * i + 1] = this.sample(right[i]!);
    }
    return out;
  }

  private sample(x: number): number {
    const magnitude = Math.abs(x);
    if (magnitude > this.peak) this.peak = magnitude;
    let v = x * 32768;
    if (this.dither) v += this.uniform() - this.uniform();
    v = Math.round(v);
    if (v > 32767 || v < -32768) {
      this.clipped += 1;
      return v > 0 ? 32767 : -32768;
    }
    return v;
  }

  /** xorshift32, uniform in [0, 1): fast, and the same noise on every run. */
  private uniform(): number {
    let s = this.state;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.state = s >>> 0;
    return this.state / 4294967296;
  }
}

/* ---------------------------------------------------------------- the pipeline */

/** Turns chunks of a WAV's data into CD audio; call `end()` after the last chunk. */
export class CdConverter {
  readonly quantiser: Quantiser;
  private readonly resampler?: Resampler;
  private carry = Buffer.alloc(0);

  constructor(private readonly format: WavFormat, dataBytes: number) {
    this.quantiser = new Quantiser(needsDither(format));
    if (format.sampleRate !== SAMPLE_RATE) {
      const frames = Math.floor(dataBytes / format.blockAlign);
      this.resampler = new Resampler(format.sampleRate, SAMPLE_RATE, resampledFrames(frames, format.sampleRate, SAMPLE_RATE));
    }
  }

  push(bytes: Buffer): Buffer {
    const all = this.carry.length > 0 ? Buffer.concat([this.carry, bytes]) : bytes;
    const whole = all.length - (all.length % this.format.blockAlign);
    this.carry = Buffer.from(all.subarray(whole));
    const [left, right] = toStereo(decode(all.subarray(0, whole), this.format), this.format);
    if (!this.resampler) return this.quantiser.quantise(left, right);
    return this.quantiser.quantise(...this.resampler.process(left, right));
  }

  /** Input frames of the surrounding audio the resampler would read (0 when not resampling). */
  get contextFrames(): number {
    return this.resampler?.contextFrames ?? 0;
  }

  /** The audio just before the first chunk, when the track is cut from a longer file. */
  prime(before: Buffer): void {
    if (!this.resampler || before.length === 0) return;
    this.resampler.prime(...toStereo(decode(before, this.format), this.format));
  }

  /** After the last chunk; `after` is the audio that follows the track in its file, if any. */
  end(after: Buffer = Buffer.alloc(0)): Buffer {
    if (!this.resampler) return Buffer.alloc(0);
    return this.quantiser.quantise(...this.resampler.flush(...toStereo(decode(after, this.format), this.format)));
  }
}
