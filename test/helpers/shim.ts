import assert from 'node:assert/strict';
import { SECTOR_BYTES } from '../../src/disc/red-book.js';
import { hresultHex } from '../../src/recorders/imapi/hresults.js';
import { NativeShim } from '../../src/recorders/imapi/native.js';
import { simulator, type SimConfig } from './simulator.js';

/** S_OK as `hresultHex` prints it. */
export const OK = '0x00000000';

/**
 * Points the shim at a simulator configured with `config` (in `dir`), opens it with every event
 * pushed to `events`, and selects recorder 0.
 */
export async function openShim(dir: string, config: SimConfig, events: Array<[number, number, number]>): Promise<NativeShim> {
  Object.assign(process.env, await simulator(dir, config));
  const opened = await NativeShim.open((kind, a, b) => events.push([kind, a, b]));
  assert.equal(hresultHex(opened.result.hresult), OK, opened.result.detail);
  const shim = opened.shim!;
  assert.equal(hresultHex((await shim.selectRecorder(0)).hresult), OK);
  return shim;
}

/** Stages `audio` (whole sectors) as one track. */
export async function stageTrack(shim: NativeShim, audio: Buffer): Promise<void> {
  assert.equal(hresultHex((await shim.createTrack(audio.length / SECTOR_BYTES)).hresult), OK);
  assert.equal(hresultHex((await shim.addBlocks(audio)).hresult), OK);
  assert.equal(hresultHex((await shim.closeTrack()).hresult), OK);
}
