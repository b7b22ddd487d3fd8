/**
 * What the tests need around the product's IMAPI2 session (NativeShim2, the one ffi-rs table):
 * the events it sent, kept in order, and HRESULTs to compare.
 */
import { hresultHex } from '../../src/recorders/imapi/hresults.js';
import { NativeShim2, type Imapi2Track, type ShimResult } from '../../src/recorders/imapi/native.js';
import { TRACK_FLAG2 } from '../../src/recorders/imapi/shim-contract.js';

export type Event2 = [kind: number, a: number, b: number];

/** NativeShim2.open with a callback that keeps every event but BA2_EVENT_CLOSED, in the order the shim sent them. */
export async function openShim2(): Promise<{ shim?: NativeShim2; result: ShimResult; events: Event2[] }> {
  const events: Event2[] = [];
  const opened = await NativeShim2.open((kind, a, b) => events.push([kind, a, b]));
  return { ...opened, events };
}

/** A track of the image: digital copy permitted and no INDEX 02 unless `t` says otherwise. */
export function track2(t: Pick<Imapi2Track, 'path' | 'offset' | 'sectors'> & Partial<Imapi2Track>): Imapi2Track {
  return { flags: TRACK_FLAG2.DCP, indexes: [], ...t };
}

/** The HRESULT of a shim call, as hex ('0x80070057'). */
export function hr(answer: ShimResult | { result: ShimResult }): string {
  return hresultHex('result' in answer ? answer.result.hresult : answer.hresult);
}
