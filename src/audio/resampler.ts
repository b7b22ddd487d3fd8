import { FIR_WASM } from './fir-wasm.js';

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
const BLOCK_FRAMES = 1 << 16;

interface Kernel {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  run(...args: Array<number | bigint>): void;
}

/** The WebAssembly API of Node (its types come with TypeScript's DOM library, not used here). */
const wasm = (globalThis as unknown as {
  WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (module: object) => { exports: unknown } };
}).WebAssembly;

function instantiateKernel(): Kernel {
  const instance = new wasm.Instance(new wasm.Module(Buffer.from(FIR_WASM, 'base64')));
  return instance.exports as Kernel;
}

/**
 * Streams a stereo signal through the filter. Output frame n lies at input time n × down / up, so
 * the output is aligned with the input and exactly `resampledFrames` long. The dot products run
 * in WebAssembly SIMD (fir.wat), four taps at a time in 32-bit float.
 */
export class Resampler {
  private readonly design: FilterDesign;
  private readonly kernel = instantiateKernel();
  /** Taps rounded up to a multiple of 4; the extra, oldest ones are zero. */
  private readonly taps: number;
  private readonly at: { coef: number; xl: number; xr: number; yl: number; yr: number };
  private readonly capacity: number;
  private view!: Float32Array;
  /** Absolute input index of the first sample held; input before 0 is silence. */
  private start: number;
  private held: number;
  private next = 0;

  constructor(
    inRate: number,
    outRate: number,
    private readonly totalFrames: number,
  ) {
    this.design = designFilter(inRate, outRate);
    const { up, down, taps, table } = this.design;
    this.taps = Math.ceil(taps / 4) * 4;
    this.capacity = this.taps + BLOCK_FRAMES + 16;
    const outCapacity = Math.ceil((BLOCK_FRAMES * up) / down) + 16;
    const coefBytes = up * this.taps * 4;
    const xl = align(coefBytes);
    const xr = xl + align(this.capacity * 4);
    const yl = xr + align(this.capacity * 4);
    const yr = yl + align(outCapacity * 4);
    this.at = { coef: 0, xl, xr, yl, yr };
    const pages = Math.ceil((yr + outCapacity * 4) / 65536);
    this.kernel.memory.grow(Math.max(0, pages - this.kernel.memory.buffer.byteLength / 65536));
    this.view = new Float32Array(this.kernel.memory.buffer);
    // Each branch reversed and front-padded, to pair with inputs oldest first.
    for (let p = 0; p < up; p += 1) {
      for (let m = 0; m < taps; m += 1) this.view[p * this.taps + (this.taps - 1 - m)] = table[p * taps + m]!;
    }
    this.start = -this.taps;
    this.held = this.taps;
  }

  /** Feeds input frames; returns the output frames now computable. */
  process(left: ArrayLike<number>, right: ArrayLike<number>): [Float32Array, Float32Array] {
    const outL: Float32Array[] = [];
    const outR: Float32Array[] = [];
    for (let from = 0; from < left.length; from += BLOCK_FRAMES) {
      const to = Math.min(left.length, from + BLOCK_FRAMES);
      this.append(left, right, from, to);
      const [l, r] = this.run();
      outL.push(l);
      outR.push(r);
    }
    return [concat(outL), concat(outR)];
  }

  /** Input frames of context the filter reads on each side of an output frame. */
  get contextFrames(): number {
    return Math.ceil(this.design.centre / this.design.up) + this.taps + 1;
  }

  /**
   * Before the first input: the audio that precedes it (a cue-sheet track cut from a longer
   * file), read by the filter instead of silence. At most `contextFrames` are used.
   */
  prime(left: ArrayLike<number>, right: ArrayLike<number>): void {
    const n = Math.min(left.length, this.contextFrames);
    const from = left.length - n;
    this.append(left, right, from, left.length);
    // Those frames lie before input frame 0.
    this.start -= n;
  }

  /** After the last input: the remaining output, reading `tail` (the audio that follows, if
   * any) and then silence past the end. */
  flush(tailLeft: ArrayLike<number> = [], tailRight: ArrayLike<number> = []): [Float32Array, Float32Array] {
    const size = this.contextFrames;
    const padLeft = new Float32Array(size);
    const padRight = new Float32Array(size);
    const n = Math.min(size, tailLeft.length);
    for (let i = 0; i < n; i += 1) {
      padLeft[i] = tailLeft[i]!;
      padRight[i] = tailRight[i]!;
    }
    return this.process(padLeft, padRight);
  }

  private append(left: ArrayLike<number>, right: ArrayLike<number>, from: number, to: number): void {
    const { up, down, centre } = this.design;
    const firstNeeded = Math.floor((this.next * down + centre) / up) - this.taps + 1;
    const drop = Math.max(0, Math.min(firstNeeded - this.start, this.held));
    const { xl, xr } = this.at;
    const l = xl / 4;
    const r = xr / 4;
    this.view.copyWithin(l, l + drop, l + this.held);
    this.view.copyWithin(r, r + drop, r + this.held);
    this.held -= drop;
    this.start += drop;
    for (let i = from; i < to; i += 1) {
      this.view[l + this.held] = left[i]!;
      this.view[r + this.held] = right[i]!;
      this.held += 1;
    }
  }

  private run(): [Float32Array, Float32Array] {
    const { up, down, centre } = this.design;
    // Outputs whose newest input is held: n × down + centre < (start + held) × up.
    const reachable = Math.ceil(((this.start + this.held) * up - centre) / down);
    const count = Math.max(0, Math.min(this.totalFrames, reachable) - this.next);
    const { coef, xl, xr, yl, yr } = this.at;
    this.kernel.run(count, BigInt(this.next), BigInt(down), BigInt(up), BigInt(centre), BigInt(this.start), this.taps, coef, xl, xr, yl, yr);
    this.next += count;
    return [this.view.slice(yl / 4, yl / 4 + count), this.view.slice(yr / 4, yr / 4 + count)];
  }
}

function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
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
