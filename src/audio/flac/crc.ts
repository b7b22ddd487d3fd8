/**
 * The two checksums of a FLAC frame (RFC 9639 §9.1.8 and §9.3): CRC-8 of the frame header,
 * polynomial x^8 + x^2 + x + 1, and CRC-16 of the whole frame, polynomial x^16 + x^15 + x^2 + 1;
 * both MSB first, initial value 0, no final XOR.
 */

function table(bits: 8 | 16, polynomial: number): Uint16Array {
  const top = 1 << (bits - 1);
  const mask = (1 << bits) - 1;
  return Uint16Array.from({ length: 256 }, (_, n) => {
    let r = n << (bits - 8);
    for (let i = 0; i < 8; i += 1) r = r & top ? ((r << 1) ^ polynomial) & mask : (r << 1) & mask;
    return r;
  });
}

const CRC8 = table(8, 0x07);
const CRC16 = table(16, 0x8005);

/** CRC16_K[k][x]: the CRC-16 of byte x followed by k zero bytes, so that four bytes are taken at once (slicing by 4). */
const CRC16_K = [CRC16, ...[1, 2, 3].map(() => new Uint16Array(256))];
for (let k = 1; k < 4; k += 1) {
  for (let x = 0; x < 256; x += 1) {
    const r = CRC16_K[k - 1]![x]!;
    CRC16_K[k]![x] = ((r << 8) & 0xffff) ^ CRC16[r >>> 8]!;
  }
}
const [T0, T1, T2, T3] = CRC16_K as [Uint16Array, Uint16Array, Uint16Array, Uint16Array];

export function crc8(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0;
  for (let i = start; i < end; i += 1) crc = CRC8[crc ^ bytes[i]!]!;
  return crc;
}

/**
 * CRC-16 of bytes [start, end) continuing from `crc`. Run over a frame and its stored CRC it
 * gives 0, which is how a frame's end is recognised without decoding it.
 */
export function crc16(bytes: Uint8Array, start: number, end: number, crc = 0): number {
  let i = start;
  for (; i + 4 <= end; i += 4) crc = T3[(crc >>> 8) ^ bytes[i]!]! ^ T2[(crc & 0xff) ^ bytes[i + 1]!]! ^ T1[bytes[i + 2]!]! ^ T0[bytes[i + 3]!]!;
  for (; i < end; i += 1) crc = ((crc << 8) & 0xffff) ^ CRC16[(crc >>> 8) ^ bytes[i]!]!;
  return crc;
}

/** Finds, byte after byte, each place where the CRC-16 of the bytes from `start` is 0. */
export class Crc16Scan {
  crc = 0;
  private at: number;

  constructor(private readonly bytes: Uint8Array, start: number) {
    this.at = start;
  }

  /** The next position p < end (after at least one byte) where the CRC-16 of [start, p) is 0; -1 at `end`. */
  next(end: number): number {
    const { bytes } = this;
    let crc = this.crc;
    for (let i = this.at; i < end; ) {
      crc = ((crc << 8) & 0xffff) ^ CRC16[(crc >>> 8) ^ bytes[i++]!]!;
      if (crc === 0) {
        this.crc = 0;
        this.at = i;
        return i;
      }
    }
    this.crc = crc;
    this.at = end;
    return -1;
  }
}
