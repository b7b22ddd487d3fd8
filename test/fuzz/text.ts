/**
 * Cue sheets and M3U/M3U8 playlists, mutated as text: lines deleted, repeated, swapped or cut,
 * words replaced by the format's tokens, the files they name replaced by other paths (other seeds,
 * missing files, folders, absolute paths, URLs, Windows paths), hostile characters, and the whole
 * written in another encoding (UTF-16 with and without a byte-order mark, Windows-1252, broken UTF-8).
 */
import { join } from 'node:path';
import { pickWeighted, type Mutation } from './mutation.js';
import type { Random } from './random.js';
import type { TextSeed } from './seeds.js';

export type TextKind = 'cue sheet' | 'playlist';

/** What a text operator may use: the files beside the input, their folder, the input's own name. */
interface Context {
  kind: TextKind;
  files: readonly string[];
  dir: string;
  self: string;
}

type TextOperator = (lines: string[], rnd: Random, context: Context) => string | undefined;

const CUE_TOKENS = ['FILE', 'TRACK', 'INDEX', 'PREGAP', 'POSTGAP', 'TITLE', 'PERFORMER', 'SONGWRITER', 'REM', 'FLAGS', 'DCP', '4CH', 'PRE', 'ISRC', 'CATALOG', 'CDTEXTFILE', 'WAVE', 'BINARY', 'MOTOROLA', 'AIFF', 'MP3', 'AUDIO', 'MODE1/2352', 'MODE2/2352', 'CDG', '"', '""', '01', '00', '02', '99', '100', '0', '-1', '00:00:00', '00:02:00', '00:00:74', '00:00:75', '99:59:74', '-1:00:00', '1:2:3', '00:00', '00:00:00:00'];
const PLAYLIST_TOKENS = ['#EXTM3U', '#EXTINF:1,Title', '#EXTINF:-1,', '#EXTINF:', '#EXTINF:abc,x', '#EXTINF:1', '#EXT-X-VERSION:3', '#PLAYLIST:Fuzz', '#', ' ', '\t'];
const HOSTILE = ['\u001b[2J', '\u0000', '\u202e', '\ufffd', '\ud83c\udfb5', 'e\u0301', '\u00e9', '"', '\\', '\t', 'x'.repeat(5000)];

/** Paths a FILE line or playlist entry may name instead of its own. */
function paths(rnd: Random, { files, dir, self }: Context): string {
  const file = rnd.pick(files);
  return rnd.pick([
    file,
    file.toUpperCase(),
    `.\\${file}`,
    `..\\${file}`,
    `../${file}`,
    `./${file}`,
    `${file}/`,
    join(dir, file),
    `file://${join(dir, file)}`,
    `file://${join(dir, file).replace(/-/g, '%2D')}`,
    'file:///no/such/file.flac',
    'file://server/share/song.flac',
    'http://example.invalid/song.mp3',
    `C:\\Music\\${file}`,
    'missing.flac',
    '',
    '.',
    '..',
    '/',
    '/dev/null',
    self,
    `seed "quoted".wav`,
  ]);
}

/** The line indexes that name a file: FILE lines of a cue sheet, non-comment lines of a playlist. */
function fileLines(lines: string[], kind: TextKind): number[] {
  return lines.flatMap((line, i) => ((kind === 'cue sheet' ? /^\s*FILE\s/i.test(line) : line.trim() !== '' && !line.trim().startsWith('#')) ? [i] : []));
}

