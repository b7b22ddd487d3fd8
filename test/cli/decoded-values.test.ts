/**
 * What is written comes from real samples, and the plan says each conversion step once: samples
 * that are not numbers are refused with the time they start, and a layout Opus leaves undefined
 * is not guessed.
 */
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { soxTone, tool } from '../helpers/codecs.js';
import { editOpusHead } from '../helpers/ogg.js';
import { sine } from '../helpers/signal.js';
import { encodeSamples, tempDir, wavFile } from '../helpers/wav.js';

describe('samples and words', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const at = (name: string): string => join(dir.path, name);
  before(async () => {
    dir = await tempDir();
  });
  after(() => dir.remove());

  for (const [bits, bad] of [[32, Number.NaN], [64, Number.POSITIVE_INFINITY], [32, Number.NEGATIVE_INFINITY]] as const) {
    it(`a ${bits}-bit float WAV holding ${bad} at 2.50 s is refused with the time, and nothing is written`, async () => {
      const left = sine(44_100 * 5, 44_100, 441, 0.5);
      const right = left.slice();
      right[Math.round(44_100 * 2.5)] = bad;
      const name = `float${bits}-${String(bad).replace('-', 'minus')}.wav`;
      await writeFile(at(name), wavFile(encodeSamples([left, right], { bitsPerSample: bits, float: true }), { formatTag: 3, bitsPerSample: bits }));
      const before = await readdir(dir.path);
      const result = await runCli(['--image', at('out.cue'), '-y', at(name)]);
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, new RegExp(`${name.replace('.', '\\.')}: damaged WAV: its float samples include NaN or infinity at 0:02\\.50`));
      assert.deepEqual(await readdir(dir.path), before);
    });
  }

  it('plan names a mono or surround source once: "FLAC 16-bit 44100 Hz, mono → stereo"', async () => {
    soxTone(at('mono.wav'), 5, { channels: 1 });
    tool('flac', ['-s', '-f', at('mono.wav'), '-o', at('mono.flac')]);
    tool('sox', ['-R', '-n', '-r', '48000', '-b', '16', '-c', '6', at('six.wav'), 'synth', '5', 'sine', '440', 'gain', '-9']);
    tool('oggenc', ['-Q', at('six.wav'), '-o', at('six.ogg')]);
    const plan = await runCli(['plan', at('mono.flac'), at('six.ogg')]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /FLAC 16-bit 44100 Hz, mono → stereo\n/);
    assert.match(plan.stdout, /Ogg Vorbis 48000 Hz, 6 channels → 44100 Hz, 16-bit, dithered, mixed down to stereo\n/);
    assert.doesNotMatch(plan.stdout, /mono → mono|channels mixed down/);
  });

  it('a multichannel Opus whose channel mapping family leaves the speakers undefined is refused, naming the family', async () => {
    tool('sox', ['-R', '-n', '-r', '48000', '-b', '16', '-c', '3', at('three.wav'), 'synth', '5', 'sine', '440', 'gain', '-9']);
    tool('opusenc', ['--quiet', at('three.wav'), at('three-vorbis-order.opus')]);
    // Channel mapping family: byte 18 of OpusHead (RFC 7845 §5.1.1); 255 defines no speakers.
    await editOpusHead(at('three-vorbis-order.opus'), at('three.opus'), (head) => {
      head[18] = 255;
    });
    const result = await runCli(['plan', at('three.opus')]);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /three\.opus: is Opus with 3 channels in channel mapping family 255, whose speaker layout is not defined/);
  });
});
