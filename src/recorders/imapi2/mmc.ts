/**
 * The MMC commands that read an audio CD back, and their replies, as bytes (MMC-6: READ CD §6.14,
 * READ DISC INFORMATION §6.21, READ SUB-CHANNEL §6.27, READ TOC/PMA/ATIP §6.28; the Q frame:
 * IEC 60908 §17.5). Pure: the drive reader sends what these build and parses what comes back.
 */
import { cdTextFilePacks } from '../../disc/cd-text.js';
import { SECTOR_BYTES } from '../../disc/red-book.js';
import type { DiscToc } from '../../verify/reader.js';

export const OPCODE = { readSubChannel: 0x42, readToc: 0x43, readDiscInformation: 0x51, readCd: 0xbe } as const;

/** Bytes of the formatted Q sub-channel READ CD gives after each sector (sub-channel selection 010b). */
export const FORMATTED_Q_BYTES = 16;
const LEAD_OUT_TRACK = 0xaa;
const LEAD_PREGAP = 150;

/** READ TOC/PMA/ATIP: format 0 (TOC, in MSF), 2 (full TOC) or 5 (CD-TEXT), from track `track`. */
export function readTocCdb(format: 0 | 2 | 5, length: number, track = format === 0 ? 1 : 0): Buffer {
  return Buffer.from([OPCODE.readToc, 0x02, format, 0, 0, 0, track, length >> 8, length & 0xff, 0]);
}

/** READ SUB-CHANNEL with SubQ: format 2 (the MCN) or 3 (a track's ISRC). */
export function readSubChannelCdb(format: 2 | 3, track = 0): Buffer {
  return Buffer.from([OPCODE.readSubChannel, 0x02, 0x40, format, 0, 0, track, 0, 24, 0]);
}

export function readDiscInformationCdb(): Buffer {
  return Buffer.from([OPCODE.readDiscInformation, 0, 0, 0, 0, 0, 0, 0, 34, 0]);
}

/** READ CD of CD-DA sectors: the 2352 bytes of audio, and with `q` the formatted Q after each. */
export function readCdCdb(lba: number, sectors: number, q = false): Buffer {
  const cdb = Buffer.alloc(12);
  cdb[0] = OPCODE.readCd;
  cdb[1] = 1 << 2; // expected sector type: CD-DA
  cdb.writeInt32BE(lba, 2);
  cdb.writeUIntBE(sectors, 6, 3);
  cdb[9] = 0x10; // user data: a CD-DA sector is nothing else
  cdb[10] = q ? 2 : 0;
  return cdb;
}

/** Bytes READ CD returns per sector. */
export function readCdSectorBytes(q: boolean): number {
  return SECTOR_BYTES + (q ? FORMATTED_Q_BYTES : 0);
}

/** An MSF address (M, S, F binary) as an LBA. */
function msfLba(bytes: Buffer, at: number): number {
  return (bytes[at]! * 60 + bytes[at + 1]!) * 75 + bytes[at + 2]! - LEAD_PREGAP;
}

/** READ TOC format 0 in MSF: the tracks (number, INDEX 01, control nibble) and the lead-out. */
export function parseToc(reply: Buffer): DiscToc {
  if (reply.length < 4) throw new Error(`READ TOC: a reply of ${reply.length} bytes has no header`);
  const end = Math.min(reply.length, 2 + reply.readUInt16BE(0));
  const toc: DiscToc = { tracks: [], leadOut: 0 };
  for (let at = 4; at + 8 <= end; at += 8) {
    const number = reply[at + 2]!;
    const start = msfLba(reply, at + 5);
    if (number === LEAD_OUT_TRACK) toc.leadOut = start;
    else toc.tracks.push({ number, start, control: reply[at + 1]! & 0x0f });
  }
  return toc;
}

/** What READ TOC format 2 says of the session: first and last track, lead-out, disc type (PSEC of A0: 0x00 CD-DA or CD-ROM, 0x10 CD-I, 0x20 CD-ROM XA). */
export interface FullToc {
  sessions: number;
  firstTrack?: number;
  lastTrack?: number;
  leadOut?: number;
  discType?: number;
  points: number;
}

export function parseFullToc(reply: Buffer): FullToc {
  const end = Math.min(reply.length, 2 + reply.readUInt16BE(0));
  const full: FullToc = { sessions: reply[3]! - reply[2]! + 1, points: 0 };
  for (let at = 4; at + 11 <= end; at += 11) {
    const point = reply[at + 3]!;
    full.points += 1;
    if (point === 0xa0) [full.firstTrack, full.discType] = [reply[at + 8]!, reply[at + 9]!];
    else if (point === 0xa1) full.lastTrack = reply[at + 8]!;
    else if (point === 0xa2) full.leadOut = msfLba(reply, at + 8);
  }
  return full;
}

