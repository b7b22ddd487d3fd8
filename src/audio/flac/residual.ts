/**
 * Residual decoding (RFC 9639 §9.2.7): partitions of Rice codes, or of raw signed values when a
 * partition's parameter is the escape code. This is the decoder's hottest loop, so the Rice run
 * keeps the reader's state in locals and decodes each value with clz32 and shifts.
 */
import type { BitReader } from './bit-reader.js';

/**
 * Reads the residual of a subframe into out[order, blockSize). Returns false when the coding
 * method is reserved or the partitions do not fit the block.
 */
export function readResidual(r: BitReader, out: Int32Array, blockSize: number, order: number): boolean {
  const method = r.read(2);
  if (method > 1) return false;
  const parameterBits = method === 0 ? 4 : 5;
  const escape = method === 0 ? 15 : 31;
  const partitionOrder = r.read(4);
  const size = blockSize >>> partitionOrder;
  if (size << partitionOrder !== blockSize || size < order) return false;
  let i = order;
  for (let p = 0, end = size; p < 1 << partitionOrder; p += 1, end += size) {
    const k = r.read(parameterBits);
    if (k === escape) {
      const bits = r.read(5);
      if (bits === 0) out.fill(0, i, end);
      else for (let j = i; j < end; j += 1) out[j] = r.readSigned(bits);
    } else if (k <= 24) {
      rice(r, out, i, end, k);
    } else {
      for (let j = i; j < end; j += 1) out[j] = unfold((r.readUnary() * 2 ** k + r.read(k)) % 2 ** 32);
    }
    i = end;
  }
  return true;
}

/** Zigzag folding undone: 0, 1, 2, 3, ... → 0, -1, 1, -2, ... (in 32 bits). */
function unfold(v: number): number {
  return (v >>> 1) ^ -(v & 1);
}

/** Rice codes with parameter k ≤ 24 into out[i, end). */
function rice(r: BitReader, out: Int32Array, i: number, end: number, k: number): void {
  const { bytes } = r;
  const limit = r.end + 4;
  let { pos, cache, count } = r;
  for (; i < end; i += 1) {
    let q = 0;
    while (cache === 0) {
      q += count;
      count = 0;
      if (pos > limit) break;
      while (count <= 24) {
        cache |= bytes[pos++]! << (24 - count);
        count += 8;
      }
    }
    const z = Math.clz32(cache);
    q += z;
    cache = (cache << z) << 1;
    count -= z + 1;
    if (count < k) {
      while (count <= 24) {
        cache |= bytes[pos++]! << (24 - count);
        count += 8;
      }
    }
    // Two shifts, as a shift by 32 is a shift by 0 in JavaScript (k = 0).
    const v = (q << k) | ((cache >>> 1) >>> (31 - k));
    cache <<= k;
    count -= k;
    out[i] = (v >>> 1) ^ -(v & 1);
  }
  r.pos = pos;
  r.cache = cache;
  r.count = count;
}
