import { open } from 'node:fs/promises';
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
  // A track cut from a longer file: the resampler reads the real audio around it, so that
  // gapless tracks join without a click.
  const contextBytes = converter.contextFrames * wav.format.blockAlign;
  const before = Math.min(wav.context?.before ?? 0, contextBytes);
  const after = Math.min(wav.context?.after ?? 0, contextBytes);
  async function* converted(): AsyncGenerator<Buffer> {
    converter.prime(await readAround(path, wav.dataOffset - before, before));
    for await (const piece of readWavData(path, wav, chunkBytes)) yield converter.push(piece);
    yield converter.end(await readAround(path, wav.dataOffset + wav.dataBytes, after));
    onDone?.({ clipped: converter.quantiser.clipped, peak: converter.quantiser.peak });
  }
  yield* inSectors(converted(), chunkBytes);
}

/** `length` bytes of the file from `position` (fewer at its end). */
async function readAround(path: string, position: number, length: number): Promise<Buffer> {
  if (length <= 0) return Buffer.alloc(0);
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
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
