import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resampledFrames } from '../../src/audio/resampler.js';
import { jsonLines, runCli } from '../helpers/cli.js';
import { db, sine, toneAmplitude } from '../helpers/signal.js';
import { cdChannels, chunk, encodeSamples, fmtBody, tempDir, wavFile } from '../helpers/wav.js';

const SECONDS = 1.5;

interface Variant {
  name: string;
  rate: number;
  bits: number;
  float?: boolean;
  channels: number;
  extensible?: boolean;
  /** Expected level of the 1 kHz tone (amplitude 0.5 in channel 0) in each CD channel. */
  left: number;
  right: number;
  /** Tolerance in dB (8-bit sources are coarse). */
  toleranceDb?: number;
  steps: RegExp;
}

const variants: Variant[] = [
  { name: '48 kHz 24-bit mono', rate: 48_000, bits: 24, channels: 1, left: 0.5, right: 0.5, steps: /48000 → 44100 Hz, 24-bit → 16-bit, dithered, mono → stereo/ },
  { name: '96 kHz 32-bit float stereo', rate: 96_000, bits: 32, float: true, channels: 2, left: 0.5, right: 0, steps: /96000 → 44100 Hz, 32-bit float → 16-bit, dithered/ },
  { name: '44.1 kHz 64-bit float', rate: 44_100, bits: 64, float: true, channels: 2, left: 0.5, right: 0, steps: /64-bit float → 16-bit, dithered/ },
  { name: '22.05 kHz 8-bit mono', rate: 22_050, bits: 8, channels: 1, left: 0.5, right: 0.5, toleranceDb: 0.3, steps: /22050 → 44100 Hz, 8-bit → 16-bit, dithered, mono → stereo/ },
  { name: '32 kHz 16-bit stereo', rate: 32_000, bits: 16, channels: 2, left: 0.5, right: 0, steps: /32000 → 44100 Hz, dithered/ },
  { name: '44.1 kHz 32-bit integer', rate: 44_100, bits: 32, channels: 2, left: 0.5, right: 0, steps: /32-bit → 16-bit, dithered/ },
  { name: '8 kHz 16-bit mono', rate: 8_000, bits: 16, channels: 1, left: 0.5, right: 0.5, steps: /8000 → 44100 Hz, dithered, mono → stereo/ },
  { name: '192 kHz 24-bit stereo', rate: 192_000, bits: 24, channels: 2, left: 0.5, right: 0, steps: /192000 → 44100 Hz, 24-bit → 16-bit, dithered/ },
  { name: '44.1 kHz 24-bit extensible 5.1', rate: 44_100, bits: 24, channels: 6, extensible: true, left: 0.5 / (1 + 2 * Math.SQRT1_2), right: 0, steps: /6 channels → stereo/ },
];

