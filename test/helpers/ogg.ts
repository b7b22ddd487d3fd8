/** Ogg pages built and changed by the tests: RFC 3533 framing and checksum. */
import { readFile, writeFile } from 'node:fs/promises';

/** The Ogg page CRC: polynomial 0x04C11DB7, not reflected, over the page with its CRC field zero. */
export function oggCrc(page: Buffer): number {
  let crc = 0;
  for (let i = 0; i < page.length; i += 1) {
    crc ^= (i >= 22 && i < 26 ? 0 : page[i]!) << 24;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return crc >>> 0;
}

/** The pages of an Ogg file, in order (views of `bytes`). */
export function oggPages(bytes: Buffer): Buffer[] {
  const pages: Buffer[] = [];
  for (let at = 0; at + 27 <= bytes.length; ) {
    const segments = bytes[at + 26]!;
    const length = 27 + segments + bytes.subarray(at + 27, at + 27 + segments).reduce((sum, n) => sum + n, 0);
    pages.push(bytes.subarray(at, at + length));
    at += length;
  }
  return pages;
}

/** Renews a page's checksum after it was changed, in place. */
export function resealPage(page: Buffer): void {
  page.writeUInt32LE(0, 22);
  page.writeUInt32LE(oggCrc(page), 22);
}

/** Copies an Ogg Opus file with its OpusHead packet (the first page's) changed by `edit`. */
export async function editOpusHead(path: string, out: string, edit: (head: Buffer) => void): Promise<void> {
  const bytes = await readFile(path);
  const [first] = oggPages(bytes);
  edit(first!.subarray(27 + first![26]!));
  resealPage(first!);
  await writeFile(out, bytes);
}
