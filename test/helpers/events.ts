import type { BurnEvent } from '../../src/events.js';
import { planDisc } from '../../src/disc/plan.js';
import type { DiscLayout } from '../../src/disc/layout.js';
import type { VerifyReport } from '../../src/verify/report.js';

export function layoutOf(count: number, sectors = 600): DiscLayout {
  return planDisc(
    Array.from({ length: count }, (_, i) => ({ path: `/music/track${i + 1}.wav`, audioBytes: sectors * 2352, title: `Song ${i + 1}` })),
    { gapSectors: 150, capacityMinutes: 80 },
  );
}

/**
 * The event sequence of an IMAPI audio burn of `layout`, as IDiscMasterProgressEvents delivers
 * it: staging, preparing, NotifyTrackProgress 0..N around block progress, closing, complete.
 * With `stopAfterTrack`, the burn is cancelled once that many tracks are written.
 */
export function burnSequence(layout: DiscLayout, stopAfterTrack?: number): BurnEvent[] {
  const events: BurnEvent[] = [{ type: 'plan', layout }];
  const stageTotal = layout.tracks.reduce((sum, t) => sum + t.sectors, 0);
  for (let done = 256; done < stageTotal + 256; done += 256) events.push({ type: 'addProgress', completed: Math.min(done, stageTotal), total: stageTotal });
  events.push({ type: 'preparingBurn', estimatedSeconds: 12 });
  const n = layout.tracks.length;
  events.push({ type: 'trackProgress', completed: 0, total: n });
  for (const track of layout.tracks) {
    if (stopAfterTrack !== undefined && track.number > stopAfterTrack) {
      events.push({ type: 'blockProgress', completed: track.start + 10, total: layout.programSectors });
      return events;
    }
    events.push({ type: 'blockProgress', completed: track.start + Math.floor(track.sectors / 2), total: layout.programSectors });
    events.push({ type: 'blockProgress', completed: track.start + track.sectors, total: layout.programSectors });
    events.push({ type: 'trackProgress', completed: track.number, total: n });
  }
  events.push({ type: 'closingDisc', estimatedSeconds: 30 }, { type: 'burnComplete', status: 0 }, { type: 'done', outputs: ['d.cue', 'd.bin'], simulate: false });
  return events;
}

/** The events of verifying `layout`: the plan, progress through the program area, and the report. */
export function verifySequence(layout: DiscLayout, report: Omit<VerifyReport, 'name'>): BurnEvent[] {
  const events: BurnEvent[] = [{ type: 'plan', layout }];
  for (let done = 0; done < layout.programSectors + 256; done += 256) events.push({ type: 'verifyProgress', completed: Math.min(done, layout.programSectors), total: layout.programSectors });
  events.push({ type: 'verified', name: 'image d.cue', ...report });
  return events;
}
