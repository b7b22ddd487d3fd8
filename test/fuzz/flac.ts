/**
 * FLAC, structure-aware: metadata blocks (RFC 9639, 8) and frame headers (9.1), read and written
 * bit by bit so a header field can be changed and its CRC-8 (and the frame's CRC-16) made right
 * again: the mutation then gets past the checks and reaches the decoder. Written by hand, not with
 * codec-parser, because the operators need each field's place in the bytes, which no parser gives.
 */
import { crc16, crc8 } from './crc.js';
import { BYTE_OPERATORS, nearOrEdge, splice, type Operators } from './mutation.js';
import { INTERESTING, type Random } from './random.js';

interface Block {
  /** Offset of the 4-byte block header. */
  at: number;
  type: number;
  last: boolean;
  length: number;
}

export interface FrameHeader {
  variable: boolean;
  blockSizeCode: number;
  rateCode: number;
  channelCode: number;
  sizeCode: number;
  reserved: number;
  /** Frame number (fixed block size) or sample number (variable). */
  number: number;
  /** The 8 or 16-bit block size or sample rate that codes 6, 7 and 12-14 put after the number. */
  explicitBlockSize?: number;
  explicitRate?: number;
}

interface Frame {
  at: number;
  end: number;
  header: FrameHeader;
  /** Bytes of the header, CRC-8 included. */
  headerBytes: number;
}

interface Flac {
  blocks: Block[];
  /** Where the first frame starts (the end of the metadata). */
  audio: number;
  frames: Frame[];
}

/** FLAC's UTF-8-like coding of a frame or sample number (RFC 9639, 9.1.5). */
function codedNumber(n: number): number[] {
  if (n < 0x80) return [n];
  let bytes = 2;
  while (n >= 2 ** (5 * bytes + 1)) bytes += 1;
  const out: number[] = [];
  let rest = n;
  for (let i = 1; i < bytes; i += 1) {
    out.unshift(0x80 | (rest % 64));
    rest = Math.floor(rest / 64);
  }
  out.unshift(((0xff00 >> bytes) & 0xff) | rest);
  return out;
}

function readCodedNumber(b: Buffer, at: number): { value: number; bytes: number } | undefined {
  const first = b[at];
  if (first === undefined || (first >= 0x80 && first < 0xc0) || first === 0xff) return undefined;
  if (first < 0x80) return { value: first, bytes: 1 };
  const bytes = Math.clz32(~(first << 24)); // the leading 1 bits count the bytes
  let value = first & (0xff >> (bytes + 1));
  for (let i = 1; i < bytes; i += 1) {
    const next = b[at + i];
    if (next === undefined || (next & 0xc0) !== 0x80) return undefined;
    value = value * 64 + (next & 0x3f);
  }
  return { value, bytes };
}

/** The header of a frame at `at`, if one starts there and its CRC-8 is right. */
function readFrameHeader(b: Buffer, at: number): { header: FrameHeader; bytes: number } | undefined {
  if (b[at] !== 0xff || ((b[at + 1] ?? 0) & 0xfe) !== 0xf8 || at + 5 > b.length) return undefined;
  const header: FrameHeader = {
    variable: (b[at + 1]! & 1) === 1,
    blockSizeCode: b[at + 2]! >> 4,
    rateCode: b[at + 2]! & 0x0f,
    channelCode: b[at + 3]! >> 4,
    sizeCode: (b[at + 3]! >> 1) & 7,
    reserved: b[at + 3]! & 1,
    number: 0,
  };
  const number = readCodedNumber(b, at + 4);
  if (!number) return undefined;
  header.number = number.value;
  let end = at + 4 + number.bytes;
  const explicit = (bytes: number): number => {
    const value = end + bytes <= b.length ? b.readUIntBE(end, bytes) : 0;
    end += bytes;
    return value;
  };
  if (header.blockSizeCode === 6 || header.blockSizeCode === 7) header.explicitBlockSize = explicit(header.blockSizeCode - 5);
  if (header.rateCode === 12) header.explicitRate = explicit(1);
  if (header.rateCode === 13 || header.rateCode === 14) header.explicitRate = explicit(2);
  if (end >= b.length || crc8(b.subarray(at, end)) !== b[end]) return undefined;
  return { header, bytes: end + 1 - at };
}

