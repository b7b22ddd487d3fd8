import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { openSource } from '../audio/source.js';
import { findSheetFile } from './cue-paths.js';
import { decodeCueText } from '../disc/cue-encoding.js';
import { CueSyntaxError, DATA_MODES, parseCueSheet, type AudioTrack, type CueFileType, type CueSheet, type CueText, type DataTrack } from '../disc/cue-parser.js';
import { SECTOR_BYTES, SECTORS_PER_SECOND, formatMsf, formatSeconds } from '../disc/red-book.js';
import { InputError } from '../errors.js';
import type { AudioPiece, TrackInput } from '../audio/probe.js';

/** What a cue sheet says of the whole disc. */
export interface CueDisc {
  title?: string;
  performer?: string;
  /** Every CD-TEXT field the sheet gives for the disc, TITLE and PERFORMER included. */
  text: CueText;
  catalog?: string;
  rems: string[];
}

/** The tracks a cue sheet describes, as inputs, and the disc's text and codes. */
export interface CueInputs {
  tracks: TrackInput[];
  disc: CueDisc;
  /** Worth knowing, nothing lost (a FILE found under another case, a first track's PREGAP). */
  warnings: string[];
  /** What of the sheet is left out: data tracks, malformed values. `--strict` refuses these. */
  dropped: string[];
}

interface SheetFile {
  name: string;
  type: CueFileType;
  line: number;
  path: string;
  frames: number;
}

/**
 * Reads a cue sheet (UTF-8, UTF-16 or Windows-1252) and turns each AUDIO track into an input: a
 * slice of its FILE (an audio file, or raw CD audio, found relative to the sheet's folder) from INDEX 01 to the
 * next track's first index, plus the audio the source holds before INDEX 01 (INDEX 00 to 01, or
 * the start of a file before its first track's INDEX 01: a hidden track when it is track 1).
 * PREGAP and POSTGAP are silence. Data tracks are left out. Errors name the cue sheet and the line.
 */
export async function readCueInputs(cuePath: string): Promise<CueInputs> {
  let sheet: CueSheet;
  try {
    sheet = parseCueSheet(decodeCueText(await readFile(cuePath)));
  } catch (error) {
    if (error instanceof CueSyntaxError) throw new InputError(cuePath, error.message, 'ECUE');
    throw new InputError(cuePath, `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`, 'ECUE');
  }
  const warnings: string[] = [];
  const dropped = sheet.warnings.map((message) => `${cuePath}: ${message}`);
  const files = await openFiles(cuePath, sheet, warnings);
  const tracks: TrackInput[] = [];
  for (const [i, track] of sheet.tracks.entries()) {
    const where = `${cuePath}: line ${track.line}: TRACK ${pad(track.number)}`;
    if (track.kind === 'data') {
      dropped.push(`${where} is a data track (${track.mode}); it is left out and the audio tracks are burned${dataPregap(track, files)}`);
      continue;
    }
    const file = files[track.file]!;
    const end = trackEnd(sheet, i);
    checkIndexes(cuePath, track, end, file);
    const previous = sheet.tracks[i - 1];
    const pregapAudio = previous?.kind === 'data' ? [] : pregapPieces(sheet, i, track, files);
    if (tracks.length === 0 && track.pregap > 0) {
      warnings.push(`${where}: the first track starts after the standard 2-second pregap; the sheet's PREGAP of ${formatSeconds(track.pregap)} is not used`);
    }
    tracks.push({
      path: file.path,
      label: `${cuePath}#${pad(track.number)}`,
      slice: { start: track.index1, end, ...rawSlice(file.type) },
      pregapAudio,
      title: track.text.title,
      performer: track.text.performer ?? sheet.text.performer,
      pregapSectors: tracks.length === 0 ? 0 : track.pregap,
      postgapSectors: track.postgap,
      codes: { isrc: track.isrc, flags: track.flags, indexes: track.indexes, text: track.text, rems: track.rems },
    });
  }
  if (tracks.length === 0) throw new InputError(cuePath, noAudio(sheet.tracks.filter((t): t is DataTrack => t.kind === 'data')), 'ECUE');
  const disc = { title: sheet.text.title, performer: sheet.text.performer, text: sheet.text, catalog: sheet.catalog, rems: sheet.rems };
  return { tracks, disc, warnings, dropped };
}

/** Opens the FILEs audio tracks use (a data track's file may be missing); errors name the line. */
async function openFiles(cuePath: string, sheet: CueSheet, warnings: string[]): Promise<Array<SheetFile | undefined>> {
  const folder = dirname(cuePath);
  const used = new Set(sheet.tracks.filter((t) => t.kind === 'audio').flatMap((t) => [t.file, t.index0File ?? t.file]));
  return Promise.all(
    sheet.files.map(async (file, index): Promise<SheetFile | undefined> => {
      if (!used.has(index)) return undefined;
      const fail = (why: string): never => {
        throw new InputError(cuePath, `line ${file.line}: ${file.name}: ${why}`, 'ECUE');
      };
      const found = await findSheetFile(folder, file.name);
      if (!found) return fail('no such file');
      if (found.note) warnings.push(`${cuePath}: line ${file.line}: ${file.name}: ${found.note}`);
      const frames = await fileFrames(found.path, file.type).catch((error: unknown) =>
        fail(error instanceof InputError ? error.problem : String((error as NodeJS.ErrnoException).code ?? error)),
      );
      return { ...file, path: found.path, frames };
    }),
  );
}

