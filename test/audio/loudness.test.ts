import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TRUE_PEAK_TAPS, kWeighting } from '../../src/audio/loudness/filters.js';
import { gatedLoudness } from '../../src/audio/loudness/gating.js';
import { LoudnessMeter, type Loudness } from '../../src/audio/loudness/meter.js';

/*
 * The meter against the test signals of EBU Tech 3341 (cases 1-6, 9-23) and Tech 3342 (cases
 * 1-4), synthesised here, at 48 and 44.1 kHz: within the documents' tolerances, and within 0.01
 * of the values an exact synthesis gives (measured with a reference meter and with libebur128,
 * which agree). Then album pooling, gain linearity, and the kernel against its definition
 * written out in plain JavaScript, bit for bit.
 */

const RATES = [48_000, 44_100] as const;

/** A 1 kHz tone (or `hz`), phase-continuous through segments of [seconds, peak dBFS] (null: silence), sample-accurate. */
function tone(fs: number, segments: Array<[number, number | null]>, hz = 1000, phase = 0): Float32Array {
  const lengths = segments.map(([seconds]) => Math.round(seconds * fs));
  const out = new Float32Array(lengths.reduce((a, b) => a + b, 0));
  let at = 0;
  for (const [index, [, db]] of segments.entries()) {
    const amplitude = db === null ? 0 : 10 ** (db / 20);
    for (let i = 0; i < lengths[index]!; i += 1, at += 1) out[at] = amplitude * Math.sin((2 * Math.PI * hz * at) / fs + phase);
  }
  return out;
}

function measure(fs: number, left: Float32Array, right = left): Loudness {
  const meter = new LoudnessMeter(fs);
  meter.push(left, right);
  return meter.result();
}

/** Momentary or short-term loudness read every 10 ms, as a live meter shows it. */
function readings(fs: number, x: Float32Array, which: 'momentary' | 'shortTerm'): number[] {
  const meter = new LoudnessMeter(fs);
  const step = fs / 100;
  const values: number[] = [];
  for (let at = 0; at + step <= x.length; at += step) {
    meter.push(x.subarray(at, at + step), x.subarray(at, at + step));
    values.push(meter[which]);
  }
  return values;
}

/** Within `tolerance` of the nominal value and within 0.01 of the exact synthesis, when one is known. */
function near(actual: number, nominal: number, tolerance: [number, number], exact?: number): void {
  assert.ok(actual >= nominal - tolerance[0] && actual <= nominal + tolerance[1], `${actual} is not within ${nominal} -${tolerance[0]}/+${tolerance[1]}`);
  if (exact !== undefined) assert.ok(Math.abs(actual - exact) <= 0.01, `${actual} is not within 0.01 of ${exact}`);
}

const LU = [0.1, 0.1] as [number, number];
const TP = [0.4, 0.2] as [number, number];

describe('EBU Tech 3341: integrated loudness (cases 1-6)', () => {
  const cases: Array<[string, Array<[number, number | null]>, number, Record<number, number>]> = [
    ['1: 20 s at -23 dBFS', [[20, -23]], -23, { 48_000: -22.9933, 44_100: -22.9905 }],
    ['2: 20 s at -33 dBFS', [[20, -33]], -33, { 48_000: -32.9933, 44_100: -32.9905 }],
    ['3: 10 s -36, 60 s -23, 10 s -36', [[10, -36], [60, -23], [10, -36]], -23, { 48_000: -23.0139, 44_100: -23.0111 }],
    ['4: -72, -36, -23, -36, -72', [[10, -72], [10, -36], [60, -23], [10, -36], [10, -72]], -23, { 48_000: -23.0139, 44_100: -23.0111 }],
    ['5: 20 s -26, 20.1 s -20, 20 s -26', [[20, -26], [20.1, -20], [20, -26]], -23, { 48_000: -22.9787, 44_100: -22.9759 }],
  ];
  for (const fs of RATES) {
    for (const [name, segments, nominal, exact] of cases) {
      it(`${name} at ${fs} Hz`, () => near(measure(fs, tone(fs, segments)).integrated, nominal, LU, exact[fs]));
    }
    it(`6: 5.0 (L, R -28; C -24; Ls, Rs -30 dBFS, weighted 1.41) at ${fs} Hz`, () => {
      // burn-audio measures the stereo it burns; the channel sum is checked by pooling block energies.
      const front = measure(fs, tone(fs, [[20, -28]])).blocks;
      const centre = measure(fs, tone(fs, [[20, -24]]), new Float32Array(20 * fs)).blocks;
      const surround = measure(fs, tone(fs, [[20, -30]])).blocks;
      const sum = front.map((z, j) => z + centre[j]! + 1.41 * surround[j]!);
      near(gatedLoudness([sum]), -23, LU, { 48_000: -23.0163, 44_100: -23.0135 }[fs]);
    });
  }
});

