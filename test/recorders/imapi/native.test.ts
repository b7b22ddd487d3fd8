import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SECTOR_BYTES } from '../../../src/disc/red-book.js';
import { hresultHex } from '../../../src/recorders/imapi/hresults.js';
import { NativeShim } from '../../../src/recorders/imapi/native.js';
import { EVENT } from '../../../src/recorders/imapi/shim-contract.js';
import { openShim, OK, stageTrack } from '../../helpers/shim.js';
import { buildNative, type SimConfig } from '../../helpers/simulator.js';
import { cdAudio, tempDir } from '../../helpers/wav.js';


/** The shim driven directly, against the simulator: IMAPI's documented rules, call by call. */
describe('IMAPI shim and simulator', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let shim: NativeShim | undefined;
  let events: Array<[number, number, number]>;
  before(async () => {
    buildNative();
    dir = await tempDir();
  });
  after(() => dir.remove());
  beforeEach(async () => {
    await shim?.close();
    shim = undefined;
    events = [];
  });

  async function open(config: SimConfig = {}): Promise<NativeShim> {
    // XP's documented rules; modern: see modern.test.ts
    shim = await openShim(dir.path, { windows: 'xp', ...config }, events);
    return shim;
  }

  const audio = cdAudio(300 * 588, 9);

  it('clears the stash after a simulated burn: a real burn must stage again', async () => {
    const s = await open();
    await stageTrack(s, audio);
    assert.equal(hresultHex((await s.record(true, false)).hresult), OK);
    const again = await s.record(false, false);
    assert.equal(hresultHex(again.hresult), '0x8004021E', 'IMAPI_E_INVALIDIMAGE');
    assert.match(again.detail, /IDiscMaster::RecordDisc failed/);
    await stageTrack(s, audio);
    assert.equal(hresultHex((await s.record(false, false)).hresult), OK);
    await s.close();
    assert.ok((await readFile(join(dir.path, 'disc.raw'))).equals(audio));
    await rm(join(dir.path, 'disc.raw'));
  });

  it('refuses a second track while one is open (IMAPI_E_TRACKOPEN) and recording with a track open', async () => {
    const s = await open();
    assert.equal(hresultHex((await s.createTrack(300)).hresult), OK);
    assert.equal(hresultHex((await s.createTrack(300)).hresult), '0x8004021B');
    assert.equal(hresultHex((await s.record(false, false)).hresult), '0x8004021B');
  });

  it('rejects blocks that are not whole 2352-byte sectors before they reach IMAPI', async () => {
    const s = await open();
    await s.createTrack(1);
    const result = await s.addBlocks(Buffer.alloc(SECTOR_BYTES + 1));
    assert.equal(hresultHex(result.hresult), '0x80070057');
    assert.match(result.detail, /not a whole number of 2352-byte blocks/);
  });

  it('keeps what fits and returns IMAPI_E_DISCFULL past the free blocks', async () => {
    const s = await open({ recorders: [{ minutes: 74 }] });
    const free = 74 * 60 * 75 - 150;
    await s.createTrack(free);
    const big = Buffer.alloc(256 * SECTOR_BYTES);
    let result = { hresult: 0, detail: '' };
    let sent = 0;
    while (result.hresult >= 0) {
      result = await s.addBlocks(big);
      sent += 256;
    }
    assert.equal(hresultHex(result.hresult), '0x8004021C');
    assert.ok(sent > free && sent - 256 <= free);
    await s.close(); // every event has arrived once the shim's last one has
    const last = events.filter(([kind]) => kind === EVENT.addProgress).at(-1);
    assert.deepEqual(last, [EVENT.addProgress, free - (sent - 256), 256], 'the last call kept what fitted');
  });

  it('sends NotifyTrackProgress 0..N around block progress, then closing and completion', async () => {
    const s = await open();
    await stageTrack(s, audio);
    await stageTrack(s, audio);
    assert.equal(hresultHex((await s.record(true, false)).hresult), OK);
    await s.close();
    const kinds = events.map(([kind]) => kind).filter((k) => k !== EVENT.addProgress);
    assert.equal(kinds[0], EVENT.preparingBurn);
    assert.deepEqual(events.filter(([k]) => k === EVENT.trackProgress).map(([, a, b]) => [a, b]), [[0, 2], [1, 2], [2, 2]]);
    assert.deepEqual(kinds.slice(-3), [EVENT.closingDisc, EVENT.burnComplete, EVENT.returned], 'RecordDisc returns after its last notification');
    const blocks = events.filter(([k]) => k === EVENT.blockProgress);
    assert.deepEqual(blocks.at(-1)?.slice(1), [750, 750], '300 + 150 gap + 300 blocks');
  });

  it('reports a RecordDisc that fails before any notification as returned, so nobody waits for NotifyBurnComplete', async () => {
    const s = await open({ faults: { fail: { method: 'RecordDisc', hresult: '0x8004020E' } } });
    await stageTrack(s, audio);
    assert.equal(hresultHex((await s.record(false, false)).hresult), '0x8004020E');
    await s.close();
    assert.ok(!events.some(([k]) => k === EVENT.burnComplete));
    assert.deepEqual(events.at(-1), [EVENT.returned, 0x8004020e - 2 ** 32, 0]);
  });

  it('needs OpenExclusive for media queries: a busy recorder reports IMAPI_E_DEVICE_STILL_IN_USE', async () => {
    const s = await open({ faults: { deviceBusy: true } });
    const { result, json } = await s.describe(0);
    assert.equal(hresultHex(result.hresult), OK);
    assert.equal(hresultHex(JSON.parse(json).mediaResult), '0x80040226');
  });

  it('tells which IMAPI v1 behaviour it faces (ba_platform)', async () => {
    for (const windows of ['modern', 'xp'] as const) {
      const s = await open({ windows });
      const { result, json } = s.platform();
      assert.equal(hresultHex(result.hresult), OK);
      assert.deepEqual({ ...JSON.parse(json), windows: undefined }, { behaviour: windows, windows: undefined, simulator: true });
      await s.close();
      shim = undefined;
    }
  });

  it('reads the free blocks from GetAvailableAudioTrackBlocks when QueryMediaInfo fails, and IMAPI_E_MEDIUM_NOTPRESENT as no disc', async () => {
    let s = await open({ faults: { fail: { method: 'QueryMediaInfo', hresult: '0x8004020E' } } });
    let media = JSON.parse((await s.describe(0)).json) as { mediaResult: number; mediaPresent: boolean; freeBlocks: number; freeBlocksFrom: string };
    assert.deepEqual([media.mediaResult, media.mediaPresent, media.freeBlocks, media.freeBlocksFrom], [0, true, 359_850, 'GetAvailableAudioTrackBlocks']);
    await s.close();
    s = await open({ faults: { fail: { method: 'QueryMediaType', hresult: '0x8004020F' } } });
    media = JSON.parse((await s.describe(0)).json) as typeof media;
    assert.deepEqual([media.mediaResult, media.mediaPresent], [0, false]);
  });

  it('says IMAPI is absent (REGDB_E_CLASSNOTREG) without a configuration, and releases everything', async () => {
    delete process.env.BURN_AUDIO_IMAPI_SIM;
    const opened = await NativeShim.open(() => undefined);
    assert.equal(opened.shim, undefined);
    assert.equal(hresultHex(opened.result.hresult), '0x80040154');
  });
});
