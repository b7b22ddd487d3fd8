import { Kernel, RIGHT_OFFSET } from './kernel.js';

/**
 * Sample-rate conversion by a rational factor L/M with a polyphase windowed-sinc FIR (Kaiser
 * window). The prototype low-pass keeps 0..0.907 of the lower Nyquist frequency (20 kHz for a CD)
 * flat and attenuates from that Nyquist frequency on by at least STOPBAND_DB.
 */

/** Stopband attenuation the filter is designed for, in dB. */
export const STOPBAND_DB = 100;
/** Passband edge as a fraction of the lower Nyquist frequency: 20 kHz of 22.05 kHz. */
const PASSBAND_FRACTION = 20_000 / 22_050;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Most polyphase branches a filter gets. Common rates need at most 441 (8 kHz); a rate with
 * little in common with 44.1 kHz (44101 Hz, say) would need up to 44100 branches and gigabytes.
 */
const MAX_PHASES = 1024;

/**
 * The conversion factor out/in as up/down: exact when `up` stays within MAX_PHASES, else the
 * closest fraction that does (continued fractions), off by parts per million at most.
 */
export function conversionRatio(inRate: number, outRate: number): { up: number; down: number } {
  const g = gcd(inRate, outRate);
  if (outRate / g <= MAX_PHASES) return { up: outRate / g, down: inRate / g };
  const target = outRate / inRate;
  let [p0, q0, p1, q1] = [0, 1, 1, 0];
  let x = target;
  for (let i = 0; i < 64; i += 1) {
    const a = Math.floor(x);
    const [p2, q2] = [a * p1 + p0, a * q1 + q0];
    if (p2 > MAX_PHASES) break;
    [p0, q0, p1, q1] = [p1, q1, p2, q2];
    if (x === a) break;
    x = 1 / (x - a);
  }
  return { up: p1, down: q1 };
}

/** Modified Bessel function of the first kind, order 0 (power series). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 64; k += 1) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

export interface FilterDesign {
  /** Interpolation and decimation factors: out = in × up / down. */
  up: number;
  down: number;
  /** Taps per polyphase branch (input samples each output sample reads). */
  taps: number;
  /** Branch p's coefficients at [p × taps, (p + 1) × taps), gain included. */
  table: Float64Array;
  /** Delay of the prototype filter's centre, in samples at the upsampled rate. */
  centre: number;
}

export function designFilter(inRate: number, outRate: number, stopbandDb = STOPBAND_DB): FilterDesign {
  const { up, down } = conversionRatio(inRate, outRate);
  const highRate = inRate * up;
  const nyquist = Math.min(inRate, outRate) / 2;
  const pass = nyquist * PASSBAND_FRACTION;
  const cutoff = (pass + nyquist) / 2 / highRate; // cycles per sample at the high rate
  const transition = (2 * Math.PI * (nyquist - pass)) / highRate;
  // Kaiser's formulas (Oppenheim & Schafer, 7.6): length and beta for the attenuation.
  const length = Math.ceil((stopbandDb - 7.95) / (2.285 * transition)) + 1;
  const beta = 0.1102 * (stopbandDb - 8.7);
  const taps = Math.ceil(length / up);
  const total = taps * up;
  const centre = Math.floor((total - 1) / 2);
  const i0Beta = besselI0(beta);
  const prototype = new Float64Array(total);
  for (let k = 0; k < total; k += 1) {
    const t = k - centre;
    if (Math.abs(t) > centre) continue;
    const x = 2 * cutoff * t;
    const sinc = t === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const window = besselI0(beta * Math.sqrt(1 - (t / centre) ** 2)) / i0Beta;
    prototype[k] = 2 * cutoff * sinc * window * up;
  }
  const table = new Float64Array(total);
  for (let p = 0; p < up; p += 1) {
    for (let m = 0; m < taps; m += 1) table[p * taps + m] = prototype[p + m * up]!;
  }
  return { up, down, taps, table, centre };
}

/** Output frames for `inFrames` input frames: those whose time falls inside the input. */
export function resampledFrames(inFrames: number, inRate: number, outRate: number): number {
  const { up, down } = conversionRatio(inRate, outRate);
  return Math.ceil((inFrames * up) / down);
}

/** Input frames handed to the kernel at a time; sizes its buffers. */
export const BLOCK_FRAMES = 1 << 16;

/**
 * Streams a stereo signal through the filter. Output frame n lies at input time n × down / up, so
 * the output is aligned with the input and exactly `resampledFrames` long. The dot products run
 * in WebAssembly SIMD (fir.wat), four taps at a time in 32-bit float.
 *
 * Input is written straight into the kernel's memory: `inputAt` gives the address for the next
 * frames (left; right RIGHT_OFFSET after), `take` filters them into `leftOut` and `rightOut`.
 */
