import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CdConverter, type LevelChange } from '../../src/audio/convert.js';
import { LoudnessMeter } from '../../src/audio/loudness/meter.js';
import type { WavFormat } from '../../src/audio/wav-format.js';

const FLOAT_STEREO: WavFormat = { formatTag: 3, extensible: false, channels: 2, sampleRate: 44_100, bitsPerSample: 32, validBitsPerSample: 32, blockAlign: 8, byteRate: 352_800, channelMask: 0 };

/** Four seconds of a 1 kHz tone at -20 dBFS, with a 3 ms burst of 5 kHz at `burstDb` at 1 s and 2.5 s. */
function signal(burstDb: number): Buffer {
  const n = 4 * 44_100;
  const bytes = Buffer.alloc(n * 8);
  for (let i = 0; i < n; i += 1) {
    const t = i / 44_100;
    const burst = (t >= 1 && t < 1.003) || (t >= 2.5 && t < 2.503) ? 10 ** (burstDb / 20) * Math.sin(2 * Math.PI * 5_000 * t) : 0;
    const x = 0.1 * Math.sin(2 * Math.PI * 1_000 * t) + burst;
    bytes.writeFloatLE(x, i * 8);
    bytes.writeFloatLE(x, i * 8 + 4);
  }
  return bytes;
}

function convert(data: Buffer, level: LevelChange): Buffer {
  const converter = new CdConverter(FLOAT_STEREO, data.length, level);
  const pieces = [Buffer.from(converter.push(data.subarray(0, 300_001))), Buffer.from(converter.push(data.subarray(300_001)))];
  return Buffer.concat([...pieces, converter.end()]);
}

function truePeak(left: Float32Array, right: Float32Array): number {
  const meter = new LoudnessMeter(44_100);
  meter.push(left, right);
  return meter.result().truePeak;
}

/** The true peak of CD audio. */
function cdPeak(cd: Buffer): number {
  const frames = cd.length / 4;
  const [left, right] = [0, 1].map((c) => Float32Array.from({ length: frames }, (_, i) => cd.readInt16LE(i * 4 + c * 2) / 32768));
  return truePeak(left!, right!);
}

/** The true peak of the float signal times `gain`, before anything is quantised or clipped. */
function gainedPeak(data: Buffer, gain: number): number {
  const x = Float32Array.from({ length: data.length / 8 }, (_, i) => data.readFloatLE(i * 8) * gain);
  return truePeak(x, x);
}

describe('the true-peak limiter', () => {
  const db = (x: number): number => 10 ** (x / 20);
  it('holds peaks 4 dB over the ceiling at the ceiling, and leaves the audio before them as the gain alone makes it, not delayed', () => {
    const data = signal(-12);
    const limited = convert(data, { gain: db(12), ceiling: db(-1) });
    const plain = convert(data, { gain: db(12) });
    assert.equal(limited.length, plain.length);
    const over = gainedPeak(data, db(12)) - -1;
    assert.ok(over > 3.5 && over < 4.5, `${over}`);
    assert.ok(cdPeak(limited) <= -1 + 0.05, `${cdPeak(limited)}`);
    // Until the lookahead reaches the first burst, sample for sample the same.
    const untouched = Math.floor(0.994 * 44_100) * 4;
    assert.ok(limited.subarray(0, untouched).equals(plain.subarray(0, untouched)));
  });

  it('takes 6 dB at most: a peak 9 dB over the ceiling stays 3 dB over it', () => {
    const data = signal(-12);
    const plain = gainedPeak(data, db(12));
    const limited = cdPeak(convert(data, { gain: db(12), ceiling: db(-6) }));
    assert.ok(plain - -6 > 6.5, `${plain}`);
    assert.ok(Math.abs(limited - (plain - 6)) < 0.1, `${limited} against ${plain}`);
  });
});
