import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ImageReader } from '../../src/verify/image-reader.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTracks } from '../helpers/wav.js';

describe('the image reader\'s CD-TEXT', () => {
  let dir: { path: string; remove: () => Promise<void> };
  before(async () => {
    dir = await tempDir();
    await writeTracks(dir.path, { 'a.wav': 5, 'b.wav': 5 });
  });
  after(() => dir.remove());

  it('gives the packs of the image\'s .cdt, and none for an image without one', async () => {
    await writeFile(join(dir.path, 'text.cue'), 'TITLE "Album"\nFILE "a.wav" WAVE\n  TRACK 01 AUDIO\n    TITLE "One"\n    INDEX 01 00:00:00\nFILE "b.wav" WAVE\n  TRACK 02 AUDIO\n    INDEX 01 00:00:00\n');
    for (const args of [['texted.cue', 'text.cue'], ['plain.cue', 'a.wav', 'b.wav']]) {
      const made = await runCli(['--image', ...args], { cwd: dir.path });
      assert.equal(made.code, 0, made.stderr);
    }
    await rm(join(dir.path, 'plain.cdt'));
    const texted = await ImageReader.open(join(dir.path, 'texted.cue'));
    const plain = await ImageReader.open(join(dir.path, 'plain.cue'));
    try {
      const packs = await texted.cdText();
      assert.ok(packs && packs.equals((await readFile(join(dir.path, 'texted.cdt'))).subarray(4)));
      assert.equal(packs.length % 18, 0);
      assert.equal(await plain.cdText(), undefined);
    } finally {
      await texted.close();
      await plain.close();
    }
  });
});