describe('EBU Tech 3341: momentary and short-term loudness (cases 9-14), read every 10 ms', () => {
  for (const fs of RATES) {
    it(`9: (1.34 s -20, 1.66 s -30) × 5: short-term -23 throughout after 3 s at ${fs} Hz`, () => {
      const x = tone(fs, Array.from({ length: 5 }, () => [[1.34, -20], [1.66, -30]] as Array<[number, number]>).flat());
      for (const s of readings(fs, x, 'shortTerm').slice(300)) near(s, -23, LU);
    });
    it(`10: 20 files of i × 0.15 s silence, 3 s at -23, 1 s silence: each one's largest short-term -23 at ${fs} Hz`, () => {
      for (let i = 0; i < 20; i += 1) {
        const largest = Math.max(...readings(fs, tone(fs, [[i * 0.15, null], [3, -23], [1, null]]), 'shortTerm'));
        near(largest, -23, LU, fs === 48_000 ? -22.993 : undefined);
      }
    });
    it(`11: one signal of 20 segments at -38 ... -19: each segment's largest short-term at ${fs} Hz`, () => {
      const segments = Array.from({ length: 20 }, (_, i) => [[i * 0.15, null], [3, -38 + i], [3 - i * 0.15, null]] as Array<[number, number | null]>);
      const s = readings(fs, tone(fs, segments.flat()), 'shortTerm');
      for (let i = 0; i < 20; i += 1) near(Math.max(...s.slice(i * 600, (i + 1) * 600)), -38 + i, LU);
    });
    it(`12: (0.18 s -20, 0.22 s -30) × 25: momentary -23 throughout after 1 s at ${fs} Hz`, () => {
      const x = tone(fs, Array.from({ length: 25 }, () => [[0.18, -20], [0.22, -30]] as Array<[number, number]>).flat());
      for (const m of readings(fs, x, 'momentary').slice(100)) near(m, -23, LU, fs === 48_000 ? -22.96 : undefined);
    });
    it(`13: 20 files of i × 20 ms silence, 400 ms at -23, 1 s silence: each one's largest momentary -23 at ${fs} Hz`, () => {
      for (let i = 0; i < 20; i += 1) {
        const largest = Math.max(...readings(fs, tone(fs, [[i * 0.02, null], [0.4, -23], [1, null]]), 'momentary'));
        near(largest, -23, LU, fs === 48_000 ? -22.994 : undefined);
      }
    });
    it(`14: one signal of 20 segments at -38 ... -19: each segment's largest momentary at ${fs} Hz`, () => {
      const segments = Array.from({ length: 20 }, (_, i) => [[i * 0.02, null], [0.4, -38 + i], [0.4 - i * 0.02, null]] as Array<[number, number | null]>);
      const m = readings(fs, tone(fs, segments.flat()), 'momentary');
      for (let i = 0; i < 20; i += 1) near(Math.max(...m.slice(i * 80, (i + 1) * 80)), -38 + i, LU);
    });
  }
});

/** A tone of `amplitude` (full scale 1) faded in and out over 10 ms, `seconds` long. */
function faded(fs: number, hz: number, amplitude: number, degrees: number, seconds = 2): Float32Array {
  const n = Math.round(seconds * fs);
  const fade = Math.round(0.01 * fs);
  return Float32Array.from({ length: n }, (_, i) => {
    const ramp = Math.min(1, i / fade, (n - 1 - i) / fade);
    return ramp * amplitude * Math.sin((2 * Math.PI * hz * i) / fs + (degrees * Math.PI) / 180);
  });
}

/**
 * Cases 20-23: a tone at fs/6 of 0.5 holding one period of fs/4 at 1.0, made at 4 fs (the period
 * begins at a rising zero crossing of the fs/6 tone, which goes on after it), low-passed by a 1001-tap windowed sinc at
 * 0.45 fs and taken every fourth sample from `offset`.
 */
function burst(fs: number, offset: number): Float32Array {
  const high = 4 * fs;
  const n = 2 * high;
  const start = 24 * Math.round(high / 24); // a zero crossing of fs/6 (24 samples a period at 4 fs)
  // Phase-continuous: the fs/6 tone stops at the crossing and goes on from it after the period.
  const x = Float64Array.from({ length: n }, (_, i) => {
    if (i >= start && i < start + 16) return Math.sin((2 * Math.PI * (i - start)) / 16);
    return 0.5 * Math.sin((2 * Math.PI * (i < start ? i : i - 16)) / 24);
  });
  const taps = 1001;
  const half = (taps - 1) / 2;
  const cutoff = 0.45 / 4; // cycles per sample at 4 fs
  const h = Float64Array.from({ length: taps }, (_, k) => {
    const t = k - half;
    const sinc = t === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
    return sinc * (0.54 - 0.46 * Math.cos((2 * Math.PI * k) / (taps - 1)));
  });
  const gain = h.reduce((a, b) => a + b, 0);
  const out = new Float32Array(Math.floor((n - taps) / 4));
  for (let j = 0; j < out.length; j += 1) {
    let sum = 0;
    const centre = half + 4 * j + offset;
    for (let k = 0; k < taps; k += 1) sum += h[k]! * x[centre - half + k]!;
    out[j] = sum / gain;
  }
  return out;
}

