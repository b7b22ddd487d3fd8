import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, formatMsf, sectorsForBytes } from '../../src/disc/red-book.js';

describe('Red Book arithmetic', () => {
  it('formats MSF as mm:ss:ff with 75 frames a second', () => {
    assert.equal(formatMsf(0), '00:00:00');
    assert.equal(formatMsf(150), '00:02:00');
    assert.equal(formatMsf(74), '00:00:74');
    assert.equal(formatMsf(75 * 60 + 1), '01:00:01');
    assert.equal(formatMsf(359_999), '79:59:74');
  });
  it('rounds bytes up to whole sectors', () => {
    assert.equal(sectorsForBytes(0), 0);
    assert.equal(sectorsForBytes(1), 1);
    assert.equal(sectorsForBytes(2352), 1);
    assert.equal(sectorsForBytes(2353), 2);
  });
  it('formats durations as m:ss', () => {
    assert.equal(formatDuration(360_000), '80:00');
    assert.equal(formatDuration(150), '0:02');
  });
});
