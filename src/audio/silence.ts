import { SECTOR_BYTES } from '../disc/red-book.js';

/** The most sectors of silence handed out at once (what the session stages per call). */
export const SILENCE_SECTORS = 256;

/** Zeros that are never written: every piece of silence is a view of them. */
const ZEROS = Buffer.alloc(SILENCE_SECTORS * SECTOR_BYTES);

/** `sectors` of digital silence, in pieces of at most SILENCE_SECTORS sectors, allocating nothing. */
export function* silentPieces(sectors: number): Generator<Buffer> {
  for (let left = sectors; left > 0; left -= SILENCE_SECTORS) yield ZEROS.subarray(0, Math.min(SILENCE_SECTORS, left) * SECTOR_BYTES);
}
