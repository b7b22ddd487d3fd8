import { TEXT_FIELDS, TRACK_FLAGS, type CueText, type TrackFlag } from '../disc/cue-parser.js';
import { formatSeconds } from '../disc/red-book.js';
import type { DiscLayout, TrackLayout } from '../disc/layout.js';
import { listed } from '../disc/text.js';

/** What a kind of recorder can put on a disc beyond the tracks' audio. */
export interface RecorderCapabilities {
  /** How messages name the recorder. */
  name: string;
  /** Audio in a pregap (before a track's INDEX 01), a hidden track before track 1 included. */
  pregapAudio: boolean;
  /** The Media Catalog Number (CATALOG). */
  catalog: boolean;
  /** Only an MCN whose check digit (EAN-13) is right. */
  catalogCheckDigit: boolean;
  isrc: boolean;
  /** The sub-channel flags it records, of pre-emphasis (PRE), digital copy permitted (DCP), four channels (4CH) and SCMS. */
  flags: readonly TrackFlag[];
  /** INDEX 02 and later. */
  indexes: boolean;
  /** How close two indexes of a track (INDEX 01 included), or an index and the track's end, may be, in sectors; a closer one is left out. */
  indexSpacing: number;
  cdText: boolean;
  /** The longest gap between tracks it writes, in sectors. */
  maxGapSectors: number;
  /** The pregap (INDEX 00 to INDEX 01) it marks before every track from track 2 on, whatever the plan's, in sectors; 0: the plan's. */
  pregapMarkSectors: number;
}

/**
 * The recorders burn-audio drives. An image keeps everything a cue sheet can say. IMAPI v1
 * (IRedbookDiscMaster) records track-at-once: it takes each track's audio and writes the gap
 * between tracks itself, as silence, and has no call for MCN, ISRC, flags, indexes or CD-TEXT.
 * IMAPI2 (IDiscFormat2RawCD) records the whole disc at once, gaps and pregap audio as part of
 * the tracks' data, with the codes IRawCDImageCreator and IRawCDImageTrackInfo take: an MCN with
 * a valid check digit, ISRCs, pre-emphasis and the copy setting (no four-channel flag), indexes
 * at least 10 sectors apart, and each pregap marked as the 2 seconds before INDEX 01 (the last 2
 * seconds of the track before, when gapless). CD-TEXT goes in only with --cd-text (imapi2CdText).
 */
export const RECORDERS = {
  image: { name: 'a BIN/CUE image', pregapAudio: true, catalog: true, catalogCheckDigit: false, isrc: true, flags: TRACK_FLAGS, indexes: true, indexSpacing: 1, cdText: true, maxGapSectors: Infinity, pregapMarkSectors: 0 },
  // The largest AudioGapSize IMAPI accepts: 3 s.
  imapi: { name: 'IMAPI v1', pregapAudio: false, catalog: false, catalogCheckDigit: false, isrc: false, flags: [], indexes: false, indexSpacing: 1, cdText: false, maxGapSectors: 225, pregapMarkSectors: 0 },
  // AddTrackIndex: "indexes must be at least 10 sectors apart" (E_IMAPI_RAW_IMAGE_TRACK_INDEX_TOO_CLOSE_TO_OTHER_INDEX).
  imapi2: { name: 'IMAPI2', pregapAudio: true, catalog: true, catalogCheckDigit: true, isrc: true, flags: ['PRE', 'DCP', 'SCMS'], indexes: true, indexSpacing: 10, cdText: false, maxGapSectors: Infinity, pregapMarkSectors: 150 },
} as const satisfies Record<string, RecorderCapabilities>;

/** IMAPI2 with CD-TEXT in the lead-in, as --cd-text asks. */
export function imapi2CdText(cdText: boolean): RecorderCapabilities {
  return { ...RECORDERS.imapi2, cdText };
}

/**
 * What of the layout the recorder cannot record as the sheet says, as warnings, before anything
 * is staged: where pregap audio went, and one list of what is left out.
 */
