import { plainText } from '../../disc/text.js';
import { formatDuration } from '../../disc/red-book.js';
import type { DiscLayout, TrackLayout } from '../../plan.js';
import type { BurnEvent } from '../../events.js';

/** A track as people name it: its title (control characters removed). */
export function trackLabel(track: TrackLayout): string {
  return plainText(track.title ?? track.path);
}

export function discSummary(layout: DiscLayout): string {
  const count = `${layout.tracks.length} track${layout.tracks.length === 1 ? '' : 's'}`;
  const left = layout.capacityMinutes === 80 ? layout.left[80] : undefined;
  const room = left === undefined ? '' : `, ${formatDuration(left)} left on an 80-minute disc`;
  return `${count}, ${formatDuration(layout.totalSectors)} (${layout.totalSectors} sectors)${room}`;
}

export function doneMessage(event: Extract<BurnEvent, { type: 'done' }>): string {
  if (event.simulate) return 'Simulation complete: every step ran, nothing was written';
  return `Wrote ${event.outputs.map(plainText).join(' and ')}`;
}
