import { SECTOR_BYTES } from '../disc/red-book.js';
import { CdConverter, type ConversionReport, type LevelChange } from './convert.js';
import type { TrackLevel } from './loudness/levels.js';
import type { Loudness } from './loudness/meter.js';
import { TrackMeter } from './loudness/track-meter.js';
import { isCdAudio } from './wav-format.js';
import type { TrackSource } from './source.js';
import type { WavInfo } from './wav-reader.js';

/**
 * Streams a track as CD audio in pieces of exactly `chunkBytes` (a multiple of 2352), the last
 * one zero-padded to whole sectors: the WAV's own samples when it is CD audio and keeps its
 * level, converted ones otherwise. `onDone` receives the conversion report once the track has
 * been read to its end. A piece is valid until the next one is asked for: CD audio is read into
 * buffers used again.
 */
export async function* readCdAudio(
  source: TrackSource,
  wav: WavInfo,
  chunkBytes: number,
  onDone?: (report: ConversionReport) => void,
  level?: TrackLevel,
): AsyncGenerator<Buffer> {
  const change = levelChange(level);
  const made = source.cd && wav === source.pcm && sameChange(levelChange(source.cd.level), change) ? source.cd : undefined;
  if (made) {
    // Made CD audio (at this level) by a decoding thread: its blocks are copied, and what converting did said.
    yield* inSectors(made.read(0, made.bytes, chunkBytes, true), chunkBytes);
    onDone?.(made.report);
    return;
  }
  if (isCdAudio(wav.format) && !change) {
    // The pieces go straight to the recorder, which is done with each before asking for the next.
    yield* inSectors(source.read(wav.dataOffset, wav.dataOffset + wav.dataBytes, chunkBytes, true), chunkBytes);
    return;
  }
  const converter = new CdConverter(wav.format, wav.dataBytes, change);
  async function* converted(): AsyncGenerator<Buffer> {
    const last = yield* feedTrack(source, wav, chunkBytes, converter);
    yield last;
    onDone?.({ clipped: converter.clipped, peak: converter.peak });
  }
  yield* inSectors(converted(), chunkBytes);
}

function sameChange(a: LevelChange | undefined, b: LevelChange | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.gain === b.gain && a.ceiling === b.ceiling);
}

/** What a track's level asks of the converter: nothing when it keeps its level. */
function levelChange(level: TrackLevel | undefined): LevelChange | undefined {
  if (!level || (level.gain === 0 && level.limit === undefined)) return undefined;
  return { gain: 10 ** (level.gain / 20), ceiling: level.limit === undefined ? undefined : 10 ** (level.limit / 20) };
}

/**
 * The loudness of a track as it will be burned, in one read of its audio (and of what the
 * resampler reads around it); with `level`, once its gain and the limiter have changed it.
 */
export async function measureTrack(source: TrackSource, wav: WavInfo, level?: TrackLevel): Promise<Loudness> {
  const change = levelChange(level);
  const limited = change?.ceiling === undefined ? undefined : { gain: change.gain, ceiling: change.ceiling };
  const run = feedTrack(source, wav, MEASURE_READ_BYTES, new TrackMeter(wav.format, wav.dataBytes / wav.format.blockAlign, limited));
  for (;;) {
    const step = await run.next();
    if (step.done) return step.value;
  }
}

const MEASURE_READ_BYTES = 1 << 20;

/** What feedTrack drives: a converter, whatever it makes of the audio. */
interface TrackConverter<Piece, End> {
  readonly contextFrames: number;
  prime(before: Buffer): void;
  push(bytes: Buffer): Piece;
  end(after: Buffer): End;
}

/**
 * Feeds a track's PCM to a converter, yielding what each chunk gives and returning what its end
 * gives. A track cut from a longer file: the resampler reads the real audio around it, so that
 * gapless tracks join without a click. One read covers the track and its context, so a
 * compressed source is decoded once; each piece is copied into the converter before the next
 * is read, so the reads use buffers again.
 */
async function* feedTrack<Piece, End>(source: TrackSource, wav: WavInfo, chunkBytes: number, converter: TrackConverter<Piece, End>): AsyncGenerator<Piece, End> {
  const from = wav.dataOffset;
  const to = wav.dataOffset + wav.dataBytes;
  const contextBytes = converter.contextFrames * wav.format.blockAlign;
  const before = Math.min(wav.context?.before ?? 0, contextBytes);
  const after = Math.min(wav.context?.after ?? 0, contextBytes);
  const pieces = byteRanges(source.read(from - before, to + after, chunkBytes, true), [before, wav.dataBytes]);
  converter.prime(await collect(pieces));
  for await (const piece of pieces.next()) yield converter.push(piece);
  return converter.end(await collect(pieces));
}

/** Splits one byte stream into consecutive ranges of the given lengths, then the rest. */
class ByteRanges {
  private carry: Buffer | undefined;
  private index = 0;

  constructor(private readonly stream: AsyncIterator<Buffer>, private readonly lengths: readonly number[]) {}

  /** The pieces of the next range. */
  async *next(): AsyncGenerator<Buffer> {
    let left = this.lengths[this.index++] ?? Infinity;
    while (left > 0) {
      const piece = this.carry ?? (await this.stream.next()).value;
      this.carry = undefined;
      if (!piece) return;
      if (piece.length > left) {
        this.carry = piece.subarray(left);
        yield piece.subarray(0, left);
        return;
      }
      left -= piece.length;
      yield piece;
    }
  }
}

function byteRanges(stream: AsyncIterable<Buffer>, lengths: readonly number[]): ByteRanges {
  return new ByteRanges(stream[Symbol.asyncIterator](), lengths);
}

async function collect(ranges: ByteRanges): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of ranges.next()) pieces.push(piece);
  return Buffer.concat(pieces);
}

/**
 * Regroups a byte stream into pieces of `size` bytes; the last is padded to whole sectors. A
 * piece that is not already `size` bytes is copied into one buffer that is used again: like
 * every piece, it is valid until the next one is asked for.
 */
async function* inSectors(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let held: Buffer | undefined;
  let heldBytes = 0;
  for await (const piece of source) {
    if (heldBytes === 0 && piece.length === size) {
      yield piece;
      continue;
    }
    held ??= Buffer.allocUnsafe(size);
    for (let at = 0; at < piece.length; ) {
      const copied = piece.copy(held, heldBytes, at, Math.min(piece.length, at + size - heldBytes));
      heldBytes += copied;
      at += copied;
      if (heldBytes === size) {
        yield held;
        heldBytes = 0;
      }
    }
  }
  if (heldBytes === 0) return;
  const padded = Math.ceil(heldBytes / SECTOR_BYTES) * SECTOR_BYTES;
  held!.fill(0, heldBytes, padded);
  yield held!.subarray(0, padded);
}
