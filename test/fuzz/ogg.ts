/**
 * Ogg (RFC 3533), structure-aware, for Vorbis and Opus: page header fields, segment tables,
 * granule positions, sequence numbers, whole pages, and the codec's header packets (the Vorbis
 * identification header, OpusHead, the comment headers). The page checksum is mostly recomputed,
 * so the change gets past the page check and reaches the parser and the decoder behind it.
 */
import { sealOggPage } from './crc.js';
import { BYTE_OPERATORS, nearOrEdge, splice, type Mutation, type Operators } from './mutation.js';
import { INTERESTING, type Random } from './random.js';

interface Page {
  at: number;
  end: number;
  segments: number;
}

const HEADER_BYTES = 27;

/** The pages of an Ogg stream up to the first place no page starts (the rest is left alone). */
function parsePages(b: Buffer): Page[] {
  const pages: Page[] = [];
  for (let at = 0; at + HEADER_BYTES <= b.length && b.toString('latin1', at, at + 4) === 'OggS'; ) {
    const segments = b[at + 26]!;
    const lacing = b.subarray(at + HEADER_BYTES, at + HEADER_BYTES + segments);
    const end = at + HEADER_BYTES + segments + lacing.reduce((sum, n) => sum + n, 0);
    if (end > b.length) break;
    pages.push({ at, end, segments });
    at = end;
  }
  return pages;
}

/** `b` with page `page` replaced by `edit(copy of the page)`, its checksum made right again when `seal`. */
function editPage(b: Buffer, page: Page, seal: boolean, edit: (copy: Buffer) => Buffer | void): Buffer {
  const copy = Buffer.from(b.subarray(page.at, page.end));
  const edited = edit(copy) ?? copy;
  if (seal) sealOggPage(edited);
  return splice(b, page.at, page.end, edited);
}

const sealed = (seal: boolean): string => (seal ? ', checksum recomputed' : ', checksum left stale');

/** Header fields: [name, offset, bytes, values to try given the old value]. */
const PAGE_FIELDS: ReadonlyArray<[string, number, number, (old: bigint, rnd: Random) => bigint]> = [
  ['stream structure version', 4, 1, (_, rnd) => BigInt(rnd.pick([1, 2, 0x80, 0xff]))],
  ['header type flags', 5, 1, (old, rnd) => old ^ BigInt(rnd.pick([1, 2, 4, 7, 0xf8]))],
  ['granule position', 6, 8, (old, rnd) => rnd.pick([-1n, 0n, old - 1n, old + 1n, old * 2n, old - 48_000n, old + 100_000n, 2n ** 62n, -(2n ** 63n), BigInt(rnd.int(2 ** 30))])],
  ['serial number', 14, 4, (old, rnd) => rnd.pick([old + 1n, 0n, 0xffffffffn, BigInt(rnd.int(2 ** 32))])],
  ['page sequence number', 18, 4, (old, rnd) => rnd.pick([old + 1n, old - 1n, old + 2n, 0n, 0xffffffffn])],
];

function writeField(page: Buffer, offset: number, bytes: number, value: bigint): void {
  if (bytes === 8) page.writeBigInt64LE(BigInt.asIntN(64, value), offset);
  else page.writeUIntLE(Number(BigInt.asUintN(bytes * 8, value)), offset, bytes);
}

function readField(page: Buffer, offset: number, bytes: number): bigint {
  return bytes === 8 ? page.readBigInt64LE(offset) : BigInt(page.readUIntLE(offset, bytes));
}

/**
 * Fields of the codec header packets at the start of the first page's body and of the second
 * page's: [codec magic, name, offset in the packet, bytes].
 */
const PACKET_FIELDS: ReadonlyArray<[string, string, number, number]> = [
  ['\x01vorbis', 'Vorbis version', 7, 4],
  ['\x01vorbis', 'Vorbis channels', 11, 1],
  ['\x01vorbis', 'Vorbis sample rate', 12, 4],
  ['\x01vorbis', 'Vorbis nominal bitrate', 20, 4],
  ['\x01vorbis', 'Vorbis block sizes', 28, 1],
  ['\x01vorbis', 'Vorbis framing bit', 29, 1],
  ['\x03vorbis', 'Vorbis comment vendor length', 7, 4],
  ['OpusHead', 'OpusHead version', 8, 1],
  ['OpusHead', 'OpusHead channels', 9, 1],
  ['OpusHead', 'OpusHead pre-skip', 10, 2],
  ['OpusHead', 'OpusHead input sample rate', 12, 4],
  ['OpusHead', 'OpusHead output gain', 16, 2],
  ['OpusHead', 'OpusHead mapping family', 18, 1],
  ['OpusHead', 'OpusHead stream count', 19, 1],
  ['OpusHead', 'OpusHead coupled count', 20, 1],
  ['OpusHead', 'OpusHead channel mapping', 21, 1],
  ['OpusTags', 'OpusTags vendor length', 8, 4],
];

