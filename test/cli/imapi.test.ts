import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SECTOR_BYTES as SECTOR } from '../../src/disc/red-book.js';
import { after, before, describe, it } from 'node:test';
import { jsonLines, pausedAt, runCli } from '../helpers/cli.js';
import { untilCreated } from '../helpers/shim.js';
import { buildNative, simulator, type SimConfig } from '../helpers/simulator.js';
import { discAudio, tempDir, writeLongTrack, writeTracks } from '../helpers/wav.js';




describe('burning through IMAPI (ffi-rs → shim → IMAPI simulator)', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let tracks: Array<{ path: string; audio: Buffer }>;
  let disc: string;
  before(async () => {
    buildNative();
    dir = await tempDir();
    tracks = await writeTracks(dir.path, { 'a.wav': 6.5, 'b.wav': 2, 'c.wav': 5 });
    disc = join(dir.path, 'disc.raw');
  });
  after(() => dir.remove());

  async function burn(config: SimConfig, args: string[] = []) {
    await rmDisc();
    const env = await simulator(dir.path, { windows: 'xp', ...config }); // laser-off simulation, gaps counted
    return runCli(['--json', ...args, ...tracks.map((t) => t.path)], { env });
  }
  async function rmDisc() {
    const { rm } = await import('node:fs/promises');
    await rm(disc, { force: true });
  }

  it('records the tracks: the disc holds the input audio byte for byte, with IMAPI progress events (XP)', async () => {
    const result = await burn({ windows: 'xp' });
    assert.equal(result.code, 0, result.stderr);
    assert.ok((await readFile(disc)).equals(discAudio(tracks)), 'disc audio equals the input');
    const events = jsonLines(result.stdout);
    assert.deepEqual(
      events.filter((e) => e.type === 'trackProgress').map((e) => [e.completed, e.total]),
      [[0, 3], [1, 3], [2, 3], [3, 3]],
    );
    const blocks = events.filter((e) => e.type === 'blockProgress').map((e) => ({ done: e.completed as number, total: e.total as number }));
    assert.ok(blocks.length >= 3);
    assert.ok(blocks.every((b, i) => i === 0 || b.done > blocks[i - 1]!.done), 'block progress rises');
    const { done: lastDone, total } = blocks.at(-1)!;
    assert.equal(lastDone, total);
    const plan = events.find((e) => e.type === 'plan') as unknown as { layout: { programSectors: number } };
    assert.equal(total, plan.layout.programSectors, 'IMAPI counts the gaps as the plan does');
    assert.deepEqual(events.find((e) => e.type === 'burnComplete'), { type: 'burnComplete', status: 0 });
    const order = events.map((e) => e.type).filter((t) => ['addProgress', 'preparingBurn', 'trackProgress', 'closingDisc', 'burnComplete', 'done'].includes(t));
    assert.deepEqual([...new Set(order)], ['addProgress', 'preparingBurn', 'trackProgress', 'closingDisc', 'burnComplete', 'done']);
    const recorder = events.find((e) => e.type === 'recorder');
    assert.equal(recorder?.name, 'BURNAUD SIM CD-RW');
  });

  it('simulates with the laser off: every step runs, no disc is written (XP)', async () => {
    const result = await burn({ windows: 'xp' }, ['--simulate']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(jsonLines(result.stdout).some((e) => e.type === 'burnComplete' && e.status === 0));
    assert.equal(existsSync(disc), false);
  });

  it('sets the write speed and reports the speed the recorder took (XP)', async () => {
    const result = await burn({ windows: 'xp', recorders: [{ speed: 52 }] }, ['--speed', '20x']);
    assert.equal(result.code, 0, result.stderr);
    const events = jsonLines(result.stdout);
    assert.equal(events.find((e) => e.type === 'recorder')?.writeSpeed, 16);
    assert.ok(events.some((e) => e.type === 'warning' && /does not write at 20×; it will write at 16×/.test(String(e.message))));
  });

  it('writes gapless discs through AudioGapSize (XP)', async () => {
    const result = await burn({ windows: 'xp' }, ['--gap', '0']);
    assert.equal(result.code, 0, result.stderr);
    const blocks = jsonLines(result.stdout).filter((e) => e.type === 'blockProgress');
    assert.equal(blocks.at(-1)?.total, discAudio(tracks).length / SECTOR);
  });

  it('refuses a disc whose free space is smaller than the plan, before staging', async () => {
    const big = await tempDir();
    try {
      // 75 minutes of audio: fits 80-minute media, not the 74-minute disc in the recorder.
      await writeLongTrack(join(big.path, 'long.wav'), 75 * 60);
      const env = await simulator(big.path, { recorders: [{ minutes: 74 }] });
      const result = await runCli(['--json', join(big.path, 'long.wav')], { env });
      assert.equal(result.code, 4, result.stderr);
      assert.match(result.stderr, /the disc has 73:58 free but the tracks need 75:00/);
      assert.ok(!jsonLines(result.stdout).some((e) => e.type === 'addProgress'), 'nothing staged');
    } finally {
      await big.remove();
    }
  });

  it('chooses among two recorders with --device, by index or name', async () => {
    const config: SimConfig = { recorders: [{ vendor: 'ALPHA', product: 'CDRW', media: 'used-cdr' }, { vendor: 'BETA', product: 'WRITER', media: 'blank-cdr' }] };
    const first = await burn(config);
    assert.equal(first.code, 4, 'the default (first) recorder holds a used disc');
    for (const device of ['1', 'beta']) {
      const chosen = await burn(config, ['-d', device]);
      assert.equal(chosen.code, 0, chosen.stderr);
      assert.equal(jsonLines(chosen.stdout).find((e) => e.type === 'recorder')?.name, 'BETA WRITER');
    }
    const none = await burn(config, ['--device', '7']);
    assert.equal(none.code, 4);
    assert.match(none.stderr, /no recorder 7; there are 2 \(0 to 1\)/);
  });

  it('lists recorders and their media with devices', async () => {
    const env = await simulator(dir.path, { recorders: [{ vendor: 'ALPHA', product: 'ONE', media: 'blank-cdr' }, { vendor: 'BETA', product: 'TWO', media: 'none' }] });
    const table = await runCli(['devices'], { env });
    assert.equal(table.code, 0, table.stderr);
    // Then the drive letter and what IMAPI2 says of the same recorder (test/cli/imapi2.test.ts).
    assert.match(table.stdout, /^0 +ALPHA +ONE +1\.00 +\\Device\\CdRom0 +blank CD-R, 79:58 free +D:\\ /m);
    assert.match(table.stdout, /^1 +BETA +TWO +1\.00 +\\Device\\CdRom1 +no disc +E:\\ /m);
    const json = await runCli(['devices', '--json'], { env });
    const devices = jsonLines(json.stdout).find((e) => e.type === 'devices') as unknown as { recorders: Array<{ media: { freeBlocks: number } }> };
    assert.equal(devices.recorders[0]?.media.freeBlocks, 359_850);
  });

  it('ends an erase whose OpenExclusive fails, without waiting for NotifyEraseComplete', async () => {
    const env = await simulator(dir.path, { recorders: [{ media: 'used-cdrw' }], faults: { fail: { method: 'OpenExclusive', hresult: '0x80040226', call: 2 } } });
    const result = await runCli(['erase'], { env });
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /IMAPI_E_DEVICE_STILL_IN_USE, 0x80040226: IDiscRecorder::OpenExclusive failed/);
  });

  it('erases a CD-RW, refuses to erase a CD-R, and ejects', async () => {
    const rw = await simulator(dir.path, { recorders: [{ media: 'used-cdrw' }] });
    const erased = await runCli(['--json', 'erase'], { env: rw });
    assert.equal(erased.code, 0, erased.stderr);
    assert.ok(jsonLines(erased.stdout).some((e) => e.type === 'eraseComplete' && e.status === 0));
    const r = await simulator(dir.path, { recorders: [{ media: 'used-cdr' }] });
    const refused = await runCli(['erase', '--full'], { env: r });
    assert.equal(refused.code, 4);
    assert.match(refused.stderr, /IMAPI_E_MEDIUM_INVALIDTYPE/);
    const ejected = await runCli(['eject'], { env: r });
    assert.equal(ejected.code, 0, ejected.stderr);
    assert.match(ejected.stderr, /Disc ejected from BURNAUD SIMULATED CD-RW/);
  });

  it('cancels while recording: QueryCancel stops IMAPI, exit 130, no disc, and says what that means', async () => {
    // Held at block 300 until cancelled; its first blockProgress comes before.
    const pauseAtBlock = { block: 300, reached: join(dir.path, 'reached'), resume: join(dir.path, 'never') };
    const env = await simulator(dir.path, { recorders: [{ speed: 4, pauseAtBlock }] });
    await rmDisc();
    let sent = false;
    const result = await runCli(['--json', ...tracks.map((t) => t.path)], {
      env,
      onStdout: (child, text) => {
        if (!sent && text.includes('"blockProgress"')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    assert.ok(sent);
    assert.equal(result.code, 130, result.stderr);
    assert.match(result.stderr, /interrupted by SIGINT; IMAPI stopped the burn: a CD-R is now unusable/);
    const events = jsonLines(result.stdout);
    assert.ok(events.some((e) => e.type === 'burnComplete' && e.status === 0x8004020d - 2 ** 32), 'NotifyBurnComplete(IMAPI_E_USERABORT)');
    assert.equal(existsSync(disc), false);
  });

  it('ends at once on Ctrl-C twice while IMAPI is recording, leaving no native thread behind', async () => {
    // Held at block 300 whatever is cancelled: RecordDisc cannot end, so only the second Ctrl-C can end the process.
    const reached = join(dir.path, 'twice.reached');
    const pauseAtBlock = { block: 300, reached, resume: join(dir.path, 'never'), ignoreCancel: true };
    const env = await simulator(dir.path, { recorders: [{ speed: 4, pauseAtBlock }] });
    await rmDisc();
    let child: ChildProcess | undefined;
    let again = false;
    const run = runCli(['--json', ...tracks.map((t) => t.path)], {
      env,
      onStdout: (running, text) => {
        child = running;
        // The second Ctrl-C once the first was heard (two signals sent together may arrive as one).
        if (!again && text.includes('"stopping"')) {
          again = true;
          running.kill('SIGINT');
        }
      },
    });
    await untilCreated([reached], [run]);
    child!.kill('SIGINT');
    const result = await run;
    assert.ok(again, 'the first Ctrl-C was answered');
    assert.equal(result.signal, 'SIGINT', `ended by the signal itself (exit ${result.code}): ${result.stderr}`);
    assert.ok(!jsonLines(result.stdout).some((e) => e.type === 'burnComplete'), 'the burn never ended');
    assert.equal(existsSync(disc), false);
  });

  it('cancels while staging: exit 143 on SIGTERM, nothing recorded', async () => {
    const big = await tempDir();
    try {
      await writeLongTrack(join(big.path, 'long.wav'), 20);
      const env = await simulator(big.path, {});
      let sent = false;
      const result = await runCli(['--json', join(big.path, 'long.wav')], {
        env: { ...env, ...pausedAt('staging') },
        onStdout: (child, text) => {
          if (!sent && text.includes('"addProgress"')) {
            sent = true;
            child.kill('SIGTERM');
          }
        },
      });
      assert.equal(result.code, 143, result.stderr);
      assert.match(result.stderr, /stopped before recording; nothing was written/);
      assert.ok(!jsonLines(result.stdout).some((e) => e.type === 'preparingBurn'));
      assert.deepEqual((await readdir(big.path)).sort(), ['long.wav', 'sim.json', 'sim.json.recorder0.state']);
    } finally {
      await big.remove();
    }
  });

  it('draws an IMAPI burn and an image burn with the same steps, each in its own words', async () => {
    const env = await simulator(dir.path, {});
    const imapi = await runCli(tracks.map((t) => t.path), { env });
    const image = await runCli(['--image', join(dir.path, 'same.cue'), ...tracks.map((t) => t.path)]);
    // "Staging track 2 of 3: Title (timing)" → "track 2 of 3: Title"
    const steps = (text: string, verb: string): string[] =>
      text.split('\n').filter((l) => l.startsWith(`${verb} track `)).map((l) => l.slice(verb.length + 1).replace(/ \([^()]*(\([^()]*\)[^()]*)?\)$/, ''));
    assert.equal(imapi.code, 0, imapi.stderr);
    assert.equal(steps(imapi.stderr, 'Staging').length, tracks.length);
    assert.deepEqual(steps(imapi.stderr, 'Staging'), steps(image.stderr, 'Writing'));
    assert.equal(imapi.stderr.split('\n').filter((l) => /^Track \d+ of \d+ written/.test(l)).length, tracks.length);
    assert.match(imapi.stderr, /^Preparing to record$[\s\S]*^Closing the disc$/m);
    assert.doesNotMatch(image.stderr, /record|Closing the disc/i);
  });
});
