import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { Resampler, conversionRatio, resampledFrames } from '../../src/audio/resampler.js';
import { db, sine, toneAmplitude } from '../helpers/signal.js';

/** Resamples one second of a tone in uneven pieces; returns the steady middle of the output. */
function resampleTone(inRate: number, frequency: number, outRate = 44_100): Float32Array {
  const input = sine(inRate, inRate, frequency, 0.5);
  const resampler = new Resampler(inRate, outRate, resampledFrames(input.length, inRate, outRate));
  const pieces: Float32Array[] = [];
  for (let at = 0; at < input.length; at += 7_001) {
    const piece = input.subarray(at, at + 7_001);
    pieces.push(resampler.process(piece, piece)[0]);
  }
  pieces.push(resampler.flush()[0]);
  const out = new Float32Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const piece of pieces) out.set(piece, (at += piece.length) - piece.length);
  assert.equal(out.length, resampledFrames(input.length, inRate, outRate));
  return out.subarray(outRate / 4, (outRate * 3) / 4);
}

describe('Resampler', () => {
  it('runs the kernel assembled from fir.wat as it stands', () => {
    const assembler = fileURLToPath(new URL('../../../src/audio/assemble-fir.cjs', import.meta.url));
    execFileSync(process.execPath, [assembler, '--check'], { stdio: 'pipe' });
  });

  it('gives exactly the frames whose time falls inside the input', () => {
    assert.equal(resampledFrames(48_000, 48_000, 44_100), 44_100);
    assert.equal(resampledFrames(1, 48_000, 44_100), 1);
    assert.equal(resampledFrames(160, 48_000, 44_100), 147);
    assert.equal(resampledFrames(161, 48_000, 44_100), 148);
    assert.equal(resampledFrames(22_050, 22_050, 44_100), 44_100);
  });

  for (const inRate of [48_000, 96_000, 88_200]) {
    it(`${inRate} Hz: passband flat within 0.1 dB up to 20 kHz`, () => {
      for (const frequency of [100, 1_000, 5_000, 10_000, 15_000, 18_000, 19_000, 20_000]) {
        const gain = db(toneAmplitude(resampleTone(inRate, frequency), 44_100, frequency) / 0.5);
        assert.ok(Math.abs(gain) < 0.1, `${frequency} Hz: ${gain.toFixed(4)} dB`);
      }
    });
  }

  it('48000 Hz: at least 90 dB of stopband attenuation above 22.05 kHz (what would alias)', () => {
    for (const frequency of [22_100, 22_300, 23_000, 23_900]) {
      const alias = 44_100 - frequency;
      const level = db(toneAmplitude(resampleTone(48_000, frequency), 44_100, alias) / 0.5);
      assert.ok(level < -90, `${frequency} Hz → ${alias} Hz: ${level.toFixed(1)} dB`);
    }
  });

  it('96000 Hz: at least 90 dB of stopband attenuation, ultrasonic content included', () => {
    for (const frequency of [22_100, 25_000, 30_000, 40_000]) {
      const alias = Math.abs(frequency - 44_100 * Math.round(frequency / 44_100));
      const level = db(toneAmplitude(resampleTone(96_000, frequency), 44_100, alias) / 0.5);
      assert.ok(level < -90, `${frequency} Hz → ${alias} Hz: ${level.toFixed(1)} dB`);
    }
  });

  it('keeps the filter small for rates with little in common with 44.1 kHz, within a few ppm', () => {
    for (const rate of [44_101, 383_987, 200_003, 48_000, 8_000]) {
      const { up, down } = conversionRatio(rate, 44_100);
      assert.ok(up <= 1024, `${rate} Hz: ${up} branches`);
      assert.ok(Math.abs(up / down / (44_100 / rate) - 1) < 3e-5, `${rate} Hz: ratio off by ${up / down / (44_100 / rate) - 1}`);
    }
    assert.deepEqual(conversionRatio(48_000, 44_100), { up: 147, down: 160 }, 'exact where it can be');
    const out = resampleTone(44_101, 1_000);
    assert.ok(Math.abs(db(toneAmplitude(out, 44_100, 1_000) / 0.5)) < 0.1);
  });

  it('upsamples 22050 Hz with the tone intact and no image above 11.025 kHz', () => {
    const out = resampleTone(22_050, 3_000);
    assert.ok(Math.abs(db(toneAmplitude(out, 44_100, 3_000) / 0.5)) < 0.1);
    assert.ok(db(toneAmplitude(out, 44_100, 22_050 - 3_000) / 0.5) < -90, 'the spectral image is removed');
  });
});
