/**
 * Patterns as other Node CLIs read them: the CLI expands `**` and `{a,b}` itself (a quoted
 * argument, as Windows shells pass every argument), sorts naturally folder by folder, takes an
 * existing file name literally and parentheses as part of a name.
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonLines, runCli } from '../helpers/cli.js';
import { tool } from '../helpers/codecs.js';
import { cdAudio, tempDir, wavFile } from '../helpers/wav.js';

describe('track patterns', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const FLACS = ['album/cd1/track2.flac', 'album/cd1/track10.flac', 'album/cd2/track1.flac', 'album/cd2/extra/bonus.flac'];
  const WAVS = ['Album (Deluxe)/song (live).wav', 'Album (Deluxe)/song.wav', 'track1.wav', 'track[1].wav', 'other/x.wav'];

  before(async () => {
    dir = await tempDir();
    const wav = wavFile(cdAudio(44100 * 4));
    for (const name of [...FLACS.map((f) => f.replace(/\.flac$/, '.wav')), ...WAVS]) {
      await mkdir(join(dir.path, name, '..'), { recursive: true });
      await writeFile(join(dir.path, name), wav);
    }
    for (const flac of FLACS) tool('flac', ['-s', '-f', '--delete-input-file', join(dir.path, flac.replace(/\.flac$/, '.wav')), '-o', join(dir.path, flac)]);
  });
  after(() => dir.remove());

  /** The tracks `plan` lays out, as the CLI names them. */
  async function planned(args: string[], cwd = dir.path): Promise<string[]> {
    const result = await runCli(['--json', 'plan', ...args], { cwd });
    assert.equal(result.code, 0, result.stderr);
    const plan = jsonLines(result.stdout).find((e) => e.type === 'plan') as unknown as { layout: { tracks: Array<{ path: string }> } };
    return plan.layout.tracks.map((t) => t.path);
  }

  it("expands 'album/**/*.flac' through every folder, sorted naturally folder by folder", async () => {
    assert.deepEqual(await planned(['album/**/*.flac']), ['album/cd1/track2.flac', 'album/cd1/track10.flac', 'album/cd2/extra/bonus.flac', 'album/cd2/track1.flac']);
  });

  it("expands '{cd1,cd2}/*.flac' as braces", async () => {
    assert.deepEqual(await planned(['{cd1,cd2}/*.flac'], join(dir.path, 'album')), ['cd1/track2.flac', 'cd1/track10.flac', 'cd2/track1.flac']);
    assert.deepEqual(await planned(['album/cd1/track{10,2}.flac']), ['album/cd1/track2.flac', 'album/cd1/track10.flac']);
  });

  it('takes parentheses as part of a name, in a folder before the pattern and in the pattern', async () => {
    assert.deepEqual(await planned(['Album (Deluxe)/*.wav']), ['Album (Deluxe)/song (live).wav', 'Album (Deluxe)/song.wav']);
    assert.deepEqual(await planned(['*/*(live).wav']), ['Album (Deluxe)/song (live).wav']);
  });

  it('takes an existing file name literally, even one that reads as a pattern', async () => {
    assert.deepEqual(await planned(['track[1].wav']), ['track[1].wav']);
    assert.deepEqual(await planned(['track[0-9].wav']), ['track1.wav']);
  });

  it('keeps the folders before the pattern as written: absolute, and above the current folder', async () => {
    assert.deepEqual(await planned([join(dir.path, 'album/cd2/*.flac')], '/'), [join(dir.path, 'album/cd2/track1.flac')]);
    assert.deepEqual(await planned(['../other/*.wav'], join(dir.path, 'album')), ['../other/x.wav']);
  });

  it('keeps a pattern that matches nothing, so it is reported missing with exit 3', async () => {
    const result = await runCli(['plan', 'album/**/*.opus'], { cwd: dir.path });
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /album\/\*\*\/\*\.opus/);
  });
});
