import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiscProgress } from '../../../src/cli/render/disc-progress.js';
import { barLayout, windowStart } from '../../../src/cli/render/tty.js';
import { burnSequence, layoutOf } from '../../helpers/events.js';

describe('DiscProgress', () => {
  it('knows the current track while staging and while recording', () => {
    const layout = layoutOf(3, 1000);
    const p = new DiscProgress();
    p.apply({ type: 'plan', layout });
    p.apply({ type: 'addProgress', completed: 1500, total: 3000 });
    assert.equal(p.currentTrack(), 1);
    assert.equal(p.trackDone(0), 1000);
    assert.equal(p.trackDone(1), 500);
    p.apply({ type: 'preparingBurn', estimatedSeconds: 0 });
    p.apply({ type: 'trackProgress', completed: 0, total: 3 });
    assert.equal(p.currentTrack(), 0);
    p.apply({ type: 'blockProgress', completed: 1150 + 100, total: layout.programSectors });
    p.apply({ type: 'trackProgress', completed: 1, total: 3 });
    assert.equal(p.currentTrack(), 1);
    assert.equal(p.trackDone(0), 1000);
    assert.equal(p.trackDone(1), 100);
    assert.deepEqual(p.discDone(), { done: Math.round((1250 / layout.programSectors) * layout.totalSectors), total: layout.totalSectors, unit: 'disc' });
  });

  it('follows verifying through the program area, each track from its INDEX 01', () => {
    const layout = layoutOf(3, 1000);
    const p = new DiscProgress();
    p.apply({ type: 'plan', layout });
    // Track 2 starts at LBA 1150 (1000 sectors and a 150-sector gap).
    p.apply({ type: 'verifyProgress', completed: 1250, total: layout.programSectors });
    assert.equal(p.phase, 'verifying');
    assert.equal(p.currentTrack(), 1);
    assert.deepEqual([0, 1, 2].map((i) => p.trackDone(i)), [1000, 100, 0]);
    assert.equal(p.fraction(), 1250 / layout.programSectors);
    assert.deepEqual(p.discDone(), { done: 1250, total: layout.programSectors, unit: 'disc' });
    assert.equal(p.timing()?.phase, 'verifying');
  });

  it('follows block totals that leave the gaps out (modern IMAPI) and reaches 100%', () => {
    const layout = layoutOf(3, 1000);
    const p = new DiscProgress();
    p.apply({ type: 'plan', layout });
    p.apply({ type: 'trackProgress', completed: 0, total: 3 });
    p.apply({ type: 'blockProgress', completed: 0, total: 3000 });
    p.apply({ type: 'trackProgress', completed: 1, total: 3 });
    p.apply({ type: 'blockProgress', completed: 1100, total: 3000 });
    assert.equal(p.trackDone(1), 100, 'track 2 starts at block 1000 of a count without gaps');
    assert.deepEqual(p.discDone(), { done: Math.round((1100 / 3000) * layout.totalSectors), total: layout.totalSectors, unit: 'disc' });
    p.apply({ type: 'blockProgress', completed: 3000, total: 3000 });
    assert.deepEqual(p.discDone(), { done: layout.totalSectors, total: layout.totalSectors, unit: 'disc' });
    assert.equal(p.trackDone(2), 1000);
  });

  it('ends with every track full after N of N', () => {
    const layout = layoutOf(4);
    const p = new DiscProgress();
    for (const event of burnSequence(layout)) p.apply(event);
    assert.equal(p.phase, 'complete');
    assert.deepEqual(layout.tracks.map((_, i) => p.trackDone(i)), layout.tracks.map((t) => t.sectors));
    assert.equal(p.currentTrack(), 3);
  });

  it('reaches 100% when IMAPI counts blocks without the gaps', () => {
    const layout = layoutOf(3, 1000);
    const p = new DiscProgress();
    p.apply({ type: 'plan', layout });
    p.apply({ type: 'trackProgress', completed: 0, total: 3 });
    p.apply({ type: 'blockProgress', completed: 3000, total: 3000 });
    assert.equal(p.fraction(), 1);
    p.apply({ type: 'trackProgress', completed: 3, total: 3 });
    assert.deepEqual(layout.tracks.map((_, i) => p.trackDone(i)), [1000, 1000, 1000]);
    assert.deepEqual(p.discDone(), { done: layout.totalSectors, total: layout.totalSectors, unit: 'disc' });
  });
});

describe('barLayout', () => {
  it('keeps the percentage and the bar at 60 columns, and gives titles the room there is at 220', () => {
    const narrow = barLayout(59, 40, 5);
    assert.ok(narrow.bar >= 8 && narrow.title >= 8, JSON.stringify(narrow));
    assert.equal(12 + narrow.title + narrow.bar + (narrow.length ? narrow.length + 1 : 0) <= 59, true);
    assert.deepEqual(barLayout(219, 80, 5), { marker: 1, title: 80, bar: 40, length: 5 });
    assert.equal(barLayout(30, 40, 5).length, 0, 'the length goes first');
  });
});

describe('windowStart', () => {
  const cases: Array<[current: number, count: number, slots: number, first: number]> = [
    [0, 5, 10, 0],
    [0, 99, 10, 0],
    [4, 99, 10, 0],
    [5, 99, 10, 0],
    [6, 99, 10, 1],
    [50, 99, 10, 45],
    [98, 99, 10, 89],
    [98, 99, 1, 98],
  ];
  for (const [current, count, slots, first] of cases) {
    it(`shows from track ${first + 1} when track ${current + 1} of ${count} is current in ${slots} rows`, () => {
      assert.equal(windowStart(current, count, slots), first);
    });
  }
});
