/**
 * Conversion of any PCM or float WAV to CD audio (44.1 kHz, 16-bit, stereo), streamed: decode,
 * map channels, resample, and quantise with TPDF dither when the word length shrinks.
 */
import { BITS_PER_SAMPLE, CHANNELS, SAMPLE_RATE } from '../disc/red-book.js';
import { Kernel, RIGHT_OFFSET } from './kernel.js';
import { Limiter } from './loudness/limiter.js';
import { BLOCK_FRAMES, Resampler, resampledFrames } from './resampler.js';
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

/** What converting a track did to its level. */
export interface ConversionReport {
  /** Samples beyond full scale after resampling, clipped to it. */
  clipped: number;
  /** Largest magnitude before quantising (1 = full scale). */
  peak: number;
}

/** Why this format cannot be converted, or undefined. */
export function unconvertible(format: WavFormat): string | undefined {
  if (isCompressed(format)) return 'compressed audio cannot be converted';
  if (format.channels > MAX_CHANNELS) return `at most ${MAX_CHANNELS} channels can be mixed down to stereo`;
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

/** Left and right weights of each channel, normalised so that full-scale input cannot clip
 * (undefined for mono and stereo, which are not mixed). */
function downmixWeights(format: WavFormat): Array<[number, number]> | undefined {
  if (format.channels <= 2) return undefined;
  const weights = layout(format).map((speaker) => DOWNMIX[speaker]);
  const norm = [0, 1].map((side) => 1 / weights.reduce((sum, w) => sum + w[side as 0 | 1], 0));
  return weights.map(([l, r]) => [l * norm[0]!, r * norm[1]!]);
}

/* ---------------------------------------------------------------- the pipeline */

/** How fir.wat's `decode` reads one sample: 0 u8, 1 s16, 2 s24, 3 s32, 4 f32, 5 f64. */
function sampleKind(format: WavFormat): number {
  if (format.formatTag === WAVE_FORMAT_IEEE_FLOAT) return format.bitsPerSample === 32 ? 4 : 5;
  return Math.min(format.blockAlign / format.channels, 4) - 1;
}

/**
 * Turns chunks of a WAV's data into 44.1 kHz stereo float, streamed; call `finish()` after the
 * last chunk. Each chunk is copied once into the kernel's memory, where it is decoded, mixed to
 * stereo and resampled when the rate differs; each run of float frames goes to `emit` where it
 * lies, as float32 (`narrow`) after resampling and float64 otherwise. What a subclass does with
 * it is its own: quantise it to CD audio (CdConverter), or measure it (loudness/track-meter.ts).
 */
export abstract class FloatConverter {
  protected readonly kernel: Kernel;
  private readonly resampler?: Resampler;
  private readonly kind: number;
  private readonly weights: number;
  /** Undecoded input bytes; a partial frame waits here for the next chunk. */
  private readonly raw: number;
  private readonly rawCapacity: number;
  private rawHeld = 0;
  /** Decoded float64 left and right when not resampling. */
  private readonly wide: [number, number] = [0, 0];
  /** Float frames `emit` is given at most at once. */
  protected readonly capacity: number;

  /** `frames`: input frames in all, when known before the end (see finish). */
  constructor(protected readonly format: WavFormat, frames?: number) {
    this.kind = sampleKind(format);
    if (format.sampleRate !== SAMPLE_RATE) {
      const total = frames === undefined ? Infinity : resampledFrames(frames, format.sampleRate, SAMPLE_RATE);
      this.resampler = new Resampler(format.sampleRate, SAMPLE_RATE, total);
    }
    this.kernel = this.resampler?.kernel ?? new Kernel();
    const weights = downmixWeights(format) ?? [];
    this.weights = this.kernel.alloc(weights.length * 16);
    this.kernel.f64.set(weights.flat(), this.weights / 8);
    this.rawCapacity = BLOCK_FRAMES * format.blockAlign;
    this.raw = this.kernel.alloc(this.rawCapacity);
    if (!this.resampler) this.wide = [this.kernel.alloc(BLOCK_FRAMES * 8), this.kernel.alloc(BLOCK_FRAMES * 8)];
    this.capacity = this.resampler?.outputCapacity ?? BLOCK_FRAMES;
  }

  /** Handles float frames at `left` and `right` (float32 when `narrow`, else float64). */
  protected abstract emit(left: number, right: number, narrow: boolean, frames: number): void;

  /** Converts one chunk, emitting the float frames it completes. */
  protected feed(bytes: Buffer): void {
    const { blockAlign } = this.format;
    for (let at = 0; at < bytes.length; ) {
      const n = Math.min(bytes.length - at, this.rawCapacity - this.rawHeld);
      this.kernel.bytes.set(bytes.subarray(at, at + n), this.raw + this.rawHeld);
      this.rawHeld += n;
      at += n;
      const frames = Math.floor(this.rawHeld / blockAlign);
      if (frames > 0) this.convert(frames);
      this.kernel.bytes.copyWithin(this.raw, this.raw + frames * blockAlign, this.raw + this.rawHeld);
      this.rawHeld -= frames * blockAlign;
    }
  }

  /** Input frames of the surrounding audio the resampler would read (0 when not resampling). */
  get contextFrames(): number {
    return this.resampler?.contextFrames ?? 0;
  }

  /** The audio just before the first chunk, when the track is cut from a longer file. */
  prime(before: Buffer): void {
    if (!this.resampler || before.length === 0) return;
    const whole = Math.floor(before.length / this.format.blockAlign);
    const frames = Math.min(whole, this.contextFrames);
    this.decodeInput(before.subarray((whole - frames) * this.format.blockAlign), frames);
    this.resampler.takeBefore(frames);
  }

  /**
   * After the last chunk: emits the last frames. `after` is the audio that follows the track in
   * its file, if any; `frames`, the input frames there were, when the constructor was not told.
   */
  protected finish(after: Buffer, frames?: number): void {
    if (!this.resampler) return;
    if (frames !== undefined) this.resampler.totalFrames = resampledFrames(frames, this.format.sampleRate, SAMPLE_RATE);
    const size = this.contextFrames;
    const count = Math.min(size, Math.floor(after.length / this.format.blockAlign));
    const at = this.decodeInput(after, count) / 4;
    // Silence after the end of the file.
    for (const channel of [at, at + RIGHT_OFFSET / 4]) this.kernel.f32.fill(0, channel + count, channel + size);
    this.emit(this.resampler.leftOut, this.resampler.rightOut, true, this.resampler.take(size));
  }

  /** Decodes `frames` frames of `bytes` as the resampler's next input; returns its address. */
  private decodeInput(bytes: Buffer, frames: number): number {
    this.rawHeld = 0;
    this.kernel.bytes.set(bytes.subarray(0, frames * this.format.blockAlign), this.raw);
    const at = this.resampler!.inputAt();
    this.decode(frames, at, at + RIGHT_OFFSET, 1);
    return at;
  }

  /** Converts the first `frames` frames held at `raw`. */
  private convert(frames: number): void {
    if (!this.resampler) {
      this.decode(frames, ...this.wide, 0);
      this.emit(...this.wide, false, frames);
      return;
    }
    const at = this.resampler.inputAt();
    this.decode(frames, at, at + RIGHT_OFFSET, 1);
    this.emit(this.resampler.leftOut, this.resampler.rightOut, true, this.resampler.take(frames));
  }

  private decode(frames: number, left: number, right: number, narrow: number): void {
    const { channels, blockAlign } = this.format;
    this.kernel.run.decode(this.raw, frames, this.kind, channels, blockAlign, this.weights, left, right, narrow);
  }
}

/** A change of level on the way to CD audio: a constant gain, and the true-peak limiter holding a ceiling. */
export interface LevelChange {
  /** The gain, as a factor. */
  gain: number;
  /** The true-peak ceiling the limiter holds, as a factor of full scale; no limiter when undefined. */
  ceiling?: number;
}

/**
 * Turns chunks of a WAV's data into CD audio; call `end()` after the last chunk. The float
 * frames get the level change, if any (in float64), then are quantised (with TPDF dither when
 * the word length shrinks or the level changes) into 16-bit stereo in the kernel; the result is
 * copied out once.
 */
export class CdConverter extends FloatConverter {
  private readonly dither: number;
  private readonly gain: number;
  private readonly limiter?: Limiter;
  private readonly out: number;
  /** CD audio handed out by `push` and `end`, used again by the next call; `emitted` bytes of it. */
  private output: Buffer = Buffer.alloc(0);
  private emitted = 0;

  constructor(format: WavFormat, dataBytes: number, level?: LevelChange) {
    super(format, Math.floor(dataBytes / format.blockAlign));
    this.dither = level || needsDither(format) ? 1 : 0;
    this.gain = level?.gain ?? 1;
    if (level?.ceiling !== undefined) this.limiter = new Limiter(this.kernel, this.gain, level.ceiling, this.capacity);
    this.out = this.kernel.alloc(this.capacity * 4);
  }

  /**
   * Converts one chunk; returns the CD audio it completes. The result is a view of memory the
   * converter uses again: it is valid until the next call of `push` or `end`.
   */
  push(bytes: Buffer): Buffer {
    this.emitted = 0;
    this.feed(bytes);
    return this.output.subarray(0, this.emitted);
  }

  /**
   * After the last chunk; `after` is the audio that follows the track in its file, if any. The
   * result is valid until the next call, as `push`'s.
   */
  end(after: Buffer = Buffer.alloc(0)): Buffer {
    this.emitted = 0;
    this.finish(after);
    if (this.limiter) this.quantise(...this.limiter.flush(), false, 1);
    return this.output.subarray(0, this.emitted);
  }

  /** Samples beyond full scale after resampling, clipped to it. */
  get clipped(): number {
    return this.kernel.run.clipped();
  }

  /** Largest magnitude before quantising (1 = full scale). */
  get peak(): number {
    return this.kernel.run.peak();
  }

  protected emit(left: number, right: number, narrow: boolean, frames: number): void {
    if (this.limiter) this.quantise(...this.limiter.run(left, right, narrow, frames), false, 1);
    else this.quantise(left, right, frames, narrow, this.gain);
  }

  /** Quantises `frames` float frames, times `gain`, onto the end of `output`. */
  private quantise(left: number, right: number, frames: number, narrow: boolean, gain: number): void {
    this.kernel.run.quantise(left, right, narrow ? 1 : 0, frames, this.out, this.dither, gain);
    const bytes = frames * 4;
    if (this.emitted + bytes > this.output.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.emitted + bytes, this.output.length * 2));
      this.output.copy(grown, 0, 0, this.emitted);
      this.output = grown;
    }
    this.output.set(this.kernel.bytes.subarray(this.out, this.out + bytes), this.emitted);
    this.emitted += bytes;
  }
}
