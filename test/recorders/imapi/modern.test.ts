import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { hresultHex } from '../../../src/recorders/imapi/hresults.js';
import type { NativeShim } from '../../../src/recorders/imapi/native.js';
import { EVENT } from '../../../src/recorders/imapi/shim-contract.js';
import { openShim, OK, stageTrack } from '../../helpers/shim.js';
import { buildNative, type SimConfig } from '../../helpers/simulator.js';
import { cdAudio, tempDir } from '../../helpers/wav.js';

const GENERIC = '0x8004020E';
const DEVICE_NOTPRESENT = '0x80040213';

interface Layout {
  windows: string;
  simulate: boolean;
  recorded: boolean;
  speed: number;
  tracks: Array<{ number: number; gapBefore: number; start: number; blocks: number }>;
}

/** IMAPI v1 as Windows 8.1 to 11 run it over IMAPI2 (the simulator's default), against XP's, through the shim. */
describe('IMAPI simulator: modern Windows against XP', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let shim: NativeShim | undefined;
  let events: Array<[number, number, number]>;
  let disc: string;
  let layout: string;
  let calls: string;
  before(async () => {
    buildNative();
    dir = await tempDir();
    disc = join(dir.path, 'disc.raw');
    layout = join(dir.path, 'layout.json');
    calls = join(dir.path, 'calls.log');
  });
  after(async () => {
    await shim?.close();
    await dir.remove();
  });
  beforeEach(async () => {
    await shim?.close();
    shim = undefined;
    events = [];
    for (const file of [disc, layout, calls]) await rm(file, { force: true });
  });

  async function open(config: SimConfig = {}): Promise<NativeShim> {
    shim = await openShim(dir.path, { discLayoutOut: layout, callLog: calls, ...config }, events);
    return shim;
  }

  const one = cdAudio(300 * 588, 3);
  const two = cdAudio(450 * 588, 4);

  async function readLayout(): Promise<Layout> {
    return JSON.parse(await readFile(layout, 'utf8')) as Layout;
  }
  const kinds = () => events.map(([kind]) => kind).filter((k) => k !== EVENT.addProgress);

  it('modern is the default: RecordDisc with bSimulate records the disc for real and the log shows the call', async () => {
    const s = await open();
    await stageTrack(s, one);
    assert.equal(hresultHex((await s.record(true, false)).hresult), OK);
    await s.close();
    shim = undefined;
    assert.ok((await readFile(disc)).equals(one), 'discOut holds the audio: the laser was on');
    assert.deepEqual(await readLayout(), { windows: 'modern', simulate: true, recorded: true, speed: 48, tracks: [{ number: 1, gapBefore: 150, start: 0, blocks: 300 }] });
    const log = (await readFile(calls, 'utf8')).trim().split('\n');
    assert.ok(log.includes('RecordDisc simulate=1 eject=0'), log.join('\n'));
    assert.deepEqual(log.filter((l) => /^(CreateAudioTrack|AddAudioTrackBlocks|CloseAudioTrack|RecordDisc)/.test(l)), [
      'CreateAudioTrack 300',
      `AddAudioTrackBlocks ${one.length}`,
      'CloseAudioTrack',
      'RecordDisc simulate=1 eject=0',
    ]);
  });

  it('modern: a simulated burn spends the CD-R: the next burn finds media it cannot use', async () => {
    const s = await open();
    await stageTrack(s, one);
    assert.equal(hresultHex((await s.record(true, false)).hresult), OK);
    await stageTrack(s, one);
    assert.equal(hresultHex((await s.record(true, false)).hresult), '0x80040210', 'IMAPI_E_MEDIUM_INVALIDTYPE');
  });

  it('xp: RecordDisc with bSimulate keeps the laser off: no discOut, the layout says nothing was recorded', async () => {
    const s = await open({ windows: 'xp' });
    await stageTrack(s, one);
    assert.equal(hresultHex((await s.record(true, false)).hresult), OK);
    await s.close();
    assert.equal(existsSync(disc), false);
    assert.equal((await readLayout()).recorded, false);
  });

  it('modern: stores the gap and speed it is given and echoes them, but writes 150-block gaps at its own speed', async () => {
    const s = await open({ recorders: [{ speed: 52 }] });
    const set = await s.setProperties(20, 0);
    assert.equal(hresultHex(set.result.hresult), OK);
    assert.deepEqual([set.writeSpeed, set.maxWriteSpeed, set.gapBlocks], [20, 52, 0]);
    await stageTrack(s, one);
    await stageTrack(s, two);
    assert.equal(hresultHex((await s.record(false, false)).hresult), OK);
    await s.close();
    assert.ok((await readFile(disc)).equals(Buffer.concat([one, two])));
    const written = await readLayout();
    assert.equal(written.speed, 52);
    assert.deepEqual(written.tracks, [
      { number: 1, gapBefore: 150, start: 0, blocks: 300 },
      { number: 2, gapBefore: 150, start: 450, blocks: 450 },
    ]);
  });

  it('xp: applies AudioGapSize and the write speed the drive offers', async () => {
    const s = await open({ windows: 'xp', recorders: [{ speed: 52 }] });
    const set = await s.setProperties(20, 0);
    assert.deepEqual([set.writeSpeed, set.gapBlocks], [16, 0]);
    await stageTrack(s, one);
    await stageTrack(s, two);
    assert.equal(hresultHex((await s.record(false, false)).hresult), OK);
    await s.close();
    const written = await readLayout();
    assert.equal(written.speed, 16);
    assert.deepEqual(written.tracks.map((t) => [t.gapBefore, t.start]), [[150, 0], [0, 300]]);
  });

  it('modern: a gap over 225 or a speed over the maximum gives IMAPI_S_PROPERTIESIGNORED', async () => {
    const s = await open({ recorders: [{ speed: 40 }] });
    const gap = await s.setProperties(-1, 226);
    assert.equal(hresultHex(gap.result.hresult), '0x00040200');
    assert.equal(gap.gapBlocks, 150);
    const speed = await s.setProperties(41, -1);
    assert.equal(hresultHex(speed.result.hresult), '0x00040200');
    assert.equal(speed.writeSpeed, 40);
  });

  it('modern: NotifyPreparingBurn(3), track 0, blocks from 0 to the tracks’ total without gaps, each track, then closing after the close', async () => {
    const s = await open();
    await stageTrack(s, one);
    await stageTrack(s, two);
    assert.equal(hresultHex((await s.record(false, false)).hresult), OK);
    await s.close();
    const burn = events.filter(([k]) => k !== EVENT.addProgress && k !== EVENT.closed);
    assert.deepEqual(burn.slice(0, 3), [[EVENT.preparingBurn, 3, 0], [EVENT.trackProgress, 0, 2], [EVENT.blockProgress, 0, 750]]);
    const blocks = burn.filter(([k]) => k === EVENT.blockProgress);
    assert.deepEqual(blocks.at(-1), [EVENT.blockProgress, 750, 750], '300 + 450 blocks: the gap is not counted');
    assert.ok(blocks.every(([, done, total], i) => total === 750 && (i === 0 || done > blocks[i - 1]![1])));
    const firstTrackDone = burn.findIndex(([k, a]) => k === EVENT.trackProgress && a === 1);
    assert.deepEqual(burn[firstTrackDone - 1], [EVENT.blockProgress, 300, 750], 'track 1 is reported when its write returns');
    assert.deepEqual(kinds().slice(-4), [EVENT.trackProgress, EVENT.closingDisc, EVENT.burnComplete, EVENT.returned]);
  });

  it('xp: NotifyPreparingBurn(2) and block totals that count the gaps', async () => {
    const s = await open({ windows: 'xp' });
    await stageTrack(s, one);
    await stageTrack(s, two);
    assert.equal(hresultHex((await s.record(false, false)).hresult), OK);
    await s.close();
    assert.deepEqual(events.find(([k]) => k === EVENT.preparingBurn), [EVENT.preparingBurn, 2, 0]);
    assert.deepEqual(events.filter(([k]) => k === EVENT.blockProgress).at(-1), [EVENT.blockProgress, 900, 900]);
    const closing = kinds().indexOf(EVENT.closingDisc);
    assert.ok(closing > kinds().lastIndexOf(EVENT.trackProgress) && closing < kinds().indexOf(EVENT.burnComplete));
  });

  const translated: Array<[string, SimConfig['faults'], string, string]> = [
    ['loss of streaming', { lossOfStreamingAtBlock: 100 }, GENERIC, '0x80040227'],
    ['a RecordDisc fault', { fail: { method: 'RecordDisc', hresult: '0x80040212' } }, GENERIC, '0x80040212'],
    ['a closing fault', { fail: { method: 'CloseDisc', hresult: '0x80040216' } }, GENERIC, '0x80040216'],
    ['a recorder removed while writing', { removedAtBlock: 100 }, GENERIC, DEVICE_NOTPRESENT],
    ['a cancel-like abort', { fail: { method: 'RecordDisc', hresult: '0x8004020D' } }, '0x8004020D', '0x8004020D'],
    ['media that cannot be written', { fail: { method: 'RecordDisc', hresult: '0x8004022C' } }, '0x8004022C', '0x8004022C'],
    ['a busy recorder', { fail: { method: 'CloseDisc', hresult: '0x80040226' } }, '0x80040226', '0x80040226'],
  ];
  for (const [what, faults, modern, xp] of translated) {
    it(`recording: ${what} comes back as ${modern} on modern, ${xp} on xp`, async () => {
      for (const [windows, expected] of [['modern', modern], ['xp', xp]] as const) {
        events = [];
        const s = await open({ windows, faults });
        await stageTrack(s, one);
        assert.equal(hresultHex((await s.record(false, false)).hresult), expected, windows);
        await s.close();
        shim = undefined;
        assert.equal(existsSync(disc), false);
        assert.equal(existsSync(layout), false, 'no layout after a failed burn');
      }
    });
  }

  it('modern: a RecordDisc fault strikes at PrepareMedia: NotifyBurnComplete carries IMAPI_E_GENERIC and the disc is still blank', async () => {
    const s = await open({ faults: { fail: { method: 'RecordDisc', hresult: '0x80040212', call: 1 } } });
    await stageTrack(s, one);
    assert.equal(hresultHex((await s.record(false, false)).hresult), GENERIC);
    assert.equal(hresultHex((await s.record(false, false)).hresult), OK, 'the stash is kept after a failure and the disc was not spent');
    await s.close();
    assert.ok((await readFile(disc)).equals(one));
    const first = kinds().slice(0, kinds().indexOf(EVENT.returned) + 1);
    assert.deepEqual(first, [EVENT.preparingBurn, EVENT.trackProgress, EVENT.burnComplete, EVENT.returned], 'nothing written before the failure');
    assert.equal(hresultHex(events.find(([k]) => k === EVENT.burnComplete)![1]), GENERIC);
  });

  it('a recorder removed between calls: NotifyPnPActivity from the simulator’s thread, then IMAPI_E_DEVICE_NOTPRESENT', async () => {
    for (const windows of ['modern', 'xp'] as const) {
      events = [];
      const s = await open({ windows, faults: { removedBefore: { method: 'CreateAudioTrack', call: 2 } } });
      await stageTrack(s, one);
      assert.ok(!events.some(([k]) => k === EVENT.pnpActivity));
      const created = await s.createTrack(450);
      assert.equal(hresultHex(created.hresult), DEVICE_NOTPRESENT, windows);
      assert.equal(hresultHex((await s.addBlocks(two)).hresult), DEVICE_NOTPRESENT);
      assert.equal(hresultHex((await s.record(false, false)).hresult), DEVICE_NOTPRESENT, 'not translated: IMAPI v1 finds no recorder itself');
      await s.close(); // every event has arrived once the shim's last one has
      shim = undefined;
      assert.equal(events.filter(([k]) => k === EVENT.pnpActivity).length, 1, `${windows}: one NotifyPnPActivity`);
      assert.equal(existsSync(disc), false);
    }
  });

  it('media: no disc gives type and flags 0; a failing QueryMediaInfo leaves the media flags and staging working', async () => {
    const none = await open({ recorders: [{ media: 'none' }] });
    const empty = JSON.parse((await none.describe(0)).json) as { mediaResult: number; mediaType: number; mediaFlags: number };
    assert.deepEqual([empty.mediaType, empty.mediaFlags], [0, 0]);
    await none.close();
    const s = await open({ faults: { fail: { method: 'QueryMediaInfo', hresult: '0x80040219' } } });
    const described = JSON.parse((await s.describe(0)).json) as { mediaResult: number; mediaFlags: number; freeBlocksFrom: string };
    // The shim falls back to GetAvailableAudioTrackBlocks for the free blocks, so the media is still known.
    assert.equal(hresultHex(described.mediaResult), OK);
    assert.equal(described.freeBlocksFrom, 'GetAvailableAudioTrackBlocks');
    assert.notEqual(described.mediaFlags & 1, 0, 'the media flags still say blank');
    assert.equal(hresultHex((await s.createTrack(300)).hresult), OK, 'staging is unaffected');
  });
});