/**
 * The audio a track's source holds before its INDEX 01, in order: INDEX 00 to the end of its file
 * and the start of the next file when the gap ends a file, INDEX 00 to INDEX 01 in one file, and
 * for the first track in a file, all of the file before its INDEX 01.
 */
function pregapPieces(sheet: CueSheet, i: number, track: AudioTrack, files: Array<SheetFile | undefined>): AudioPiece[] {
  const piece = (fileIndex: number, start: number, end?: number): AudioPiece => {
    const file = files[fileIndex]!;
    return { path: file.path, slice: { start, end, ...rawSlice(file.type) } };
  };
  // The start of a file no track before claims is this track's, INDEX 00 or not.
  const firstInFile = i === 0 || sheet.tracks[i - 1]!.file !== track.file;
  if (track.index0 !== undefined && track.index0File !== undefined && track.index0File !== track.file) {
    const tail = files[track.index0File]!.frames > track.index0 ? [piece(track.index0File, track.index0)] : [];
    return [...tail, ...(track.index1 > 0 ? [piece(track.file, 0, track.index1)] : [])];
  }
  const start = firstInFile ? 0 : (track.index0 ?? track.index1);
  return start < track.index1 ? [piece(track.file, start, track.index1)] : [];
}

/** Where track `i` ends in its file: the next track's first index there, or (undefined) the file's end. */
function trackEnd(sheet: CueSheet, i: number): number | undefined {
  const track = sheet.tracks[i]!;
  const next = sheet.tracks[i + 1];
  if (next?.index0 !== undefined && next.index0File === track.file) return next.index0;
  return next?.file === track.file ? next.index1 : undefined;
}

/** Every index of a track lies before its end: the next track's first index, or the end of its file. */
function checkIndexes(cuePath: string, track: AudioTrack, end: number | undefined, file: SheetFile): void {
  const bound = end ?? file.frames;
  const fail = (n: number, at: number, problem: string): never => {
    throw new InputError(cuePath, `line ${track.indexLines[n]}: INDEX ${pad(n)} of TRACK ${pad(track.number)} (${formatMsf(at)}) ${problem}`, 'ECUE');
  };
  const next = `the next track's first index (${formatMsf(bound)})`;
  if (track.index1 >= bound) fail(1, track.index1, end === undefined ? `is at or past the end of ${file.name}, which lasts ${formatMsf(file.frames)}; the sheet does not fit this file` : `is not before ${next}`);
  const late = track.indexes.findIndex((offset) => track.index1 + offset >= bound);
  if (late >= 0) {
    const where = end === undefined ? `${formatMsf(bound)}, the end of ${file.name}` : `${formatMsf(bound)}, where TRACK ${pad(track.number + 1)} begins`;
    fail(late + 2, track.index1 + track.indexes[late]!, `is not before the end of the track (${where})`);
  }
}

/** What a data track's pregap takes from the end of the audio file before it, said when it is left out. */
function dataPregap(track: DataTrack, files: Array<SheetFile | undefined>): string {
  const file = track.index0File === undefined ? undefined : files[track.index0File];
  if (!file || track.index0 === undefined || track.index0 >= file.frames) return '';
  return `; the last ${formatSeconds(file.frames - track.index0)} of ${file.name}, from its INDEX 00, is the data track's pregap and is left out too`;
}

/** No AUDIO track: which tracks there are, what they are, and where a data disc goes instead. */
function noAudio(tracks: DataTrack[]): string {
  const names = tracks.map((t) => `TRACK ${pad(t.number)} (line ${t.line})`);
  const listed = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ').replace(/, ([^,]*)$/, ' and $1');
  const modes = [...new Set(tracks.map((t) => t.mode))].join(', ');
  const are = tracks.length === 1 ? 'is a data track' : 'are data tracks';
  return `the cue sheet has no AUDIO track: ${listed} ${are} (${modes}); burn-audio burns AUDIO tracks and leaves data tracks (${DATA_MODES.join(', ')}) out: burn a data disc with a data CD tool such as cdrdao`;
}

/** How a track's slice of its FILE is read: raw CD audio in either byte order, or an audio file. */
function rawSlice(type: CueFileType): { binary: boolean; bigEndian?: boolean } {
  return type === 'MOTOROLA' ? { binary: true, bigEndian: true } : { binary: type === 'BINARY' };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Length of a FILE (raw CD audio, or an audio file) in CD frames (1/75 s), a last partial frame counted. */
async function fileFrames(path: string, type: CueFileType): Promise<number> {
  if (type === 'BINARY' || type === 'MOTOROLA') return Math.ceil((await stat(path)).size / SECTOR_BYTES);
  const { pcm: wav } = await openSource(path);
  return Math.ceil(((wav.dataBytes / wav.format.blockAlign) * SECTORS_PER_SECOND) / wav.format.sampleRate);
}
