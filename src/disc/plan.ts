/** Disc: the Red Book layout of the tracks (lead pregap, gaps, 4-second minimum, 99 tracks, capacity), pure; cue sheets and CD-TEXT beside it. */
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
import type { CueText } from './cue-parser.js';
import { cdText } from './text.js';
import { cdTextPacks, PACK_BYTES, type CdTextSource } from './cd-text.js';
import { LayoutError } from '../errors.js';
import type { DiscCodes, DiscLayout, LevelRequest, TrackCodes, TrackFacts, TrackLayout, TrackLevelFacts } from './layout.js';

const NO_CODES: TrackCodes = { flags: [], indexes: [], text: {}, rems: [] };

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
  /** How the level is changed, and the measured tracks' loudness, pooled (LUFS). */
  level?: LevelRequest;
  loudness?: number | null;
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
      ...(fact.level && levelFields(fact.level)),
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
    ...tracks.flatMap((track) => (track.note ? [`track ${track.number} (${track.path}) ${track.note}`] : [])),
    ...textWarnings('the disc', discText),
    ...tracks.flatMap((track) => textWarnings(`track ${track.number}`, { ...track.text, title: track.title, performer: track.performer })),
  );
  const layout = {
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
    ...(options.level && { level: options.level, loudness: options.loudness ?? null }),
    warnings,
  };
  return { ...layout, cdTextPacks: packCount(layout, warnings) };
}

/** A track's level as the layout carries it (and the plan event with it). */
function levelFields({ loudness, truePeak, loudnessRange, gain, limiterReduction, shortfall, note }: TrackLevelFacts): TrackLevelFacts {
  return { loudness, truePeak, loudnessRange, gain, limiterReduction, shortfall, ...(note && { note }) };
}

/** The CD-TEXT packs the disc will carry; text that overflows a block is said, and none is written. */
function packCount(layout: CdTextSource, warnings: string[]): number {
  try {
    return cdTextPacks(layout).length / PACK_BYTES;
  } catch (error) {
    if (!(error instanceof LayoutError) || error.code !== 'ECDTEXTFULL') throw error;
    warnings.push(`${error.message}: the disc gets no CD-TEXT (an image no .cdt file; its cue sheet keeps the text). Shorten the titles, or leave fields out`);
    return 0;
  }
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

/**
 * Silence a recorder writes before a track's staged blocks: its gap less the pregap audio staged
 * with it. Track 1's lead pregap (LBA -150 to -1) is not in the program area.
 */
export function gapSilenceSectors(track: TrackLayout): number {
  return track.number > 1 ? track.pregapSectors - track.pregapAudioSectors : 0;
}

/** LBA of a track's INDEX 00 in the program area, or undefined when it has no pregap there. */
export function pregapStart(track: TrackLayout): number | undefined {
  if (track.number > 1) return track.pregapSectors > 0 ? track.start - track.pregapSectors : undefined;
  return track.pregapAudioSectors > 0 ? 0 : undefined;
}

/** LBA where a track's staging begins on the disc: its gap (and pregap audio), or LBA 0 for track 1. */
export function stagingStart(track: TrackLayout): number {
  return track.number > 1 ? track.start - track.pregapSectors : 0;
}

/** The silence before a track's INDEX 01 (its pregap less the pregap audio; for track 1 the lead pregap). */
export function gapSilence(track: TrackLayout): number {
  return track.pregapSectors - track.pregapAudioSectors;
}