/** READ TOC format 5: the CD-TEXT packs (18 bytes each, CRC included), or undefined when there are none. */
export const parseCdText = cdTextFilePacks;

/** READ SUB-CHANNEL format 2: the 13 digits, when MCVAL says the disc has one. */
export function parseMcn(reply: Buffer): string | undefined {
  if (reply.length < 22 || (reply[8]! & 0x80) === 0) return undefined;
  const digits = reply.toString('latin1', 9, 22);
  // Drives that find none report 13 zeros with MCVAL set.
  return /^\d{13}$/.test(digits) && digits !== '0'.repeat(13) ? digits : undefined;
}

/** READ SUB-CHANNEL format 3: the track's 12 characters, when TCVAL says it has one. */
export function parseIsrc(reply: Buffer): string | undefined {
  if (reply.length < 21 || (reply[8]! & 0x80) === 0) return undefined;
  const isrc = reply.toString('latin1', 9, 21);
  return /^[A-Z0-9]{12}$/.test(isrc) && !/^0+$/.test(isrc) ? isrc : undefined;
}

export type DiscStatus = 'empty' | 'incomplete' | 'complete' | 'other';

/** READ DISC INFORMATION: the disc status (byte 2, bits 1-0) and whether it is erasable (bit 4). */
export function parseDiscInformation(reply: Buffer): { status: DiscStatus; erasable: boolean } {
  const statuses: DiscStatus[] = ['empty', 'incomplete', 'complete', 'other'];
  return { status: statuses[reply[2]! & 3]!, erasable: (reply[2]! & 0x10) !== 0 };
}

/** A mode-1 Q frame: where a sector lies (track 0xAA: the lead-out); times in frames (1/75 s). */
export interface QPosition {
  control: number;
  track: number;
  index: number;
  relative: number;
  absolute: number;
}

const bcd = (byte: number): number => (byte >> 4) * 10 + (byte & 0x0f);
const bcdMsf = (frame: Buffer, at: number): number => (bcd(frame[at]!) * 60 + bcd(frame[at + 1]!)) * 75 + bcd(frame[at + 2]!);

/** A formatted Q frame (control/ADR, then nine bytes in BCD): its position when it is mode 1, else undefined (an MCN or ISRC frame). */
export function parseQPosition(frame: Buffer): QPosition | undefined {
  if ((frame[0]! & 0x0f) !== 1) return undefined;
  const track = frame[1] === LEAD_OUT_TRACK ? LEAD_OUT_TRACK : bcd(frame[1]!);
  return { control: frame[0]! >> 4, track, index: bcd(frame[2]!), relative: bcdMsf(frame, 3), absolute: bcdMsf(frame, 7) };
}

/** Fixed-format sense data: the key, ASC/ASCQ, and the LBA INFORMATION carries when VALID is set. */
export interface Sense {
  key: number;
  asc: number;
  ascq: number;
  lba?: number;
}

export const SENSE_KEY = { notReady: 2, mediumError: 3, illegalRequest: 5, unitAttention: 6 } as const;
export const ASC = { becomingReady: 0x04, noMedium: 0x3a, unrecoveredRead: 0x11, lbaOutOfRange: 0x21, invalidField: 0x24, invalidOpcode: 0x20 } as const;

export function parseSense(sense: Buffer): Sense {
  const key = sense[2]! & 0x0f;
  const valid = (sense[0]! & 0x80) !== 0;
  return { key, asc: sense[12]!, ascq: sense[13]!, ...(valid && { lba: sense.readInt32BE(3) }) };
}

/** Sense data in words, for messages: "medium error, unrecovered read error (03/11/00)". */
export function senseText(sense: Sense): string {
  const keys: Record<number, string> = { 2: 'not ready', 3: 'medium error', 4: 'hardware error', 5: 'illegal request', 6: 'unit attention' };
  const codes: Record<number, string> = { 0x3a: 'no medium', 0x11: 'unrecovered read error', 0x21: 'LBA out of range', 0x24: 'invalid field in CDB', 0x20: 'invalid command', 0x04: 'not ready yet', 0x28: 'medium changed' };
  const hex = (n: number): string => n.toString(16).padStart(2, '0').toUpperCase();
  const words = [keys[sense.key] ?? `sense key ${sense.key}`, codes[sense.asc]].filter(Boolean).join(', ');
  return `${words} (${hex(sense.key)}/${hex(sense.asc)}/${hex(sense.ascq)})`;
}
