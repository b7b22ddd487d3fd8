import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, before, beforeEach, describe, it } from 'node:test';
import { hresultHex } from '../../../src/recorders/imapi/hresults.js';
import type { NativeShim } from '../../../src/recorders/imapi/native.js';
import { openShim, OK, stageTrack } from '../../helpers/shim.js';
import { buildNative, type SimConfig } from '../../helpers/simulator.js';
import { cdAudio, tempDir } from '../../helpers/wav.js';

const GENERIC = '0x8004020E';
const MEDIUM_INVALIDTYPE = '0x80040210';
const MEDIA_BLANK = 0x1;
const MEDIA_RW = 0x2;

/** A recorder's `discs`, inserted one after another, through the shim (README, "Discs one after another"). */
describe('IMAPI simulator: discs one after another', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let shim: NativeShim | undefined;
  const file = (name: string) => join(dir.path, name);
  before(() => buildNative());
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await shim?.close();
    shim = undefined;
    await dir.remove();
  });

  async function open(config: SimConfig, recorder = 0): Promise<NativeShim> {
    await shim?.close();
    shim = await openShim(dir.path, { discOut: file('disc-{recorder}-{disc}.raw'), discLayoutOut: file('layout-{recorder}-{disc}.json'), ...config }, []);
    if (recorder !== 0) assert.equal(hresultHex((await shim.selectRecorder(recorder)).hresult), OK);
    return shim;
  }

  /** The disc in recorder `index` as the shim reads it: none, or its MEDIA_FLAGS. */
  async function media(s: NativeShim, index = 0): Promise<'none' | 'blank' | 'used' | 'blank-rw' | 'used-rw'> {
    const d = JSON.parse((await s.describe(index)).json) as { mediaResult: number; mediaPresent: boolean; mediaFlags: number };
    assert.equal(d.mediaResult, 0);
    if (!d.mediaPresent) return 'none';
    return `${d.mediaFlags & MEDIA_BLANK ? 'blank' : 'used'}${d.mediaFlags & MEDIA_RW ? '-rw' : ''}`;
  }

  const one = cdAudio(300 * 588, 3);
  const two = cdAudio(320 * 588, 4);

  it('burns, ejects and finds the next disc; a used disc is refused; once the list is used up the drive stays empty', async () => {
    const s = await open({ recorders: [{ discs: ['blank-cdr', 'used-cdr', 'blank-cdrw'] }] });
    assert.equal(await media(s), 'blank');
    await stageTrack(s, one);
    assert.equal(hresultHex((await s.record(false, false)).hresult), OK);
    assert.equal(await media(s), 'used', 'a recorded blank disc is a used one, still in the drive');
    assert.equal(hresultHex((await s.eject()).hresult), OK);
    assert.equal(await media(s), 'used', 'the second disc: used-cdr');
    await stageTrack(s, two);
    assert.equal(hresultHex((await s.record(false, false)).hresult), MEDIUM_INVALIDTYPE);
    assert.equal(hresultHex((await s.eject()).hresult), OK);
    assert.equal(await media(s), 'blank-rw');
    assert.equal(hresultHex((await s.record(false, true)).hresult), OK, 'RecordDisc with bEjectAfterBurn (the stash was kept after the failure)');
    assert.equal(await media(s), 'none', 'ejected after the burn, and no disc left');
    assert.equal(hresultHex((await s.eject()).hresult), OK);
    assert.equal(await media(s), 'none');
    assert.ok((await readFile(file('disc-0-1.raw'))).equals(one));
    assert.ok((await readFile(file('disc-0-2.raw'))).equals(two), 'the refused disc got no number');
    const layout = JSON.parse(await readFile(file('layout-0-2.json'), 'utf8')) as { tracks: Array<{ blocks: number }> };
    assert.equal(layout.tracks[0]?.blocks, 320);
  });

  it('leaves the tray empty for insertDelayMs after an eject, and keeps that across openings of the same configuration', async () => {
    const config: SimConfig = { recorders: [{ discs: ['blank-cdr', 'blank-cdr'], insertDelayMs: 3_600_000 }] };
    let s = await open(config);
    assert.equal(await media(s), 'blank', 'no delay before the first disc');
    assert.equal(hresultHex((await s.eject()).hresult), OK);
    assert.equal(await media(s), 'none', 'the next disc is an hour away');
    s = await open(config);
    assert.equal(await media(s), 'none', 'a new disc master reads the drive from the state file');
    s = await open({ ...config, recorders: [{ discs: ['blank-cdr', 'blank-cdr'], insertDelayMs: 0 }] });
    assert.equal(await media(s), 'blank', 'another configuration text starts afresh');
  });

  it('a recorder with "media" starts from that disc in each disc master, and is empty after an eject within one', async () => {
    let s = await open({ recorders: [{ media: 'blank-cdr' }] });
    assert.equal(hresultHex((await s.eject()).hresult), OK);
    assert.equal(await media(s), 'none');
    s = await open({ recorders: [{ media: 'blank-cdr' }] });
    assert.equal(await media(s), 'blank');
  });

  it("applies a disc's faults only while that disc is in the drive, together with the top-level ones", async () => {
    const s = await open({
      faults: { fail: { method: 'Eject', hresult: '0x80040213', call: 3 } },
      recorders: [
        { discs: [{ media: 'blank-cdr', faults: { lossOfStreamingAtBlock: 100, fail: { method: 'QueryMediaType', hresult: '0x80040219' } } }, 'blank-cdr', 'blank-cdr'] },
      ],
    });
    let described = JSON.parse((await s.describe(0)).json) as { mediaResult: number };
    assert.equal(hresultHex(described.mediaResult), '0x80040219', "the first disc's QueryMediaType fault");
    await stageTrack(s, one);
    assert.equal(hresultHex((await s.record(false, false)).hresult), GENERIC, 'loss of streaming, as modern reports it');
    assert.equal(await media(s).catch(() => 'failed'), 'failed', 'the fault stays with the disc while it is in');
    assert.equal(hresultHex((await s.eject()).hresult), OK);
    assert.equal(await media(s), 'blank', 'the next disc brings no fault');
    assert.equal(hresultHex((await s.clear()).hresult), OK, 'modern keeps the stash after a failed burn');
    await stageTrack(s, two);
    assert.equal(hresultHex((await s.record(false, false)).hresult), OK);
    assert.equal(hresultHex((await s.eject()).hresult), OK);
    assert.equal(hresultHex((await s.eject()).hresult), '0x80040213', 'the top-level fault, on the third Eject');
    assert.ok((await readFile(file('disc-0-1.raw'))).equals(two), 'the failed burn recorded no disc');
  });

  it('modern keeps the stash after a failed burn: a track staged afterwards follows it intact on the next disc', async () => {
    const s = await open({ recorders: [{ discs: [{ media: 'blank-cdr', faults: { lossOfStreamingAtBlock: 200 } }, 'blank-cdr'] }] });
    await stageTrack(s, one);
    assert.equal(hresultHex((await s.record(false, true)).hresult), GENERIC);
    assert.equal(hresultHex((await s.eject()).hresult), OK, 'a failed burn does not eject');
    await stageTrack(s, two);
    assert.equal(hresultHex((await s.record(false, false)).hresult), OK);
    assert.ok((await readFile(file('disc-0-1.raw'))).equals(Buffer.concat([one, two])));
  });

  it('numbers each recorder\'s discs on its own: {recorder} and {disc}', async () => {
    const config: SimConfig = { recorders: [{ discs: ['blank-cdr'] }, { discs: ['blank-cdr', 'blank-cdr'] }] };
    let s = await open(config, 1);
    await stageTrack(s, one);
    assert.equal(hresultHex((await s.record(false, true)).hresult), OK);
    await stageTrack(s, two);
    assert.equal(hresultHex((await s.record(false, true)).hresult), OK);
    s = await open(config, 0);
    await stageTrack(s, two);
    assert.equal(hresultHex((await s.record(false, false)).hresult), OK);
    assert.ok((await readFile(file('disc-1-1.raw'))).equals(one));
    assert.ok((await readFile(file('disc-1-2.raw'))).equals(two));
    assert.ok((await readFile(file('disc-0-1.raw'))).equals(two));
    assert.equal((JSON.parse(await readFile(file('layout-1-2.json'), 'utf8')) as { tracks: unknown[] }).tracks.length, 1);
  });
});
