/**
 * `--verify`: a burn read back once it is written, through the CLI. Here an image (read back
 * from the files just written); the recorders, through the simulator, in verify-drive.test.ts.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sourceChecksums } from '../helpers/checksums.js';
import { jsonLines, runCli } from '../helpers/cli.js';
import { tempDir, writeTracks } from '../helpers/wav.js';

type Verified = { verified: boolean; name: string; offset: { samples: number }; tracks: Array<{ number: number; status: string; crc32: string; crc32NoNulls: string; accurateRipV1: string; accurateRipV2: string }> };

describe('--verify with --image: the image just written read back', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let tracks: Array<{ path: string; audio: Buffer }>;
  before(async () => {
    dir = await tempDir();
    tracks = await writeTracks(dir.path, { 'one.wav': 5.01, 'two.wav': 6.3, 'three.wav': 4.5 });
  });
  after(() => dir.remove());

  it('reads the image back after writing it and says it is verified, with checksums that match the sources', async () => {
    const result = await runCli(['--json', '--image', 'disc.cue', '--verify', ...tracks.map((t) => t.path)], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    const events = jsonLines(result.stdout);
    const types = events.map((e) => e.type);
    // Written first, then read back: the result of the writing stands whatever the reading finds.
    assert.ok(types.indexOf('done') < types.indexOf('verifyProgress'), types.join(' '));
    assert.equal(types.at(-1), 'verified');
    const verified = events.at(-1) as unknown as Verified;
    assert.equal(verified.verified, true);
    assert.equal(verified.name, 'image disc.cue');
    assert.equal(verified.offset.samples, 0);
    const expected = sourceChecksums(tracks, 150);
    assert.deepEqual(verified.tracks.map(({ crc32, crc32NoNulls, accurateRipV1, accurateRipV2 }) => ({ crc32, crc32NoNulls, accurateRipV1, accurateRipV2 })), expected);
    // The staged copy kept for the reading is gone afterwards.
    assert.deepEqual((await readFile(join(dir.path, 'disc.cue'), 'latin1')).match(/TRACK \d\d/g), ['TRACK 01', 'TRACK 02', 'TRACK 03']);
  });

  it('plain output says it is verified, after what was written', async () => {
    const result = await runCli(['--image', 'plain.cue', '--verify', '--gap', '0', ...tracks.map((t) => t.path)], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stderr.split('\n');
    const wrote = lines.findIndex((line) => line.startsWith('Wrote plain.cue'));
    const verified = lines.indexOf('Verified image plain.cue: every sample reads back as staged');
    assert.ok(wrote >= 0 && verified > wrote, result.stderr);
    assert.ok(lines.some((line) => line.startsWith('Verifying track 3 of 3: three')), result.stderr);
    const expected = sourceChecksums(tracks, 0);
    for (const [i, sums] of expected.entries()) {
      assert.ok(lines.includes(`  track ${i + 1}: exact; CRC32 ${sums.crc32} (without null samples ${sums.crc32NoNulls}), AccurateRip v1 ${sums.accurateRipV1}, v2 ${sums.accurateRipV2}`), result.stderr);
    }
  });

  it('--copies reads each image back; each disc record says verify ok', async () => {
    const result = await runCli(['--json', '--copies', '2', '--image', 'copy.cue', '--verify', ...tracks.map((t) => t.path)], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    const discs = jsonLines(result.stdout).filter((e) => e.type === 'disc');
    assert.deepEqual(discs.map((d) => [d.copy, d.status, d.verify, d.message]), [
      [1, 'ok', 'ok', 'written and verified: every sample reads back as staged'],
      [2, 'ok', 'ok', 'written and verified: every sample reads back as staged'],
    ]);
    assert.equal(jsonLines(result.stdout).filter((e) => e.type === 'verified').length, 2);
  });

  it('--simulate writes nothing, so --verify reads nothing: a warning says so; a batch says verify skipped', async () => {
    const one = await runCli(['--image', 'sim.cue', '--simulate', '--verify', tracks[0]!.path], { cwd: dir.path });
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stderr, /^warning: --simulate records nothing, so --verify has nothing to read back: the disc is not verified$/m);
    assert.doesNotMatch(one.stderr, /Verif/);
    const batch = await runCli(['--json', '--copies', '2', '--image', 'sim.cue', '--simulate', '--verify', tracks[0]!.path], { cwd: dir.path });
    assert.equal(batch.code, 0, batch.stderr);
    assert.deepEqual(jsonLines(batch.stdout).filter((e) => e.type === 'disc').map((d) => d.verify), ['skipped', 'skipped']);
  });

  it('verify takes a drive or an image, not both', async () => {
    const result = await runCli(['verify', '-d', '1', '--image', 'disc.cue', tracks[0]!.path], { cwd: dir.path });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: --device applies to a recorder, not to --image$/m);
  });
});
