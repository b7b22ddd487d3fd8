/**
 * Reads CDRWIN cue sheets (the syntax cdrecord, cdrdao and most rippers use): FILE, TRACK,
 * INDEX 00-99, PREGAP, POSTGAP, CATALOG, ISRC, FLAGS, the CD-TEXT fields (TITLE, PERFORMER,
 * SONGWRITER, COMPOSER, ARRANGER, MESSAGE, GENRE, DISC_ID, UPC_EAN) and REM lines, all kept.
 * Times are MM:SS:FF, 75 frames a second. Pure: text in, structure out; errors carry the line
 * number, and a malformed value that only labels the audio (an ISRC, the MCN, an unknown flag)
 * is dropped with a warning that names its line.
 */
import { SECTORS_PER_SECOND } from './red-book.js';

/** WAVE and MP3: an audio file, read by its content; BINARY and MOTOROLA: raw CD audio, little- and big-endian. */
export type CueFileType = 'WAVE' | 'MP3' | 'BINARY' | 'MOTOROLA';

/** The FILE types of the CDRWIN syntax. */
const FILE_TYPES = ['WAVE', 'MP3', 'AIFF', 'BINARY', 'MOTOROLA'];

/** The data track modes of the CDRWIN syntax, and cdrdao's; EAC writes MODEx/2xxx for a data track it did not read. */
export const DATA_MODES = ['MODE1/2048', 'MODE1/2352', 'MODE2/2048', 'MODE2/2324', 'MODE2/2336', 'MODE2/2352', 'CDI/2336', 'CDI/2352'];
const EAC_DATA_MODE = 'MODEX/2XXX';

/** CD-TEXT fields a cue sheet can give for the disc or a track, by their CUE keyword. */
export const TEXT_FIELDS = {
  TITLE: 'title',
  PERFORMER: 'performer',
  SONGWRITER: 'songwriter',
  COMPOSER: 'composer',
  ARRANGER: 'arranger',
  MESSAGE: 'message',
  GENRE: 'genre',
  DISC_ID: 'discId',
  UPC_EAN: 'upcEan',
} as const;
export type TextField = (typeof TEXT_FIELDS)[keyof typeof TEXT_FIELDS];
export type CueText = Partial<Record<TextField, string>>;

/** Sub-channel Q control flags a track can carry (CDRWIN FLAGS). */
export const TRACK_FLAGS = ['DCP', '4CH', 'PRE', 'SCMS'] as const;
export type TrackFlag = (typeof TRACK_FLAGS)[number];

interface TrackBase {
  number: number;
  /** AUDIO, or a data mode such as MODE1/2352 (a data track, which burn-audio skips), in capitals. */
  mode: string;
  /** Index into CueSheet.files. */
  file: number;
  text: CueText;
  /** ISRC, 12 characters CCOOOYYNNNNN (dashes removed). */
  isrc?: string;
  flags: TrackFlag[];
  /** REM lines after the TRACK, as written (without "REM "). */
  rems: string[];
  /** INDEX 00, frames from the start of its file, when a file holds the pregap. */
  index0?: number;
  /** The file INDEX 00 is in: the track's own, or the one before when the gap ends a file. */
  index0File?: number;
  /** INDEX 02 and later: frames from INDEX 01. */
  indexes: number[];
  /** PREGAP: frames of silence the burner adds before the track. */
  pregap: number;
  /** POSTGAP: frames of silence after the track. */
  postgap: number;
  /** The line of the TRACK command. */
  line: number;
  /** The line of each INDEX, by its number. */
  indexLines: Partial<Record<number, number>>;
}

export interface AudioTrack extends TrackBase {
  kind: 'audio';
  /** INDEX 01: where the track starts, frames from the start of its file. */
  index1: number;
}

/** A data track: left out, whatever its indexes (EAC and whipper write an enhanced CD's with only INDEX 00). */
export interface DataTrack extends TrackBase {
  kind: 'data';
  index1?: number;
}

export type CueTrack = AudioTrack | DataTrack;

export interface CueSheet {
  text: CueText;
  /** CATALOG: the disc's Media Catalog Number (13 digits). */
  catalog?: string;
  /** REM lines before the first TRACK, as written (without "REM "). */
  rems: string[];
  files: Array<{ name: string; type: CueFileType; line: number }>;
  tracks: CueTrack[];
  /** Values dropped because they are malformed, each naming its line. */
  warnings: string[];
}

export class CueSyntaxError extends Error {
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(`line ${line}: ${problem}`);
  }
}

/** Commands that carry nothing a disc image keeps: allowed, ignored. */
const IGNORED = new Set(['CDTEXTFILE', 'TOC_INFO1', 'TOC_INFO2', 'SIZE_INFO']);

/** ISRC: country (2 letters), owner (3 letters or digits), year (2 digits), serial (5 digits). */
const ISRC_SHAPE = /^[A-Z]{2}[A-Z0-9]{3}\d{7}$/;

