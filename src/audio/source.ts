/**
 * Track sources: a WAV, FLAC, MP3, Ogg Vorbis or Opus file behind one interface. Probing gives
 * the PCM a source yields (format, exact length) and reading streams it; nothing downstream asks
 * which codec a track came from.
 */
import { stat } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { declaredFrames, id3v2Bytes, readHead, sniffCodec, sniffMpeg, type Codec } from './codec-headers.js';
import { unconvertible, type ConversionReport } from './convert.js';
import type { TrackLevel } from './loudness/levels.js';
import type { Loudness } from './loudness/meter.js';
import { memoByFile } from './memo-by-file.js';
import type { PcmListener } from './codecs.js';
import { PcmMeter, TrackMeter } from './loudness/track-meter.js';
import { WAVE_FORMAT_IEEE_FLOAT, WAVE_FORMAT_PCM, isCompressed, type WavFormat } from './wav-format.js';
import { readWavData, readWavInfo, type WavInfo } from './wav-reader.js';

export interface TrackSource {
  /** 'WAV', 'FLAC', 'MP3', 'Ogg Vorbis' or 'Opus'. */
  kind: 'WAV' | 'raw CD audio' | Codec;
  /** MP3, Vorbis and Opus: the file holds an approximation of the audio, not its samples. */
  lossy: boolean;
  /** Bits per sample the file carries, for lossless compressed sources. */
  sourceBits?: number;
  /** The PCM the source yields: its format and where its samples lie (byte offsets into the PCM stream). */
  pcm: WavInfo;
  /**
   * Streams the PCM bytes [from, to) in pieces of at most `chunkBytes`. With `reuse` a source
   * may hand out the same memory again: a piece is valid until the next one is asked for.
   */
  read(from: number, to: number, chunkBytes: number, reuse?: boolean): AsyncGenerator<Buffer>;
  /** The loudness of the whole file, measured in the pass that opened it (see openSource). */
  loudness?: Loudness;
  /** The whole source made CD audio while it was probed, for a track whose level stays: staging copies it. */
  cd?: CdAudio;
}

/** CD audio made of a whole source, kept in a file: `bytes` of it, what converting did, and the level it was given. */
export interface CdAudio {
  read: TrackSource['read'];
  bytes: number;
  report: ConversionReport;
  level?: TrackLevel;
}

/**
 * Opens a track source. A compressed file is decoded to its end here, so its exact length is
 * known and every frame is proven readable before anything is written. With `measure`, the
 * file's loudness is measured in that same pass (a WAV's samples are read for it).
 */
export async function openSource(path: string, measure = false): Promise<TrackSource> {
  // A cue sheet's tracks share one file: it is opened (and a compressed one decoded) once.
  return memoByFile(opened, path, String(measure), () => openUncached(path, measure));
}

const opened = new Map<string, Promise<TrackSource>>();

async function openUncached(path: string, measure: boolean): Promise<TrackSource> {
  const codec = await sniffSource(path);
  return codec === undefined ? openWav(path, measure) : openCompressed(path, codec, measure);
}

/** The codec of a compressed file, or undefined for a WAV (or what can only be one); refuses what burn-audio does not read. */
export async function sniffSource(path: string): Promise<Codec | undefined> {
  const start = await readHead(path);
  const tag = id3v2Bytes(start);
  const sniffed = sniffCodec(start, tag > 0 ? await readHead(path, tag) : undefined) ?? (await sniffMpeg(path, start));
  if (sniffed === undefined) return undefined;
  if ('refused' in sniffed) throw new InputError(path, `is ${sniffed.refused}`, 'EUNSUPPORTED');
  return sniffed.codec;
}

/** A WAV, its samples read straight from its file; with `measure`, read once for its loudness. */
export async function openWav(path: string, measure: boolean): Promise<TrackSource> {
  const pcm = await readWavInfo(path);
  const read = readFileBytes(path, pcm);
  const { format, dataBytes } = pcm;
  // A WAV that cannot be converted is refused by the probe, unmeasured.
  const meter = measure && dataBytes > 0 && !isCompressed(format) && !unconvertible(format) ? new TrackMeter(format, Math.floor(dataBytes / format.blockAlign)) : undefined;
  if (meter || format.formatTag === WAVE_FORMAT_IEEE_FLOAT) await scanWav(path, pcm, read, meter);
  return { kind: 'WAV', lossy: false, pcm, read, loudness: meter?.end() };
}

/**
 * A compressed file, decoded to its end and checked against the length its headers declare.
 * `onPcm` is handed the decoded audio as it comes; `read` decodes the file again.
 */
