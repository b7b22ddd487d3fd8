/**
 * The table of contents checked exactly against the plan: track count, every INDEX 01, the
 * lead-out, the control bits; then the MCN, ISRCs and indexes where the reader can give them.
 */
import type { DiscLayout } from '../disc/layout.js';
import { pregapStart } from '../disc/plan.js';
import { LEAD_PREGAP_SECTORS, formatMsf } from '../disc/red-book.js';
import { CONTROL, controlBits, type DiscReader, type DiscToc, type TrackIndexes } from './reader.js';

const BIT_NAMES: Array<[number, string]> = [[CONTROL.preEmphasis, 'PRE'], [CONTROL.copyPermitted, 'DCP'], [CONTROL.fourChannel, '4CH'], [CONTROL.data, 'DATA']];

/** The table of contents a disc recorded from `layout` has. */
export function plannedToc(layout: DiscLayout): DiscToc {
  return {
    tracks: layout.tracks.map((track) => ({ number: track.number, start: track.start, control: controlBits(track.flags) })),
    leadOut: layout.programSectors,
  };
}

/**
 * How the disc's tracks and lead-out differ from the plan's. Any difference means another disc
 * (or another burn): its samples are not worth comparing.
 */
export function layoutDifferences(planned: DiscToc, read: DiscToc): string[] {
  if (read.tracks.length === 0) return ['its table of contents has no track (a blank disc?)'];
  if (read.tracks.length !== planned.tracks.length) return [`it has ${read.tracks.length} tracks, the tracks given make ${planned.tracks.length}`];
  const problems = planned.tracks.flatMap((track, i) => {
    const start = read.tracks[i]!.start;
    return start === track.start ? [] : [`track ${track.number} starts at ${where(start)}, not ${where(track.start)}`];
  });
  if (read.leadOut !== planned.leadOut) problems.push(`its lead-out is at ${where(read.leadOut)}, not ${where(planned.leadOut)}`);
  return problems;
}

/** How the control bits, the MCN, the ISRCs and the indexes differ from the plan, as far as the reader can read them. */
export async function codeDifferences(layout: DiscLayout, planned: DiscToc, read: DiscToc, reader: DiscReader): Promise<string[]> {
  const problems: string[] = [];
  for (const [i, track] of planned.tracks.entries()) {
    const control = read.tracks[i]!.control;
    if (control !== track.control) problems.push(`track ${track.number}'s flags are ${flagNames(control)}, not ${flagNames(track.control)}`);
  }
  if (reader.mcn) {
    const mcn = await reader.mcn();
    if (mcn !== layout.catalog) problems.push(`its MCN is ${mcn ?? 'absent'}, not ${layout.catalog ?? 'absent'}`);
  }
  for (const track of layout.tracks) {
    if (reader.isrc) {
      const isrc = await reader.isrc(track.number);
      if (isrc !== track.isrc) problems.push(`track ${track.number}'s ISRC is ${isrc ?? 'absent'}, not ${track.isrc ?? 'absent'}`);
    }
    if (reader.indexes) problems.push(...indexDifferences(track.number, await reader.indexes(track.number), { pregap: pregapStart(track), later: track.indexes.map((offset) => track.start + offset) }));
  }
  return problems;
}

function indexDifferences(number: number, read: TrackIndexes, planned: TrackIndexes): string[] {
  const problems: string[] = [];
  if (read.pregap !== planned.pregap) problems.push(`track ${number}'s INDEX 00 is ${at(read.pregap)}, not ${at(planned.pregap)}`);
  const count = Math.max(read.later.length, planned.later.length);
  for (let i = 0; i < count; i += 1) {
    if (read.later[i] !== planned.later[i]) problems.push(`track ${number}'s INDEX ${String(i + 2).padStart(2, '0')} is ${at(read.later[i])}, not ${at(planned.later[i])}`);
  }
  return problems;
}

/** An LBA as the plan shows positions: absolute MSF (LBA 0 = 00:02:00), with the LBA. */
function where(lba: number): string {
  return `${formatMsf(lba + LEAD_PREGAP_SECTORS)} (LBA ${lba})`;
}

function at(lba: number | undefined): string {
  return lba === undefined ? 'absent' : `at ${where(lba)}`;
}

function flagNames(control: number): string {
  const names = BIT_NAMES.filter(([bit]) => (control & bit) !== 0).map(([, name]) => name);
  return names.length === 0 ? 'none' : names.join(' ');
}
