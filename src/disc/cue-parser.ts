/**
 * Reads CDRWIN cue sheets (the syntax cdrecord, cdrdao and most rippers use): FILE, TRACK,
 * INDEX, PREGAP, POSTGAP, TITLE, PERFORMER, REM, and the commands that carry no audio (CATALOG,
 * ISRC, FLAGS, SONGWRITER, ...), which are accepted and ignored. Times are MM:SS:FF, 75 frames a
 * second. Pure: text in, structure out; errors carry the line number.
 */
import { SECTORS_PER_SECOND } from './red-book.js';

export type CueFileType = 'WAVE' | 'BINARY';

export interface CueTrack {
  number: number;
  /** Index into CueSheet.files. */
  file: number;
  title?: string;
  performer?: string;
  /** INDEX 00, frames from the start of its file, when a file holds the pregap. */
  index0?: number;
  /** The file INDEX 00 is in: the track's own, or the one before when the gap ends a file. */
  index0File?: number;
  /** INDEX 01: where the track starts, frames from the start of its file. */
  index1: number;
  /** PREGAP: frames of silence the burner adds before the track. */
  pregap: number;
  /** POSTGAP: frames of silence after the track. */
  postgap: number;
  line: number;
}

export interface CueSheet {
  title?: string;
  performer?: string;
  files: Array<{ name: string; type: CueFileType; line: number }>;
  tracks: CueTrack[];
}

export class CueSyntaxError extends Error {
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(`line ${line}: ${problem}`);
  }
}

/** Commands with nothing to do with the audio or its text: allowed, ignored. */
const IGNORED = new Set(['REM', 'CATALOG', 'CDTEXTFILE', 'ISRC', 'FLAGS', 'SONGWRITER', 'COMPOSER', 'ARRANGER', 'MESSAGE', 'DISC_ID', 'GENRE', 'UPC_EAN', 'TOC_INFO1', 'TOC_INFO2', 'SIZE_INFO']);

export function parseCueSheet(text: string): CueSheet {
  const sheet: CueSheet = { files: [], tracks: [] };
  let track: (Partial<CueTrack> & { number: number; file: number; line: number; pregap: number; postgap: number }) | undefined;
  const finish = (): void => {
    if (!track) return;
    if (track.index1 === undefined) throw new CueSyntaxError(track.line, `TRACK ${pad(track.number)} has no INDEX 01`);
    if (track.index0 !== undefined && track.index0File === track.file && track.index0 > track.index1) {
      throw new CueSyntaxError(track.line, `TRACK ${pad(track.number)}: INDEX 00 comes after INDEX 01`);
    }
    sheet.tracks.push(track as CueTrack);
    track = undefined;
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const words = tokens(raw, line);
    const [command, ...args] = words;
    if (command === undefined) return;
    const keyword = command.toUpperCase();
    if (IGNORED.has(keyword)) return;
    switch (keyword) {
      case 'FILE': {
        const [name, type] = args;
        if (name === undefined || type === undefined) throw new CueSyntaxError(line, 'FILE needs a name and a type, e.g. FILE "album.wav" WAVE');
        const kind = type.toUpperCase();
        if (kind !== 'WAVE' && kind !== 'BINARY') {
          const why = kind === 'MOTOROLA' ? 'big-endian (MOTOROLA) raw audio is not supported; use BINARY (little-endian) or WAVE' : `${type} files are not supported; convert to WAV`;
          throw new CueSyntaxError(line, why);
        }
        // A FILE between INDEX 00 and INDEX 01 puts the track's start in the new file.
        if (track?.index1 !== undefined) finish();
        sheet.files.push({ name, type: kind, line });
        return;
      }
      case 'TRACK': {
        const [number, mode] = args;
        if (sheet.files.length === 0) throw new CueSyntaxError(line, 'TRACK before any FILE');
        if (!number || !/^\d{1,2}$/.test(number) || !mode) throw new CueSyntaxError(line, 'TRACK needs a number and a mode, e.g. TRACK 01 AUDIO');
        if (mode.toUpperCase() !== 'AUDIO') throw new CueSyntaxError(line, `TRACK ${number} is ${mode}; an audio CD holds AUDIO tracks only`);
        finish();
        const n = Number(number);
        const previous = sheet.tracks.at(-1)?.number ?? 0;
        if (n !== previous + 1 && !(previous === 0 && n >= 1)) throw new CueSyntaxError(line, `TRACK ${number} follows TRACK ${pad(previous)}; numbers must run on by one`);
        track = { number: n, file: sheet.files.length - 1, line, pregap: 0, postgap: 0 };
        return;
      }
      case 'INDEX': {
        const [number, time] = args;
        if (!track) throw new CueSyntaxError(line, 'INDEX outside a TRACK');
        if (!number || !/^\d{1,2}$/.test(number) || !time) throw new CueSyntaxError(line, 'INDEX needs a number and a time, e.g. INDEX 01 00:00:00');
        const frames = msf(time, line);
        const file = sheet.files.length - 1;
        if ((Number(number) === 0 && track.index0 !== undefined) || (Number(number) === 1 && track.index1 !== undefined)) {
          throw new CueSyntaxError(line, `INDEX ${number} given twice in TRACK ${pad(track.number)}`);
        }
        if (Number(number) === 0) {
          track.index0 = frames;
          track.index0File = file;
        } else if (Number(number) === 1) {
          track.index1 = frames;
          track.file = file;
        }
        return;
      }
      case 'PREGAP':
      case 'POSTGAP': {
        if (!track) throw new CueSyntaxError(line, `${keyword} outside a TRACK`);
        if (args[0] === undefined) throw new CueSyntaxError(line, `${keyword} needs a time, e.g. ${keyword} 00:02:00`);
        track[keyword === 'PREGAP' ? 'pregap' : 'postgap'] = msf(args[0], line);
        return;
      }
      case 'TITLE':
      case 'PERFORMER': {
        if (args[0] === undefined) throw new CueSyntaxError(line, `${keyword} needs a text`);
        const field = keyword === 'TITLE' ? 'title' : 'performer';
        if (track) track[field] = args[0];
        else sheet[field] = args[0];
        return;
      }
      default:
        throw new CueSyntaxError(line, `unknown command ${command}`);
    }
  });
  finish();
  if (sheet.tracks.length === 0) throw new CueSyntaxError(lines.length, 'the cue sheet has no TRACK');
  return sheet;
}

/** Splits a line into words; "quoted strings" keep their spaces. */
function tokens(raw: string, line: number): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|(\S+)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(raw)) !== null) words.push(match[1] ?? match[2]!);
  if ((raw.match(/"/g) ?? []).length % 2 === 1) throw new CueSyntaxError(line, 'a quoted text is not closed');
  return words;
}

/** MM:SS:FF → frames (75 a second). */
function msf(text: string, line: number): number {
  const match = /^(\d{1,3}):(\d{2}):(\d{2})$/.exec(text);
  if (!match) throw new CueSyntaxError(line, `"${text}" is not a time MM:SS:FF`);
  const [, m, s, f] = match.map(Number) as [number, number, number, number];
  if (s > 59 || f >= SECTORS_PER_SECOND) throw new CueSyntaxError(line, `"${text}" is out of range (seconds < 60, frames < 75)`);
  return (m * 60 + s) * SECTORS_PER_SECOND + f;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
