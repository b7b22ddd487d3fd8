/**
 * Batches on the IMAPI simulator's recorders, through the CLI: discs one after another, several
 * recorders at once (each in a worker process), faults on one disc, a recorder that goes, Ctrl-C.
 * Parallel recording is proved with the simulator's pauseAtBlock files, not with timing.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { jsonLines, runCli } from '../helpers/cli.js';
import { onScreen } from '../helpers/screen.js';
import { buildNative, simulator, type SimConfig } from '../helpers/simulator.js';
import { discAudio, tempDir, writeTracks } from '../helpers/wav.js';

/** Burns paused on files: should a pause never be reached (or never shown), fail instead of waiting for ever. */
const PAUSED_TIMEOUT_MS = 120_000;

describe('batches on recorders (IMAPI simulator, a worker process per recorder)', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let tracks: Array<{ path: string; audio: Buffer }>;
  let expected: Buffer;
  let runs = 0;
  before(async () => {
    buildNative();
    dir = await tempDir();
    tracks = await writeTracks(dir.path, { 'a.wav': 4.5, 'b.wav': 6 });
    expected = discAudio(tracks);
  });
  after(() => dir.remove());

  /** A folder of its own per run: the simulator keeps each drive's state beside its configuration. */
  async function setup(config: SimConfig): Promise<{ path: string; tmp: string; env: Record<string, string> }> {
    const path = join(dir.path, `run-${(runs += 1)}`);
    const tmp = join(path, 'tmp');
    await mkdir(tmp, { recursive: true });
    const callLog = config.callLog === undefined ? {} : { callLog: join(path, config.callLog) };
    const sim = await simulator(path, { discOut: join(path, 'disc-{recorder}-{disc}.raw'), ...config, ...callLog });
    return { path, tmp, env: { ...sim, TMPDIR: tmp } };
  }

  async function recorded(path: string): Promise<string[]> {
    return (await readdir(path)).filter((name) => name.endsWith('.raw')).sort();
  }

  /** Resolves once every file exists: the simulator creates them when a burn reaches its pause. */
  async function whenAll(files: string[]): Promise<void> {
    while (!files.every((file) => existsSync(file))) await sleep(20);
  }

  it('3 copies on one recorder with a used disc in between: the used disc is ejected and skipped, 3 discs equal the input', async () => {
    const run = await setup({ callLog: 'calls.log', recorders: [{ discs: ['blank-cdr', 'used-cdr', 'blank-cdr', 'blank-cdr'] }] });
    const result = await runCli(['--json', '--copies', '3', ...tracks.map((t) => t.path)], { env: run.env, cwd: run.path });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await recorded(run.path), ['disc-0-1.raw', 'disc-0-2.raw', 'disc-0-3.raw']);
    for (const disc of await recorded(run.path)) assert.ok((await readFile(join(run.path, disc))).equals(expected), `${disc} equals the input`);
    const events = jsonLines(result.stdout);
    assert.deepEqual(
      events.filter((e) => e.type === 'disc').map((e) => [e.recorder, e.copy, e.status, e.code]),
      [[0, 1, 'ok', 0], [0, 2, 'ok', 0], [0, 3, 'ok', 0]],
    );
    assert.ok(events.some((e) => e.type === 'warning' && /the disc in it \(used CD-R\) is not blank; it is ejected/.test(String(e.message)) && e.recorder === 0 && e.copy === 2));
    assert.deepEqual(events.at(-1) && { type: events.at(-1)!.type, ok: events.at(-1)!.ok, failed: events.at(-1)!.failed }, { type: 'batch', ok: 3, failed: 0 });
    assert.equal(events.filter((e) => e.type === 'probe').length, 2, 'each track is read once');
    assert.ok(events.filter((e) => e.type === 'addProgress' || e.type === 'trackProgress').every((e) => e.recorder === 0), 'each progress record names its recorder');
    const calls = await readFile(join(run.path, 'calls.log'), 'utf8');
    assert.equal(calls.match(/^RecordDisc simulate=0 eject=1/gm)?.length, 3, 'each disc is ejected when recorded');
    assert.deepEqual(await readdir(run.tmp), [], 'the temporary audio is gone');
  });

  it('4 copies on 2 recorders (-d all): 2 discs each, recorded in parallel, each disc equal to the input', { timeout: PAUSED_TIMEOUT_MS }, async () => {
    // Every burn pauses inside RecordDisc until the test lets that recorder's disc go on.
    const file = (r: number, disc: number, what: string) => join(dir.path, `parallel-${r}-${disc}.${what}`);
    const run = await setup({
      recorders: [0, 1].map(() => ({
        discs: ['blank-cdr', 'blank-cdr', 'blank-cdr', 'blank-cdr'],
        pauseAtBlock: { block: 200, reached: join(dir.path, 'parallel-{recorder}-{disc}.reached'), resume: join(dir.path, 'parallel-{recorder}-{disc}.go') },
      })),
    });
    // Both first discs paused at once: both recorders were recording at the same time. Then both
    // second discs: while each recorder is held in its second disc, the other cannot take a copy
    // from it, so each burns exactly 2 of the 4.
    const released = (async () => {
      for (const disc of [1, 2]) {
        await whenAll([0, 1].map((r) => file(r, disc, 'reached')));
        for (const r of [0, 1]) await writeFile(file(r, disc, 'go'), '');
      }
    })();
    const result = await runCli(['--json', '--copies', '4', '-d', 'all', ...tracks.map((t) => t.path)], { env: run.env });
    await released;
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await recorded(run.path), ['disc-0-1.raw', 'disc-0-2.raw', 'disc-1-1.raw', 'disc-1-2.raw']);
    for (const disc of await recorded(run.path)) assert.ok((await readFile(join(run.path, disc))).equals(expected), `${disc} equals the input`);
    const records = jsonLines(result.stdout).filter((e) => e.type === 'disc');
    assert.deepEqual(records.map((e) => e.copy).sort(), [1, 2, 3, 4]);
    assert.ok(records.every((e) => e.status === 'ok'));
    for (const r of [0, 1]) assert.equal(records.filter((e) => e.recorder === r).length, 2, `recorder ${r} burned 2 copies`);
    assert.deepEqual(await readdir(run.tmp), []);
  });

  it('XP IMAPI: one recorder in use at a time, so 2 recorders take turns (2 discs each), with a warning saying why', async () => {
    const run = await setup({ windows: 'xp', recorders: [0, 1].map(() => ({ discs: ['blank-cdr', 'blank-cdr'] })) });
    const result = await runCli(['--json', '--copies', '4', '-d', '0', '-d', '1', ...tracks.map((t) => t.path)], { env: run.env });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await recorded(run.path), ['disc-0-1.raw', 'disc-0-2.raw', 'disc-1-1.raw', 'disc-1-2.raw']);
    const events = jsonLines(result.stdout);
    assert.deepEqual(events.filter((e) => e.type === 'disc').map((e) => [e.recorder, e.copy]), [[0, 1], [1, 2], [0, 3], [1, 4]]);
    assert.ok(events.some((e) => e.type === 'warning' && /only one recorder on the system be used at a time, so the 2 recorders take turns/.test(String(e.message))));
  });

  it('--simulate over modern IMAPI: each copy is a dry run on the disc in the drive (staged, cleared, never recorded or ejected)', async () => {
    const run = await setup({ callLog: 'calls.log', recorders: [{ discs: ['blank-cdr'] }] });
    const result = await runCli(['--json', '--copies', '2', '--simulate', ...tracks.map((t) => t.path)], { env: run.env });
    assert.equal(result.code, 0, result.stderr);
    const discs = jsonLines(result.stdout).filter((e) => e.type === 'disc');
    assert.deepEqual(discs.map((e) => [e.copy, e.status, e.message]), [
      [1, 'ok', 'dry run: staged and cleared, nothing recorded'],
      [2, 'ok', 'dry run: staged and cleared, nothing recorded'],
    ]);
    const calls = await readFile(join(run.path, 'calls.log'), 'utf8');
    assert.doesNotMatch(calls, /^(RecordDisc|Eject)/m);
    assert.equal(calls.match(/^CreateAudioTrack/gm)?.length, 4, 'each copy staged its 2 tracks');
    assert.deepEqual(await recorded(run.path), []);
  });

  it('a copy that fails before recording: its disc is ejected and the next copy burns on the next blank', async () => {
    const run = await setup({
      callLog: 'calls.log',
      recorders: [{ discs: [{ media: 'blank-cdr', faults: { fail: { method: 'AddAudioTrackBlocks', hresult: '0x8004020E' } } }, 'blank-cdr', 'blank-cdr'] }],
    });
    const result = await runCli(['--json', '--copies', '3', ...tracks.map((t) => t.path)], { env: run.env });
    assert.equal(result.code, 6, result.stderr);
    const discs = jsonLines(result.stdout).filter((e) => e.type === 'disc');
    assert.deepEqual(discs.map((e) => [e.copy, e.status]), [[1, 'failed'], [2, 'ok'], [3, 'ok']]);
    assert.deepEqual(await recorded(run.path), ['disc-0-1.raw', 'disc-0-2.raw']);
    const calls = await readFile(join(run.path, 'calls.log'), 'utf8');
    assert.equal(calls.match(/^Eject/gm)?.length, 1, 'the disc copy 1 failed on was ejected');
    assert.deepEqual(await readdir(run.tmp), []);
  });

  it('a fault on one copy: that disc is a failed record, the batch goes on to the next disc, exit 6', async () => {
    const run = await setup({ recorders: [{ discs: ['blank-cdr', { media: 'blank-cdr', faults: { lossOfStreamingAtBlock: 600 } }, 'blank-cdr'] }] });
    const result = await runCli(['--json', '--copies', '3', ...tracks.map((t) => t.path)], { env: run.env });
    assert.equal(result.code, 6, result.stderr);
    const events = jsonLines(result.stdout);
    const discs = events.filter((e) => e.type === 'disc');
    assert.deepEqual(discs.map((e) => [e.copy, e.status, e.code]), [[1, 'ok', 0], [2, 'failed', 5], [3, 'ok', 0]]);
    assert.match(String(discs[1]!.message), /IMAPI_E_GENERIC/);
    assert.equal(discs[1]!.averageSpeed, null);
    assert.deepEqual(await recorded(run.path), ['disc-0-1.raw', 'disc-0-2.raw'], 'two discs recorded; the failed one is not counted');
    assert.deepEqual(events.find((e) => e.type === 'batch') && { ok: 2, failed: 1 }, { ok: 2, failed: 1 });
    assert.deepEqual(events.at(-1), { type: 'error', code: 6, message: '1 of 3 discs failed (see the disc records)' });
    assert.deepEqual(await readdir(run.tmp), []);
  });

  it('--stop-on-error: no copy is started after the first failure', async () => {
    const run = await setup({ recorders: [{ discs: ['blank-cdr', { media: 'blank-cdr', faults: { lossOfStreamingAtBlock: 600 } }, 'blank-cdr'] }] });
    const result = await runCli(['--json', '--copies', '3', '--stop-on-error', ...tracks.map((t) => t.path)], { env: run.env });
    assert.equal(result.code, 6, result.stderr);
    const events = jsonLines(result.stdout);
    assert.deepEqual(events.filter((e) => e.type === 'disc').map((e) => [e.copy, e.status]), [[1, 'ok'], [2, 'failed']]);
    assert.match(String(events.at(-1)!.message), /1 of 2 discs failed .*; 1 more copy was not started/);
  });

  it('--stop-on-error on 2 recorders: a copy still waiting for a disc on the other recorder is not started, and the batch ends', { timeout: PAUSED_TIMEOUT_MS }, async () => {
    const reached = join(dir.path, 'stop-0.reached');
    const resume = join(dir.path, 'stop-0.go');
    const run = await setup({
      recorders: [
        { discs: [{ media: 'blank-cdr', faults: { lossOfStreamingAtBlock: 600 } }], pauseAtBlock: { block: 100, reached, resume } },
        { discs: ['blank-cdr'] },
      ],
    });
    // Recorder 0 is held inside its burn until recorder 1, its one disc burned, waits for a disc for copy 3; then it fails.
    let released = false;
    let seen = '';
    const result = await runCli(['--json', '--copies', '3', '--stop-on-error', '-d', 'all', ...tracks.map((t) => t.path)], {
      env: run.env,
      onStdout: (_child, text) => {
        seen += text;
        const lines = seen.split('\n').slice(0, -1).map((line) => JSON.parse(line) as Record<string, unknown>);
        if (released || !lines.some((e) => e.type === 'waiting' && e.recorder === 1 && e.copy === 3)) return;
        released = true;
        writeFileSync(resume, '');
      },
    });
    assert.ok(released, 'recorder 1 waited for a disc for copy 3');
    assert.equal(result.code, 6, result.stderr);
    const events = jsonLines(result.stdout);
    assert.deepEqual(events.filter((e) => e.type === 'disc').map((e) => [e.recorder, e.copy, e.status]), [[1, 2, 'ok'], [0, 1, 'failed']]);
    assert.match(String(events.at(-1)!.message), /1 of 2 discs failed .*; 1 more copy was not started/);
    assert.ok(existsSync(reached));
    assert.deepEqual(await readdir(run.tmp), []);
  });

  it('a recorder that goes leaves the others burning; when no disc is burned the exit code is the failure\'s', async () => {
    const run = await setup({
      recorders: [{ discs: [{ media: 'blank-cdr', faults: { removedAtBlock: 300 } }] }, { discs: ['blank-cdr', 'blank-cdr', 'blank-cdr'] }],
    });
    const result = await runCli(['--json', '--copies', '4', '-d', 'all', ...tracks.map((t) => t.path)], { env: run.env });
    assert.equal(result.code, 6, result.stderr);
    const discs = jsonLines(result.stdout).filter((e) => e.type === 'disc');
    assert.deepEqual(discs.filter((e) => e.recorder === 0).map((e) => [e.copy, e.status, e.code]), [[1, 'failed', 4]]);
    assert.deepEqual(discs.filter((e) => e.recorder === 1).map((e) => e.status), ['ok', 'ok', 'ok']);
    assert.deepEqual(await recorded(run.path), ['disc-1-1.raw', 'disc-1-2.raw', 'disc-1-3.raw']);

    const alone = await setup({ recorders: [{ discs: [{ media: 'blank-cdr', faults: { lossOfStreamingAtBlock: 600 } }] }] });
    const none = await runCli(['--json', '--copies', '1', ...tracks.map((t) => t.path)], { env: alone.env });
    assert.equal(none.code, 5, none.stderr);
  });

  it('Ctrl-C while 2 recorders record: each is stopped, each disc is said to be probably unusable, the summary, exit 130', { timeout: PAUSED_TIMEOUT_MS }, async () => {
    for (const mode of ['json', 'plain'] as const) {
      const resume = join(dir.path, 'never.go');
      const reached = [0, 1].map((r) => join(dir.path, `interrupt-${mode}-${r}.reached`));
      const run = await setup({ recorders: [0, 1].map((r) => ({ discs: ['blank-cdr', 'blank-cdr'], pauseAtBlock: { block: 200, reached: reached[r]!, resume } })) });
      let sent = false;
      let watching = false;
      const result = await runCli([...(mode === 'json' ? ['--json'] : []), '--copies', '2', '-d', 'all', ...tracks.map((t) => t.path)], {
        env: run.env,
        [mode === 'json' ? 'onStdout' : 'onStderr']: (child: { kill: (signal: NodeJS.Signals) => boolean }) => {
          if (watching) return;
          watching = true;
          void whenAll(reached).then(() => {
            sent = true;
            child.kill('SIGINT');
          });
        },
      });
      assert.ok(sent);
      assert.equal(result.code, 130, result.stderr);
      assert.deepEqual(await recorded(run.path), []);
      assert.deepEqual(await readdir(run.tmp), []);
      if (mode === 'plain') {
        for (const r of [0, 1]) assert.match(result.stderr, new RegExp(`recorder ${r}: copy \\d was being recorded: that disc is probably unusable`));
        assert.match(result.stderr, /Batch stopped after .*: 0 discs burned, 2 failed/);
        continue;
      }
      const events = jsonLines(result.stdout);
      const discs = events.filter((e) => e.type === 'disc');
      assert.deepEqual(discs.map((e) => [e.status, e.code]), [['interrupted', 130], ['interrupted', 130]]);
      const message = String(events.at(-1)!.message);
      for (const [r, copy] of discs.map((e) => [e.recorder, e.copy])) {
        assert.ok(message.includes(`recorder ${r}: copy ${copy} was being recorded: that disc is probably unusable`), message);
      }
      assert.deepEqual(events.find((e) => e.type === 'batch') && { ok: 0, failed: 2 }, { ok: 0, failed: 2 });
    }
  });

  it('the terminal shows one group of bars per recorder (80 columns, through a terminal emulator)', { timeout: PAUSED_TIMEOUT_MS }, async () => {
    const resume = join(dir.path, 'screen.go');
    const run = await setup({ recorders: [0, 1].map((r) => ({ discs: ['blank-cdr'], pauseAtBlock: { block: 200, reached: join(dir.path, `screen-${r}.reached`), resume } })) });
    const both = (screen: string[]): boolean => {
      const shown = [0, 1].every((r) => screen.some((line) => line.startsWith(`Recorder ${r} · copy `))) && screen.filter((line) => / Recording track \d of 2/.test(line)).length === 2;
      if (shown) writeFileSync(resume, '');
      return shown;
    };
    const result = await onScreen(['--copies', '2', '-d', 'all', ...tracks.map((t) => t.path)], { cols: 80, rows: 30, env: run.env, dir: run.path, snapshot: both });
    assert.equal(result.code, 0, result.rows.join('\n'));
    const [screen] = result.snapshots;
    assert.ok(screen, `both recorders were shown recording:\n${result.rows.join('\n')}`);
    const text = screen.join('\n');
    for (const r of [0, 1]) {
      const head = screen.findIndex((line) => line.startsWith(`Recorder ${r} · copy `));
      assert.match(screen[head + 1]!, / Recording track \d of 2 .*\d+%/, `recorder ${r}'s disc bar under its heading\n${text}`);
      assert.ok(screen.slice(head + 3, head + 5).every((line) => /^ [✔▶ ] 0[12] /.test(line)), `recorder ${r}'s track rows\n${text}`);
    }
    assert.ok(screen.every((line) => line.length <= 80));
    assert.ok(result.rows.some((line) => /^✔ recorder 0: copy \d recorded in/.test(line)));
    assert.ok(result.rows.some((line) => /^✔ recorder 1: copy \d recorded in/.test(line)));
    assert.ok(result.rows.some((line) => /^✔ Batch done in .*: 2 discs burned, 0 failed/.test(line)));
  });
});
