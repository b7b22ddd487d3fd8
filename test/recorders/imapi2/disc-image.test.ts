import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planDisc } from '../../../src/disc/plan.js';
import type { TrackCodes, TrackFacts } from '../../../src/disc/layout.js';
import { RECORDERS } from '../../../src/recorders/capabilities.js';
import { discImage } from '../../../src/recorders/imapi2/disc-image.js';

const SECTOR = 2352;
const codes = (more: Partial<TrackCodes> = {}): TrackCodes => ({ flags: [], indexes: [], text: {}, rems: [], ...more });
const track = (sectors: number, more: Partial<TrackFacts> = {}, code: Partial<TrackCodes> = {}): TrackFacts => ({ path: 't.wav', audioBytes: sectors * SECTOR, codes: codes(code), ...more });
const regions = (image: ReturnType<typeof discImage>) => image.tracks.map((t) => [t.offset / SECTOR, t.sectors]);

describe('the IMAPI2 image of a plan, over the staged disc (LBA -150 at byte 0)', () => {
  it('tracks abut, each carrying the gap before the next, so every INDEX 01 lands on the plan', () => {
    const layout = planDisc([track(1000), track(500), track(400)], { gapSectors: 150, capacityMinutes: 80 });
    const image = discImage(layout, RECORDERS.imapi2);
    assert.equal(image.specialPregap, undefined, 'IMAPI2 writes the lead pregap itself');
    // Starts at LBA 0, 1150, 1800: 150 + LBA in the staged disc.
    assert.deepEqual(regions(image), [[150, 1150], [1300, 650], [1950, 400]]);
    assert.equal(image.tracks.reduce((sum, t) => sum + t.sectors, 0), layout.programSectors);
  });

  it('gapless: the tracks as they are', () => {
    const layout = planDisc([track(1000), track(500)], { gapSectors: 0, capacityMinutes: 80 });
    assert.deepEqual(regions(discImage(layout, RECORDERS.imapi2)), [[150, 1000], [1150, 500]]);
  });

  it('a hidden track: track 1\'s whole pregap, the lead silence with the audio after it', () => {
    const layout = planDisc([track(1000, { pregapAudioSectors: 90 }), track(500)], { gapSectors: 150, capacityMinutes: 80 });
    const image = discImage(layout, RECORDERS.imapi2);
    assert.deepEqual(image.specialPregap, { offset: 0, sectors: 240 });
    assert.deepEqual(regions(image), [[240, 1150], [1390, 500]]);
  });

  it('the codes IMAPI2 takes: ISRC, PRE/DCP/SCMS as bits (no 4CH), indexes 10 sectors apart, a valid MCN', () => {
    const facts = [track(1000, {}, { isrc: 'USRC17607839', flags: ['PRE', '4CH', 'DCP'], indexes: [5, 100] }), track(500, {}, { flags: ['SCMS'] })];
    const good = discImage(planDisc(facts, { gapSectors: 150, capacityMinutes: 80, codes: { catalog: '4006381333931', text: {}, rems: [] } }), RECORDERS.imapi2);
    assert.deepEqual(good.tracks.map((t) => [t.isrc, t.flags, t.indexes]), [['USRC17607839', 3, [100]], [undefined, 4, []]]);
    assert.equal(good.catalog, '4006381333931');
    const bad = discImage(planDisc(facts, { gapSectors: 150, capacityMinutes: 80, codes: { catalog: '5099708309129', text: {}, rems: [] } }), RECORDERS.imapi2);
    assert.equal(bad.catalog, undefined);
  });
});