describe('converting any WAV to CD audio', () => {
  let dir: { path: string; remove: () => Promise<void> };
  before(async () => (dir = await tempDir()));
  after(() => dir.remove());

  function source(v: Variant): Float64Array[] {
    const frames = Math.round(v.rate * SECONDS);
    return Array.from({ length: v.channels }, (_, c) => (c === 0 ? sine(frames, v.rate, 1_000, 0.5) : new Float64Array(frames)));
  }

  for (const v of variants) {
    it(`${v.name}: a 1 kHz tone keeps its frequency, level and length`, async () => {
      const path = join(dir.path, `${v.name}.wav`);
      const channels = source(v);
      const spec = { sampleRate: v.rate, bitsPerSample: v.bits, channels: v.channels, formatTag: v.float ? 3 : 1, extensible: v.extensible };
      await writeFile(path, wavFile(encodeSamples(channels, { bitsPerSample: v.bits, float: v.float }), spec));
      const plan = await runCli(['plan', path]);
      assert.equal(plan.code, 0, plan.stderr);
      assert.match(plan.stdout, v.steps);
      const image = join(dir.path, `${v.name}.cue`);
      const result = await runCli(['--json', '--gap', '0', '--image', image, path]);
      assert.equal(result.code, 0, result.stderr);
      if (v.channels > 2) assert.ok(jsonLines(result.stdout).some((e) => e.type === 'warning' && /6 channels are mixed down to stereo/.test(String(e.message))));
      const bin = await readFile(image.replace(/\.cue$/, '.bin'));
      const frames = resampledFrames(channels[0]!.length, v.rate, 44_100);
      assert.equal(bin.length, Math.max(300, Math.ceil((frames * 4) / 2352)) * 2352, 'length');
      assert.ok(bin.subarray(frames * 4).every((b) => b === 0), 'nothing after the converted audio but padding');
      const [left, right] = cdChannels(bin.subarray(0, frames * 4)).map((x) => x.subarray(5_000, frames - 5_000));
      for (const [name, samples, expected] of [['left', left!, v.left], ['right', right!, v.right]] as const) {
        const level = toneAmplitude(samples, 44_100, 1_000);
        if (expected === 0) assert.ok(db(level) < -80, `${name}: ${db(level).toFixed(1)} dB, expected silence`);
        else assert.ok(Math.abs(db(level / expected)) < (v.toleranceDb ?? 0.05), `${name}: ${db(level / expected).toFixed(3)} dB off`);
      }
    });
  }

  it('dithers with TPDF noise of ±1 LSB: the error has mean 0 and variance 1/4 LSB², on a step and between two', async () => {
    // 24-bit DC: left exactly on a 16-bit step, right half a step above. Undithered, the right
    // channel would be off by +0.5 throughout; RPDF dither would leave the left exact (variance 0).
    const frames = 88_200;
    const level = [1_000 * 256, 1_000 * 256 + 128].map((v) => v / 8_388_608);
    const path = join(dir.path, 'dc.wav');
    await writeFile(path, wavFile(encodeSamples(level.map((v) => new Float64Array(frames).fill(v)), { bitsPerSample: 24 }), { bitsPerSample: 24 }));
    const image = join(dir.path, 'dc.cue');
    const result = await runCli(['--gap', '0', '--image', image, path]);
    assert.equal(result.code, 0, result.stderr);
    const errors = cdChannels((await readFile(image.replace(/\.cue$/, '.bin'))).subarray(0, frames * 4)).map((x, side) =>
      x.map((s) => (s - level[side]!) * 32768));
    for (const [side, e] of errors.entries()) {
      const mean = e.reduce((a, b) => a + b, 0) / frames;
      const variance = e.reduce((a, b) => a + (b - mean) ** 2, 0) / frames;
      assert.ok(Math.abs(mean) < 0.01, `channel ${side}: mean error ${mean.toFixed(4)} LSB`);
      assert.ok(Math.abs(variance - 0.25) < 0.01, `channel ${side}: error variance ${variance.toFixed(4)} LSB²`);
      assert.ok(e.every((v) => Math.abs(v) <= 1), `channel ${side}: an error beyond 1 LSB`);
    }
    const correlation = errors[0]!.reduce((a, l, i) => a + l * errors[1]![i]!, 0) / frames / 0.25;
    assert.ok(Math.abs(correlation) < 0.02, `the channels' noise is correlated: ${correlation.toFixed(3)}`);
  });

  it('warns when resampling pushes samples past full scale, and clips them', async () => {
    const path = join(dir.path, 'loud.wav');
    // A full-scale square wave: the band-limited result overshoots (Gibbs), by design of any good filter.
    const square = Float64Array.from({ length: 48_000 }, (_, i) => (Math.floor(i / 24) % 2 === 0 ? 1 : -1));
    await writeFile(path, wavFile(encodeSamples([square, square], { bitsPerSample: 16 }), { sampleRate: 48_000 }));
    const result = await runCli(['--json', '--image', join(dir.path, 'loud.cue'), path]);
    assert.equal(result.code, 0, result.stderr);
    const warning = jsonLines(result.stdout).find((e) => e.type === 'warning' && /samples clipped after conversion \(peak \+\d+\.\d\d dBFS\)/.test(String(e.message)));
    assert.ok(warning, result.stdout);
  });

  it('says a peak that rounds to full scale as 0.00 dBFS, never +-0.00', async () => {
    // 24-bit full scale lies 0.000001 dB below 16-bit full scale; the dither pushes some samples past it.
    const path = join(dir.path, 'full-scale.wav');
    const full = new Float64Array(44_100).fill(1);
    await writeFile(path, wavFile(encodeSamples([full, full], { bitsPerSample: 24 }), { bitsPerSample: 24 }));
    const result = await runCli(['--image', join(dir.path, 'full-scale.cue'), path]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /full-scale\.wav\): \d+ samples clipped after conversion \(peak 0\.00 dBFS\); lower its level to avoid it/);
  });

  it('refuses what it cannot convert: more than 8 channels, rates below 8 kHz', async () => {
    const nine = join(dir.path, 'nine.wav');
    await writeFile(nine, wavFile(Buffer.alloc(9 * 2 * 100), { channels: 9 }));
    const slow = join(dir.path, 'slow.wav');
    await writeFile(slow, wavFile(Buffer.alloc(4 * 100), { sampleRate: 4_000 }));
    const a = await runCli(['plan', nine]);
    assert.equal(a.code, 3);
    assert.match(a.stderr, /nine\.wav: is 44100 Hz, 16-bit, 9 channels: at most 8 channels can be mixed down to stereo/);
    const b = await runCli(['plan', slow]);
    assert.equal(b.code, 3);
    assert.match(b.stderr, /slow\.wav: is 4000 Hz, 16-bit, 2 channels: a sample rate of 4000 Hz is outside 8000–384000 Hz/);
  });

  it('reads RF64 and WAVs of unknown length as written to a pipe', async () => {
    const audio = encodeSamples([sine(48_000, 48_000, 1_000, 0.5), sine(48_000, 48_000, 1_000, 0.5)], { bitsPerSample: 16 });
    const pipe = wavFile(audio, { sampleRate: 48_000, declaredDataBytes: 0xffffffff });
    const ds64 = Buffer.alloc(28);
    ds64.writeBigUInt64LE(BigInt(audio.length), 8);
    const rf64 = Buffer.concat([Buffer.from('RF64\xff\xff\xff\xffWAVE', 'latin1'), chunk('ds64', ds64), chunk('fmt ', fmtBody({ sampleRate: 48_000 })), chunk('data', audio)]);
    rf64.writeUInt32LE(0xffffffff, rf64.length - audio.length - 4);
    for (const [name, bytes] of [['pipe.wav', pipe], ['rf64.wav', rf64]] as const) {
      const path = join(dir.path, name);
      await writeFile(path, bytes);
      const result = await runCli(['--json', 'plan', path]);
      assert.equal(result.code, 0, `${name}: ${result.stderr}`);
      const plan = jsonLines(result.stdout).find((e) => e.type === 'plan') as unknown as { layout: { tracks: Array<{ audioBytes: number }> } };
      assert.equal(plan.layout.tracks[0]?.audioBytes, 44_100 * 4, name);
    }
  });
});