export class Resampler {
  private readonly design: FilterDesign;
  /** Taps rounded up to a multiple of 4; the extra, oldest ones are zero. */
  private readonly taps: number;
  private readonly coef: number;
  private readonly xl: number;
  readonly leftOut: number;
  readonly rightOut: number;
  /** Output frames `take` gives at most at a time. */
  readonly outputCapacity: number;
  /** Absolute input index of the first sample held; input before 0 is silence. */
  private start: number;
  private held: number;
  private next = 0;

  constructor(
    inRate: number,
    outRate: number,
    /** Output frames in all; Infinity until known (it bounds only the last `take`). */
    public totalFrames: number,
    readonly kernel = new Kernel(),
  ) {
    this.design = designFilter(inRate, outRate);
    const { up, down, taps, table } = this.design;
    this.taps = Math.ceil(taps / 4) * 4;
    const capacity = this.taps + BLOCK_FRAMES + 16;
    if (capacity * 4 > RIGHT_OFFSET) throw new Error(`${inRate} Hz needs ${taps} taps, more than the kernel holds`);
    this.outputCapacity = Math.ceil((BLOCK_FRAMES * up) / down) + 16;
    this.coef = kernel.alloc(up * this.taps * 4);
    this.xl = kernel.alloc(RIGHT_OFFSET + capacity * 4);
    this.leftOut = kernel.alloc(this.outputCapacity * 4);
    this.rightOut = kernel.alloc(this.outputCapacity * 4);
    // Each branch reversed and front-padded, to pair with inputs oldest first.
    const view = kernel.f32;
    for (let p = 0; p < up; p += 1) {
      for (let m = 0; m < taps; m += 1) view[this.coef / 4 + p * this.taps + (this.taps - 1 - m)] = table[p * taps + m]!;
    }
    this.start = -this.taps;
    this.held = this.taps;
  }

  /** Input frames of context the filter reads on each side of an output frame. */
  get contextFrames(): number {
    return Math.ceil(this.design.centre / this.design.up) + this.taps + 1;
  }

  /**
   * Where the next input frames go (at most BLOCK_FRAMES): the left channel's float32 samples
   * at the address returned, the right's RIGHT_OFFSET bytes after. Drops input no output needs.
   */
  inputAt(): number {
    const { up, down, centre } = this.design;
    const firstNeeded = Math.floor((this.next * down + centre) / up) - this.taps + 1;
    const drop = Math.max(0, Math.min(firstNeeded - this.start, this.held));
    const view = this.kernel.f32;
    for (const channel of [this.xl / 4, (this.xl + RIGHT_OFFSET) / 4]) view.copyWithin(channel, channel + drop, channel + this.held);
    this.held -= drop;
    this.start += drop;
    return this.xl + this.held * 4;
  }

  /** Filters the `frames` written at `inputAt`; returns how many output frames are now at `leftOut` and `rightOut`. */
  take(frames: number): number {
    this.held += frames;
    const { up, down, centre } = this.design;
    // Outputs whose newest input is held: n × down + centre < (start + held) × up.
    const reachable = Math.ceil(((this.start + this.held) * up - centre) / down);
    const count = Math.max(0, Math.min(this.totalFrames, reachable) - this.next);
    // The first output's phase and first input; the kernel steps on from there.
    const j = this.next * down + centre;
    const phase = j % up;
    const first = (j - phase) / up - this.start - (this.taps - 1);
    const step = down % up;
    this.kernel.run.fir(count, phase, first, (down - step) / up, step, up, down, this.taps * 4, this.coef, this.xl, this.leftOut, this.rightOut);
    this.next += count;
    return count;
  }

  /**
   * Before the first input: the `frames` written at `inputAt` are the audio that precedes the
   * input (a cue-sheet track cut from a longer file), read by the filter instead of silence.
   */
  takeBefore(frames: number): void {
    this.held += frames;
    this.start -= frames;
  }

  /** Feeds input frames from arrays; returns the output frames now computable. */
  process(left: ArrayLike<number>, right: ArrayLike<number>): [Float32Array, Float32Array] {
    const outL: Float32Array[] = [];
    const outR: Float32Array[] = [];
    const view = this.kernel.f32;
    for (let from = 0; from < left.length; from += BLOCK_FRAMES) {
      const to = Math.min(left.length, from + BLOCK_FRAMES);
      const at = this.inputAt() / 4;
      for (let i = from; i < to; i += 1) {
        view[at + i - from] = left[i]!;
        view[at + RIGHT_OFFSET / 4 + i - from] = right[i]!;
      }
      const count = this.take(to - from);
      outL.push(view.slice(this.leftOut / 4, this.leftOut / 4 + count));
      outR.push(view.slice(this.rightOut / 4, this.rightOut / 4 + count));
    }
    return [concat(outL), concat(outR)];
  }

  /** After the last input: the remaining output, reading silence past the end. */
  flush(): [Float32Array, Float32Array] {
    const silence = new Float32Array(this.contextFrames);
    return this.process(silence, silence);
  }
}

function concat(parts: Float32Array[]): Float32Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