describe('EBU Tech 3341: true peak (cases 15-23)', () => {
  const tones: Array<[string, number, number, number, number, number]> = [
    ['15: fs/4, 0.5, 0°', 4, 0.5, 0, -6, -6.021],
    ['16: fs/4, 0.5, 45°', 4, 0.5, 45, -6, -5.976],
    ['17: fs/6, 0.5, 60°', 6, 0.5, 60, -6, -6.313],
    ['18: fs/8, 0.5, 67.5°', 8, 0.5, 67.5, -6, -6.026],
    ['19: fs/4, 1.41, 45°', 4, 1.41, 45, 3, 3.029],
  ];
  for (const fs of RATES) {
    for (const [name, divisor, amplitude, degrees, nominal, exact] of tones) {
      it(`${name} at ${fs} Hz`, () => near(measure(fs, faded(fs, fs / divisor, amplitude, degrees)).truePeak, nominal, TP, exact));
    }
    for (const [offset, exact] of [-0.152, -0.141, -0.25, -0.141].entries()) {
      it(`${20 + offset}: fs/6 holding one period of fs/4 at full scale, decimated from offset ${offset}, at ${fs} Hz`, () => {
        near(measure(fs, burst(fs, offset)).truePeak, 0, TP, exact);
      });
    }
  }
});

describe('EBU Tech 3342: loudness range (cases 1-4)', () => {
  const cases: Array<[string, Array<[number, number]>, number]> = [
    ['1: 20 s -20, 20 s -30', [[20, -20], [20, -30]], 10],
    ['2: 20 s -20, 20 s -15', [[20, -20], [20, -15]], 5],
    ['3: 20 s -40, 20 s -20', [[20, -40], [20, -20]], 20],
    ['4: 20 s each -50, -35, -20, -35, -50', [[20, -50], [20, -35], [20, -20], [20, -35], [20, -50]], 15],
  ];
  for (const fs of RATES) {
    for (const [name, segments, nominal] of cases) {
      it(`${name} at ${fs} Hz`, () => near(measure(fs, tone(fs, segments)).range, nominal, [1, 1], nominal));
    }
  }
  it('4, repeated: the range is the same', () => {
    const once = tone(44_100, [[20, -50], [20, -35], [20, -20], [20, -35], [20, -50]]);
    const twice = new Float32Array(once.length * 2);
    twice.set(once);
    twice.set(once, once.length);
    near(measure(44_100, twice).range, 15, [1, 1], 15);
  });
});

describe('beyond the EBU cases', () => {
  it('997 Hz at 0 dBFS in one channel reads -3.01 LUFS (BS.1770-5)', () => {
    near(measure(48_000, tone(48_000, [[10, 0]], 997), new Float32Array(480_000)).integrated, -3.01, [0.005, 0.005]);
  });
  it('an album pools the blocks of its tracks: -23 and -33 dBFS tones give -25.5869 LUFS', () => {
    const [a, b] = [-23, -33].map((db) => measure(44_100, tone(44_100, [[20, db]])));
    assert.ok(Math.abs(a!.integrated - -22.9905) < 0.001 && Math.abs(b!.integrated - -32.9905) < 0.001);
    assert.ok(Math.abs(gatedLoudness([a!.blocks, b!.blocks]) - -25.5869) < 0.001);
  });
  it('pooled, a track 17 LU quieter than the rest falls under the relative gate: -23 and -40 dBFS give -22.9905 LUFS', () => {
    const [a, b] = [-23, -40].map((db) => measure(44_100, tone(44_100, [[20, db]])));
    assert.ok(Math.abs(gatedLoudness([a!.blocks, b!.blocks]) - -22.9905) < 0.001);
  });
  it('a gain moves loudness and true peak by the gain, whatever the signal', () => {
    const x = tone(44_100, [[3, -20], [4, -31], [2, -12]], 3_217, 0.3);
    const base = measure(44_100, x);
    for (const db of [6.0206, -3.7, 11.25]) {
      const g = 10 ** (db / 20);
      const gained = measure(44_100, x.map((v) => v * g));
      assert.ok(Math.abs(gained.integrated - base.integrated - db) < 1e-4, `${gained.integrated} - ${base.integrated} for ${db} dB`);
      assert.ok(Math.abs(gained.truePeak - base.truePeak - db) < 1e-4, `${gained.truePeak} - ${base.truePeak} for ${db} dB`);
      assert.ok(Math.abs(gained.range - base.range) < 1e-4);
    }
  });
  it('digital silence and 300 ms of tone cannot be measured', () => {
    assert.equal(measure(44_100, new Float32Array(441_000)).integrated, -Infinity);
    assert.equal(measure(44_100, tone(44_100, [[0.3, -10]])).integrated, -Infinity);
  });
  it('a block exactly at the absolute gate is left out: the gate is strict', () => {
    const gate = 10 ** ((-70 + 0.691) / 10);
    assert.equal(gatedLoudness([Float64Array.of(gate, gate)]), -Infinity);
    assert.ok(Math.abs(gatedLoudness([Float64Array.of(gate, gate * 1.0001)]) - -70) < 0.001);
  });
});

