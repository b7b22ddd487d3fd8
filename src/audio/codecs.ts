/**
 * Compressed track sources: FLAC, decoded by burn-audio's own decoder (./flac/), and MP3, Ogg
 * Vorbis and Opus, decoded in the process by WebAssembly builds of mpg123, libvorbis and
 * libopus. Each decoder is imported on the first file that needs it, so WAV-only runs never
 * load one.
 */
import { createReadStream } from 'node:fs';
import { InputError } from '../errors.js';
import { declaredFrames, oggOutput, opusTagBytes, readHead, type Codec, type OggOutput } from './codec-headers.js';
import { isMpeg } from './mp3/frame-header.js';
import { scanMpeg, type MpegStream } from './mp3/mpeg-stream.js';
import { trackTime } from './track-time.js';
import { readWavData } from './wav-reader.js';
import { WAVE_FORMAT_IEEE_FLOAT, type WavFormat } from './wav-format.js';

export { trackTime };

type LossyCodec = Exclude<Codec, 'FLAC'>;

/** What decoding a whole file found: the PCM it gives, in the source's own format. */
export interface DecodedFacts {
  format: WavFormat;
  /** Sample frames the file decodes to, encoder delay and padding removed. */
  frames: number;
  /** Bits per sample the source carries (FLAC), undefined for lossy sources. */
  sourceBits?: number;
}

interface Decoded {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  errors: { message: string; outputSamples: number }[];
}

interface Decoder {
  ready: Promise<void>;
  decode(data: Uint8Array): Decoded | Promise<Decoded>;
  flush?(): Promise<Decoded>;
  free(): void;
}

/**
 * Bytes handed to a decoder at a time. Each call gives new arrays of float samples, ten times
 * the bytes or more, which only a collection frees: small calls keep that memory small.
 */
const READ_BYTES = 64 * 1024;

async function createDecoder(codec: LossyCodec): Promise<Decoder> {
  if (isMpeg(codec)) return new (await import('mpg123-decoder')).MPEGDecoder();
  switch (codec) {
    case 'Ogg Vorbis':
      return new (await import('@wasm-audio-decoders/ogg-vorbis')).OggVorbisDecoder();
    case 'Opus':
      return new (await import('ogg-opus-decoder')).OggOpusDecoder();
  }
}

/**
 * The decoders print their errors with console.error; they are reported here as InputErrors
 * instead, so the printing is held back while a piece decodes.
 */
async function quietly<T>(work: () => T | Promise<T>): Promise<T> {
  const { error, warn } = console;
  console.error = console.warn = () => {};
  try {
    return await work();
  } finally {
    console.error = error;
    console.warn = warn;
  }
}

/** Audio a decoder gave, and the index of its first sample frame in the file. */
type Piece = Decoded & { first: number };

/**
 * Decodes a file, yielding each piece of audio it gives (channels of float samples). A frame the
 * decoder cannot read is an InputError naming the file and the time.
 */
