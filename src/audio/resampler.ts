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
  const g = gcd(inRate, outRate);
  const up = outRate / g;
  const down = inRate / g;
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
  const g = gcd(inRate, outRate);
  return Math.ceil((inFrames * (outRate / g)) / (inRate / g));
}

/**
 * Streams one or more channels through the filter. Output sample n lies at input time
 * n × down / up, so the output is aligned with the input and exactly `resampledFrames` long.
 */
export class Resampler {
  private readonly design: FilterDesign;
  private history: Float64Array[];
  /** Absolute input index of history[c][0]; input before 0 is silence. */
  private start: number;
  private received = 0;
  private next = 0;

  constructor(
    inRate: number,
    outRate: number,
    private readonly channels: number,
    private readonly totalFrames: number,
  ) {
    this.design = designFilter(inRate, outRate);
    this.start = -this.design.taps;
    this.history = Array.from({ length: channels }, () => new Float64Array(this.design.taps));
  }

  /** Feeds input frames (one array per channel); returns the output frames now computable. */
  process(input: Float64Array[]): Float64Array[] {
    this.append(input);
    return this.run(false);
  }

  /** After the last input: the remaining output, reading silence past the end. */
  flush(): Float64Array[] {
    const pad = Math.ceil(this.design.centre / this.design.up) + this.design.taps + 1;
    this.append(Array.from({ length: this.channels }, () => new Float64Array(pad)));
    return this.run(true);
  }

  private append(input: Float64Array[]): void {
    const { up, down, centre, taps } = this.design;
    // Keep only what the next output still reads.
    const firstNeeded = Math.floor((this.next * down + centre) / up) - taps + 1;
    const drop = Math.max(0, Math.min(firstNeeded - this.start, this.history[0]!.length));
    const frames = input[0]?.length ?? 0;
    this.history = this.history.map((old, c) => {
      const merged = new Float64Array(old.length - drop + frames);
      merged.set(old.subarray(drop));
      merged.set(input[c]!, old.length - drop);
      return merged;
    });
    this.start += drop;
    this.received += frames;
  }

  private run(final: boolean): Float64Array[] {
    const { up, down, centre, taps, table } = this.design;
    const available = this.start + this.history[0]!.length; // absolute index past the last sample
    let count = 0;
    while (this.next + count < this.totalFrames && Math.floor(((this.next + count) * down + centre) / up) < available) count += 1;
    if (!final && count === 0) return this.history.map(() => new Float64Array(0));
    const out = this.history.map(() => new Float64Array(count));
    for (let c = 0; c < this.channels; c += 1) {
      const x = this.history[c]!;
      const y = out[c]!;
      for (let k = 0; k < count; k += 1) {
        const j = (this.next + k) * down + centre;
        const phase = j % up;
        const newest = (j - phase) / up - this.start;
        const base = phase * taps;
        let acc = 0;
        for (let m = 0; m < taps; m += 1) acc += table[base + m]! * x[newest - m]!;
        y[k] = acc;
      }
    }
    this.next += count;
    return out;
  }
}
