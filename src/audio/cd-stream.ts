import { SECTOR_BYTES } from '../disc/red-book.js';
import { CdConverter } from './convert.js';
import { isCdAudio } from './wav-format.js';
import { readWavData, type WavInfo } from './wav-reader.js';

/** What converting a track did to its level. */
export interface ConversionReport {
  /** Samples beyond full scale after resampling, clipped to it. */
  clipped: number;
  /** Largest magnitude before quantising (1 = full scale). */
  peak: number;
}

/**
 * Streams a track as CD audio in pieces of exactly `chunkBytes` (a multiple of 2352), the last
 * one zero-padded to whole sectors: the WAV's own samples when it is CD audio, converted ones
 * otherwise. `onDone` receives the conversion report once the track has been read to its end.
 */
export async function* readCdAudio(
  path: string,
  wav: WavInfo,
  chunkBytes: number,
  onDone?: (report: ConversionReport) => void,
): AsyncGenerator<Buffer> {
  if (isCdAudio(wav.format)) {
    yield* inSectors(readWavData(path, wav, chunkBytes), chunkBytes);
    return;
  }
  const converter = new CdConverter(wav.format, wav.dataBytes);
  async function* converted(): AsyncGenerator<Buffer> {
    for await (const piece of readWavData(path, wav, chunkBytes)) yield converter.push(piece);
    yield converter.end();
    onDone?.({ clipped: converter.quantiser.clipped, peak: converter.quantiser.peak });
  }
  yield* inSectors(converted(), chunkBytes);
}

/** Regroups a byte stream into pieces of `size` bytes; the last is padded to whole sectors. */
async function* inSectors(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const piece of source) {
    if (pendingBytes === 0 && piece.length === size) {
      yield piece;
      continue;
    }
    pending.push(piece);
    pendingBytes += piece.length;
    while (pendingBytes >= size) {
      const all = Buffer.concat(pending);
      yield all.subarray(0, size);
      pending = [all.subarray(size)];
      pendingBytes -= size;
    }
  }
  const rest = pendingBytes % SECTOR_BYTES;
  if (pendingBytes > 0) yield Buffer.concat([...pending, Buffer.alloc(rest === 0 ? 0 : SECTOR_BYTES - rest)]);
}
