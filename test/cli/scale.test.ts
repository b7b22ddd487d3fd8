/** 99 tracks, a full 80-minute disc, and two runs competing for one image or one recorder. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { runCli, type CliResult } from '../helpers/cli.js';
import { buildNative, simulator } from '../helpers/simulator.js';
import { discAudio, tempDir, writeLongTrack, writeTracks } from '../helpers/wav.js';

const exec = promisify(execFile);
const SECTOR = 2352;

describe('scale', () => {
  let dir: { path: string; remove: () => Promise<void> };
  before(async () => (dir = await tempDir()));
  after(() => dir.remove());

  it('writes 99 four-second tracks, which cdrdao reads as 99 tracks', async () => {
    const names = Object.fromEntries(Array.from({ length: 99 }, (_, i) => [`t${String(i + 1).padStart(2, '0')}.wav`, 4]));
    await writeTracks(dir.path, names);
    const result = await runCli(['--image', 'many.cue', '--gap', '0', 't*.wav'], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    const { stdout } = await exec('cdrdao', ['show-toc', 'many.cue'], { cwd: dir.path });
    assert.equal((stdout.match(/TRACK\s+\d+\s+Mode AUDIO/g) ?? []).length, 99);
    assert.equal((await stat(join(dir.path, 'many.bin'))).size, 99 * 300 * SECTOR);
  });

  it('fills an 80-minute disc to the last second', async () => {
    const full = join(dir.path, 'full.wav');
    await writeLongTrack(full, 79 * 60 + 57); // 359,775 sectors + the lead pregap: 75 sectors left
    const result = await runCli(['--image', join(dir.path, 'full.cue'), full]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await stat(join(dir.path, 'full.bin'))).size, 359_775 * SECTOR);
    const over = join(dir.path, 'over.wav');
    await rm(join(dir.path, 'full.bin'));
    await writeLongTrack(over, 80 * 60);
    const refused = await runCli(['plan', over]);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /a 80-minute disc holds 80:00/);
    await rm(over);
    await rm(full);
  });

  it('lets one of two runs writing the same image have it; the other fails at once, nothing corrupted', async () => {
    const long = join(dir.path, 'long.wav');
    await writeLongTrack(long, 240);
    const args = ['--image', join(dir.path, 'same.cue'), long];
    // The order is made explicit: the first run is stopped (SIGSTOP) once it stages, holding the
    // image; the second runs to its end; then the first goes on.
    let second: Promise<CliResult> | undefined;
    const first = runCli(['--json', ...args], {
      onStdout: (child, text) => {
        if (second || !text.includes('"addProgress"')) return;
        child.kill('SIGSTOP');
        second = runCli(args).finally(() => child.kill('SIGCONT'));
      },
    });
    const a = await first;
    const b = await second!;
    const codes = [a.code, b.code].sort();
    assert.deepEqual(codes, [0, 4], `${a.stderr}\n${b.stderr}`);
    assert.match((a.code === 4 ? a : b).stderr, /same\.cue: another burn-audio \(process \d+\) is writing this image/);
    assert.equal((await stat(join(dir.path, 'same.bin'))).size, 240 * 75 * SECTOR);
    await rm(long);
  });

  it('takes over the lock of a run that is gone, one run at a time', async () => {
    const tracks = await writeTracks(dir.path, { 's1.wav': 4 });
    const args = ['--image', join(dir.path, 'stale.cue'), tracks[0]!.path];
    for (let trial = 0; trial < 5; trial += 1) {
      await writeFile(join(dir.path, '.stale.cue.lock'), '999999999'); // no such process
      const results = await Promise.all(Array.from({ length: 4 }, () => runCli(args)));
      const codes = results.map((r) => r.code).sort();
      assert.ok(codes[0] === 0 && codes.every((c) => c === 0 || c === 4), `trial ${trial}: ${codes.join(', ')}`);
      assert.ok(!(await readdir(dir.path)).some((f) => f.startsWith('.stale.cue.lock')), 'no lock left');
    }
  });

  it('lets one of two runs use the recorder; the other is told it is in use', async () => {
    buildNative();
    const tracks = await writeTracks(dir.path, { 'r1.wav': 5, 'r2.wav': 5 });
    const env = await simulator(dir.path, { timeScale: 0.5, recorders: [{ speed: 8 }] });
    const args = ['--json', ...tracks.map((t) => t.path)];
    // The first run is stopped (SIGSTOP) once it stages, holding IMAPI's stash; the second runs
    // to its end; then the first goes on.
    let waiting: Promise<CliResult> | undefined;
    const first = runCli(args, {
      env,
      onStdout: (child, text) => {
        if (waiting || !text.includes('"addProgress"')) return;
        child.kill('SIGSTOP');
        waiting = runCli(args, { env }).finally(() => child.kill('SIGCONT'));
      },
    });
    const done = await first;
    const second = await waiting!;
    assert.equal(second.code, 4, second.stderr);
    assert.match(second.stderr, /another program is using IMAPI's stash file.*IMAPI_E_STASHINUSE/);
    assert.equal(done.code, 0, done.stderr);
    assert.ok((await readFile(join(dir.path, 'disc.raw'))).equals(discAudio(tracks)));
  });
});
