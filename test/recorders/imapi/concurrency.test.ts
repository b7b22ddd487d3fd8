import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, beforeEach, afterEach, describe, it } from 'node:test';
import { EVENT } from '../../../src/recorders/imapi/shim-contract.js';
import { burnInProcess, OK, stopBurns, untilCreated } from '../../helpers/shim.js';
import { buildNative, simulator, type SimConfig } from '../../helpers/simulator.js';
import { cdAudio, tempDir } from '../../helpers/wav.js';

const GENERIC = '0x8004020E';
const STASHINUSE = '0x80040225';
const FRAMES = 300 * 588;

/**
 * Several processes against one simulator configuration, as a batch runs them: the drive's state
 * carries from one to the next, and who may burn at once follows Windows (README, "Discs one after
 * another, and several processes"). The order comes from files the burns create, never from time.
 */
describe('IMAPI simulator: several processes', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const file = (name: string) => join(dir.path, name);
  before(() => buildNative());
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    stopBurns();
    await dir.remove();
  });

  /** A recorder that stops at block 150 of each burn until `go` exists, after creating `reached-N`. */
  const pausing = (n: number) => ({ discs: ['blank-cdr' as const], pauseAtBlock: { block: 150, reached: file(`reached-${n}`), resume: file('go') } });
  const config = (extra: SimConfig): SimConfig => ({ discOut: file('disc-{recorder}-{disc}.raw'), ...extra });

  it('modern: two processes burn on two recorders at once, each disc kept', async () => {
    const env = await simulator(dir.path, config({ recorders: [pausing(0), pausing(1)] }));
    const first = burnInProcess({ recorder: 0, frames: FRAMES, seed: 3 }, env).exited;
    const second = burnInProcess({ recorder: 1, frames: FRAMES, seed: 4 }, env).exited;
    // Both have written block 150 and wait inside RecordDisc: they are burning at the same time.
    await untilCreated([file('reached-0'), file('reached-1')], [first, second]);
    await writeFile(file('go'), '');
    for (const report of await Promise.all([first, second])) {
      assert.deepEqual([report.open, report.media, report.record], [OK, { result: OK, disc: 'blank' }, OK], JSON.stringify(report));
    }
    assert.ok((await readFile(file('disc-0-1.raw'))).equals(cdAudio(FRAMES, 3)));
    assert.ok((await readFile(file('disc-1-1.raw'))).equals(cdAudio(FRAMES, 4)));
  });

  it('xp: while one process burns, another cannot open IMAPI at all (IMAPI_E_STASHINUSE), even for another recorder', async () => {
    const env = await simulator(dir.path, config({ windows: 'xp', recorders: [pausing(0), pausing(1)] }));
    const first = burnInProcess({ recorder: 0, frames: FRAMES, seed: 3 }, env).exited;
    await untilCreated([file('reached-0')], [first]);
    const second = await burnInProcess({ recorder: 1, frames: FRAMES, seed: 4 }, env).exited;
    assert.equal(second.open, STASHINUSE, JSON.stringify(second));
    await writeFile(file('go'), '');
    assert.equal((await first).record, OK);
    assert.ok((await readFile(file('disc-0-1.raw'))).equals(cdAudio(FRAMES, 3)));
  });

  it('modern: a second process on the recorder another is burning gets IMAPI_E_GENERIC from OpenExclusive and RecordDisc', async () => {
    const env = await simulator(dir.path, config({ recorders: [pausing(0)] }));
    const first = burnInProcess({ recorder: 0, frames: FRAMES, seed: 3 }, env).exited;
    await untilCreated([file('reached-0')], [first]);
    const second = await burnInProcess({ recorder: 0, frames: FRAMES, seed: 4 }, env).exited;
    assert.equal(second.open, OK, 'no stash lock on modern');
    assert.deepEqual(second.media, { result: GENERIC, disc: 'none' }, 'OpenExclusive refused');
    assert.equal(second.stage, OK);
    assert.equal(second.record, GENERIC);
    assert.deepEqual(second.events.filter((k) => k !== EVENT.returned), [EVENT.preparingBurn, EVENT.burnComplete], 'refused before anything was written');
    await writeFile(file('go'), '');
    assert.equal((await first).record, OK);
    assert.ok((await readFile(file('disc-0-1.raw'))).equals(cdAudio(FRAMES, 3)));
    await assert.rejects(readFile(file('disc-0-2.raw')), { code: 'ENOENT' });
  });

  it('keeps the drive across processes: the next process finds the next disc after an eject, and numbers its disc on', async () => {
    const env = await simulator(dir.path, config({ recorders: [{ discs: ['blank-cdr', 'used-cdr', 'blank-cdr'] }] }));
    const first = await burnInProcess({ recorder: 0, frames: FRAMES, seed: 3, eject: true }, env).exited;
    assert.deepEqual([first.media?.disc, first.record], ['blank', OK]);
    const second = await burnInProcess({ recorder: 0, describeOnly: true }, env).exited;
    assert.equal(second.media?.disc, 'used', 'the second disc of the list is in the drive');
    const third = await burnInProcess({ recorder: 0, frames: FRAMES, seed: 4 }, env).exited;
    assert.equal(third.record, '0x80040210', 'IMAPI_E_MEDIUM_INVALIDTYPE: still the used disc, nothing ejected it');
    const fourth = await burnInProcess({ recorder: 0, frames: FRAMES, seed: 5, ejectFirst: true }, env).exited;
    assert.deepEqual([fourth.eject, fourth.media?.disc, fourth.record], [OK, 'blank', OK], JSON.stringify(fourth));
    const last = await burnInProcess({ recorder: 0, describeOnly: true }, env).exited;
    assert.equal(last.media?.disc, 'used', 'a burn without eject leaves the recorded disc in the drive');
    assert.ok((await readFile(file('disc-0-1.raw'))).equals(cdAudio(FRAMES, 3)));
    assert.ok((await readFile(file('disc-0-2.raw'))).equals(cdAudio(FRAMES, 5)), 'the second disc recorded is disc 2');
    assert.match(await readFile(file('sim.json.recorder0.state'), 'utf8'), /slot=2 loaded=1 .*recorded=2/);
  });
});