/*
 * The meter's kernel written out in plain JavaScript, one sample at a time: K-weighting in float64
 * (two transposed direct form II biquads), sums of squares per 10 ms, states under 1e-30 set to
 * zero after each; the interpolator in float32, taps in order.
 */
function modelMeter(fs: number, left: Float32Array, right: Float32Array): { blocks: Float64Array; truePeak: number } {
  const [head, rlb] = kWeighting(fs);
  const sub = Math.round(fs / 100);
  const sums: number[] = [];
  const state = [left, right].map(() => ({ z1: 0, z2: 0, w1: 0, w2: 0, e: 0 }));
  let samplePeak = 0;
  for (let i = 0; i < left.length; i += 1) {
    for (const [c, x] of [left[i]!, right[i]!].entries()) {
      const s = state[c]!;
      samplePeak = Math.max(samplePeak, Math.abs(x));
      const y1 = head.b0 * x + s.z1;
      s.z1 = head.b1 * x - head.a1 * y1 + s.z2;
      s.z2 = head.b2 * x - head.a2 * y1;
      const y2 = y1 + s.w1;
      s.w1 = -2 * y1 - rlb.a1 * y2 + s.w2;
      s.w2 = y1 - rlb.a2 * y2;
      s.e += y2 * y2;
    }
    if ((i + 1) % sub !== 0) continue;
    sums.push(state[0]!.e + state[1]!.e);
    for (const s of state) {
      s.e = 0;
      for (const key of ['z1', 'z2', 'w1', 'w2'] as const) if (Math.abs(s[key]) < 1e-30) s[key] = 0;
    }
  }
  let interpolated = 0;
  for (const x of [left, right]) {
    const padded = new Float32Array(11 + x.length);
    padded.set(x, 11);
    for (let n = 11; n < padded.length; n += 1) {
      for (let p = 0; p < 4; p += 1) {
        let acc = 0;
        for (let k = 0; k < 12; k += 1) acc = Math.fround(acc + Math.fround(TRUE_PEAK_TAPS[k]![p]! * padded[n - k]!));
        interpolated = Math.max(interpolated, Math.abs(acc));
      }
    }
  }
  const tenths: number[] = [];
  for (let t = 0; t + 10 <= sums.length; t += 10) tenths.push(sums.slice(t, t + 10).reduce((a, b) => a + b, 0));
  const blocks = Float64Array.from({ length: Math.max(0, tenths.length - 3) }, (_, j) => (tenths[j]! + tenths[j + 1]! + tenths[j + 2]! + tenths[j + 3]!) * (1 / (40 * sub)));
  return { blocks, truePeak: 20 * Math.log10(Math.max(samplePeak, interpolated)) };
}

describe('the meter kernel, bit for bit as written out step by step', () => {
  for (const fs of [44_100, 48_000, 32_000]) {
    it(`noise, tones and silence at ${fs} Hz, pushed in uneven pieces`, () => {
      let s = fs;
      const noise = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5);
      const n = Math.round(fs * 2.3) + 7;
      // Loud, quiet, then silence long enough for the filters' state to decay to nothing.
      const shape = (i: number, c: number): number => (i < n / 3 ? 0.7 * Math.sin(i / (5 + c)) + 0.3 * noise() : i < n / 2 ? 1e-4 * noise() : 0);
      const left = Float32Array.from({ length: n }, (_, i) => shape(i, 0));
      const right = Float32Array.from({ length: n }, (_, i) => shape(i, 1));
      const meter = new LoudnessMeter(fs, undefined, 5_000);
      for (let at = 0, size = 1; at < n; at += size, size = (size * 7 + 1_001) % 12_007) meter.push(left.subarray(at, at + size), right.subarray(at, at + size));
      const expected = modelMeter(fs, left, right);
      const actual = meter.result();
      assert.deepEqual([...actual.blocks], [...expected.blocks]);
      assert.equal(actual.truePeak, expected.truePeak);
    });
  }
});