/** The bytes of a frame header, CRC-8 included. */
export function writeFrameHeader(h: FrameHeader): Buffer {
  const bytes = [0xff, 0xf8 | (h.variable ? 1 : 0), (h.blockSizeCode << 4) | h.rateCode, (h.channelCode << 4) | (h.sizeCode << 1) | h.reserved, ...codedNumber(h.number)];
  const explicitBlock = h.explicitBlockSize ?? 0;
  if (h.blockSizeCode === 6) bytes.push(explicitBlock & 0xff);
  if (h.blockSizeCode === 7) bytes.push((explicitBlock >> 8) & 0xff, explicitBlock & 0xff);
  const rate = h.explicitRate ?? 0;
  if (h.rateCode === 12) bytes.push(rate & 0xff);
  if (h.rateCode === 13 || h.rateCode === 14) bytes.push((rate >> 8) & 0xff, rate & 0xff);
  const out = Buffer.from([...bytes, 0]);
  out[out.length - 1] = crc8(out.subarray(0, -1));
  return out;
}

/** The samples a frame header's block-size code gives (RFC 9639, table 14). */
function blockSizeOf(h: FrameHeader): number {
  const code = h.blockSizeCode;
  if (code === 1) return 192;
  if (code >= 2 && code <= 5) return 576 << (code - 2);
  if (code === 6 || code === 7) return (h.explicitBlockSize ?? 0) + 1;
  if (code >= 8) return 256 << (code - 8);
  return 0;
}

/** The blocks and frames of a FLAC stream, as far as they can be found (a damaged one too). */
export function parseFlac(b: Buffer): Flac | undefined {
  if (b.toString('latin1', 0, 4) !== 'fLaC') return undefined;
  const blocks: Block[] = [];
  let at = 4;
  while (at + 4 <= b.length) {
    const block = { at, type: b[at]! & 0x7f, last: (b[at]! & 0x80) !== 0, length: b.readUIntBE(at + 1, 3) };
    blocks.push(block);
    at += 4 + block.length;
    if (block.last) break;
  }
  return { blocks, audio: Math.min(at, b.length), frames: findFrames(b, at) };
}

/**
 * The frames from `at`: every place a header with a right CRC-8 starts is a candidate, and a frame
 * ends at the first candidate where its CRC-16 is right, else (a damaged frame) at the first whose
 * number follows its own, else at the next. Frame data can hold a sync code and a right CRC-8 by
 * chance; a right CRC-16 too is far rarer.
 */
function findFrames(b: Buffer, at: number): Frame[] {
  const candidates: Array<{ at: number; header: FrameHeader; bytes: number }> = [];
  for (let p = at; p < b.length - 1; p += 1) {
    const found = b[p] === 0xff ? readFrameHeader(b, p) : undefined;
    if (found) candidates.push({ at: p, ...found });
  }
  const frames: Frame[] = [];
  for (let i = 0; i < candidates.length; ) {
    const start = candidates[i]!;
    const later = candidates.slice(i + 1, i + 9); // a frame is found within a few candidates
    const follows = start.header.variable ? start.header.number + blockSizeOf(start.header) : start.header.number + 1;
    const sealed = later.findIndex((c) => crc16(b.subarray(start.at, c.at - 2)) === b.readUInt16BE(c.at - 2));
    const numbered = later.findIndex((c) => c.header.number === follows);
    const next = sealed >= 0 ? sealed : numbered >= 0 ? numbered : 0;
    const end = later[next]?.at ?? b.length;
    frames.push({ at: start.at, end, header: start.header, headerBytes: start.bytes });
    i += 1 + next;
  }
  return frames;
}

/** A frame with a new header, its CRC-16 made right again when `seal`, else left as it was. */
function reframe(b: Buffer, frame: Frame, header: FrameHeader, seal: boolean): Buffer {
  const body = b.subarray(frame.at + frame.headerBytes, frame.end);
  const bytes = Buffer.concat([writeFrameHeader(header), body]);
  if (seal && bytes.length >= 2) bytes.writeUInt16BE(crc16(bytes.subarray(0, -2)), bytes.length - 2);
  return splice(b, frame.at, frame.end, bytes);
}

/** A header field and the values worth trying in it. */
const HEADER_FIELDS: ReadonlyArray<[string, (h: FrameHeader, rnd: Random) => void]> = [
  ['blocking strategy', (h) => void (h.variable = !h.variable)],
  ['block-size code', (h, rnd) => {
    h.blockSizeCode = rnd.int(16);
    h.explicitBlockSize = rnd.pick([0, 1, 15, 191, 255, 4095, 4096, 16383, 65534, 65535]);
  }],
  ['sample-rate code', (h, rnd) => {
    h.rateCode = rnd.int(16);
    h.explicitRate = rnd.pick([0, 1, 8, 44, 96, 255, 4410, 44100, 48000, 65535]);
  }],
  ['channel assignment', (h, rnd) => void (h.channelCode = rnd.int(16))],
  ['sample-size code', (h, rnd) => void (h.sizeCode = rnd.int(8))],
  ['reserved bit', (h) => void (h.reserved ^= 1)],
  ['coded number', (h, rnd) => void (h.number = Math.max(0, rnd.pick([h.number + 1, h.number - 1, h.number + 2, 0, 2 ** 31 - 1, 2 ** 36 - 1, rnd.int(1000)])))],
];

