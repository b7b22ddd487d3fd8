/** 99 tracks, a full 80-minute disc, and two runs competing for one image or one recorder. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { pausedAt, runCli, type CliOptions, type CliResult } from '../helpers/cli.js';
import { untilCreated } from '../helpers/shim.js';
import { buildNative, simulator } from '../helpers/simulator.js';
import { TERMINALS } from '../helpers/terminals.js';
import { discAudio, tempDir, writeLongTrack, writeTracks } from '../helpers/wav.js';

const exec = promisify(execFile);
const SECTOR = 2352;

/**
 * Runs `other` to its end while the first run is held (BURN_AUDIO_PAUSE, or the simulator's
 * pauseAtBlock, until `resume` exists), from the moment `held` resolves; then lets the first go
 * on: an order that does not depend on timing.
 */
async function whileHeld(first: Promise<CliResult>, held: Promise<void>, resume: string, other: () => Promise<CliResult>): Promise<{ first: CliResult; second: CliResult }> {
  await held;
  const second = await other();
  await writeFile(resume, '');
  return { first: await first, second };
}

type Cli = (args: string[], options?: CliOptions) => Promise<CliResult>;

for (const term of TERMINALS) {
  describe(`scale (${term.name})`, () => {
    /** The CLI, on this kind of terminal. */
    const cli: Cli = (args, options = {}) => runCli(args, { ...options, env: { TERM: term.TERM, ...options.env } });
    let dir: { path: string; remove: () => Promise<void> };
    before(async () => (dir = await tempDir()));
    after(() => dir.remove());

    it('writes 99 four-second tracks, which cdrdao reads as 99 tracks', async () => {
      const names = Object.fromEntries(Array.from({ length: 99 }, (_, i) => [`t${String(i + 1).padStart(2, '0')}.wav`, 4]));
      await writeTracks(dir.path, names);
      const result = await cli(['--image', 'many.cue', '--gap', '0', 't*.wav'], { cwd: dir.path });
      assert.equal(result.code, 0, result.stderr);
      if (!term.unicode) assert.match(result.stderr, /^[\x20-\x7e\n]+$/, 'only ASCII where the terminal cannot show Unicode');
      const { stdout } = await exec('cdrdao', ['show-toc', 'many.cue'], { cwd: dir.path });
      assert.equal((stdout.match(/TRACK\s+\d+\s+Mode AUDIO/g) ?? []).length, 99);
      assert.equal((await stat(join(dir.path, 'many.bin'))).size, 99 * 300 * SECTOR);
    });

    it('fills an 80-minute disc to the last second', async () => {
      const full = join(dir.path, 'full.wav');
      await writeLongTrack(full, 79 * 60 + 57); // 359,775 sectors + the lead pregap: 75 sectors left
      const result = await cli(['--image', join(dir.path, 'full.cue'), full]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal((await stat(join(dir.path, 'full.bin'))).size, 359_775 * SECTOR);
      const over = join(dir.path, 'over.wav');
      await rm(join(dir.path, 'full.bin'));
      await writeLongTrack(over, 80 * 60);
      const refused = await cli(['plan', over]);
      assert.equal(refused.code, 3);
      assert.match(refused.stderr, /a 80-minute disc holds 80:00/);
      await rm(over);
      await rm(full);
    });

    it('lets one of two runs writing the same image have it; the other fails at once, nothing corrupted', async () => {
      const long = join(dir.path, 'long.wav');
      await writeLongTrack(long, 240);
      const args = ['--json', '--image', join(dir.path, 'same.cue'), long];
      // The first run is held once it is writing (after its first addProgress), so it holds the image while the second starts.
      const resume = join(dir.path, 'same.resume');
      let writing: () => void;
      const held = new Promise<void>((resolve) => (writing = resolve));
      const run = cli(args, { env: pausedAt('staging', resume), onStdout: (_, text) => text.includes('"addProgress"') && writing() });
      const { first, second } = await whileHeld(run, held, resume, () => cli(args));
      assert.equal(second.code, 4, second.stderr);
      assert.match(second.stderr, /same\.cue: another burn-audio \(process \d+\) is writing this image/);
      assert.equal(first.code, 0, first.stderr);
      assert.equal((await stat(join(dir.path, 'same.bin'))).size, 240 * 75 * SECTOR);
      await rm(long);
    });

    it('takes over the lock of a run that is gone, one run at a time', async () => {
      const tracks = await writeTracks(dir.path, { 's1.wav': 4 });
      const args = ['--image', join(dir.path, 'stale.cue'), tracks[0]!.path];
      for (let trial = 0; trial < 5; trial += 1) {
        await writeFile(join(dir.path, '.stale.cue.lock'), '999999999'); // no such process
        const results = await Promise.all(Array.from({ length: 4 }, () => cli(args)));
        const codes = results.map((r) => r.code).sort();
        assert.ok(codes[0] === 0 && codes.every((c) => c === 0 || c === 4), `trial ${trial}: ${codes.join(', ')}`);
        assert.ok(!(await readdir(dir.path)).some((f) => f.startsWith('.stale.cue.lock')), 'no lock left');
      }
    });

    it('on XP lets one of two runs use IMAPI; the other is told the stash is in use', async () => {
      buildNative();
      const tracks = await writeTracks(dir.path, { 'r1.wav': 5, 'r2.wav': 5 });
      const pauseAtBlock = { block: 300, reached: join(dir.path, 'stash.reached'), resume: join(dir.path, 'stash.resume') };
      const env = await simulator(dir.path, { windows: 'xp', recorders: [{ pauseAtBlock }] });
      const args = ['--json', ...tracks.map((t) => t.path)];
      // The first run is held while it records, holding IMAPI's stash, while the second tries.
      // (On modern Windows IMAPI v1 has no shared stash: test/recorders/imapi/concurrency.test.ts.)
      const run = cli(args, { env });
      const { first: done, second } = await whileHeld(run, untilCreated([pauseAtBlock.reached], [run]), pauseAtBlock.resume, () => cli(args, { env }));
      assert.equal(second.code, 4, second.stderr);
      assert.match(second.stderr, /another program is using IMAPI's stash file.*IMAPI_E_STASHINUSE/);
      assert.equal(done.code, 0, done.stderr);
      assert.ok((await readFile(join(dir.path, 'disc.raw'))).equals(discAudio(tracks)));
    });
  });
}