async function* decodePieces(path: string, codec: LossyCodec, checkFinite: boolean): AsyncGenerator<Piece> {
  const mpeg = isMpeg(codec) ? await scanMpeg(path) : undefined;
  const output = isMpeg(codec) ? undefined : oggOutput(path, await readHead(path), codec);
  // An Ogg stream ends where its last granule position says (RFC 7845 §4.4, Vorbis I §A.2),
  // whatever the decoder gives past it: ogg-opus-decoder leaves the pre-skip in when the first
  // audio page is also the last.
  const end = isMpeg(codec) ? undefined : (await declaredFrames(path, codec))?.frames;
  const decoder = await createDecoder(codec);
  await decoder.ready;
  let frames = 0;
  let rate = 44_100;
  const check = (piece: Decoded, first: number): Piece => {
    const error = piece.errors[0];
    rate = piece.sampleRate || rate;
    if (error) {
      throw new InputError(path, `damaged ${codec}: the audio cannot be decoded at ${trackTime(first + error.outputSamples, rate)} (${error.message.replace(/\s+/g, ' ').trim()})`, 'EDECODE');
    }
    const notFinite = checkFinite ? firstNotFinite(piece.channelData, piece.samplesDecoded) : -1;
    if (notFinite >= 0) {
      throw new InputError(path, `damaged ${codec}: the decoder gives samples that are not numbers (NaN or infinite) at ${trackTime(first + notFinite, rate)}; nothing is written from them`, 'EDECODE');
    }
    if (end !== undefined && first + piece.samplesDecoded > end) endAt(piece, Math.max(end - first, 0));
    frames = first + piece.samplesDecoded;
    if (output) applyOggOutput(piece, output);
    // mpg123 gives two channels whatever the frames hold: a mono stream keeps the first.
    return { ...piece, channelData: mpeg?.channels === 1 ? piece.channelData.slice(0, 1) : piece.channelData, first };
  };
  try {
    const bytes = mpeg ? frameRuns(path, mpeg) : codec === 'Opus' ? withoutRange(path, await opusTagBytes(path)) : createReadStream(path, { highWaterMark: READ_BYTES });
    // A decoder (or the Ogg parser inside it) that throws on what it is given was given damage.
    const decode = (work: () => Decoded | Promise<Decoded>): Promise<Decoded> =>
      quietly(work).catch((error: unknown) => {
        throw new InputError(path, `damaged ${codec}: the decoder cannot go on near ${trackTime(frames, rate)} (${error instanceof Error ? error.message : String(error)}); the file is corrupted`, 'EDECODE');
      });
    for await (const chunk of bytes) {
      const checked = check(await decode(() => decoder.decode(chunk as Buffer)), frames);
      if (checked.samplesDecoded > 0) yield checked;
    }
    if (decoder.flush) {
      const checked = check(await decode(() => decoder.flush!()), frames);
      if (checked.samplesDecoded > 0) yield checked;
    }
  } finally {
    decoder.free();
  }
}

/** Cuts a piece to its first `frames` sample frames. */
function endAt(piece: Decoded, frames: number): void {
  piece.channelData = piece.channelData.map((x) => x.subarray(0, frames));
  piece.samplesDecoded = frames;
}

/** The bytes of an MPEG stream's frames, its tags and junk left out: mpg123 is given whole frames only. */
async function* frameRuns(path: string, stream: MpegStream): AsyncGenerator<Buffer> {
  // mpg123 copies what it is given into its own memory: the reads use two buffers in turn.
  for (const { start, end } of stream.runs) yield* readWavData(path, { dataOffset: start, dataBytes: end - start }, READ_BYTES, true);
}

/** A file's bytes with the range [start, end) replaced, if one is given. */
async function* withoutRange(path: string, range: { start: number; end: number; replacement: Buffer } | undefined): AsyncGenerator<Buffer> {
  if (!range) {
    yield* createReadStream(path, { highWaterMark: READ_BYTES });
    return;
  }
  if (range.start > 0) yield* createReadStream(path, { start: 0, end: range.start - 1, highWaterMark: READ_BYTES });
  yield range.replacement;
  yield* createReadStream(path, { start: range.end, highWaterMark: READ_BYTES });
}

/** The first sample frame holding a NaN or an infinity, or -1. */
function firstNotFinite(channels: Float32Array[], frames: number): number {
  // x * 0 is NaN exactly when x is NaN or ±Infinity, and a NaN survives the sum: one pass finds
  // whether there is one; only then is it looked for.
  let sum = 0;
  for (const x of channels) for (let i = 0; i < frames; i += 1) sum += x[i]! * 0;
  if (sum === 0) return -1;
  let first = frames;
  for (const x of channels) {
    const at = x.subarray(0, first).findIndex((v) => v * 0 !== 0);
    if (at >= 0) first = at;
  }
  return first;
}

/** Puts an Ogg stream's channels in WAV order and applies Opus's output gain, in place. */
function applyOggOutput(piece: Decoded, { gain, order }: OggOutput): void {
  if (order.some((from, to) => from !== to)) piece.channelData = order.map((from) => piece.channelData[from]!);
  if (gain === 1) return;
  for (const x of piece.channelData) for (let i = 0; i < piece.samplesDecoded; i += 1) x[i]! *= gain;
}

