/**
 * CD-TEXT as a disc's lead-in carries it: 18-byte packs (MMC-3 Annex J), with what the standard
 * leaves to Sony's CD-TEXT specification as libburn's doc/cdtext.txt gives it. One block, in
 * ISO 8859-1. Pure: the plan's text in, the packs out, for an image's .cdt file and for a
 * recorder that writes the lead-in itself. No npm package encodes CD-TEXT, and the CRC is a
 * dozen lines, so both are written here.
 */
import type { CueText, TextField } from './cue-parser.js';
import type { DiscLayout, TrackLayout } from './layout.js';
import { cdText } from './text.js';
import { LayoutError } from '../errors.js';

export const PACK_BYTES = 18;
/** Bytes of text (or data) in a pack, after its 4-byte header and before its CRC. */
const PACK_TEXT = 12;
/**
 * Packs one block can hold: its sequence numbers are one byte, and the size information gives
 * its last one as a byte (libburn, cdrecord). Three of them are that size information.
 */
export const BLOCK_PACKS = 256;

/** What CD-TEXT is made from: the plan's text, MCN and ISRCs. */
export type CdTextSource = Pick<DiscLayout, 'title' | 'performer' | 'text' | 'catalog' | 'tracks'>;

/** The disc's text fields, as the cue sheet and the packs both give them. */
export function discTextFields(layout: CdTextSource): CueText {
  return { ...layout.text, title: layout.title, performer: layout.performer };
}

/** A track's text fields: its performer is the disc's when it has none of its own. */
export function trackTextFields(layout: CdTextSource, track: TrackLayout): CueText {
  return { ...track.text, title: track.title, performer: track.performer ?? layout.performer };
}

/**
 * Pack types (MMC-3 Table J.2) of the fields a plan has. DISC_ID and GENRE are the disc's alone;
 * 0x8E is the disc's UPC/EAN and each track's ISRC.
 */
const PACK_TYPES: ReadonlyArray<{ type: number; field: TextField; tracks: boolean }> = [
  { type: 0x80, field: 'title', tracks: true },
  { type: 0x81, field: 'performer', tracks: true },
  { type: 0x82, field: 'songwriter', tracks: true },
  { type: 0x83, field: 'composer', tracks: true },
  { type: 0x84, field: 'arranger', tracks: true },
  { type: 0x85, field: 'message', tracks: true },
  { type: 0x86, field: 'discId', tracks: false },
  { type: 0x87, field: 'genre', tracks: false },
  { type: 0x8e, field: 'upcEan', tracks: true },
];
const GENRE = 0x87;
const UPC_ISRC = 0x8e;
const SIZE_INFO = 0x8f;
const ISO_8859_1 = 0x00;
/** EBU Tech 3264 language code; cdrecord and libburn declare a single block English. */
const ENGLISH = 0x09;
const TAB = 0x09;

/**
 * The genre codes of pack 0x87 (Sony's list, as libburn and libcdio give it), from 0x0001; a
 * genre not among them is 0x0001, "not defined", with its name as the genre's text.
 */
const GENRES = [
  'Not Defined', 'Adult Contemporary', 'Alternative Rock', 'Childrens Music', 'Classical', 'Contemporary Christian', 'Country',
  'Dance', 'Easy Listening', 'Erotic', 'Folk', 'Gospel', 'Hip Hop', 'Jazz', 'Latin', 'Musical', 'New Age', 'Opera', 'Operetta',
  'Pop Music', 'Rap', 'Reggae', 'Rock Music', 'Rhythm & Blues', 'Sound Effects', 'Spoken Word', 'World Music',
];

/** One text of a pack type: whose it is (0 the disc), its bytes with the terminating zero. */
interface Item {
  track: number;
  bytes: Buffer;
  /** Leading bytes that are data, not characters (the genre code): character positions skip them. */
  data: number;
}

/**
 * The disc's CD-TEXT packs, `PACK_BYTES` each, in the order a lead-in repeats them: the pack types
 * in turn, each with the disc's text then every track's; then the three packs of size
 * information. Empty when the plan has no text. A text the previous track also has is written as
 * a TAB (Sony's repeat rule). Throws when the text needs more packs than a block holds.
 */
export function cdTextPacks(layout: CdTextSource): Buffer {
  const groups = PACK_TYPES.map(({ type, field, tracks }) => ({ type, items: typeItems(layout, type, field, tracks) })).filter((g) => g.items.length > 0);
  if (groups.length === 0) return Buffer.alloc(0);
  const packs = groups.flatMap(({ type, items }) => typePacks(type, items));
  const total = packs.length + 3;
  if (total > BLOCK_PACKS) {
    throw new LayoutError(
      `the disc's CD-TEXT needs ${total} packs of ${PACK_BYTES} bytes, more than the ${BLOCK_PACKS} a CD-TEXT block holds (${BLOCK_PACKS - 3} of text, ${PACK_TEXT} bytes each)`,
      'ECDTEXTFULL',
    );
  }
  packs.push(...sizeInfo(packs, layout.tracks, total));
  packs.forEach((pack, sequence) => {
    pack[2] = sequence;
    pack.writeUInt16BE(packCrc(pack), 16);
  });
  return Buffer.concat(packs);
}

