import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { openSource } from './audio/source.js';
import { CueSyntaxError, parseCueSheet, type CueSheet } from './disc/cue-parser.js';
import { SECTOR_BYTES, SECTORS_PER_SECOND } from './disc/red-book.js';
import { InputError } from './errors.js';
import type { TrackInput } from './probe.js';

/** The tracks a cue sheet describes, as inputs, and the disc's text. */
export interface CueInputs {
  tracks: TrackInput[];
  title?: string;
  performer?: string;
  /** What of the sheet is not burned as written (pregap audio, track 1's pregap). */
  warnings: string[];
}

/**
 * Reads a cue sheet and turns each TRACK into an input: a slice of its FILE (WAVE or BINARY,
 * resolved relative to the cue sheet's folder) from INDEX 01 to the next track's first index.
 * A pregap (PREGAP, or INDEX 00 to INDEX 01 in the file) becomes the gap before the track; a
 * POSTGAP, silence after it. Errors name the cue sheet and the line.
 */
export async function readCueInputs(cuePath: string): Promise<CueInputs> {
  let sheet: CueSheet;
  try {
    sheet = parseCueSheet(decodeCueText(await readFile(cuePath)));
  } catch (error) {
    if (error instanceof CueSyntaxError) throw new InputError(cuePath, error.message, 'ECUE');
    throw new InputError(cuePath, `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`, 'ECUE');
  }
  const folder = dirname(cuePath);
  const files = await Promise.all(
    sheet.files.map(async (file) => {
      const path = resolve(folder, file.name);
      const frames = await fileFrames(path, file.type).catch((error: unknown) => {
        const why = error instanceof InputError ? error.problem : (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
        throw new InputError(cuePath, `line ${file.line}: ${file.name}: ${why}`, 'ECUE');
      });
      return { ...file, path, frames };
    }),
  );
  const warnings: string[] = [];
  const tracks = sheet.tracks.map((track, i): TrackInput => {
    const file = files[track.file]!;
    const next = sheet.tracks[i + 1];
    // The next track's first index in this file; the last track of a file runs to its very end.
    const end = next?.index0 !== undefined && next.index0File === track.file ? next.index0 : next?.file === track.file ? next.index1 : undefined;
    if (track.index1 >= (end ?? file.frames)) {
      throw new InputError(cuePath, `line ${track.line}: TRACK ${track.number} starts at or past its end in ${file.name}`, 'ECUE');
    }
    const fileGap = track.index0 === undefined ? 0 : track.index0File === track.file ? track.index1 - track.index0 : files[track.index0File!]!.frames - track.index0 + track.index1;
    const where = `${cuePath}: line ${track.line}: TRACK ${String(track.number).padStart(2, '0')}`;
    if (i === 0 && track.pregap + fileGap > 0) {
      warnings.push(`${where}: the first track starts after the standard 2-second pregap; the sheet's pregap of ${seconds(track.pregap + fileGap)} is not used`);
    } else if (fileGap > 0) {
      warnings.push(`${where}: the pregap in the file (INDEX 00 to INDEX 01, ${seconds(fileGap)}) is written as silence`);
    }
    return {
      path: file.path,
      label: `${cuePath}#${String(track.number).padStart(2, '0')}`,
      slice: { start: track.index1, end, binary: file.type === 'BINARY' },
      title: track.title,
      performer: track.performer ?? sheet.performer,
      pregapSectors: track.pregap + fileGap,
      postgapSectors: track.postgap,
    };
  });
  return { tracks, title: sheet.title, performer: sheet.performer, warnings };
}

function seconds(frames: number): string {
  return `${(frames / SECTORS_PER_SECOND).toFixed(2).replace(/\.?0+$/, '')} s`;
}

/** Cue sheets are UTF-8 or, from older tools (and burn-audio's own, for CD-TEXT), Latin-1. */
export function decodeCueText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** Length of a FILE (raw CD audio, or any audio file for WAVE) in CD frames (1/75 s), a last partial frame counted. */
async function fileFrames(path: string, type: 'WAVE' | 'BINARY'): Promise<number> {
  if (type === 'BINARY') return Math.ceil((await stat(path)).size / SECTOR_BYTES);
  const { pcm: wav } = await openSource(path);
  return Math.ceil(((wav.dataBytes / wav.format.blockAlign) * SECTORS_PER_SECOND) / wav.format.sampleRate);
}
