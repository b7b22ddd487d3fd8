import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planDisc } from '../../src/disc/plan.js';
import type { TrackCodes, TrackFacts } from '../../src/disc/layout.js';
import { RECORDERS, checkDigitRight, imapi2CdText, recordedIndexes, unrecorded } from '../../src/recorders/capabilities.js';

const SECTOR = 2352;
const codes = (more: Partial<TrackCodes> = {}): TrackCodes => ({ flags: [], indexes: [], text: {}, rems: [], ...more });
const track = (more: Partial<TrackFacts> = {}, code: Partial<TrackCodes> = {}): TrackFacts => ({ path: 't.wav', audioBytes: 1000 * SECTOR, codes: codes(code), ...more });
const layout = (facts: TrackFacts[], catalog?: string, text = {}) => planDisc(facts, { gapSectors: 150, capacityMinutes: 80, codes: { catalog, text, rems: [] } });

describe('what IMAPI2 (disc-at-once) cannot record', () => {
  it('records a sheet of codes, flags, indexes and pregap audio whole', () => {
    const disc = layout([track({ pregapAudioSectors: 300 }, { isrc: 'USRC17607839', flags: ['PRE', 'DCP'] }), track({ pregapSectors: 0, pregapAudioSectors: 150 }, { indexes: [10, 300], flags: ['SCMS'] })], '4006381333931');
    assert.deepEqual(unrecorded(disc, RECORDERS.imapi2), []);
  });

  it('names 4CH, an index closer than 10 sectors, an MCN whose check digit is wrong and a pregap of other than 2 s, in one warning', () => {
    const disc = layout([track({}, { flags: ['4CH', 'PRE'], indexes: [9, 40, 45] }), track({ pregapSectors: 75 })], '5099708309129');
    assert.deepEqual(unrecorded(disc, RECORDERS.imapi2), [
      'IMAPI2 cannot record the MCN 5099708309129 (its check digit is wrong), the flags (4CH) of track 1, ' +
        'INDEX 02 of track 1 (9 sectors after the index before it; IMAPI2 needs 10), INDEX 04 of track 1 (5 sectors after the index before it; IMAPI2 needs 10), ' +
        'the pregap of track 2 as planned (IMAPI2 marks the 2 s before INDEX 01 as the pregap, whatever its length; the audio is the same); the disc is burned without them',
    ]);
  });

  it('names the CD-TEXT unless --cd-text asks for it', () => {
    const disc = layout([track()], undefined, { title: 'Album' });
    assert.match(unrecorded(disc, RECORDERS.imapi2)[0] ?? '', /cannot record the CD-TEXT \(TITLE\)/);
    assert.deepEqual(unrecorded(disc, imapi2CdText(true)), []);
  });

  it('keeps gapless tracks (no pregap) without a word', () => {
    const disc = planDisc([track(), track(), track()], { gapSectors: 0, capacityMinutes: 80 });
    assert.deepEqual(unrecorded(disc, RECORDERS.imapi2), []);
  });

  it('keeps each index at least 10 sectors after the one kept before it, and 10 before the track\'s end', () => {
    const [first] = layout([track({}, { indexes: [5, 10, 19, 20, 29, 31, 991] })]).tracks;
    assert.deepEqual(recordedIndexes(first!, RECORDERS.imapi2), [10, 20, 31]);
    assert.match(unrecorded(layout([track({}, { indexes: [991] })]), RECORDERS.imapi2)[0] ?? '', /INDEX 02 of track 1 \(9 sectors before the track's end; IMAPI2 needs 10\)/);
    assert.deepEqual(recordedIndexes(first!, RECORDERS.image), [5, 10, 19, 20, 29, 31, 991]);
    assert.deepEqual(recordedIndexes(first!, RECORDERS.imapi), []);
  });

  it('checks the EAN-13 check digit', () => {
    for (const good of ['4006381333931', '0075678164125', '0000000000000']) assert.equal(checkDigitRight(good), true, good);
    for (const bad of ['4006381333932', '5099708309129', '400638133393']) assert.equal(checkDigitRight(bad), false, bad);
  });

  it('still says all IMAPI v1 leaves out', () => {
    const disc = layout([track({}, { isrc: 'USRC17607839', flags: ['DCP'], indexes: [100] })], '4006381333931');
    assert.deepEqual(unrecorded(disc, RECORDERS.imapi), [
      'IMAPI v1 cannot record the MCN 4006381333931, the ISRC of track 1, the flags (DCP) of track 1, INDEX 02 and later of track 1; the disc is burned without them',
    ]);
  });
});
