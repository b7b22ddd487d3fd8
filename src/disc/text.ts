import type { ProbedTrack } from '../audio/probe.js';
import type { TrackFacts } from './layout.js';
import { FRAME_BYTES, sectorsForBytes } from './red-book.js';

/**
 * Removes C0 and C1 control characters (escape sequences, newlines, tabs, DEL) and folds runs
 * of white space, so text from tags can neither move a terminal's cursor nor break a line-based
 * format such as a cue sheet.
 */
export function plainText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** "a", "a and b", "a, b and c". */
export function listed(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Title and performer of each track: its tags, else the file name (so every track has a title). */
export function trackFacts(tracks: readonly ProbedTrack[]): TrackFacts[] {
  return tracks.map((track) => ({
    path: track.label,
    audioBytes: track.conversion.frames * FRAME_BYTES,
    conversion: track.conversion.steps,
    pregapSectors: track.input?.pregapSectors,
    postgapSectors: track.input?.postgapSectors,
    pregapAudioSectors: pieceSectors(track.pregap),
    codes: track.input?.codes,
    level: track.level,
    title: nonEmpty(track.tags.title) ?? track.name.replace(/\.(wav|flac|mp3|ogg|oga|opus)$/i, ''),
    performer: nonEmpty(track.tags.artist),
  }));
}

/** Whole sectors the pieces of audio fill, each zero-padded to whole sectors. */
export function pieceSectors(pieces: readonly ProbedTrack[]): number {
  return pieces.reduce((sum, piece) => sum + sectorsForBytes(piece.conversion.frames * FRAME_BYTES), 0);
}

/** Disc title and performer: the options, else a tag every track agrees on. */
export function discText(
  tracks: readonly ProbedTrack[],
  options: { title?: string; performer?: string },
): { title?: string; performer?: string } {
  return {
    title: nonEmpty(options.title) ?? shared(tracks.map((t) => t.tags.album)),
    performer:
      nonEmpty(options.performer) ??
      shared(tracks.map((t) => t.tags.albumArtist)) ??
      shared(tracks.map((t) => t.tags.artist)),
  };
}

function shared(values: Array<string | undefined>): string | undefined {
  const first = nonEmpty(values[0]);
  return first !== undefined && values.every((v) => nonEmpty(v) === first) ? first : undefined;
}

function nonEmpty(text: string | undefined): string | undefined {
  const plain = text === undefined ? '' : plainText(text);
  return plain === '' ? undefined : plain;
}

/** Longest CD-TEXT string recommended (libburn doc/cdtext.txt, cdrecord README.cdtext). */
export const CD_TEXT_MAX = 160;

/** Typographic characters with a plain Latin-1 equivalent. */
const PUNCTUATION: Record<string, string> = {
  '‘': "'", '’': "'", '‚': "'", '‛': "'", '“': '"', '”': '"', '„': '"', '–': '-', '—': '-', '‐': '-', '−': '-',
  '…': '...', '•': '*', '€': 'EUR', '™': '(TM)', 'Œ': 'OE', 'œ': 'oe', 'Š': 'S', 'š': 's', 'Ž': 'Z', 'ž': 'z', 'Ÿ': 'Y',
  'Ł': 'L', 'ł': 'l', 'Đ': 'D', 'đ': 'd', 'ı': 'i',
};

/** Cyrillic and Greek letters in Latin letters (a simple, readable transliteration). */
const LETTERS: Record<string, string> = Object.fromEntries(
  [
    'АA БB ВV ГG ДD ЕE ЁYo ЖZh ЗZ ИI ЙY КK ЛL МM НN ОO ПP РR СS ТT УU ФF ХKh ЦTs ЧCh ШSh ЩShch Ъ ЫY Ь ЭE ЮYu ЯYa ІI ЇYi ЄYe ҐG',
    'ΑA ΒV ΓG ΔD ΕE ΖZ ΗI ΘTh ΙI ΚK ΛL ΜM ΝN ΞX ΟO ΠP ΡR ΣS ΤT ΥY ΦF ΧCh ΨPs ΩO',
  ]
    .join(' ')
    .split(' ')
    .flatMap((pair) => {
      const [upper, latin] = [pair[0]!, pair.slice(1)];
      const lower = upper.toLowerCase();
      return [[upper, latin], [lower, latin.toLowerCase()], ...(lower === 'σ' ? [['ς', 's']] : [])];
    }),
);

export interface CdText {
  text: string;
  /** Characters outside ISO-8859-1 were replaced. */
  transliterated: boolean;
  /** The text was cut to CD_TEXT_MAX characters. */
  truncated: boolean;
}

/**
 * What CD-TEXT can carry of `text`: ISO-8859-1 only (see latin1Text), at most CD_TEXT_MAX
 * characters.
 */
export function cdText(text: string): CdText {
  const { text: latin, transliterated } = latin1Text(text);
  const truncated = latin.length > CD_TEXT_MAX;
  return { text: truncated ? latin.slice(0, CD_TEXT_MAX) : latin, transliterated, truncated };
}

/**
 * `text` in ISO-8859-1: accents outside it dropped, Cyrillic and Greek spelled in Latin letters,
 * typographic punctuation made plain, anything else '?', no control characters.
 */
export function latin1Text(text: string): { text: string; transliterated: boolean } {
  let transliterated = false;
  // Composed first (macOS names files in decomposed form: "e" + U+0301 is "é").
  const latin = [...plainText(text).normalize('NFC')]
    .map((ch) => {
      if (ch.charCodeAt(0) <= 0xff) return ch;
      if (/[\u0300-\u036f]/.test(ch)) {
        transliterated = true;
        return ''; // a combining mark no letter could absorb
      }
      transliterated = true;
      const mapped = PUNCTUATION[ch] ?? LETTERS[ch];
      if (mapped !== undefined) return mapped;
      // Accented letters: the base letter, itself transliterated if need be (ή → η → i).
      const base = [...ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')];
      const latin = base.map((c) => (c.charCodeAt(0) <= 0xff ? c : LETTERS[c]));
      return base.length > 0 && latin.every((c) => c !== undefined) ? latin.join('') : '?';
    })
    .join('');
  return { text: latin, transliterated };
}
