import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { tool } from '../helpers/codecs.js';
import { editStreamInfo, flacParts, flacReference, frameBlockSize, recodeFrame, testWav } from '../helpers/flac.js';
import { id3Title, tempDir } from '../helpers/wav.js';

const SECTOR = 2352;

describe('FLAC through the CLI: every width, block sizes, framing', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const at = (name: string): string => join(dir.path, name);
  before(async () => {
    dir = await tempDir();
  });
  after(() => dir.remove());

  /** Writes a test WAV and its FLAC (flac with `options`); returns the FLAC's path. */
  const encode = (name: string, wav: Parameters<typeof testWav>[1], options: string[] = []): string => {
    testWav(at(`${name}.wav`), wav);
    tool('flac', ['-s', '-f', ...options, at(`${name}.wav`), '-o', at(`${name}.flac`)]);
    return at(`${name}.flac`);
  };

  /** Writes the image of `track`; returns the .bin (exit 0 asserted). */
  const image = async (track: string, name: string): Promise<Buffer> => {
    const result = await runCli(['--image', at(`${name}.cue`), track]);
    assert.equal(result.code, 0, result.stderr);
    return readFile(at(`${name}.bin`));
  };

  /** CD audio (16-bit 44.1 kHz stereo) reaches the image as it is: the image is flac -d's samples, zero-padded to whole sectors. */
  const assertHolds = (bin: Buffer, reference: Buffer): void => {
    assert.equal(bin.length, Math.max(300, Math.ceil(reference.length / SECTOR)) * SECTOR);
    assert.ok(bin.subarray(0, reference.length).equals(reference), 'the image holds the very samples flac -d gives');
    assert.ok(bin.subarray(reference.length).every((byte) => byte === 0));
  };

  /** The image of a FLAC equals the image of the WAV flac -d decodes it to: the same samples reached the converter. */
  const assertSameAsDecodedWav = async (flac: string, name: string): Promise<Buffer> => {
    flacReference(flac, at(`${name}-decoded.wav`));
    const fromFlac = await image(flac, `${name}-flac`);
    const fromWav = await image(at(`${name}-decoded.wav`), `${name}-wav`);
    assert.equal(fromFlac.length, fromWav.length);
    assert.ok(fromFlac.equals(fromWav), `${name}: the FLAC's image is the one its decoded WAV gives`);
    assert.ok(fromFlac.some((byte) => byte !== 0), `${name}: the image is not silent`);
    return fromFlac;
  };

  it('12-bit 44.1 kHz stereo FLAC: the image holds its exact samples (left-justified to 16 bits, as flac -d writes them)', async () => {
    const flac = encode('twelve', { bits: 12, frames: 5 * 44_100 });
    const plan = await runCli(['plan', flac]);
    assert.match(plan.stdout, /FLAC 12-bit 44100 Hz → 16-bit/);
    assertHolds(await image(flac, 'twelve'), flacReference(flac));
  });

  it('20-bit 96 kHz FLAC: plan and --image succeed, the samples are exact before the conversion', async () => {
    const flac = encode('twenty', { bits: 20, frames: 4 * 96_000, rate: 96_000 });
    const plan = await runCli(['plan', flac]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /FLAC 20-bit 96000 Hz → 44100 Hz, 16-bit, dithered/);
    await assertSameAsDecodedWav(flac, 'twenty');
  });

  it('32-bit and 15-bit FLAC are read (8 to 32 bits, as the README says), their exact samples converted', async () => {
    await assertSameAsDecodedWav(encode('thirty-two', { bits: 32, frames: 4 * 44_100 }, ['--lax']), 'thirty-two');
    await assertSameAsDecodedWav(encode('fifteen', { bits: 15, frames: 4 * 44_100 }, ['--lax']), 'fifteen');
    const plan = await runCli(['plan', at('thirty-two.flac'), at('fifteen.flac')]);
    assert.match(plan.stdout, /FLAC 32-bit 44100 Hz → 16-bit, dithered/);
    assert.match(plan.stdout, /FLAC 15-bit 44100 Hz → 16-bit/);
  });

  it('a variable-blocksize FLAC (as flake and CUETools write them) gives exactly the samples flac -d gives', async () => {
    const small = readFileSync(encode('var-small', { bits: 16, frames: 5 * 44_100 }, ['--blocksize', '1152']));
    const large = flacParts(readFileSync(encode('var-large', { bits: 16, frames: 5 * 44_100 }, ['--blocksize', '4608']))).frames;
    const { head, frames } = flacParts(small);
    const spliced: Buffer[] = [];
    let sample = 0;
    for (let i = 0; i < frames.length; ) {
      const useLarge = i % 8 === 4 && frameBlockSize(large[i / 4] ?? frames[i]!) === 4608;
      const frame = useLarge ? large[i / 4]! : frames[i]!;
      spliced.push(recodeFrame(frame, { variable: true, number: sample }));
      sample += frameBlockSize(frame);
      i += useLarge ? 4 : 1;
    }
    await writeFile(at('variable.flac'), Buffer.concat([editStreamInfo(head, { minBlockSize: 1152, maxBlockSize: 4608 }), ...spliced]));
    assertHolds(await image(at('variable.flac'), 'variable'), flacReference(at('var-small.flac')));
  });

  /**
   * A mono FLAC of `bits` bits: 4 s of tone, then 0.5 s of digital silence (no dither), so its
   * last frames are constant subframes of a few bytes each. Returns its path.
   */
  const endsInSilence = (name: string, bits: number): string => {
    const sox = (args: string[]): void => tool('sox', ['-D', ...args]);
    sox(['-n', '-r', '44100', '-b', String(bits), '-c', '1', at(`${name}-tone.wav`), 'synth', '4', 'sine', '440']);
    sox(['-n', '-r', '44100', '-b', String(bits), '-c', '1', at(`${name}-quiet.wav`), 'trim', '0', '0.5']);
    sox([at(`${name}-tone.wav`), at(`${name}-quiet.wav`), at(`${name}.wav`)]);
    tool('flac', ['-s', '-f', at(`${name}.wav`), '-o', at(`${name}.flac`)]);
    return at(`${name}.flac`);
  };
  /** Sectors of 4.5 s of audio. */
  const SILENCE_TEST_BYTES = Math.ceil((4.5 * 44_100 * 4) / SECTOR) * SECTOR;

  it('a mono FLAC and an 8-bit FLAC ending in digital silence (very short last frames) are read whole', async () => {
    for (const [name, bits] of [['mono-silence', 16], ['eight-silence', 8]] as const) {
      const bin = await assertSameAsDecodedWav(endsInSilence(name, bits), name);
      assert.equal(bin.length, SILENCE_TEST_BYTES);
    }
  });

  it('a FLAC whose STREAMINFO leaves the length unknown (0) keeps its last frame', async () => {
    const { head, frames } = flacParts(readFileSync(endsInSilence('untold', 16)));
    await writeFile(at('untold-0.flac'), Buffer.concat([editStreamInfo(head, { totalSamples: 0 }), ...frames]));
    const bin = await assertSameAsDecodedWav(at('untold-0.flac'), 'untold-0');
    assert.equal(bin.length, SILENCE_TEST_BYTES);
  });

  it('a FLAC behind an ID3v2 tag, and one that starts at a frame header (no fLaC marker), decode as libFLAC decodes them', async () => {
    const flac = readFileSync(encode('plain', { bits: 16, frames: 5 * 44_100 }));
    const reference = flacReference(at('plain.flac'));
    await writeFile(at('tagged.flac'), Buffer.concat([id3Title('Tagged'), flac]));
    assertHolds(await image(at('tagged.flac'), 'tagged'), reference);
    await writeFile(at('bare.flac'), Buffer.concat(flacParts(flac).frames));
    assertHolds(await image(at('bare.flac'), 'bare'), reference);
  });

  it('a FLAC whose channel count or sample rate changes mid-stream is refused with the time where it changes', async () => {
    const { head, frames } = flacParts(readFileSync(encode('one', { bits: 16, channels: 1, frames: 3 * 44_100 }, ['--blocksize', '4410'])));
    const stereo = flacParts(readFileSync(encode('two', { bits: 16, channels: 2, frames: 3 * 44_100 }, ['--blocksize', '4410']))).frames;
    const faster = flacParts(readFileSync(encode('fast', { bits: 16, channels: 1, frames: 3 * 48_000, rate: 48_000 }, ['--blocksize', '4410']))).frames;
    const renumbered = (from: Buffer[]): Buffer[] => from.slice(20).map((f, i) => recodeFrame(f, { variable: false, number: 20 + i }));
    await writeFile(at('channels.flac'), Buffer.concat([head, ...frames.slice(0, 20), ...renumbered(stereo)]));
    await writeFile(at('rate.flac'), Buffer.concat([head, ...frames.slice(0, 20), ...renumbered(faster)]));
    await mkdir(at('none'));
    for (const [file, change] of [['channels.flac', 'from 1 channel to 2 channels'], ['rate.flac', 'from 44100 Hz to 48000 Hz']]) {
      const result = await runCli(['--image', at('none/d.cue'), at(file!)]);
      assert.equal(result.code, 3, result.stderr);
      assert.ok(result.stderr.includes(`${file}: FLAC whose format changes mid-stream (at 0:02.00, ${change}) is not supported`), result.stderr);
      assert.deepEqual(await readdir(at('none')), []);
    }
  });

  it('damage ends the run with exit 3 and its time: a flipped byte in a frame, a missing frame, a cut file, a wrong MD5 signature', async () => {
    const flac = readFileSync(encode('whole', { bits: 16, frames: 5 * 44_100 }, ['--blocksize', '4410']));
    const { head, frames } = flacParts(flac);
    const frameAt = (n: number): number => head.length + frames.slice(0, n).reduce((sum, f) => sum + f.length, 0);
    const flipped = Buffer.from(flac);
    flipped[frameAt(12) + 200] = flipped[frameAt(12) + 200]! ^ 0x01;
    const md5 = Buffer.from(flac);
    md5[8 + 18] = md5[8 + 18]! ^ 0xff;
    const cases = [
      ['flipped.flac', flipped, 'damaged FLAC: the audio from 0:01.20 to 0:01.30 is missing or corrupted'],
      ['missing.flac', Buffer.concat([head, ...frames.slice(0, 12), ...frames.slice(13)]), 'damaged FLAC: the audio from 0:01.20 to 0:01.30 is missing or corrupted'],
      ['cut.flac', flac.subarray(0, frameAt(30) + 500), 'damaged FLAC: the file is cut short at 0:03.00 (it ends inside a frame)'],
      ['md5.flac', md5, 'damaged FLAC: the decoded audio does not match the MD5 signature in its STREAMINFO block; the file is corrupted'],
    ] as const;
    await mkdir(at('nothing'));
    for (const [file, bytes, message] of cases) {
      await writeFile(at(file), bytes);
      const result = await runCli(['--image', at('nothing/d.cue'), at(file)]);
      assert.equal(result.code, 3, `${file}: ${result.stderr}`);
      assert.ok(result.stderr.includes(`${file}: ${message}`), `${file}: ${result.stderr}`);
      assert.deepEqual(await readdir(at('nothing')), []);
    }
  });
});
