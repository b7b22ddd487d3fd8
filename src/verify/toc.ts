/**
 * The table of contents checked exactly against the plan: track count, every INDEX 01, the
 * lead-out, the control bits; then the MCN, ISRCs, indexes and CD-TEXT where the reader can give
 * them, as the recorder that wrote the disc records them.
 */
import { PACK_BYTES } from '../disc/cd-text.js';
import type { DiscLayout, TrackLayout } from '../disc/layout.js';
import { pregapStart } from '../disc/plan.js';
import { LEAD_PREGAP_SECTORS, formatMsf } from '../disc/red-book.js';
import { RECORDERS, recordedCatalog, recordedFlags, recordedIndexes, type RecorderCapabilities } from '../recorders/capabilities.js';
import { ImageReader } from './image-reader.js';
import { CONTROL, controlBits, type DiscReader, type DiscToc, type ExpectedProgram, type TrackIndexes } from './reader.js';

const BIT_NAMES: Array<[number, string]> = [[CONTROL.preEmphasis, 'PRE'], [CONTROL.copyPermitted, 'DCP'], [CONTROL.fourChannel, '4CH'], [CONTROL.data, 'DATA']];

/** The table of contents a disc recorded from `layout` by `recorder` has. */
export function plannedToc(layout: DiscLayout, recorder: RecorderCapabilities = RECORDERS.image): DiscToc {
  return {
    tracks: layout.tracks.map((track) => ({ number: track.number, start: track.start, control: controlBits(recordedFlags(track, recorder)) })),
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

/** How the control bits, the MCN, the ISRCs, the indexes and the CD-TEXT differ from the plan, as far as the reader can read them. */
export async function codeDifferences(expected: ExpectedProgram, planned: DiscToc, read: DiscToc, reader: DiscReader): Promise<string[]> {
  const { layout } = expected;
  const recorder = expected.recorder ?? RECORDERS.image;
  const problems: string[] = [];
  for (const [i, track] of planned.tracks.entries()) {
    const control = read.tracks[i]!.control;
    if (control !== track.control) problems.push(`track ${track.number}'s flags are ${flagNames(control)}, not ${flagNames(track.control)}`);
  }
  if (reader.mcn) {
    const mcn = await reader.mcn();
    const catalog = recordedCatalog(layout, recorder);
    if (mcn !== catalog) problems.push(`its MCN is ${mcn ?? 'absent'}, not ${catalog ?? 'absent'}`);
  }
  for (const track of layout.tracks) {
    if (reader.isrc) {
      const isrc = await reader.isrc(track.number);
      const planned = recorder.isrc ? track.isrc : undefined;
      if (isrc !== planned) problems.push(`track ${track.number}'s ISRC is ${isrc ?? 'absent'}, not ${planned ?? 'absent'}`);
    }
    if (reader.indexes) problems.push(...indexDifferences(track.number, await reader.indexes(track.number), recordedIndexPositions(track, recorder)));
  }
  problems.push(...(await cdTextDifferences(expected.cdText, reader)));
  return problems;
}

/** Where the recorder puts a track's indexes: from track 2 on, IMAPI2 marks its own pregap length whatever the plan's (gapless too). */
function recordedIndexPositions(track: TrackLayout, recorder: RecorderCapabilities): TrackIndexes {
  const marked = track.number > 1 && recorder.pregapMarkSectors > 0 ? track.start - recorder.pregapMarkSectors : pregapStart(track);
  return { ...(marked !== undefined && { pregap: marked }), later: recordedIndexes(track, recorder).map((offset) => track.start + offset) };
}

/** CD-TEXT pack types (IEC 61866; MMC-3 Annex J) as a cue sheet names them. */
const PACK_NAMES: Record<number, string> = { 0x80: 'TITLE', 0x81: 'PERFORMER', 0x82: 'SONGWRITER', 0x83: 'COMPOSER', 0x84: 'ARRANGER', 0x85: 'MESSAGE', 0x86: 'DISC_ID', 0x87: 'GENRE', 0x8d: 'closed information', 0x8e: 'UPC_EAN/ISRC', 0x8f: 'size information' };

/**
 * The lead-in's CD-TEXT (an image's CD-TEXT file) against the packs planned: missing altogether
 * (it did not reach the disc, or the drive cannot read it), or the first pack that differs.
 */
export async function cdTextDifferences(planned: Buffer | undefined, reader: DiscReader): Promise<string[]> {
  if (!planned) return [];
  const read = reader.cdText ? await reader.cdText() : undefined;
  if (!read || read.length === 0) {
    if (reader instanceof ImageReader) return ['it has no CD-TEXT file (NAME.cdt), though the plan gives the disc CD-TEXT'];
    return ['its lead-in has no CD-TEXT the drive can read, though --cd-text recorded it: the CD-TEXT did not reach the disc (or this drive cannot read CD-TEXT)'];
  }
  if (read.equals(planned)) return [];
  const count = planned.length / PACK_BYTES;
  const got = Math.floor(read.length / PACK_BYTES);
  for (let i = 0; i < Math.min(count, got); i += 1) {
    const pack = planned.subarray(i * PACK_BYTES, (i + 1) * PACK_BYTES);
    const other = read.subarray(i * PACK_BYTES, (i + 1) * PACK_BYTES);
    if (pack.equals(other)) continue;
    const which = packName(pack) === packName(other) ? `the ${packName(pack)} differs` : `${packName(other)} where ${packName(pack)} was recorded`;
    return [`its CD-TEXT differs from pack ${i + 1} of ${count} on: ${which}`];
  }
  return [`its CD-TEXT has ${got} packs, not ${count}`];
}

/** What a pack holds: `TITLE of track 2`, `size information of the disc`. */
function packName(pack: Buffer): string {
  const track = pack[1]! & 0x7f;
  return `${PACK_NAMES[pack[0]!] ?? `type 0x${pack[0]!.toString(16)}`} of ${track === 0 ? 'the disc' : `track ${track}`}`;
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