export async function openCompressed(path: string, codec: Codec, measure: boolean, onPcm?: PcmListener): Promise<TrackSource> {
  const declared = await declaredFrames(path, codec);
  const { decodeFacts, readDecoded, trackTime } = await import('./codecs.js');
  const meter = measure ? new PcmMeter() : undefined;
  const listen: PcmListener | undefined =
    meter || onPcm
      ? (format, bytes) => {
          meter?.push(format, bytes);
          onPcm?.(format, bytes);
        }
      : undefined;
  const facts = await decodeFacts(path, codec, listen);
  const short = declared ? declared.frames - facts.frames : 0;
  if (declared && (short < 0 || short > (declared.overrun ?? 0))) {
    throw new InputError(
      path,
      `damaged ${codec}: ${declared.where} says ${declared.frames} sample frames but the audio decodes to ${facts.frames} (${trackTime(facts.frames, facts.format.sampleRate)}); the file is cut short, corrupted or mislabelled`,
      'EDECODE',
    );
  }
  const { format } = facts;
  const pcm: WavInfo = { format, dataOffset: 0, dataBytes: facts.frames * format.blockAlign, partialFrameBytes: 0, fileBytes: facts.frames * format.blockAlign };
  return {
    kind: codec,
    lossy: codec !== 'FLAC',
    sourceBits: facts.sourceBits,
    pcm,
    read: (from, to) => readDecoded(path, codec, format, from / format.blockAlign, to / format.blockAlign),
    loudness: meter?.end(),
  };
}

/**
 * One pass over a WAV's samples. A float WAV whose samples include NaN or an infinity would be
 * written as silence or noise: it is refused at the first such sample, before anything is
 * written (integer PCM cannot hold them). With `meter`, the samples are measured as they pass.
 */
async function scanWav(path: string, pcm: WavInfo, read: TrackSource['read'], meter?: TrackMeter): Promise<void> {
  const { blockAlign, bitsPerSample, sampleRate, formatTag } = pcm.format;
  let at = 0;
  for await (const chunk of read(pcm.dataOffset, pcm.dataOffset + pcm.dataBytes, 1 << 20, true)) {
    const bad = formatTag === WAVE_FORMAT_IEEE_FLOAT ? firstNotFinite(chunk, bitsPerSample / 8) : -1;
    if (bad >= 0) {
      const { trackTime } = await import('./codecs.js');
      throw new InputError(path, `damaged WAV: its float samples include NaN or infinity at ${trackTime(Math.floor((at + bad) / blockAlign), sampleRate)}; nothing is written from them`, 'EDECODE');
    }
    meter?.push(chunk);
    at += chunk.length;
  }
}

/** The byte offset of the first float sample (of `width` bytes) that is NaN or infinite, or -1. */
function firstNotFinite(chunk: Buffer, width: number): number {
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.length);
  for (let i = 0; i + width <= chunk.length; i += width) {
    const x = width === 4 ? view.getFloat32(i, true) : view.getFloat64(i, true);
    if (x - x !== 0) return i;
  }
  return -1;
}

/** CD audio of 44.1 kHz, 16-bit, stereo PCM: the format of a cue sheet's BINARY file. */
export const CD_FORMAT: WavFormat = { formatTag: WAVE_FORMAT_PCM, extensible: false, channels: 2, sampleRate: 44_100, bitsPerSample: 16, validBitsPerSample: 16, blockAlign: 4, byteRate: 176_400, channelMask: 0 };

/**
 * A file of raw CD audio (a cue sheet's BINARY FILE, or a MOTOROLA one: `bigEndian`); a partial
 * sample frame at its end is dropped.
 */
export async function rawSource(path: string, bigEndian = false): Promise<TrackSource> {
  const fileBytes = (await stat(path)).size;
  const pcm: WavInfo = { format: CD_FORMAT, dataOffset: 0, dataBytes: fileBytes - (fileBytes % CD_FORMAT.blockAlign), partialFrameBytes: 0, fileBytes };
  const read = readFileBytes(path, pcm);
  return { kind: 'raw CD audio', lossy: false, pcm, read: bigEndian ? swapped(read) : read };
}

/** Big-endian 16-bit samples to CD byte order; every piece read is whole samples, fresh from the file, so it is swapped in place. */
function swapped(read: TrackSource['read']): TrackSource['read'] {
  return async function* (from, to, chunkBytes, reuse) {
    for await (const piece of read(from, to, chunkBytes, reuse)) yield piece.swap16();
  };
}

/** Reading an uncompressed source (or decoded audio kept in a file): its PCM lies in the file as it is. */
export function readFileBytes(path: string, pcm: WavInfo): TrackSource['read'] {
  return (from, to, chunkBytes, reuse) => readWavData(path, { ...pcm, dataOffset: from, dataBytes: to - from }, chunkBytes, reuse);
}

/** A compressed source as the plan shows it, e.g. `FLAC 24-bit 96000 Hz` or `MP3 44100 Hz, mono`. */
export function describeSource(source: TrackSource, format: WavFormat): string {
  const bits = source.sourceBits === undefined ? '' : ` ${source.sourceBits}-bit`;
  const channels = format.channels === 2 ? '' : format.channels === 1 ? ', mono' : `, ${format.channels} channels`;
  return `${source.kind}${bits} ${format.sampleRate} Hz${channels}`;
}
