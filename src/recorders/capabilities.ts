import { TEXT_FIELDS, type CueText } from '../disc/cue-parser.js';
import { formatSeconds } from '../disc/red-book.js';
import type { DiscLayout } from '../disc/layout.js';
import { listed } from '../disc/text.js';

/** What a kind of recorder can put on a disc beyond the tracks' audio. */
export interface RecorderCapabilities {
  /** How messages name the recorder. */
  name: string;
  /** Audio in a pregap (before a track's INDEX 01), a hidden track before track 1 included. */
  pregapAudio: boolean;
  /** The Media Catalog Number (CATALOG). */
  catalog: boolean;
  isrc: boolean;
  /** Sub-channel flags: pre-emphasis (PRE), digital copy permitted (DCP), four channels, SCMS. */
  flags: boolean;
  /** INDEX 02 and later. */
  indexes: boolean;
  cdText: boolean;
  /** The longest gap between tracks it writes, in sectors. */
  maxGapSectors: number;
}

/**
 * The recorders burn-audio drives. An image keeps everything a cue sheet can say. IMAPI v1
 * (IRedbookDiscMaster) records track-at-once: it takes each track's audio and writes the gap
 * between tracks itself, as silence, and has no call for MCN, ISRC, flags, indexes or CD-TEXT.
 */
export const RECORDERS = {
  image: { name: 'a BIN/CUE image', pregapAudio: true, catalog: true, isrc: true, flags: true, indexes: true, cdText: true, maxGapSectors: Infinity },
  // The largest AudioGapSize IMAPI accepts: 3 s.
  imapi: { name: 'IMAPI v1', pregapAudio: false, catalog: false, isrc: false, flags: false, indexes: false, cdText: false, maxGapSectors: 225 },
} as const satisfies Record<string, RecorderCapabilities>;

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
  if (!recorder.catalog && layout.catalog) lost.push(`the MCN ${layout.catalog}`);
  const list = (has: (t: DiscLayout['tracks'][number]) => boolean): string => listed(tracks.filter(has).map((t) => String(t.number)));
  if (!recorder.isrc && tracks.some((t) => t.isrc)) lost.push(`the ISRC of track ${list((t) => t.isrc !== undefined)}`);
  if (!recorder.flags && tracks.some((t) => t.flags.length > 0)) {
    const flags = [...new Set(tracks.flatMap((t) => t.flags))].join(', ');
    lost.push(`the flags (${flags}) of track ${list((t) => t.flags.length > 0)}`);
  }
  if (!recorder.indexes && tracks.some((t) => t.indexes.length > 0)) lost.push(`INDEX 02 and later of track ${list((t) => t.indexes.length > 0)}`);
  if (!recorder.cdText) {
    const fields = [...new Set([layout.text, ...tracks.map((t) => t.text)].flatMap(textKeywords))];
    if (fields.length > 0) lost.push(`the CD-TEXT (${fields.join(', ')})`);
  }
  if (lost.length > 0) warnings.push(`${recorder.name} cannot record ${lost.join(', ')}; the disc is burned without ${lost.length === 1 ? 'it' : 'them'}`);
  return warnings;
}

function textKeywords(text: CueText): string[] {
  return Object.entries(TEXT_FIELDS)
    .filter(([, field]) => text[field] !== undefined)
    .map(([keyword]) => keyword);
}
