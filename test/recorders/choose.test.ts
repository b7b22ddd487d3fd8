import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planDisc } from '../../src/disc/plan.js';
import type { TrackCodes, TrackFacts } from '../../src/disc/layout.js';
import { chooseImapi, discAtOnceReasons, type RecorderFacts } from '../../src/recorders/choose.js';
import { IMAPI_BEHAVIOURS } from '../../src/recorders/imapi/behaviour.js';

const SECTOR = 2352;
const modern = IMAPI_BEHAVIOURS.modern;
const facts = (missing?: string): RecorderFacts => ({
  platform: { behaviour: 'modern', windows: '10.0.22631', simulator: true },
  behaviour: modern,
  imapi2Missing: () => missing,
});
const codes = (more: Partial<TrackCodes> = {}): TrackCodes => ({ flags: [], indexes: [], text: {}, rems: [], ...more });
const track = (more: Partial<TrackFacts> = {}, code: Partial<TrackCodes> = {}): TrackFacts => ({ path: 't.wav', audioBytes: 1000 * SECTOR, codes: codes(code), ...more });
/** The plan as the sheet says it, and as IMAPI v1 lays it out (pregap audio moved). */
const plans = (facts: TrackFacts[], gapSectors = 150, catalog?: string, text = {}) => {
  const options = { gapSectors, capacityMinutes: 80 as const, codes: { catalog, text, rems: [] } };
  return { sheet: planDisc(facts, options), tao: planDisc(facts, { ...options, pregapAudio: false }) };
};

describe('which IMAPI records a plan', () => {
  it('IMAPI v1 for 2-second gaps of silence and nothing else', () => {
    const { sheet, tao } = plans([track(), track(), track()]);
    assert.deepEqual(discAtOnceReasons(sheet, tao, modern, false), []);
    assert.deepEqual(chooseImapi(sheet, tao, facts(), { gap: 150 }), { kind: 'imapi' });
    const untouched: RecorderFacts = { ...facts(), imapi2Missing: () => assert.fail('IMAPI2 was asked about') };
    assert.deepEqual(chooseImapi(sheet, tao, untouched, { gap: 150 }), { kind: 'imapi' }, 'IMAPI2 is not even asked about');
  });

  it('IMAPI2 for gapless runs, other gaps and codes, with one line saying why', () => {
    const list = [track(), track(), track(), track({ pregapSectors: 0 }, { isrc: 'USRC17607839' }), track({ pregapSectors: 0 }), track({ pregapSectors: 75 }, { isrc: 'USRC17607840' })];
    const { sheet, tao } = plans(list);
    assert.deepEqual(chooseImapi(sheet, tao, facts(), { gap: 150 }), {
      kind: 'imapi2',
      notice: 'gapless tracks 3-5, a gap of 1 s before track 6 and the ISRCs: recording disc-at-once through IMAPI2',
    });
  });

  it('IMAPI2 for a hidden track, audible pregap audio, the MCN, flags and indexes', () => {
    const { sheet, tao } = plans([track({ pregapAudioSectors: 200 }, { flags: ['PRE'] }), track({ pregapSectors: 0, pregapAudioSectors: 150 }, { indexes: [300] })], 150, '4006381333931');
    // Track 2's pregap is its own audio with no silence before it: as IMAPI v1 lays it out, no gap at all.
    assert.deepEqual(discAtOnceReasons(sheet, tao, modern, false), ['gapless tracks 1-2', 'the hidden track before track 1', 'the pregap audio of track 2', 'the MCN', 'the flags (PRE)', 'INDEX 02 and later']);
  });

  it('not for what IMAPI2 would leave out too: a wrong MCN, 4CH, CD-TEXT without --cd-text', () => {
    const { sheet, tao } = plans([track({}, { flags: ['4CH'] })], 150, '5099708309129', { title: 'Album' });
    assert.deepEqual(discAtOnceReasons(sheet, tao, modern, false), []);
    assert.deepEqual(discAtOnceReasons(sheet, tao, modern, true), ['the CD-TEXT']);
  });

  it('on XP IMAPI v1 writes any one gap up to 3 s', () => {
    const { sheet, tao } = plans([track(), track()], 0);
    assert.deepEqual(discAtOnceReasons(sheet, tao, IMAPI_BEHAVIOURS.xp, false), []);
    assert.deepEqual(discAtOnceReasons(sheet, tao, modern, false), ['gapless tracks 1-2']);
  });

  it('IMAPI2 for --speed where IMAPI v1 cannot set it (modern Windows), not on XP', () => {
    const { sheet, tao } = plans([track(), track()]);
    assert.deepEqual(chooseImapi(sheet, tao, facts(), { gap: 150, speed: 8 }), { kind: 'imapi2', notice: '--speed 8: recording disc-at-once through IMAPI2' });
    const xp = { ...facts(), behaviour: IMAPI_BEHAVIOURS.xp };
    assert.deepEqual(chooseImapi(sheet, tao, xp, { gap: 150, speed: 8 }), { kind: 'imapi' });
  });

  it('--tao and --dao decide alone; without IMAPI2 it is IMAPI v1, with the reason', () => {
    const { sheet, tao } = plans([track(), track()], 0);
    assert.deepEqual(chooseImapi(sheet, tao, facts(), { gap: 0, tao: true }), { kind: 'imapi' });
    const plain = plans([track(), track()]);
    assert.equal(chooseImapi(plain.sheet, plain.tao, facts(), { gap: 150, dao: true }).kind, 'imapi2');
    assert.deepEqual(chooseImapi(sheet, tao, facts('IMAPI2 is not available here (ba2_available: REGDB_E_CLASSNOTREG)'), { gap: 0 }), {
      kind: 'imapi',
      notice: 'gapless tracks 1-2: these need disc-at-once, but IMAPI2 is not available here (ba2_available: REGDB_E_CLASSNOTREG): recording track-at-once through IMAPI v1',
    });
  });
});
