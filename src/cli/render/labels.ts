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
  if (event.dryRun) {
    return 'Dry run complete, without the laser: the recorder was opened, the disc checked and every track staged, then the staged audio cleared; nothing was recorded, because IMAPI on this Windows cannot do a test write';
  }
  if (event.simulate) return 'Simulation complete: every step ran, nothing was written';
  const verb = { record: 'Disc recorded in', erase: 'Disc erased in', eject: 'Disc ejected from' }[event.action ?? 'record'];
  if (event.recorder) return `${verb} ${plainText(event.recorder)}`;
  return `Wrote ${event.outputs.map(plainText).join(' and ')}`;
}

export function recorderLine(event: Extract<BurnEvent, { type: 'recorder' }>): string {
  const speed = event.writeSpeed === null ? 'writing at the speed Windows picks' : `writing at ${event.writeSpeed}×`;
  return `Recorder ${event.index}: ${plainText(event.name)} (${plainText(event.media)}), ${speed} (at most ${event.maxWriteSpeed}×)`;
}

export function erasingLine(event: Extract<BurnEvent, { type: 'erasing' }>): string {
  return `Erasing the disc in ${plainText(event.name)} (${event.full ? 'full erase: this can take over an hour' : 'quick erase'})`;
}
