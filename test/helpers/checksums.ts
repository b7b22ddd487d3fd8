/**
 * The rippers' track checksums written out plainly, as their sources define them, to check the
 * verifier's against: CRC-32 bit by bit (polynomial 0xEDB88320, reflected, start and end
 * inverted), EAC's CRC without null samples (the 16-bit samples equal to 0 left out; CUETools
 * AccurateRip.cs CalculateCRCs), and AccurateRip v1/v2 with 64-bit products (whipper
 * accuraterip-checksum.c compute_checksums).
 */
export function referenceChecksums(audio: Buffer, firstTrack: boolean, lastTrack: boolean): { crc32: string; crc32NoNulls: string; accurateRipV1: string; accurateRipV2: string } {
  let crc = 0xffffffff;
  let crcNoNulls = 0xffffffff;
  for (let i = 0; i + 1 < audio.length; i += 2) {
    const low = audio[i]!;
    const high = audio[i + 1]!;
    crc = crcByte(crcByte(crc, low), high);
    if (low !== 0 || high !== 0) crcNoNulls = crcByte(crcByte(crcNoNulls, low), high);
  }
  const frames = Math.floor(audio.length / 4);
  const from = firstTrack ? 5 * 588 : 1;
  const to = lastTrack ? frames - 5 * 588 : frames;
  let v1 = 0n;
  let high = 0n;
  for (let n = from; n <= to; n += 1) {
    const product = BigInt(audio.readUInt32LE((n - 1) * 4)) * BigInt(n);
    v1 += product & 0xffffffffn;
    high += product >> 32n;
  }
  const hex = (value: bigint | number): string => (BigInt(value) & 0xffffffffn).toString(16).toUpperCase().padStart(8, '0');
  return { crc32: hex(~crc >>> 0), crc32NoNulls: hex(~crcNoNulls >>> 0), accurateRipV1: hex(v1), accurateRipV2: hex(v1 + high) };
}

function crcByte(crc: number, byte: number): number {
  let c = crc ^ byte;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  return c;
}

/**
 * Each track's checksums as rippers cut it (INDEX 01 to the next INDEX 01), computed here from
 * the sources: the audio zero-padded to whole sectors, then the gap of silence before the next.
 */
export function sourceChecksums(tracks: Array<{ audio: Buffer }>, gapSectors: number): Array<ReturnType<typeof referenceChecksums>> {
  const SECTOR = 2352;
  return tracks.map(({ audio }, i) => {
    const last = i === tracks.length - 1;
    const sectors = Math.max(300, Math.ceil(audio.length / SECTOR)) + (last ? 0 : gapSectors);
    return referenceChecksums(Buffer.concat([audio, Buffer.alloc(sectors * SECTOR - audio.length)]), i === 0, last);
  });
}
