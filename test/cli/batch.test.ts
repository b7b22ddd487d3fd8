import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonLines, runCli } from '../helpers/cli.js';
import { buildNative, simulator } from '../helpers/simulator.js';
import { tempDir, writeTracks } from '../helpers/wav.js';

describe('batches: --copies with --image, records, --log, validation, Ctrl-C while waiting', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let tmp: string;
  let tracks: string[];
  before(async () => {
    buildNative();
    dir = await tempDir();
    tmp = join(dir.path, 'tmp');
    await mkdir(tmp);
    tracks = (await writeTracks(dir.path, { 'a.wav': 4.5, 'b.wav': 5 })).map((t) => t.path);
  });
  after(() => dir.remove());

  /** The batch's temporary CD audio goes to $TMPDIR: the tests look there for leftovers. */
  const env = (extra: Record<string, string> = {}) => ({ TMPDIR: tmp, ...extra });

  it('--copies 3 --image writes NAME-1 to NAME-3, each the same image, from audio read once; one disc record per copy', async () => {
    const out = join(dir.path, 'copies');
    await mkdir(out);
    const result = await runCli(['--json', '--copies', '3', '--image', join(out, 'album.cue'), ...tracks], { env: env() });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual((await readdir(out)).sort(), ['album-1.bin', 'album-1.cdt', 'album-1.cue', 'album-2.bin', 'album-2.cdt', 'album-2.cue', 'album-3.bin', 'album-3.cdt', 'album-3.cue']);
    const single = join(dir.path, 'single.cue');
    assert.equal((await runCli(['--image', single, ...tracks])).code, 0);
    const bin = await readFile(join(dir.path, 'single.bin'));
    for (const n of [1, 2, 3]) {
      assert.ok((await readFile(join(out, `album-${n}.bin`))).equals(bin), `copy ${n} equals a single image`);
      assert.match(await readFile(join(out, `album-${n}.cue`), 'utf8'), new RegExp(`FILE "album-${n}\\.bin" BINARY`));
    }
    const events = jsonLines(result.stdout);
    assert.equal(events.filter((e) => e.type === 'probe').length, 2, 'each track is read once');
    const discs = events.filter((e) => e.type === 'disc');
    assert.deepEqual(discs.map((d) => [d.recorder, d.copy, d.status, d.code, d.message]), [
      [null, 1, 'ok', 0, 'written'],
      [null, 2, 'ok', 0, 'written'],
      [null, 3, 'ok', 0, 'written'],
    ]);
    assert.ok(discs.every((d) => typeof d.seconds === 'number' && 'averageSpeed' in d));
    const batch = events.find((e) => e.type === 'batch');
    assert.equal(batch?.ok, 3);
    assert.equal(batch?.failed, 0);
    assert.ok(events.filter((e) => e.type === 'addProgress').every((e) => e.recorder === null && [1, 2, 3].includes(e.copy as number)), 'progress names its copy');
    assert.deepEqual(await readdir(tmp), [], 'the temporary audio is gone');
  });

  it('--log appends the disc and batch records, one JSON object a line, across runs (without --json too)', async () => {
    const log = join(dir.path, 'burns.ndjson');
    for (const name of ['first', 'second']) {
      const result = await runCli(['--copies', '2', '--log', log, '--image', join(dir.path, `${name}.cue`), ...tracks], { env: env() });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /Batch done in .*: 2 discs burned, 0 failed/);
    }
    const records = jsonLines(await readFile(log, 'utf8'));
    assert.deepEqual(records.map((r) => r.type), ['disc', 'disc', 'batch', 'disc', 'disc', 'batch']);
    assert.deepEqual(records.filter((r) => r.type === 'disc').map((r) => r.copy), [1, 2, 1, 2]);
  });

  it('a --log that can no longer be written (a full disk) is said once; the copies go on and exit 0', { skip: !existsSync('/dev/full') }, async () => {
    const result = await runCli(['--json', '--copies', '2', '--log', '/dev/full', '--image', join(dir.path, 'full.cue'), ...tracks], { env: env() });
    assert.equal(result.code, 0, result.stderr);
    const warnings = jsonLines(result.stdout).filter((e) => e.type === 'warning' && /--log \/dev\/full: a record could not be appended \(ENOSPC\)/.test(String(e.message)));
    assert.equal(warnings.length, 1);
    assert.ok(existsSync(join(dir.path, 'full-1.bin')) && existsSync(join(dir.path, 'full-2.bin')));
  });

  it('a temporary folder that cannot hold the audio for the copies: exit 5 naming it, before any copy is written', async () => {
    const missing = join(dir.path, 'no-such-folder');
    const result = await runCli(['--json', '--copies', '2', '--image', join(dir.path, 'tmpless.cue'), ...tracks], { env: { TMPDIR: missing } });
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /no-such-folder: cannot hold the audio for the copies \(no such folder\); set TMPDIR/);
    assert.ok(!existsSync(join(dir.path, 'tmpless-1.bin')));
  });

  for (const [args, pattern] of [
    [['--copies', '0'], /--copies.*at least 1/],
    [['--copies', '1.5'], /--copies.*whole number/],
    [['--copies', 'three'], /--copies/],
    [['--wait-media=-1'], /--wait-media/],
    [['--wait-media', 'soon'], /--wait-media.*to wait for ever, give --wait-media after the tracks/],
    [['--copies', '2', '-d', '0', '-d', '0'], /-d 0: recorder 0 is given twice/],
    [['--copies', '2', '-d', 'all', '-d', '1'], /-d all/],
    [['--copies', '2', '--log', '/nonexistent-folder/x.ndjson'], /--log \/nonexistent-folder\/x\.ndjson: its folder cannot be written/],
    [['--copies', '2', '--image', 'x.cue', '--wait-media', '5'], /--wait-media applies to a recorder, not to --image/],
    [['--copies', '2', '--image', 'x.cue', '--no-reject'], /--no-reject applies to a recorder/],
  ] as const) {
    it(`refuses ${args.join(' ')} with exit 2, naming the option, before anything is read or recorded`, async () => {
      const callLog = join(dir.path, `calls-${args.join('_').replace(/\W/g, '')}.log`);
      const sim = await simulator(dir.path, { callLog, recorders: [{ media: 'blank-cdr' }, { media: 'blank-cdr' }] }, 'validation.json');
      const result = await runCli(['--json', ...args, ...tracks], { env: env(sim), cwd: dir.path });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, pattern);
      const calls = await readFile(callLog, 'utf8').catch(() => '');
      assert.doesNotMatch(calls, /CreateAudioTrack|RecordDisc/, 'nothing staged or recorded');
      assert.deepEqual(await readdir(tmp), []);
    });
  }

  it('refuses -d with a recorder that is not there with exit 4, as a single burn does, before anything is recorded', async () => {
    const callLog = join(dir.path, 'calls-missing.log');
    const sim = await simulator(dir.path, { callLog, recorders: [{ media: 'blank-cdr' }, { media: 'blank-cdr' }] }, 'validation.json');
    const result = await runCli(['--json', '--copies', '2', '-d', '0', '-d', '5', ...tracks], { env: env(sim), cwd: dir.path });
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /no recorder 5; there are 2 \(0 to 1\)/);
    assert.doesNotMatch(await readFile(callLog, 'utf8').catch(() => ''), /CreateAudioTrack|RecordDisc/);
    assert.deepEqual(await readdir(tmp), []);
  });

  it('Ctrl-C while waiting for a disc: exit 130, an interrupted record, the summary, and nothing left behind', async () => {
    const sim = await simulator(dir.path, { recorders: [{ media: 'none' }] }, 'empty.json');
    let sent = false;
    const result = await runCli(['--json', '--copies', '2', '--wait-media', '--', ...tracks], {
      env: env(sim),
      onStdout: (child, text) => {
        if (!sent && text.includes('"type":"waiting"')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    assert.ok(sent, 'the batch waited for a disc');
    assert.equal(result.code, 130, result.stderr);
    const events = jsonLines(result.stdout);
    const waiting = events.find((e) => e.type === 'waiting');
    assert.deepEqual(waiting, { type: 'waiting', copy: 1, media: 'a blank CD-R or CD-RW', seconds: null, recorder: 0 });
    const disc = events.find((e) => e.type === 'disc');
    assert.equal(disc?.status, 'interrupted');
    assert.equal(disc?.code, 130);
    assert.deepEqual(events.find((e) => e.type === 'batch') && { ok: 0, failed: 1 }, { ok: 0, failed: 1 });
    assert.match(String(events.at(-1)?.message), /interrupted by SIGINT; the batch stopped; recorder 0: was waiting for a blank disc for copy 1: nothing was written/);
    assert.deepEqual(await readdir(tmp), [], 'the temporary audio is gone');
  });

  it('--wait-media 0 fails at once on an empty recorder; --no-reject refuses a used disc instead of ejecting it', async () => {
    const empty = await simulator(dir.path, { recorders: [{ media: 'none' }] }, 'empty0.json');
    const none = await runCli(['--json', '--wait-media', '0', ...tracks], { env: env(empty) });
    assert.equal(none.code, 4, none.stderr);
    assert.match(none.stderr, /no disc in the recorder/);
    const callLog = join(dir.path, 'used-calls.log');
    const used = await simulator(dir.path, { callLog, recorders: [{ media: 'used-cdr' }] }, 'used.json');
    const refused = await runCli(['--json', '--copies', '1', '--wait-media', '30', '--no-reject', ...tracks], { env: env(used) });
    assert.equal(refused.code, 4, refused.stderr);
    assert.match(refused.stderr, /the disc is not blank/);
    assert.doesNotMatch(await readFile(callLog, 'utf8'), /^Eject/m, 'the disc was not ejected');
    assert.deepEqual(await readdir(tmp), []);
  });

  it('--help lists exit code 6', async () => {
    const result = await runCli(['--help']);
    assert.match(result.stdout, /6 a batch burned some discs\s+and failed others/);
  });
});
