/**
 * The checksums of the formats the fuzzer rewrites, so a mutated header or page still passes its
 * check and the mutation reaches the decoder. Written here rather than imported from src/ so the
 * fuzzer does not share a bug with the code it tests.
 */

/** A table-driven, non-reflected CRC of `width` bits (8, 16 or 32), initial value 0. */
function crc(width: 8 | 16 | 32, poly: number): (bytes: Uint8Array) => number {
  const mask = width === 32 ? 0xffffffff : (1 << width) - 1;
  const top = 1 << (width - 1);
  const table = Uint32Array.from({ length: 256 }, (_, n) => {
    let r = n << (width - 8);
    for (let i = 0; i < 8; i += 1) r = (r & top ? (r << 1) ^ poly : r << 1) & mask;
    return r >>> 0;
  });
  return (bytes) => {
    let r = 0;
    for (const byte of bytes) r = (((r << 8) & mask) ^ table[((r >>> (width - 8)) ^ byte) & 0xff]!) >>> 0;
    return r;
  };
}

/** FLAC frame header: x^8 + x^2 + x + 1 (RFC 9639, 9.1.8). */
export const crc8 = crc(8, 0x07);

/** FLAC frame footer: x^16 + x^15 + x^2 + 1 (RFC 9639, 9.3). */
export const crc16 = crc(16, 0x8005);

/** Ogg page checksum: polynomial 0x04C11DB7, computed with the checksum field as zeros (RFC 3533, 6). */
const crc32 = crc(32, 0x04c11db7);

/** Writes the right checksum into the Ogg page `page` (a whole page, header and body). */
export function sealOggPage(page: Buffer): void {
  page.writeUInt32LE(0, 22);
  page.writeUInt32LE(crc32(page), 22);
}
