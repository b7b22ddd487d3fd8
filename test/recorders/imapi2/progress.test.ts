import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planDisc } from '../../../src/disc/plan.js';
import type { BurnEvent } from '../../../src/events.js';
import { WriteProgress } from '../../../src/recorders/imapi2/progress.js';

const SECTOR = 2352;
// Tracks at LBA 0, 1150 and 1800; the program ends at 2200.
const layout = planDisc([1000, 500, 400].map((s) => ({ path: 't.wav', audioBytes: s * SECTOR })), { gapSectors: 150, capacityMinutes: 80 });
const WRITING = 2;
const FINISHING = 3;

const brief = (events: BurnEvent[]) =>
  events.map((e) => (e.type === 'blockProgress' || e.type === 'trackProgress' ? `${e.type} ${e.completed}/${e.total}` : e.type === 'burnComplete' ? `burnComplete ${e.status}` : e.type));

describe('IMAPI2 progress as IMAPI v1 events', () => {
  it('works out blocks and tracks from LastWrittenLba against the tracks\' starts, once the lead-in is written', () => {
    const events: BurnEvent[] = [];
    const progress = new WriteProgress(layout, (e) => events.push(e));
    for (const lba of [-22650, -152, -151, -1, 499, 1148, 1149, 1799, 2199]) progress.update(WRITING, lba);
    progress.update(FINISHING, 2300);
    progress.returned(0);
    assert.deepEqual(brief(events), [
      'preparingBurn',
      'trackProgress 0/3', 'blockProgress 0/2200',
      'blockProgress 500/2200',
      'blockProgress 1149/2200',
      'blockProgress 1150/2200', 'trackProgress 1/3',
      'blockProgress 1800/2200', 'trackProgress 2/3',
      'blockProgress 2200/2200', 'trackProgress 3/3', 'closingDisc',
      'burnComplete 0',
    ]);
  });

  it('ends a write that returns early at its totals, and a failed one where it stopped', () => {
    const done: BurnEvent[] = [];
    new WriteProgress(layout, (e) => done.push(e)).returned(0);
    assert.deepEqual(brief(done), ['preparingBurn', 'trackProgress 0/3', 'blockProgress 0/2200', 'blockProgress 2200/2200', 'trackProgress 1/3', 'trackProgress 2/3', 'trackProgress 3/3', 'closingDisc', 'burnComplete 0']);
    const failed: BurnEvent[] = [];
    const progress = new WriteProgress(layout, (e) => failed.push(e));
    progress.update(WRITING, 600);
    progress.returned(0xc0aa0300 | 0);
    assert.deepEqual(brief(failed), ['preparingBurn', 'trackProgress 0/3', 'blockProgress 0/2200', 'blockProgress 601/2200', `burnComplete ${0xc0aa0300 | 0}`]);
    assert.equal(progress.closingDisc, false);
  });
});