function packetField(b: Buffer, pages: Page[], rnd: Random): Mutation | undefined {
  const [magic, name, offset, bytes] = rnd.pick(PACKET_FIELDS);
  const page = pages.slice(0, 3).find((p) => b.toString('latin1', p.at + HEADER_BYTES + p.segments, p.at + HEADER_BYTES + p.segments + magic.length) === magic);
  if (!page) return undefined;
  const at = page.at + HEADER_BYTES + page.segments + offset;
  if (at + bytes > page.end) return undefined;
  const old = b.readUIntLE(at, bytes);
  const value = bytes === 1 ? rnd.pick([0, 1, 2, 3, 6, 8, 9, 255, old ^ 0x0f]) & 0xff : nearOrEdge(old, 2 ** (8 * bytes) - 1, rnd);
  const seal = rnd.chance(0.9);
  return {
    bytes: editPage(b, page, seal, (copy) => void copy.writeUIntLE(value, at - page.at, bytes)),
    what: `${name}: ${old} → ${value}${sealed(seal)}`,
  };
}

/** A page with one lacing value changed and the body grown or cut to match. */
function lacing(b: Buffer, pages: Page[], rnd: Random): Mutation | undefined {
  const page = rnd.pick(pages);
  if (page.segments === 0) return undefined;
  const n = rnd.int(page.segments);
  const old = b[page.at + HEADER_BYTES + n]!;
  const value = rnd.pick([0, 1, 254, 255, old - 1, old + 1, rnd.int(256)].filter((v) => v >= 0 && v <= 255 && v !== old));
  const bodyAt = HEADER_BYTES + page.segments + b.subarray(page.at + HEADER_BYTES, page.at + HEADER_BYTES + n).reduce((sum, x) => sum + x, 0);
  return {
    bytes: editPage(b, page, true, (copy) => {
      copy[HEADER_BYTES + n] = value;
      const end = bodyAt + old;
      return value > old ? splice(copy, end, end, rnd.bytes(value - old)) : splice(copy, bodyAt + value, end);
    }),
    what: `page ${pages.indexOf(page)} lacing value ${n}: ${old} → ${value}, body resized, checksum recomputed`,
  };
}

/** A segment added to or removed from a page's table (a packet split, joined, or an empty one). */
function segments(b: Buffer, pages: Page[], rnd: Random): Mutation | undefined {
  const page = rnd.pick(pages);
  const lacings = [...b.subarray(page.at + HEADER_BYTES, page.at + HEADER_BYTES + page.segments)];
  const add = lacings.length === 0 || (lacings.length < 255 && rnd.chance(0.5));
  const n = rnd.int(lacings.length + (add ? 1 : 0));
  const at = lacings.slice(0, n).reduce((sum, x) => sum + x, 0);
  const body = b.subarray(page.at + HEADER_BYTES + page.segments, page.end);
  const size = add ? rnd.pick([0, 1, 255]) : lacings[n]!;
  if (add) lacings.splice(n, 0, size);
  else lacings.splice(n, 1);
  const data = add ? Buffer.concat([body.subarray(0, at), rnd.bytes(size), body.subarray(at)]) : splice(body, at, at + size);
  const edited = Buffer.concat([b.subarray(page.at, page.at + 26), Buffer.from([lacings.length, ...lacings]), data]);
  sealOggPage(edited);
  return { bytes: splice(b, page.at, page.end, edited), what: `page ${pages.indexOf(page)} segment table: a segment of ${size} bytes ${add ? 'added' : 'removed'} at ${n}, checksum recomputed` };
}

/** Renumbers pages from `from` on so their sequence numbers follow again, checksums recomputed. */
function renumber(b: Buffer, from: number): Buffer {
  const pages = parsePages(b);
  const first = pages[0];
  if (!first) return b;
  const serial = b.readUInt32LE(first.at + 14);
  const copy = Buffer.from(b);
  let sequence = 0;
  for (const [i, page] of pages.entries()) {
    if (copy.readUInt32LE(page.at + 14) !== serial) continue;
    if (i >= from) {
      copy.writeUInt32LE(sequence, page.at + 18);
      sealOggPage(copy.subarray(page.at, page.end));
    }
    sequence += 1;
  }
  return copy;
}