/**
 * The texts of one pack type: none when neither the disc nor any track has one, else the
 * disc's and every track's (an empty one is its terminating zero alone).
 */
function typeItems(layout: CdTextSource, type: number, field: TextField, tracks: boolean): Item[] {
  const codes = type === UPC_ISRC;
  const disc = codes ? (layout.text.upcEan ?? layout.catalog) : discTextFields(layout)[field];
  const ofTracks = tracks ? layout.tracks.map((track) => (codes ? track.isrc : trackTextFields(layout, track)[field])) : [];
  const texts = [disc, ...ofTracks].map((value) => (value === undefined ? '' : cdText(value).text));
  if (texts.every((text) => text === '')) return [];
  return texts.map((text, i) => {
    const track = i === 0 ? 0 : layout.tracks[i - 1]!.number;
    if (type === GENRE) return { track, bytes: Buffer.concat([genreCode(text), latin1z(text)]), data: 2 };
    const repeat = i > 1 && text !== '' && text === texts[i - 1];
    return { track, bytes: repeat ? Buffer.from([TAB, 0]) : latin1z(text), data: 0 };
  });
}

/**
 * The texts of one type cut into packs: each pack names the text its first byte belongs to and
 * how many characters of that text the packs before it hold (15 for 15 or more); the last pack
 * is filled with zeros. Sequence numbers and CRCs are set once every pack is known.
 */
function typePacks(type: number, items: Item[]): Buffer[] {
  const stream = Buffer.concat(items.map((item) => item.bytes));
  let end = 0;
  const starts = items.map((item) => {
    const start = end;
    end += item.bytes.length;
    return start;
  });
  const packs: Buffer[] = [];
  for (let at = 0; at < stream.length; at += PACK_TEXT) {
    const index = starts.findLastIndex((start) => start <= at);
    const item = items[index]!;
    const pack = Buffer.alloc(PACK_BYTES);
    pack[0] = type;
    // Bit 7, the extension flag, stays clear: no extended data.
    pack[1] = item.track;
    // Block 0 (bits 4-6) of single-byte characters (bit 7 clear): the character position alone.
    pack[3] = Math.min(15, Math.max(0, at - starts[index]! - item.data));
    stream.copy(pack, 4, at, at + PACK_TEXT);
    packs.push(pack);
  }
  return packs;
}

/**
 * The block's size information, 36 bytes over three packs numbered 0, 1, 2 in the track byte:
 * character code, first and last track, copyright flags (none), the packs of each type 0x80-0x8F,
 * the last sequence number of each of the 8 blocks, and each block's language.
 */
function sizeInfo(textPacks: Buffer[], tracks: readonly TrackLayout[], total: number): Buffer[] {
  const info = Buffer.alloc(3 * PACK_TEXT);
  info[0] = ISO_8859_1;
  info[1] = tracks[0]?.number ?? 1;
  info[2] = tracks.at(-1)?.number ?? 1;
  for (const pack of textPacks) info[4 + pack[0]! - 0x80]! += 1;
  info[4 + SIZE_INFO - 0x80] = 3;
  info[20] = total - 1;
  info[28] = ENGLISH;
  return [0, 1, 2].map((part) => {
    const pack = Buffer.alloc(PACK_BYTES);
    pack[0] = SIZE_INFO;
    pack[1] = part;
    info.copy(pack, 4, part * PACK_TEXT, (part + 1) * PACK_TEXT);
    return pack;
  });
}

/**
 * The CRC of a pack (MMC-3 Annex J): its first 16 bytes divided by x^16 + x^12 + x^5 + 1 (CCITT,
 * no initial value), every bit of the remainder inverted. Stored big-endian in bytes 16 and 17.
 */
export function packCrc(pack: Uint8Array): number {
  let crc = 0;
  for (const byte of pack.subarray(0, 16)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc ^ 0xffff;
}

/**
 * The packs as a .cdt file, the form cdrecord's and cdrskin's `textfile=` read and cdrskin's
 * `cdtext_to_textfile=` writes: a 4-byte header (the packs' length + 2, big-endian, then two
 * zero bytes, as READ TOC/PMA/ATIP format 0101b answers), then the packs.
 */
export function cdTextFile(packs: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(packs.length + 2, 0);
  return Buffer.concat([header, packs]);
}

/**
 * The packs of a CD-TEXT file, which is also the reply of MMC READ TOC format 5 (a 4-byte header
 * whose first two bytes count what follows them): undefined when it holds none.
 */
export function cdTextFilePacks(file: Buffer): Buffer | undefined {
  if (file.length < 4) return undefined;
  const end = Math.min(file.length, 2 + file.readUInt16BE(0));
  const packs = Math.floor((end - 4) / PACK_BYTES);
  return packs > 0 ? Buffer.from(file.subarray(4, 4 + packs * PACK_BYTES)) : undefined;
}

function latin1z(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'latin1');
}

/** Sony's code for a genre named as in its list (case, spaces and a closing "Music" aside). */
function genreCode(text: string): Buffer {
  const key = (name: string): string => name.toLowerCase().replace(/[^a-z&]/g, '').replace(/music$/, '');
  const index = GENRES.findIndex((name) => key(name) === key(text));
  const code = Buffer.alloc(2);
  code.writeUInt16BE(index < 0 ? 1 : index + 1, 0);
  return code;
}
