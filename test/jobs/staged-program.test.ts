import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ProbedTrack } from '../../src/audio/probe.js';
import type { DiscLayout } from '../../src/disc/layout.js';
import { stageOnce } from '../../src/jobs/staged-audio.js';
import { planTracks } from '../../src/jobs/plan.js';
import { stagedProgram } from '../../src/jobs/staged-program.js';
import { gatherInputs } from '../../src/inputs/gather.js';
import { RECORDERS } from '../../src/recorders/capabilities.js';
import type { ExpectedProgram } from '../../src/verify/reader.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTracks } from '../helpers/wav.js';

const SECTOR = 2352;

async function collect(program: ExpectedProgram, lba: number, sectors = Infinity): Promise<Buffer> {
  const pieces: Buffer[] = [];
  let left = sectors;
  for await (const piece of program.sectors(lba)) {
    // Copied: a piece is valid until the next one is asked for.
    pieces.push(Buffer.from(piece.subarray(0, Math.min(piece.length, left * SECTOR))));
    left -= piece.length / SECTOR;
    if (left <= 0) break;
  }
  return Buffer.concat(pieces);
}

describe('the program area as the session stages it', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let layout: DiscLayout;
  let probed: ProbedTrack[];
  let bin: Buffer;
  before(async () => {
    dir = await tempDir();
    await writeTracks(dir.path, { 'a.wav': 3.3, 'b.wav': 5 });
    // A cue sheet with audio in the gap before track 2 and a hidden track before track 1.
    const sheet = 'FILE "a.wav" WAVE\n  TRACK 01 AUDIO\n    INDEX 00 00:00:00\n    INDEX 01 00:01:00\n  TRACK 02 AUDIO\n    INDEX 00 00:02:00\n    INDEX 01 00:02:50\nFILE "b.wav" WAVE\n  TRACK 03 AUDIO\n    INDEX 01 00:00:00\n';
    await writeFile(join(dir.path, 'album.cue'), sheet);
    const made = await runCli(['--image', 'disc.cue', 'album.cue', 'b.wav'], { cwd: dir.path });
    assert.equal(made.code, 0, made.stderr);
    bin = await readFile(join(dir.path, 'disc.bin'));
    const inputs = await gatherInputs([join(dir.path, 'album.cue'), join(dir.path, 'b.wav')], { null: false });
    ({ layout, probed } = await planTracks(inputs, { gap: 150, capacity: 80, strict: false, null: false }, () => {}, new AbortController().signal, RECORDERS.image));
  });
  after(() => dir.remove());

  it('is the BIN that --image writes, sector for sector', async () => {
    assert.ok((await collect(stagedProgram(layout, probed), 0)).equals(bin));
  });

  it('starts at any sector, staging from the track whose staging holds it, and stops when asked', async () => {
    const program = stagedProgram(layout, probed);
    for (const lba of [1, layout.tracks[1]!.start - 10, layout.tracks[3]!.start + 7]) {
      assert.ok((await collect(program, lba, 20)).equals(bin.subarray(lba * SECTOR, (lba + 20) * SECTOR)), `from ${lba}`);
    }
  });

  it('is the same from the audio a batch staged once', async () => {
    const staged = await stageOnce(layout, probed, new AbortController().signal, () => {});
    try {
      assert.ok((await collect(stagedProgram(layout, staged), 0)).equals(bin));
      const lba = layout.tracks[2]!.start + 3;
      assert.ok((await collect(stagedProgram(layout, staged), lba, 5)).equals(bin.subarray(lba * SECTOR, (lba + 5) * SECTOR)));
    } finally {
      await staged.remove();
    }
  });
});