function describeHeader(h: FrameHeader): string {
  return `${h.variable ? 'variable' : 'fixed'}, block code ${h.blockSizeCode}, rate code ${h.rateCode}, channels ${h.channelCode}, size code ${h.sizeCode}, number ${h.number}`;
}

/** STREAMINFO (RFC 9639, 8.2): [name, offset in bits from the start of the block body, bits]. */
const STREAMINFO_FIELDS: ReadonlyArray<[string, number, number]> = [
  ['minimum block size', 0, 16],
  ['maximum block size', 16, 16],
  ['minimum frame size', 32, 24],
  ['maximum frame size', 56, 24],
  ['sample rate', 80, 20],
  ['channels - 1', 100, 3],
  ['bits per sample - 1', 103, 5],
  ['total samples', 108, 36],
];

function writeBits(b: Buffer, bitOffset: number, bits: number, value: bigint): void {
  for (let i = 0; i < bits; i += 1) {
    const bit = (value >> BigInt(bits - 1 - i)) & 1n;
    const at = bitOffset + i;
    const byte = at >> 3;
    const mask = 0x80 >> (at & 7);
    b[byte] = bit ? b[byte]! | mask : b[byte]! & ~mask;
  }
}

function readBits(b: Buffer, bitOffset: number, bits: number): bigint {
  let value = 0n;
  for (let i = 0; i < bits; i += 1) {
    const at = bitOffset + i;
    value = (value << 1n) | BigInt((b[at >> 3]! >> (7 - (at & 7))) & 1);
  }
  return value;
}

const pickFrame = (flac: Flac, rnd: Random): Frame | undefined => (flac.frames.length === 0 ? undefined : rnd.pick(flac.frames));