/** The PCM format a lossy codec's output is given in: 32-bit float. */
function floatFormat(channels: number, sampleRate: number): WavFormat {
  const blockAlign = channels * 4;
  return { formatTag: WAVE_FORMAT_IEEE_FLOAT, extensible: false, channels, sampleRate, bitsPerSample: 32, validBitsPerSample: 32, blockAlign, byteRate: blockAlign * sampleRate, channelMask: 0 };
}

/** Takes the PCM a decode gives as it goes, in the format `read` streams it in; valid only during the call. */
export type PcmListener = (format: WavFormat, bytes: Buffer) => void;

/**
 * Decodes the whole file once: its format and exact length, and proof that every frame decodes.
 * `onPcm` is handed each piece of the decoded audio.
 */
export async function decodeFacts(path: string, codec: Codec, onPcm?: PcmListener): Promise<DecodedFacts> {
  if (codec === 'FLAC') return (await import('./flac/read.js')).flacFacts(path, onPcm);
  let frames = 0;
  let first: Decoded | undefined;
  // The listener has each piece only during its call: the pieces are laid out in one buffer, used again.
  let scratch: Buffer | undefined;
  // The probe's decode proves every sample a number; the same bytes decode the same when staged.
  for await (const piece of decodePieces(path, codec, true)) {
    first ??= piece;
    if (piece.channelData.length !== first.channelData.length || piece.sampleRate !== first.sampleRate) {
      throw new InputError(path, `${codec} whose format changes mid-stream (at ${trackTime(frames, first.sampleRate)}) is not supported; convert it to FLAC first`, 'EUNSUPPORTED');
    }
    if (onPcm) {
      const format = floatFormat(piece.channelData.length, piece.sampleRate);
      const bytes = piece.samplesDecoded * format.blockAlign;
      if (!scratch || scratch.length < bytes) scratch = Buffer.allocUnsafe(bytes);
      onPcm(format, interleave(piece.channelData, 0, piece.samplesDecoded, format, scratch));
    }
    frames += piece.samplesDecoded;
  }
  if (!first) throw new InputError(path, `the ${codec} file holds no audio`, 'EEMPTY');
  return { format: floatFormat(first.channelData.length, first.sampleRate), frames };
}

/**
 * Streams the decoded PCM of frames [from, to) as interleaved little-endian bytes in `format`.
 * Audio before `from` is skipped (FLAC) or decoded and dropped (the others).
 */
export async function* readDecoded(path: string, codec: Codec, format: WavFormat, from: number, to: number): AsyncGenerator<Buffer> {
  if (codec === 'FLAC') {
    yield* (await import('./flac/read.js')).readFlac(path, format, from, to);
    return;
  }
  let position = 0;
  for await (const piece of decodePieces(path, codec, false)) {
    const start = Math.max(from - piece.first, 0);
    const end = Math.min(to - piece.first, piece.samplesDecoded);
    position = piece.first + piece.samplesDecoded;
    if (end > start) yield interleave(piece.channelData, start, end, format);
    if (position >= to) return;
  }
  if (position < to) throw new InputError(path, `the file changed while being read (${to - position} sample frames of audio missing)`, 'ETRUNCATED');
}

/** Frames [start, end) of planar float channels as interleaved 32-bit float: in `into` when it is large enough (a view of it), else a new buffer. */
function interleave(channels: Float32Array[], start: number, end: number, format: WavFormat, into?: Buffer): Buffer {
  const n = channels.length;
  const frames = end - start;
  const bytes = frames * format.blockAlign;
  const out = into && into.length >= bytes ? into.subarray(0, bytes) : Buffer.alloc(bytes);
  const y = new Float32Array(out.buffer, out.byteOffset, frames * n);
  for (let c = 0; c < n; c += 1) {
    const x = channels[c]!;
    for (let i = 0, o = c; i < frames; i += 1, o += n) y[o] = x[start + i]!;
  }
  return out;
}
