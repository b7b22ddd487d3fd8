import {
  LEAD_PREGAP_SECTORS,
  MAX_TRACKS,
  MIN_TRACK_SECTORS,
  SECTORS_PER_SECOND,
  formatDuration,
  minutesToSectors,
  sectorsForBytes,
  type CapacityMinutes,
} from './red-book.js';
import type { CueText, TrackFlag } from './cue-parser.js';
import { cdText } from './text.js';
import { LayoutError } from '../errors.js';

/** What a cue sheet says of a track beyond its audio and gaps. */
export interface TrackCodes {
  isrc?: string;
  flags: TrackFlag[];
  /** INDEX 02 and later, in sectors from INDEX 01. */
  indexes: number[];
  /** The CD-TEXT fields the sheet gives for the track (TITLE and PERFORMER included). */
  text: CueText;
  /** REM lines, as written. */
  rems: string[];
}

/** What a cue sheet says of the disc beyond its tracks. */
export interface DiscCodes {
  /** Media Catalog Number (13 digits). */
  catalog?: string;
  /** The CD-TEXT fields the sheet (or --title/--performer) gives for the disc. */
  text: CueText;
  rems: string[];
}

const NO_CODES: TrackCodes = { flags: [], indexes: [], text: {}, rems: [] };

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
  /** Audio before INDEX 01 in the source (cue INDEX 00 to 01; a hidden track before track 1). */
  pregapAudioSectors?: number;
  codes?: TrackCodes;
}

export interface PlanOptions {
  /** Silence between tracks, in sectors (150 = the customary 2 s; 0 = gapless). */
  gapSectors: number;
  capacityMinutes: CapacityMinutes;
  title?: string;
  performer?: string;
  codes?: DiscCodes;
  /**
   * Whether the recorder can put audio in a pregap. When it cannot (track-at-once recording, the
   * recorder writing the gap), a track's pregap audio ends the track before it, and a hidden
   * track before track 1 begins track 1.
   */
  pregapAudio?: boolean;
}

export interface TrackLayout extends TrackCodes {
  number: number;
  path: string;
  title?: string;
  performer?: string;
  conversion: string[];
  audioBytes: number;
  /** Sectors the audio fills, the last one zero-padded. */
  audioSectors: number;
  /**
   * Sectors from INDEX 01 to the next track's pregap: headSectors + audioSectors + postgapSectors +
   * tailSectors, or the 4-second minimum for a short track.
   */
  sectors: number;
  /** Sectors before INDEX 01: the lead pregap (+ a hidden track) for track 1, the gap for the others. */
  pregapSectors: number;
  /** Of the pregap, the sectors of audio from the source (the rest is silence). */
  pregapAudioSectors: number;
  /** The track's own pregap audio, moved to its start (a recorder that writes gaps itself). */
  headSectors: number;
  /** The next track's pregap audio, moved to this track's end (a recorder that writes gaps itself). */
  tailSectors: number;
  /** Silence after the audio (POSTGAP). */
  postgapSectors: number;
  /** LBA of INDEX 01 (track 1 starts at LBA 0 = MSF 00:02:00). */
  start: number;
}

export interface DiscLayout {
  tracks: TrackLayout[];
  gapSectors: number;
  title?: string;
  performer?: string;
  /** Media Catalog Number, the disc's CD-TEXT fields and REM lines from a cue sheet. */
  catalog?: string;
  text: CueText;
  rems: string[];
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
  const keep = options.pregapAudio ?? true;
  const audioBefore = facts.map((fact) => fact.pregapAudioSectors ?? 0);
  const tracks: TrackLayout[] = [];
  let next = 0;
  for (const [index, fact] of facts.entries()) {
    const number = index + 1;
    const audioSectors = sectorsForBytes(fact.audioBytes);
    const pregapAudioSectors = keep ? audioBefore[index]! : 0;
    const headSectors = !keep && index === 0 ? audioBefore[0]! : 0;
    const tailSectors = keep ? 0 : (audioBefore[index + 1] ?? 0);
    const postgapSectors = fact.postgapSectors ?? 0;
    const wanted = headSectors + audioSectors + postgapSectors + tailSectors;
    const sectors = Math.max(wanted, MIN_TRACK_SECTORS);
    if (sectors > wanted) {
      warnings.push(
        `track ${number} (${fact.path}) lasts ${(wanted / SECTORS_PER_SECOND).toFixed(2)} s; ` +
          `padded with silence to 4 s, the shortest track a CD allows`,
      );
    }
    const silence = index === 0 ? LEAD_PREGAP_SECTORS : (fact.pregapSectors ?? options.gapSectors);
    if (silence < 0) throw new LayoutError(`track ${number} (${fact.path}) has a negative gap`, 'EBADGAP');
    const pregapSectors = silence + pregapAudioSectors;
    const start = index === 0 ? pregapAudioSectors : next + pregapSectors;
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
      pregapAudioSectors,
      headSectors,
      tailSectors,
      postgapSectors,
      start,
      ...(fact.codes ?? NO_CODES),
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
  const discText = { ...options.codes?.text, title: options.title, performer: options.performer };
  warnings.push(
    ...textWarnings('the disc', discText),
    ...tracks.flatMap((track) => textWarnings(`track ${track.number}`, { ...track.text, title: track.title, performer: track.performer })),
  );
  return {
    tracks,
    gapSectors: options.gapSectors,
    title: options.title,
    performer: options.performer,
    catalog: options.codes?.catalog,
    text: options.codes?.text ?? {},
    rems: options.codes?.rems ?? [],
    programSectors: next,
    totalSectors,
    capacityMinutes: options.capacityMinutes,
    left: { 74: minutesToSectors(74) - totalSectors, 80: minutesToSectors(80) - totalSectors },
    warnings,
  };
}

/** What CD-TEXT cannot carry of a text field, said before anything is written. */
function textWarnings(whose: string, text: CueText): string[] {
  return Object.entries(text).flatMap(([field, value]) => {
    if (value === undefined) return [];
    const safe = cdText(value);
    const notes = [
      safe.transliterated && `has characters CD-TEXT (ISO-8859-1) cannot carry; the cue sheet gets "${safe.text}"`,
      safe.truncated && `is longer than 160 characters; the cue sheet gets the first 160`,
    ].filter((note): note is string => typeof note === 'string');
    return notes.map((note) => `${whose}'s ${field} ${note}`);
  });
}

/** Sectors a recorder is handed for the whole disc: every track with the pregap audio staged before it. */
export function stagedSectors(layout: DiscLayout): number {
  return layout.tracks.reduce((sum, track) => sum + track.pregapAudioSectors + track.sectors, 0);
}