type OpenTrack = TrackBase & { kind: CueTrack['kind']; index1?: number; lastIndex: number; lastFrames: number };

export function parseCueSheet(text: string): CueSheet {
  const sheet: CueSheet = { text: {}, rems: [], files: [], tracks: [], warnings: [] };
  let track: OpenTrack | undefined;
  const finish = (): void => {
    if (!track) return;
    const { lastIndex: _n, lastFrames: _f, kind, index1, ...done } = track;
    if (kind === 'data') sheet.tracks.push({ ...done, kind, index1 });
    else if (index1 === undefined) throw new CueSyntaxError(track.line, `TRACK ${pad(track.number)} has no INDEX 01`);
    else sheet.tracks.push({ ...done, kind, index1 });
    track = undefined;
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const drop = (problem: string): void => void sheet.warnings.push(`line ${line}: ${problem}`);
    const words = tokens(raw, line);
    const [command, ...args] = words;
    if (command === undefined) return;
    const keyword = command.toUpperCase();
    if (IGNORED.has(keyword)) return;
    if (keyword in TEXT_FIELDS) {
      if (args[0] === undefined) throw new CueSyntaxError(line, `${keyword} needs a text`);
      (track ?? sheet).text[TEXT_FIELDS[keyword as keyof typeof TEXT_FIELDS]] = args.join(' ');
      return;
    }
    switch (keyword) {
      case 'REM': {
        const rest = raw.trim().slice(3).trim();
        if (rest !== '') (track ?? sheet).rems.push(rest);
        return;
      }
      case 'FILE': {
        const [name, type] = args;
        if (name === undefined || type === undefined) throw new CueSyntaxError(line, 'FILE needs a name and a type, e.g. FILE "album.wav" WAVE');
        // A FILE between INDEX 00 and INDEX 01 puts the track's start in the new file.
        if (track?.index1 !== undefined) finish();
        sheet.files.push({ name, type: fileType(name, type, line), line });
        return;
      }
      case 'TRACK': {
        const [number, mode] = args;
        if (!number || !/^\d+$/.test(number) || !mode) throw new CueSyntaxError(line, 'TRACK needs a number and a mode, e.g. TRACK 01 AUDIO');
        const n = Number(number);
        if (n < 1 || n > 99) throw new CueSyntaxError(line, `TRACK ${number}: track numbers run from 01 to 99`);
        if (sheet.files.length === 0) throw new CueSyntaxError(line, `TRACK ${pad(n)} comes before any FILE: a cue sheet names the audio file first, e.g. FILE "album.wav" WAVE`);
        finish();
        const previous = sheet.tracks.at(-1)?.number ?? 0;
        if (n !== previous + 1 && !(previous === 0 && n >= 1)) throw new CueSyntaxError(line, `TRACK ${number} follows TRACK ${pad(previous)}; numbers must run on by one`);
        const file = sheet.files.length - 1;
        const base = { number: n, mode: mode.toUpperCase(), file, line, text: {}, flags: [], rems: [], indexes: [], indexLines: {}, pregap: 0, postgap: 0, lastIndex: -1, lastFrames: -1 };
        track = { ...base, kind: trackKind(base.mode, n, line) };
        return;
      }
      case 'INDEX': {
        if (!track) throw new CueSyntaxError(line, 'INDEX outside a TRACK');
        addIndex(track, args, sheet.files.length - 1, line);
        return;
      }
      case 'PREGAP':
      case 'POSTGAP': {
        if (!track) throw new CueSyntaxError(line, `${keyword} outside a TRACK`);
        if (args[0] === undefined) throw new CueSyntaxError(line, `${keyword} needs a time, e.g. ${keyword} 00:02:00`);
        track[keyword === 'PREGAP' ? 'pregap' : 'postgap'] = msf(args[0], line);
        return;
      }
      case 'CATALOG': {
        const mcn = args.join('');
        // EAC writes thirteen zeros for a disc without an MCN.
        if (/^0{13}$/.test(mcn)) return;
        if (/^\d{13}$/.test(mcn)) sheet.catalog = mcn;
        else drop(`CATALOG ${mcn} is not a Media Catalog Number (13 digits); it is left out`);
        return;
      }
      case 'ISRC': {
        if (!track) throw new CueSyntaxError(line, 'ISRC outside a TRACK');
        const isrc = args.join('').replace(/-/g, '').toUpperCase();
        // EAC writes twelve zeros for a track without an ISRC.
        if (/^0{12}$/.test(isrc)) return;
        if (ISRC_SHAPE.test(isrc)) track.isrc = isrc;
        else drop(`ISRC ${args.join(' ')} is not an ISRC (12 characters: country, owner, year, serial, e.g. USRC17607839); it is left out`);
        return;
      }
      case 'FLAGS': {
        if (!track) throw new CueSyntaxError(line, 'FLAGS outside a TRACK');
        for (const flag of args.map((a) => a.toUpperCase())) {
          if ((TRACK_FLAGS as readonly string[]).includes(flag)) {
            if (!track.flags.includes(flag as TrackFlag)) track.flags.push(flag as TrackFlag);
          } else if (flag !== 'DATA') {
            drop(`FLAGS ${flag} is not a flag (${TRACK_FLAGS.join(', ')}); it is left out`);
          }
        }
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

/**
 * INDEX nn MM:SS:FF. Numbers run on by one from 00 or 01, and positions grow; INDEX 02 and later
 * share the file of INDEX 01.
 */
function addIndex(track: OpenTrack, args: string[], file: number, line: number): void {
  const [number, time] = args;
  if (!number || !/^\d+$/.test(number) || !time) throw new CueSyntaxError(line, 'INDEX needs a number and a time, e.g. INDEX 01 00:00:00');
  const n = Number(number);
  if (n > 99) throw new CueSyntaxError(line, `INDEX ${number}: index numbers run from 00 to 99`);
  const frames = msf(time, line);
  const name = `INDEX ${pad(n)}`;
  if (n <= track.lastIndex) throw new CueSyntaxError(line, `${name} given twice or out of order in TRACK ${pad(track.number)}`);
  if (track.lastIndex === -1 && n > 1) {
    throw new CueSyntaxError(line, `${name} cannot be the first index of TRACK ${pad(track.number)}: a track's first index is INDEX 00 (where its pregap starts) or INDEX 01 (where it starts)`);
  }
  if (n !== track.lastIndex + 1 && !(track.lastIndex === -1 && n === 1)) {
    throw new CueSyntaxError(line, `${name} follows INDEX ${pad(track.lastIndex)} in TRACK ${pad(track.number)}; index numbers must run on by one`);
  }
  const sameFile = n === 0 || n === 1 ? track.index0File === undefined || track.index0File === file : track.file === file;
  if (sameFile && frames <= track.lastFrames) {
    throw new CueSyntaxError(line, `${name} (${time}) is not after the index before it in TRACK ${pad(track.number)}`);
  }
  if (n === 0) {
    track.index0 = frames;
    track.index0File = file;
  } else if (n === 1) {
    track.index1 = frames;
    track.file = file;
  } else {
    if (file !== track.file) throw new CueSyntaxError(line, `${name} is in another FILE than INDEX 01 of TRACK ${pad(track.number)}`);
    track.indexes.push(frames - track.index1!);
  }
  track.indexLines[n] = line;
  track.lastIndex = n;
  track.lastFrames = frames;
}

/** AUDIO, or a data mode (left out); any other mode is refused, as it may be audio misspelt. */
function trackKind(mode: string, number: number, line: number): CueTrack['kind'] {
  if (mode === 'AUDIO') return 'audio';
  if (DATA_MODES.includes(mode) || mode === EAC_DATA_MODE) return 'data';
  const track = `TRACK ${pad(number)}`;
  if (mode === 'CDG') throw new CueSyntaxError(line, `${track} is CDG (audio with CD+G graphics, 2448 bytes a sector), which burn-audio cannot read`);
  throw new CueSyntaxError(line, `${track} ${mode}: ${mode} is not a track mode; a track is AUDIO, or data (${DATA_MODES.join(', ')}), which is left out; write AUDIO if the track is audio`);
}

/** The type of a FILE, refused with the way out when burn-audio cannot read it. */
function fileType(name: string, type: string, line: number): CueFileType {
  const kind = type.toUpperCase();
  if (kind === 'WAVE' || kind === 'MP3' || kind === 'BINARY' || kind === 'MOTOROLA') return kind;
  if (kind === 'AIFF') {
    const flac = name.replace(/\.[^./\\]*$/, '') + '.flac';
    throw new CueSyntaxError(line, `${name} is an AIFF file, which burn-audio does not read; convert it to FLAC or WAV (e.g. flac ${name}, which writes ${flac}) and name that: FILE "${flac}" WAVE`);
  }
  const raw = /\.(bin|raw|img|pcm|cdda)$/i.test(name);
  throw new CueSyntaxError(
    line,
    `${type} is not a FILE type (${FILE_TYPES.join(', ')}); a WAV, FLAC, MP3, Ogg Vorbis or Opus file is named WAVE, raw CD audio BINARY: FILE "${name}" ${raw ? 'BINARY' : 'WAVE'}`,
  );
}

/** Splits a line into words; "quoted strings" keep their spaces. */
function tokens(raw: string, line: number): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|(\S+)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(raw)) !== null) words.push(match[1] ?? match[2]!);
  if (!/^\s*REM\b/i.test(raw) && (raw.match(/"/g) ?? []).length % 2 === 1) throw new CueSyntaxError(line, 'a quoted text is not closed');
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
