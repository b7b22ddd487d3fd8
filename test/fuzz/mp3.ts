/**
 * MP3, structure-aware: ID3v2 tags at the start, MPEG audio frames found by their headers (ISO
 * 11172-3 2.4.1.3, ISO 13818-3), the Xing/Info and LAME tag in the first frame, an ID3v1 tag at
 * the end. Operators change header fields, tag fields and sizes, and drop, repeat or separate frames.
 */
import { BYTE_OPERATORS, nearOrEdge, splice, type Operators } from './mutation.js';
import { INTERESTING, type Random } from './random.js';

interface MpegFrame {
  at: number;
  length: number;
}

interface Mp3 {
  /** [start, end) of the ID3v2 tags before the audio. */
  id3: Array<[number, number]>;
  frames: MpegFrame[];
  /** Where the Xing/Info tag name lies in the first frame, if it has one. */
  xing?: number;
}

const BITRATES: Record<string, number[]> = {
  'V1 L1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  'V1 L2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  'V1 L3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  'V2 L1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  'V2 L2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** The length of the frame whose header is at `at`, or undefined when no valid header is there. */
function frameLength(b: Buffer, at: number): number | undefined {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return undefined;
  const version = (b[at + 1]! >> 3) & 3;
  const layer = 4 - ((b[at + 1]! >> 1) & 3);
  const bitrateIndex = b[at + 2]! >> 4;
  const rateIndex = (b[at + 2]! >> 2) & 3;
  if (version === 1 || layer === 4 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const table = version === 3 ? `V1 L${layer}` : layer === 1 ? 'V2 L1' : 'V2 L2';
  const kbps = BITRATES[table]![bitrateIndex]!;
  const rate = RATES[version]![rateIndex]!;
  const padding = (b[at + 2]! >> 1) & 1;
  if (layer === 1) return (Math.floor((12_000 * kbps) / rate) + padding) * 4;
  const perFrame = layer === 3 && version !== 3 ? 72_000 : 144_000;
  return Math.floor((perFrame * kbps) / rate) + padding;
}

/** A syncsafe 28-bit size (ID3v2: 7 bits a byte). */
function syncsafe(b: Buffer, at: number): number {
  return ((b[at]! & 0x7f) << 21) | ((b[at + 1]! & 0x7f) << 14) | ((b[at + 2]! & 0x7f) << 7) | (b[at + 3]! & 0x7f);
}

function writeSyncsafe(b: Buffer, at: number, n: number): void {
  for (let i = 0; i < 4; i += 1) b[at + i] = (n >> (7 * (3 - i))) & 0x7f;
}

/** The tags and frames of an MP3, as far as they can be found; junk between frames is stepped over. */
function parseMp3(b: Buffer): Mp3 {
  const id3: Mp3['id3'] = [];
  let at = 0;
  while (at + 10 <= b.length && b.toString('latin1', at, at + 3) === 'ID3') {
    const end = at + 10 + syncsafe(b, at + 6) + (b[at + 5]! & 0x10 ? 10 : 0);
    id3.push([at, Math.min(end, b.length)]);
    at = end;
  }
  const frames: MpegFrame[] = [];
  const tail = b.length >= 128 && b.toString('latin1', b.length - 128, b.length - 125) === 'TAG' ? b.length - 128 : b.length;
  while (at < tail) {
    const length = frameLength(b, at);
    if (length !== undefined && at + length <= tail) {
      frames.push({ at, length });
      at += length;
      continue;
    }
    // Junk: the next place a header starts whose frame is followed by another header.
    let next = at + 1;
    while (next < tail && !(frameLength(b, next) !== undefined && frameLength(b, next + frameLength(b, next)!) !== undefined)) next += 1;
    at = next;
  }
  return { id3, frames, xing: xingAt(b, frames[0]) };
}

function xingAt(b: Buffer, frame: MpegFrame | undefined): number | undefined {
  if (!frame) return undefined;
  const mpeg1 = ((b[frame.at + 1]! >> 3) & 3) === 3;
  const mono = b[frame.at + 3]! >> 6 === 3;
  const at = frame.at + 4 + (b[frame.at + 1]! & 1 ? 0 : 2) + (mpeg1 ? (mono ? 17 : 32) : mono ? 9 : 17);
  const tag = b.toString('latin1', at, at + 4);
  return tag === 'Xing' || tag === 'Info' ? at : undefined;
}

/** Frame header fields: [name, bit shift in the 32-bit header, width]. */
const HEADER_FIELDS: ReadonlyArray<[string, number, number]> = [
  ['version', 19, 2],
  ['layer', 17, 2],
  ['protection bit', 16, 1],
  ['bitrate index', 12, 4],
  ['sample-rate index', 10, 2],
  ['padding bit', 9, 1],
  ['private bit', 8, 1],
  ['channel mode', 6, 2],
  ['mode extension', 4, 2],
  ['emphasis', 0, 2],
];

/** Xing/Info and LAME tag fields: [name, offset from the tag name, bytes]. With all flags set the LAME tag starts 120 bytes in. */
const XING_FIELDS: ReadonlyArray<[string, number, number]> = [
  ['Xing flags', 4, 4],
  ['Xing frame count', 8, 4],
  ['Xing byte count', 12, 4],
  ['Xing TOC entry', 16 + 50, 1],
  ['Xing quality', 116, 4],
  ['LAME version string', 120, 4],
  ['LAME encoder delay and padding', 120 + 21, 3],
  ['LAME music length', 120 + 28, 4],
  ['LAME tag CRC', 120 + 34, 2],
];

const JUNK: ReadonlyArray<[string, (rnd: Random) => Buffer]> = [
  ['random bytes', (rnd) => rnd.bytes(rnd.between(1, 600))],
  ['zeros', (rnd) => Buffer.alloc(rnd.between(1, 600))],
  ['a false frame header', (rnd) => Buffer.concat([Buffer.from([0xff, 0xfb, rnd.int(256), rnd.int(256)]), rnd.bytes(rnd.int(40))])],
  ['an ID3v1 tag', () => Buffer.concat([Buffer.from('TAG', 'latin1'), Buffer.alloc(125, 0x41)])],
  ['an ID3v2 tag', () => Buffer.concat([Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x0a', 'latin1'), Buffer.alloc(10)])],
  ['an APE tag header', () => Buffer.concat([Buffer.from('APETAGEX', 'latin1'), Buffer.alloc(24)])],
];

export const MP3_OPERATORS: Operators = [
  [3, (b, rnd) => {
    const { frames } = parseMp3(b);
    if (frames.length === 0) return undefined;
    const [name, shift, bits] = rnd.pick(HEADER_FIELDS);
    const every = rnd.chance(0.3);
    const targets = every ? frames : [rnd.pick(frames)];
    const value = rnd.int(2 ** bits);
    const copy = Buffer.from(b);
    for (const frame of targets) {
      const header = copy.readUInt32BE(frame.at);
      const mask = (2 ** bits - 1) * 2 ** shift;
      copy.writeUInt32BE(((header & ~mask) | (value << shift)) >>> 0, frame.at);
    }
    return { bytes: copy, what: `${name} → ${value} in ${every ? 'every frame' : `frame ${frames.indexOf(targets[0]!)}`}` };
  }],
  [3, (b, rnd) => {
    const { xing } = parseMp3(b);
    if (xing === undefined) return undefined;
    const copy = Buffer.from(b);
    if (rnd.chance(0.15)) {
      const name = rnd.pick(['Xing', 'Info', 'Xinf', '\0\0\0\0']);
      copy.write(name, xing, 'latin1');
      return { bytes: copy, what: `Xing tag name → ${JSON.stringify(name)}` };
    }
    const [name, offset, bytes] = rnd.pick(XING_FIELDS);
    const at = xing + offset;
    if (at + bytes > copy.length) return undefined;
    const old = copy.readUIntBE(at, bytes);
    const value = nearOrEdge(old, 2 ** (8 * bytes) - 1, rnd);
    copy.writeUIntBE(value, at, bytes);
    return { bytes: copy, what: `${name}: ${old} → ${value}` };
  }],
  [3, (b, rnd) => {
    const { frames } = parseMp3(b);
    if (frames.length < 2) return undefined;
    const i = rnd.int(frames.length);
    const j = Math.min(frames.length - 1, i + rnd.pick([0, 0, 0, 1, 4]));
    const [first, last] = [frames[i]!, frames[j]!];
    const end = last.at + last.length;
    switch (rnd.int(4)) {
      case 0:
        return { bytes: splice(b, first.at, end), what: `frames ${i}-${j} dropped` };
      case 1:
        return { bytes: splice(b, end, end, b.subarray(first.at, end)), what: `frames ${i}-${j} duplicated` };
      case 2: {
        const k = rnd.int(frames.length);
        const [a, c] = [frames[Math.min(i, k)]!, frames[Math.max(i, k)]!];
        if (a === c) return undefined;
        const swapped = Buffer.concat([b.subarray(0, a.at), b.subarray(c.at, c.at + c.length), b.subarray(a.at + a.length, c.at), b.subarray(a.at, a.at + a.length), b.subarray(c.at + c.length)]);
        return { bytes: swapped, what: `frames ${frames.indexOf(a)} and ${frames.indexOf(c)} swapped` };
      }
      default: {
        const at = rnd.between(first.at + 1, first.at + first.length - 1);
        return { bytes: b.subarray(0, at), what: `cut inside frame ${i} (at byte ${at})` };
      }
    }
  }],
  [2, (b, rnd) => {
    const { frames } = parseMp3(b);
    if (frames.length === 0) return undefined;
    const i = rnd.int(frames.length);
    const [name, junk] = rnd.pick(JUNK);
    const bytes = junk(rnd);
    return { bytes: splice(b, frames[i]!.at, frames[i]!.at, bytes), what: `${name} (${bytes.length} bytes) before frame ${i}` };
  }],
  [2, (b, rnd) => {
    const { id3 } = parseMp3(b);
    if (id3.length === 0) {
      const tag = Buffer.concat([Buffer.from('ID3\x04\x00\x00', 'latin1'), Buffer.alloc(4), Buffer.from('TIT2\x00\x00\x00\x05\x00\x00\x03Seed', 'latin1')]);
      writeSyncsafe(tag, 6, tag.length - 10);
      return { bytes: Buffer.concat([tag, b]), what: 'an ID3v2.4 tag added' };
    }
    const [start, end] = rnd.pick(id3);
    const copy = Buffer.from(b);
    switch (rnd.int(5)) {
      case 0: {
        const old = syncsafe(copy, start + 6);
        const size = nearOrEdge(old, 0x0fffffff, rnd);
        writeSyncsafe(copy, start + 6, size);
        return { bytes: copy, what: `ID3v2 size: ${old} → ${size}` };
      }
      case 1:
        copy.fill(0xff, start + 6 + rnd.int(4), start + 10);
        return { bytes: copy, what: 'ID3v2 size bytes not syncsafe (0xff)' };
      case 2: {
        const version = rnd.pick([0, 2, 3, 4, 5, 0xff]);
        copy[start + 3] = version;
        return { bytes: copy, what: `ID3v2 major version → ${version}` };
      }
      case 3: {
        const flags = rnd.pick([0x80, 0x40, 0x20, 0x10, 0x0f, 0xff]);
        copy[start + 5] = flags;
        return { bytes: copy, what: `ID3v2 flags → 0x${flags.toString(16)}` };
      }
      default: {
        // The first frame's size (ID3v2.3/2.4: 4 bytes after the 4-byte frame id).
        if (start + 18 > end) return undefined;
        const value = rnd.pick(INTERESTING) >>> 0;
        copy.writeUInt32BE(value, start + 14);
        return { bytes: copy, what: `ID3v2 first frame's size → ${value}` };
      }
    }
  }],
  [1, (b) => {
    const { id3 } = parseMp3(b);
    const [start, end] = id3[0] ?? [0, 0];
    if (end === 0) return undefined;
    return { bytes: splice(b, end, end, b.subarray(start, end)), what: 'the ID3v2 tag repeated' };
  }],
  ...BYTE_OPERATORS.map(([weight, operator]) => [weight / 2, operator] as const),
];