export function unrecorded(layout: DiscLayout, recorder: RecorderCapabilities): string[] {
  const warnings: string[] = [];
  const { tracks } = layout;
  const moved = tracks.filter((t) => t.tailSectors > 0).map((t) => `track ${t.number + 1}'s pregap audio (${formatSeconds(t.tailSectors)}) is appended to the end of track ${t.number}`);
  if (moved.length > 0) warnings.push(`${recorder.name} writes every gap as silence, so the pregap audio moves: ${moved.join('; ')}`);
  const lost: string[] = [];
  const head = tracks[0]?.headSectors ?? 0;
  if (head > 0) lost.push(`the hidden track before track 1 (${formatSeconds(head)}; it begins track 1 instead)`);
  if (layout.catalog && !recordedCatalog(layout, recorder)) {
    lost.push(recorder.catalog ? `the MCN ${layout.catalog} (its check digit is wrong)` : `the MCN ${layout.catalog}`);
  }
  const list = (has: (t: TrackLayout) => boolean): string => numbers(tracks.filter(has).map((t) => t.number));
  if (!recorder.isrc && tracks.some((t) => t.isrc)) lost.push(`the ISRC of track ${list((t) => t.isrc !== undefined)}`);
  const leftFlags = (t: TrackLayout): TrackFlag[] => t.flags.filter((flag) => !recorder.flags.includes(flag));
  if (tracks.some((t) => leftFlags(t).length > 0)) {
    const flags = [...new Set(tracks.flatMap(leftFlags))].join(', ');
    lost.push(`the flags (${flags}) of track ${list((t) => leftFlags(t).length > 0)}`);
  }
  if (!recorder.indexes) {
    if (tracks.some((t) => t.indexes.length > 0)) lost.push(`INDEX 02 and later of track ${list((t) => t.indexes.length > 0)}`);
  } else lost.push(...tracks.flatMap((t) => closeIndexes(t, recorder)));
  const mark = recorder.pregapMarkSectors;
  const remarked = tracks.slice(1).filter((t) => mark > 0 && t.pregapSectors > 0 && t.pregapSectors !== mark);
  if (remarked.length > 0) {
    lost.push(`the pregap of track ${list((t) => remarked.includes(t))} as planned (${recorder.name} marks the ${formatSeconds(mark)} before INDEX 01 as the pregap, whatever its length; the audio is the same)`);
  }
  const fields = cdTextFields(layout);
  if (!recorder.cdText && fields.length > 0) lost.push(`the CD-TEXT (${fields.join(', ')})`);
  if (lost.length > 0) warnings.push(`${recorder.name} cannot record ${lost.join(', ')}; the disc is burned without ${lost.length === 1 ? 'it' : 'them'}`);
  return warnings;
}

/** The MCN the recorder records: the layout's, unless it cannot take it. */
export function recordedCatalog(layout: DiscLayout, recorder: RecorderCapabilities): string | undefined {
  const { catalog } = layout;
  if (!catalog || !recorder.catalog) return undefined;
  return recorder.catalogCheckDigit && !checkDigitRight(catalog) ? undefined : catalog;
}

/** The flags of a track the recorder records. */
export function recordedFlags(track: TrackLayout, recorder: RecorderCapabilities): TrackFlag[] {
  return track.flags.filter((flag) => recorder.flags.includes(flag));
}

/**
 * INDEX 02 and later as the recorder records them (sectors from INDEX 01): each at least
 * `indexSpacing` after the one kept before it (INDEX 01 included) and before the track's end; the
 * others are left out.
 */
export function recordedIndexes(track: TrackLayout, recorder: RecorderCapabilities): number[] {
  if (!recorder.indexes) return [];
  const kept: number[] = [];
  for (const index of track.indexes) {
    if (index - (kept.at(-1) ?? 0) >= recorder.indexSpacing && track.sectors - index >= recorder.indexSpacing) kept.push(index);
  }
  return kept;
}

function closeIndexes(track: TrackLayout, recorder: RecorderCapabilities): string[] {
  const kept = recordedIndexes(track, recorder);
  return track.indexes.flatMap((index, i) => {
    if (kept.includes(index)) return [];
    const name = `INDEX ${String(i + 2).padStart(2, '0')} of track ${track.number}`;
    const before = [0, ...kept].filter((other) => other < index).at(-1) ?? 0;
    const why = index - before < recorder.indexSpacing ? `${index - before} sectors after the index before it` : `${track.sectors - index} sectors before the track's end`;
    return [`${name} (${why}; ${recorder.name} needs ${recorder.indexSpacing})`];
  });
}

/** The EAN-13 check digit (UPC-A with a leading 0): digits weighted 1, 3, 1, ... sum to a multiple of 10. */
export function checkDigitRight(mcn: string): boolean {
  const sum = [...mcn].reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return /^\d{13}$/.test(mcn) && sum % 10 === 0;
}

/** The CD-TEXT fields a cue sheet (or --title, --performer) gives the disc or its tracks, by keyword. */
export function cdTextFields(layout: DiscLayout): string[] {
  return [...new Set([layout.text, ...layout.tracks.map((t) => t.text)].flatMap(textKeywords))];
}

function textKeywords(text: CueText): string[] {
  return Object.entries(TEXT_FIELDS)
    .filter(([, field]) => text[field] !== undefined)
    .map(([keyword]) => keyword);
}

/** "1", "1 and 3", "1, 2 and 5". */
export function numbers(list: readonly number[]): string {
  return listed(list.map(String));
}