const OPERATORS: ReadonlyArray<[number, TextOperator]> = [
  [2, (lines, rnd) => {
    const at = rnd.int(lines.length);
    lines.splice(at, 1);
    return `line ${at + 1} deleted`;
  }],
  [2, (lines, rnd, { kind }) => {
    const from = rnd.int(lines.length);
    // 99 times or more: a disc holds at most 99 tracks (a whole disc of them is tested elsewhere, and slow).
    const times = kind === 'playlist' && rnd.chance(0.05) ? rnd.between(99, 110) : 1;
    const at = rnd.int(lines.length + 1);
    lines.splice(at, 0, ...Array<string>(times).fill(lines[from] ?? ''));
    return `line ${from + 1} repeated ${times} time${times === 1 ? '' : 's'} at line ${at + 1}`;
  }],
  [1, (lines, rnd) => {
    const [a, b] = [rnd.int(lines.length), rnd.int(lines.length)];
    if (a === b) return undefined;
    [lines[a], lines[b]] = [lines[b]!, lines[a]!];
    return `lines ${a + 1} and ${b + 1} swapped`;
  }],
  [1, (lines, rnd) => {
    const at = rnd.int(lines.length);
    const line = lines[at] ?? '';
    const keep = rnd.int(line.length + 1);
    lines[at] = line.slice(0, keep);
    return `line ${at + 1} cut to ${keep} characters`;
  }],
  [3, (lines, rnd, { kind }) => {
    const at = rnd.int(lines.length);
    const words = (lines[at] ?? '').split(' ');
    const token = rnd.pick(kind === 'cue sheet' ? CUE_TOKENS : PLAYLIST_TOKENS);
    const w = rnd.int(words.length);
    words[w] = token;
    lines[at] = words.join(' ');
    return `line ${at + 1} word ${w + 1} → ${JSON.stringify(token)}`;
  }],
  [2, (lines, rnd, { kind }) => {
    const tokens = kind === 'cue sheet' ? CUE_TOKENS : PLAYLIST_TOKENS;
    const line = kind === 'cue sheet' ? `${rnd.pick(tokens)} ${rnd.pick(tokens)}` : rnd.pick(tokens);
    const at = rnd.int(lines.length + 1);
    lines.splice(at, 0, line);
    return `line ${JSON.stringify(line)} inserted at ${at + 1}`;
  }],
  [4, (lines, rnd, context) => {
    const candidates = fileLines(lines, context.kind);
    if (candidates.length === 0) return undefined;
    const at = rnd.pick(candidates);
    const path = paths(rnd, context);
    const line = lines[at]!;
    lines[at] = context.kind === 'cue sheet' ? line.replace(/FILE\s+("[^"]*"|\S+)/i, () => `FILE "${path}"`) : path;
    return `line ${at + 1} names ${JSON.stringify(path)}`;
  }],
  [1, (lines, rnd) => {
    const at = rnd.int(lines.length);
    const line = lines[at] ?? '';
    const where = rnd.int(line.length + 1);
    const hostile = rnd.pick(HOSTILE);
    lines[at] = line.slice(0, where) + hostile + line.slice(where);
    return `${JSON.stringify(hostile.slice(0, 12))}${hostile.length > 12 ? ` (${hostile.length} characters)` : ''} put in line ${at + 1}`;
  }],
];

const BOM = '\ufeff';

/** Ways of writing the text as bytes other than its own. */
const ENCODINGS: ReadonlyArray<[string, (text: string, rnd: Random) => Buffer]> = [
  ['UTF-8 with a byte-order mark', (t) => Buffer.from(BOM + t, 'utf8')],
  ['UTF-16LE with a byte-order mark', (t) => Buffer.from(BOM + t, 'utf16le')],
  ['UTF-16LE without a byte-order mark', (t) => Buffer.from(t, 'utf16le')],
  ['UTF-16BE with a byte-order mark', (t) => Buffer.from(BOM + t, 'utf16le').swap16()],
  ['Windows-1252', (t) => Buffer.from(t, 'latin1')],
  ['UTF-8 with invalid bytes', (t, rnd) => {
    const bytes = Buffer.from(t, 'utf8');
    const at = rnd.int(bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, at), Buffer.from([rnd.pick([0x80, 0xc3, 0xe2, 0xff, 0xfe])]), bytes.subarray(at)]);
  }],
  ['CR line ends', (t) => Buffer.from(t.replace(/\r?\n/g, '\r'), 'utf8')],
  ['CRLF line ends', (t) => Buffer.from(t.replace(/\r?\n/g, '\r\n'), 'utf8')],
  ['NUL bytes between lines', (t) => Buffer.from(t.replace(/\n/g, '\n\0'), 'utf8')],
];

/** A mutated cue sheet or playlist: one to three line edits, then sometimes another encoding. */
export function mutateText(seed: TextSeed, rnd: Random, context: Context): Mutation {
  const lines = seed.text.split(/\r?\n/);
  const eol = seed.text.includes('\r\n') ? '\r\n' : '\n';
  const done: string[] = [];
  const edits = rnd.pick([1, 1, 2, 2, 3]);
  for (let tries = 0; done.length < edits && tries < 20; tries += 1) {
    const [, operator] = pickWeighted(OPERATORS, rnd);
    const what = operator(lines, rnd, context);
    if (what) done.push(what);
  }
  const text = lines.join(eol);
  if (rnd.chance(0.25)) {
    const [name, encode] = rnd.pick(ENCODINGS);
    return { bytes: encode(text, rnd), what: [...done, `written as ${name}`].join('; ') };
  }
  return { bytes: Buffer.from(text, seed.encoding), what: done.join('; ') };
}
