import {
  LEAD_PREGAP_SECTORS,
  MAX_TRACKS,
  MIN_TRACK_SECTORS,
  SECTORS_PER_SECOND,
  formatDuration,
  minutesToSectors,
  sectorsForBytes,
  type CapacityMinutes,
} from './disc/red-book.js';
import { cdText } from './disc/text.js';
import { LayoutError } from './errors.js';

/** What the layout needs to know of one input. */
export interface TrackFacts {
  path: string;
  /** Bytes of CD audio (44.1 kHz, 16-bit, stereo) the track holds. */
  audioBytes: number;
  title?: string;
  performer?: string;
  /** Conversion steps to CD audio, e.g. ["48000 → 44100 Hz"]; none for CD audio. */
  conversion?: string[];
  /** Silence before the track when a cue sheet sets it (instead of the disc's gap). */
  pregapSectors?: number;
  /** Silence after the track's audio (a cue sheet's POSTGAP). */
  postgapSectors?: number;
}

export interface PlanOptions {
  /** Silence between tracks, in sectors (150 = the customary 2 s; 0 = gapless). */
  gapSectors: number;
  capacityMinutes: CapacityMinutes;
  title?: string;
  performer?: string;
}

export interface TrackLayout {
  number: number;
  path: string;
  title?: string;
  performer?: string;
  conversion: string[];
  audioBytes: number;
  /** Sectors the audio fills, the last one zero-padded. */
  audioSectors: number;
  /** Sectors the track occupies: audioSectors, or the 4-second minimum for a short track. */
  sectors: number;
  /** Silence before INDEX 01: the lead pregap for track 1, the gap for the others. */
  pregapSectors: number;
  /** LBA of INDEX 01 (track 1 starts at LBA 0 = MSF 00:02:00). */
  start: number;
}

export interface DiscLayout {
  tracks: TrackLayout[];
  gapSectors: number;
  title?: string;
  performer?: string;
  /** Sectors from LBA 0 to the end of the last track: what an image or a recorder receives. */
  programSectors: number;
  /** Disc time used, the lead pregap included. */
  totalSectors: number;
  capacityMinutes: CapacityMinutes;
  /** Sectors left (negative: over) on a 74- and an 80-minute disc. */
  left: { 74: number; 80: number };
  warnings: string[];
}

/**
 * Lays the tracks out on a Red Book disc: lead pregap, gaps, whole sectors, the 4-second
 * minimum, at most 99 tracks, total within capacity. Pure: facts in, layout out.
 */
export function planDisc(facts: readonly TrackFacts[], options: PlanOptions): DiscLayout {
  if (facts.length > MAX_TRACKS) {
    throw new LayoutError(`${facts.length} tracks given; an audio CD holds at most ${MAX_TRACKS}`, 'ETOOMANYTRACKS');
  }
  const warnings: string[] = [];
  const tracks: TrackLayout[] = [];
  let next = 0;
  for (const [index, fact] of facts.entries()) {
    const number = index + 1;
    const audioSectors = sectorsForBytes(fact.audioBytes);
    const wanted = audioSectors + (fact.postgapSectors ?? 0);
    const sectors = Math.max(wanted, MIN_TRACK_SECTORS);
    if (sectors > wanted) {
      warnings.push(
        `track ${number} (${fact.path}) lasts ${(audioSectors / SECTORS_PER_SECOND).toFixed(2)} s; ` +
          `padded with silence to 4 s, the shortest track a CD allows`,
      );
    }
    const pregapSectors = index === 0 ? LEAD_PREGAP_SECTORS : (fact.pregapSectors ?? options.gapSectors);
    if (pregapSectors < 0) throw new LayoutError(`track ${number} (${fact.path}) has a negative gap`, 'EBADGAP');
    const start = index === 0 ? 0 : next + pregapSectors;
    tracks.push({
      number,
      path: fact.path,
      title: fact.title,
      performer: fact.performer,
      conversion: fact.conversion ?? [],
      audioBytes: fact.audioBytes,
      audioSectors,
      sectors,
      pregapSectors,
      start,
    });
    next = start + sectors;
  }
  const totalSectors = LEAD_PREGAP_SECTORS + next;
  const capacity = minutesToSectors(options.capacityMinutes);
  if (totalSectors > capacity) {
    throw new LayoutError(
      `the tracks need ${formatDuration(totalSectors)} (${totalSectors} sectors) but a ${options.capacityMinutes}-minute disc holds ` +
        `${formatDuration(capacity)} (${capacity} sectors); remove tracks, shorten the gaps (--gap) or choose larger media (--capacity)`,
      'EOVERCAPACITY',
    );
  }
  warnings.push(...textWarnings('the disc', options), ...tracks.flatMap((track) => textWarnings(`track ${track.number}`, track)));
  return {
    tracks,
    gapSectors: options.gapSectors,
    title: options.title,
    performer: options.performer,
    programSectors: next,
    totalSectors,
    capacityMinutes: options.capacityMinutes,
    left: { 74: minutesToSectors(74) - totalSectors, 80: minutesToSectors(80) - totalSectors },
    warnings,
  };
}

/** What CD-TEXT cannot carry of a title or performer, said before anything is written. */
function textWarnings(whose: string, text: { title?: string; performer?: string }): string[] {
  return (['title', 'performer'] as const).flatMap((field) => {
    const value = text[field];
    if (value === undefined) return [];
    const safe = cdText(value);
    const notes = [
      safe.transliterated && `has characters CD-TEXT (ISO-8859-1) cannot carry; the cue sheet gets "${safe.text}"`,
      safe.truncated && `is longer than 160 characters; the cue sheet gets the first 160`,
    ].filter((note): note is string => typeof note === 'string');
    return notes.map((note) => `${whose}'s ${field} ${note}`);
  });
}