function wholePages(b: Buffer, pages: Page[], rnd: Random): Mutation | undefined {
  if (pages.length < 2) return undefined;
  const i = rnd.int(pages.length);
  const page = pages[i]!;
  const whole = b.subarray(page.at, page.end);
  let bytes: Buffer;
  let what: string;
  switch (rnd.int(4)) {
    case 0:
      [bytes, what] = [splice(b, page.at, page.end), `page ${i} dropped`];
      break;
    case 1:
      [bytes, what] = [splice(b, page.end, page.end, whole), `page ${i} duplicated`];
      break;
    case 2: {
      const j = rnd.int(pages.length);
      const [a, c] = [pages[Math.min(i, j)]!, pages[Math.max(i, j)]!];
      if (a === c) return undefined;
      bytes = Buffer.concat([b.subarray(0, a.at), b.subarray(c.at, c.end), b.subarray(a.end, c.at), b.subarray(a.at, a.end), b.subarray(c.end)]);
      what = `pages ${pages.indexOf(a)} and ${pages.indexOf(c)} swapped`;
      break;
    }
    default: {
      const at = rnd.between(page.at + 1, page.end - 1);
      return { bytes: b.subarray(0, at), what: `cut inside page ${i} (at byte ${at})` };
    }
  }
  // Renumbered, the pages pass the sequence check and the decoder meets the change itself.
  if (rnd.chance(0.5)) return { bytes: renumber(bytes, Math.min(i, pages.length - 2)), what: `${what}, later pages renumbered` };
  return { bytes, what };
}

/** A second logical stream: the file chained after itself, or its pages interleaved with a copy's. */
function secondStream(b: Buffer, pages: Page[], rnd: Random): Mutation | undefined {
  if (pages.length === 0) return undefined;
  const other = Buffer.from(b.subarray(0, pages[pages.length - 1]!.end));
  for (const page of pages) {
    other.writeUInt32LE((other.readUInt32LE(page.at + 14) ^ 0x5a5a) >>> 0, page.at + 14);
    sealOggPage(other.subarray(page.at, page.end));
  }
  if (rnd.chance(0.5)) return { bytes: Buffer.concat([b, other]), what: 'a second stream chained after the first' };
  const mixed: Buffer[] = [];
  for (const page of pages) mixed.push(b.subarray(page.at, page.end), other.subarray(page.at, page.end));
  return { bytes: Buffer.concat(mixed), what: 'a second stream multiplexed page by page' };
}

export const OGG_OPERATORS: Operators = [
  [3, (b, rnd) => {
    const pages = parsePages(b);
    if (pages.length === 0) return undefined;
    const page = rnd.pick(pages);
    const [name, offset, bytes, values] = rnd.pick(PAGE_FIELDS);
    const old = readField(b, page.at + offset, bytes);
    const value = values(old, rnd);
    const seal = rnd.chance(0.85);
    return {
      bytes: editPage(b, page, seal, (copy) => writeField(copy, offset, bytes, value)),
      what: `page ${pages.indexOf(page)} ${name}: ${old} → ${value}${sealed(seal)}`,
    };
  }],
  [2, (b, rnd) => {
    const pages = parsePages(b);
    return pages.length === 0 ? undefined : rnd.chance(0.5) ? lacing(b, pages, rnd) : segments(b, pages, rnd);
  }],
  [3, (b, rnd) => wholePages(b, parsePages(b), rnd)],
  [3, (b, rnd) => {
    const pages = parsePages(b);
    const page = pages.length === 0 ? undefined : rnd.pick(pages);
    const body = page && page.at + HEADER_BYTES + page.segments;
    if (!page || body === undefined || page.end - body < 2) return undefined;
    const n = rnd.between(1, 6);
    return {
      bytes: editPage(b, page, true, (copy) => {
        for (let i = 0; i < n; i += 1) copy[rnd.between(body - page.at, copy.length - 1)] = rnd.int(256);
      }),
      what: `page ${pages.indexOf(page)} packet data: ${n} bytes changed, checksum recomputed`,
    };
  }],
  [3, (b, rnd) => {
    const pages = parsePages(b);
    return pages.length === 0 ? undefined : packetField(b, pages, rnd);
  }],
  [1, (b, rnd) => secondStream(b, parsePages(b), rnd)],
  [1, (b, rnd) => {
    const pages = parsePages(b);
    const page = pages.length === 0 ? undefined : rnd.pick(pages);
    if (!page) return undefined;
    const value = rnd.pick(INTERESTING) >>> 0;
    return { bytes: editPage(b, page, false, (copy) => void copy.writeUInt32LE(value, 22)), what: `page ${pages.indexOf(page)} checksum → ${value}` };
  }],
  ...BYTE_OPERATORS.map(([weight, operator]) => [weight / 2, operator] as const),
];
