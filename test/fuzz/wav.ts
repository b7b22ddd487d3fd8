/** WAV, structure-aware: the RIFF/RF64 header, chunk sizes, order and ids, and every fmt field. */
import { BYTE_OPERATORS, nearOrEdge, splice, type Operators } from './mutation.js';
import type { Random } from './random.js';

interface Chunk {
  at: number;
  id: string;
  size: number;
  /** Where the next chunk starts: the body padded to an even length. */
  end: number;
}

function parseChunks(b: Buffer): Chunk[] {
  const chunks: Chunk[] = [];
  for (let at = 12; at + 8 <= b.length; ) {
    const size = b.readUInt32LE(at + 4);
    const end = at + 8 + size + (size % 2);
    chunks.push({ at, id: b.toString('latin1', at, at + 4), size, end: Math.min(end, b.length) });
    if (end > b.length) break;
    at = end;
  }
  return chunks;
}

/** fmt fields: [name, offset in the body, bytes, values worth trying]. */
const FMT_FIELDS: ReadonlyArray<[string, number, number, number[]]> = [
  ['format tag', 0, 2, [0, 1, 2, 3, 6, 7, 0x55, 0x161, 0xfffe, 0xffff]],
  ['channels', 2, 2, [0, 1, 2, 3, 6, 8, 9, 18, 255, 0xffff]],
  ['sample rate', 4, 4, [0, 1, 7_999, 8_000, 11_025, 44_100, 48_000, 96_000, 384_000, 384_001, 0x7fffffff, 0xffffffff]],
  ['byte rate', 8, 4, [0, 1, 176_400, 0xffffffff]],
  ['block align', 12, 2, [0, 1, 2, 3, 4, 5, 6, 8, 0xffff]],
  ['bits per sample', 14, 2, [0, 1, 4, 7, 8, 12, 16, 20, 24, 32, 33, 64, 0xffff]],
  ['extension size', 16, 2, [0, 1, 21, 22, 23, 0xffff]],
  ['valid bits per sample', 18, 2, [0, 1, 8, 12, 16, 20, 24, 25, 32, 0xffff]],
  ['channel mask', 20, 4, [0, 1, 3, 0x3f, 0x3ffff, 0x80000000, 0xffffffff]],
  ['subformat', 24, 2, [0, 1, 2, 3, 0x55, 0xffff]],
];

const pickChunk = (b: Buffer, rnd: Random, id?: string): Chunk | undefined => {
  const chunks = parseChunks(b).filter((c) => id === undefined || c.id === id);
  return chunks.length === 0 ? undefined : rnd.pick(chunks);
};

export const WAV_OPERATORS: Operators = [
  [3, (b, rnd) => {
    const chunk = pickChunk(b, rnd);
    if (!chunk) return undefined;
    const copy = Buffer.from(b);
    const size = nearOrEdge(chunk.size, 0xffffffff, rnd);
    copy.writeUInt32LE(size >>> 0, chunk.at + 4);
    return { bytes: copy, what: `'${chunk.id}' chunk size: ${chunk.size} → ${size}` };
  }],
  [1, (b, rnd) => {
    if (b.length < 12) return undefined;
    const copy = Buffer.from(b);
    const old = copy.readUInt32LE(4);
    const size = nearOrEdge(old, 0xffffffff, rnd);
    copy.writeUInt32LE(size >>> 0, 4);
    return { bytes: copy, what: `RIFF size: ${old} → ${size}` };
  }],
  [4, (b, rnd) => {
    const chunk = pickChunk(b, rnd, 'fmt ');
    if (!chunk) return undefined;
    const [name, offset, bytes, values] = rnd.pick(FMT_FIELDS);
    const at = chunk.at + 8 + offset;
    if (offset + bytes > chunk.size || at + bytes > b.length) return undefined;
    const copy = Buffer.from(b);
    const old = copy.readUIntLE(at, bytes);
    const value = rnd.chance(0.8) ? rnd.pick(values) : nearOrEdge(old, 2 ** (8 * bytes) - 1, rnd);
    copy.writeUIntLE(value, at, bytes);
    return { bytes: copy, what: `fmt ${name}: ${old} → ${value}` };
  }],
  [2, (b, rnd) => {
    const chunks = parseChunks(b);
    if (chunks.length === 0) return undefined;
    const i = rnd.int(chunks.length);
    const chunk = chunks[i]!;
    const whole = b.subarray(chunk.at, chunk.end);
    switch (rnd.int(4)) {
      case 0:
        return { bytes: splice(b, chunk.at, chunk.end), what: `'${chunk.id}' chunk dropped` };
      case 1:
        return { bytes: splice(b, chunk.end, chunk.end, whole), what: `'${chunk.id}' chunk duplicated` };
      case 2: {
        const other = rnd.pick(chunks);
        if (other === chunk) return undefined;
        const [a, c] = chunk.at < other.at ? [chunk, other] : [other, chunk];
        const swapped = Buffer.concat([b.subarray(0, a.at), b.subarray(c.at, c.end), b.subarray(a.end, c.at), b.subarray(a.at, a.end), b.subarray(c.end)]);
        return { bytes: swapped, what: `'${a.id}' and '${c.id}' chunks swapped` };
      }
      default: {
        const id = rnd.pick(['FMT ', 'fmt\0', 'dat ', 'DATA', 'LIST', 'id3 ', 'ds64', 'JUNK', 'fact', '\0\0\0\0']);
        const copy = Buffer.from(b);
        copy.write(id, chunk.at, 'latin1');
        return { bytes: copy, what: `'${chunk.id}' chunk renamed '${id}'` };
      }
    }
  }],
  [1, (b, rnd) => {
    // An odd-sized chunk, with or without the pad byte RIFF requires.
    const chunk = pickChunk(b, rnd);
    if (!chunk) return undefined;
    const id = rnd.pick(['JUNK', 'LIST', 'id3 ', 'bext', 'data']);
    const size = rnd.pick([1, 3, 7, 255]);
    const header = Buffer.alloc(8);
    header.write(id, 0, 'latin1');
    header.writeUInt32LE(size, 4);
    const pad = rnd.chance(0.5);
    return { bytes: splice(b, chunk.at, chunk.at, Buffer.concat([header, rnd.bytes(size + (pad ? 1 : 0))])), what: `a '${id}' chunk of ${size} bytes${pad ? '' : ' without its pad byte'} before '${chunk.id}'` };
  }],
  [1, (b, rnd) => {
    if (b.length < 12) return undefined;
    const copy = Buffer.from(b);
    const form = rnd.pick(['RF64', 'RIFX', 'BW64', 'RIFF']);
    copy.write(form, 0, 'latin1');
    if (rnd.chance(0.5)) copy.writeUInt32LE(0xffffffff, 4);
    return { bytes: copy, what: `file header → '${form}'` };
  }],
  ...BYTE_OPERATORS,
];