export const FLAC_OPERATORS: Operators = [
  [3, (b, rnd) => {
    const flac = parseFlac(b);
    const frame = flac && pickFrame(flac, rnd);
    if (!frame) return undefined;
    const [name, change] = rnd.pick(HEADER_FIELDS);
    const header = { ...frame.header };
    change(header, rnd);
    const seal = rnd.chance(0.7);
    return {
      bytes: reframe(b, frame, header, seal),
      what: `frame ${flac.frames.indexOf(frame)} header ${name}: ${describeHeader(frame.header)} → ${describeHeader(header)}, CRC-8 recomputed${seal ? ', CRC-16 recomputed' : ''}`,
    };
  }],
  [2, (b, rnd) => {
    const flac = parseFlac(b);
    const frame = flac && pickFrame(flac, rnd);
    if (!frame || frame.end - frame.at < frame.headerBytes + 4) return undefined;
    const copy = Buffer.from(b);
    const n = rnd.between(1, 4);
    for (let i = 0; i < n; i += 1) copy[rnd.between(frame.at + frame.headerBytes, frame.end - 3)] = rnd.int(256);
    copy.writeUInt16BE(crc16(copy.subarray(frame.at, frame.end - 2)), frame.end - 2);
    return { bytes: copy, what: `frame ${flac.frames.indexOf(frame)} subframe data: ${n} bytes changed, CRC-16 recomputed` };
  }],
  [3, (b, rnd) => {
    const flac = parseFlac(b);
    if (!flac || flac.frames.length < 2) return undefined;
    const i = rnd.int(flac.frames.length);
    const j = Math.min(flac.frames.length - 1, i + rnd.pick([0, 0, 0, 1, 3]));
    const [first, last] = [flac.frames[i]!, flac.frames[j]!];
    const kind = rnd.int(4);
    if (kind === 0) return { bytes: splice(b, first.at, last.end), what: `frames ${i}-${j} dropped` };
    if (kind === 1) return { bytes: splice(b, last.end, last.end, b.subarray(first.at, last.end)), what: `frames ${i}-${j} duplicated` };
    if (kind === 2) {
      const k = rnd.int(flac.frames.length);
      const [a, c] = [flac.frames[Math.min(i, k)]!, flac.frames[Math.max(i, k)]!];
      if (a === c) return undefined;
      const swapped = Buffer.concat([b.subarray(0, a.at), b.subarray(c.at, c.end), b.subarray(a.end, c.at), b.subarray(a.at, a.end), b.subarray(c.end)]);
      return { bytes: swapped, what: `frames ${flac.frames.indexOf(a)} and ${flac.frames.indexOf(c)} swapped` };
    }
    const at = rnd.between(first.at + 1, first.end - 1);
    return { bytes: b.subarray(0, at), what: `cut inside frame ${i} (at byte ${at})` };
  }],
  [2, (b, rnd) => {
    const flac = parseFlac(b);
    const info = flac?.blocks[0];
    if (!info || info.type !== 0 || info.at + 4 + 34 > b.length) return undefined;
    const [name, offset, bits] = rnd.pick(STREAMINFO_FIELDS);
    const bitOffset = (info.at + 4) * 8 + offset;
    const old = readBits(b, bitOffset, bits);
    const max = 2 ** bits - 1;
    const value = BigInt(nearOrEdge(Number(old), max, rnd));
    const copy = Buffer.from(b);
    writeBits(copy, bitOffset, bits, value);
    return { bytes: copy, what: `STREAMINFO ${name}: ${old} → ${value}` };
  }],
  [1, (b, rnd) => {
    const flac = parseFlac(b);
    const info = flac?.blocks[0];
    if (!info || info.type !== 0 || info.at + 4 + 34 > b.length) return undefined;
    const copy = Buffer.from(b);
    copy.fill(rnd.pick([0, 0xff]), info.at + 4 + 18, info.at + 4 + 34);
    return { bytes: copy, what: 'STREAMINFO MD5 signature overwritten' };
  }],
  [2, (b, rnd) => {
    const flac = parseFlac(b);
    if (!flac || flac.blocks.length === 0) return undefined;
    const block = rnd.pick(flac.blocks);
    if (block.at + 4 > b.length) return undefined;
    const copy = Buffer.from(b);
    const n = flac.blocks.indexOf(block);
    switch (rnd.int(3)) {
      case 0: {
        const length = nearOrEdge(block.length, 0xffffff, rnd);
        copy.writeUIntBE(length, block.at + 1, 3);
        return { bytes: copy, what: `metadata block ${n} (type ${block.type}) length: ${block.length} → ${length}` };
      }
      case 1: {
        const type = rnd.pick([0, 1, 2, 3, 4, 5, 6, 7, 126, 127]);
        copy[block.at] = (copy[block.at]! & 0x80) | type;
        return { bytes: copy, what: `metadata block ${n} type: ${block.type} → ${type}` };
      }
      default:
        copy[block.at]! ^= 0x80;
        return { bytes: copy, what: `metadata block ${n} (type ${block.type}) last-block flag ${block.last ? 'cleared' : 'set'}` };
    }
  }],
  [2, (b, rnd) => {
    const flac = parseFlac(b);
    if (!flac || flac.blocks.length === 0) return undefined;
    const n = rnd.int(flac.blocks.length);
    const block = flac.blocks[n]!;
    const end = Math.min(b.length, block.at + 4 + block.length);
    const whole = b.subarray(block.at, end);
    switch (rnd.int(3)) {
      case 0:
        return { bytes: splice(b, block.at, end), what: `metadata block ${n} (type ${block.type}) dropped` };
      case 1: {
        // A copy that is not the last block, so the stream still reads on after it.
        const copy = Buffer.from(whole);
        copy[0]! &= 0x7f;
        return { bytes: splice(b, block.at, block.at, copy), what: `metadata block ${n} (type ${block.type}) duplicated` };
      }
      default: {
        const type = rnd.pick([1, 2, 3, 4, 6, 7, 127]);
        const length = rnd.pick([0, 1, 7, 100, 4096]);
        const header = Buffer.from([type, length >> 16, (length >> 8) & 0xff, length & 0xff]);
        return { bytes: splice(b, block.at, block.at, Buffer.concat([header, rnd.bytes(length)])), what: `a metadata block of type ${type}, ${length} random bytes, inserted before block ${n}` };
      }
    }
  }],
  [1, (b, rnd) => {
    // VORBIS_COMMENT (RFC 9639, 8.6): little-endian lengths of the vendor string, the count and each comment.
    const flac = parseFlac(b);
    const block = flac?.blocks.find((x) => x.type === 4);
    if (!block || block.length < 8) return undefined;
    const body = block.at + 4;
    const vendor = b.readUInt32LE(body);
    const fields = [['vendor length', body], ['comment count', body + 4 + vendor], ['first comment length', body + 8 + vendor]] as const;
    const [name, at] = rnd.pick(fields);
    if (at + 4 > b.length) return undefined;
    const copy = Buffer.from(b);
    const value = rnd.pick(INTERESTING) >>> 0;
    copy.writeUInt32LE(value, at);
    return { bytes: copy, what: `VORBIS_COMMENT ${name} → ${value}` };
  }],
  ...BYTE_OPERATORS.map(([weight, operator]) => [weight / 2, operator] as const),
];
