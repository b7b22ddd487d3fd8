/**
 * Compressed track sources: FLAC, MP3, Ogg Vorbis and Opus, decoded in the process by
 * WebAssembly builds of libFLAC, mpg123, libvorbis and libopus. Each decoder is imported on the
 * first file that needs it, so WAV-only runs never load one.
 */
import { createReadStream } from 'node:fs';
import { InputError } from '../errors.js';
import { isMpeg, type MpegCodec } from './mp3/frame-header.js';
import { scanMpeg, type MpegStream } from './mp3/mpeg-stream.js';
import { trackTime } from './track-time.js';
import { WAVE_FORMAT_IEEE_FLOAT, WAVE_FORMAT_PCM, type WavFormat } from './wav-format.js';

/** FLAC, the MPEG audio layers (MP3, and Layers I and II named as they are), Ogg Vorbis or Opus. */
export type Codec = 'FLAC' | MpegCodec | 'Ogg Vorbis' | 'Opus';

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
  bitDepth?: number;
  errors: { message: string; outputSamples: number }[];
}

interface Decoder {
  ready: Promise<void>;
  decode(data: Uint8Array): Decoded | Promise<Decoded>;
  flush?(): Promise<Decoded>;
  free(): void;
}

const READ_BYTES = 256 * 1024;

async function createDecoder(codec: Codec): Promise<Decoder> {
  if (isMpeg(codec)) return new (await import('mpg123-decoder')).MPEGDecoder();
  switch (codec) {
    case 'FLAC':
      return new (await import('@wasm-audio-decoders/flac')).FLACDecoder();
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

export { trackTime };

/** Audio a decoder gave, and the index of its first sample frame in the file. */
type Piece = Decoded & { first: number };

/**
 * Decodes a file, yielding each piece of audio it gives (channels of float samples). A frame the
 * decoder cannot read is an InputError naming the file and the time. For FLAC, whose frames
 * decode independently, frames that end before `from` are skipped undecoded, so the tracks of an
 * album rip do not each decode the album from its start.
 */
async function* decodePieces(path: string, codec: Codec, from = 0): AsyncGenerator<Piece> {
  const mpeg = isMpeg(codec) ? await scanMpeg(path) : undefined;
  const decoder = await createDecoder(codec);
  await decoder.ready;
  let frames = 0;
  const check = (piece: Decoded, first: number): Piece => {
    const error = piece.errors[0];
    if (error) {
      const rate = piece.sampleRate || 44_100;
      throw new InputError(path, `damaged ${codec}: the audio cannot be decoded at ${trackTime(first + error.outputSamples, rate)} (${error.message.replace(/\s+/g, ' ').trim()})`, 'EDECODE');
    }
    frames = first + piece.samplesDecoded;
    // mpg123 gives two channels whatever the frames hold: a mono stream keeps the first.
    return { ...piece, channelData: mpeg?.channels === 1 ? piece.channelData.slice(0, 1) : piece.channelData, first };
  };
  const decode = codec === 'FLAC' ? await flacFrames(decoder as FlacDecoder, from) : undefined;
  try {
    for await (const chunk of mpeg ? frameRuns(path, mpeg) : createReadStream(path, { highWaterMark: READ_BYTES })) {
      const { piece, first } = decode ? await quietly(() => decode.chunk(chunk as Buffer)) : { piece: await quietly(() => decoder.decode(chunk as Buffer)), first: frames };
      const checked = check(piece, first ?? frames);
      if (checked.samplesDecoded > 0) yield checked;
    }
    const flush = decode?.flush ?? (decoder.flush && (async () => ({ piece: await decoder.flush!(), first: frames })));
    if (flush) {
      const { piece, first } = await quietly(flush);
      const checked = check(piece, first ?? frames);
      if (checked.samplesDecoded > 0) yield checked;
    }
  } catch (error) {
    if (error instanceof FlacGap) throw new InputError(path, `damaged FLAC: ${error.message}`, 'EDECODE');
    throw error;
  } finally {
    decoder.free();
  }
}

/** The bytes of an MPEG stream's frames, its tags and junk left out: mpg123 is given whole frames only. */
async function* frameRuns(path: string, stream: MpegStream): AsyncGenerator<Buffer> {
  for (const { start, end } of stream.runs) yield* createReadStream(path, { start, end: end - 1, highWaterMark: READ_BYTES });
}

interface FlacFrame {
  data: Uint8Array;
  samples: number;
  /** Sample frames before this one. */
  totalSamples: number;
  header: { sampleRate: number; blockSize: number; frameNumber: number; blockingStrategy: string };
}

class FlacGap extends Error {}

interface FlacDecoder extends Decoder {
  decodeFrames(frames: Uint8Array[]): Promise<Decoded>;
  flush(): Promise<Decoded>;
}

/** Splits FLAC into frames (codec-parser) and decodes those that reach `from` or beyond. */
async function flacFrames(decoder: FlacDecoder, from: number) {
  const { default: CodecParser } = await import('codec-parser');
  const parser = new CodecParser('audio/flac', { enableFrameCRC32: false });
  let next = 0;
  let fixedBlock: number | undefined;
  const decode = async (found: Iterator<unknown>): Promise<{ piece: Decoded; first: number | undefined }> => {
    const frames = [...(found as unknown as Iterable<FlacFrame>)];
    for (const { header } of frames) {
      // Each frame header carries its position: a frame number (fixed block size) or a sample number.
      fixedBlock ??= header.blockSize;
      const start = header.blockingStrategy === 'Fixed' ? header.frameNumber * fixedBlock : header.frameNumber;
      if (start !== next) {
        throw new FlacGap(`the audio from ${trackTime(next, header.sampleRate)} to ${trackTime(start, header.sampleRate)} is missing or corrupted`);
      }
      next = start + header.blockSize;
    }
    const wanted = frames.filter((f) => f.totalSamples + f.samples > from);
    const piece = await decoder.decodeFrames(wanted.map((f) => f.data));
    const expected = wanted.reduce((sum, f) => sum + f.samples, 0);
    if (piece.samplesDecoded < expected && piece.errors.length === 0) {
      // libFLAC drops a frame whose CRC fails without an error: say where the audio went missing.
      const rate = wanted[0]!.header.sampleRate;
      piece.errors.push({ message: `${expected - piece.samplesDecoded} sample frames between ${trackTime(wanted[0]!.totalSamples, rate)} and ${trackTime(wanted[0]!.totalSamples + expected, rate)} are missing or fail their checksum`, outputSamples: 0 });
    }
    return { piece, first: wanted[0]?.totalSamples };
  };
  return { chunk: (bytes: Uint8Array) => decode(parser.parseChunk(bytes)), flush: () => decode(parser.flush()) };
}

/** The PCM format a codec's output is given in: FLAC as integers of its own width, the lossy ones as 32-bit float. */
function pcmFormat(codec: Codec, channels: number, sampleRate: number, bits?: number): WavFormat {
  if (codec === 'FLAC' && bits !== undefined && bits <= 24) {
    const container = Math.ceil(bits / 8) * 8;
    const blockAlign = channels * (container / 8);
    return { formatTag: WAVE_FORMAT_PCM, extensible: false, channels, sampleRate, bitsPerSample: container, validBitsPerSample: bits, blockAlign, byteRate: blockAlign * sampleRate, channelMask: 0 };
  }
  const blockAlign = channels * 4;
  return { formatTag: WAVE_FORMAT_IEEE_FLOAT, extensible: false, channels, sampleRate, bitsPerSample: 32, validBitsPerSample: 32, blockAlign, byteRate: blockAlign * sampleRate, channelMask: 0 };
}

/** Decodes the whole file once: its format and exact length, and proof that every frame decodes. */
export async function decodeFacts(path: string, codec: Codec): Promise<DecodedFacts> {
  let frames = 0;
  let first: Decoded | undefined;
  for await (const piece of decodePieces(path, codec)) {
    first ??= piece;
    if (piece.channelData.length !== first.channelData.length || piece.sampleRate !== first.sampleRate) {
      throw new InputError(path, `${codec} whose format changes mid-stream (at ${trackTime(frames, first.sampleRate)}) is not supported; convert it to FLAC first`, 'EUNSUPPORTED');
    }
    frames += piece.samplesDecoded;
  }
  if (!first) throw new InputError(path, `the ${codec} file holds no audio`, 'EEMPTY');
  const sourceBits = codec === 'FLAC' ? first.bitDepth : undefined;
  return { format: pcmFormat(codec, first.channelData.length, first.sampleRate, sourceBits), frames, sourceBits };
}

/**
 * Streams the decoded PCM of frames [from, to) as interleaved little-endian bytes in `format`.
 * Audio before `from` is skipped (FLAC) or decoded and dropped (the others).
 */
export async function* readDecoded(path: string, codec: Codec, format: WavFormat, from: number, to: number): AsyncGenerator<Buffer> {
  let position = 0;
  for await (const piece of decodePieces(path, codec, from)) {
    const start = Math.max(from - piece.first, 0);
    const end = Math.min(to - piece.first, piece.samplesDecoded);
    position = piece.first + piece.samplesDecoded;
    if (end > start) yield interleave(piece.channelData, start, end, format);
    if (position >= to) return;
  }
  if (position < to) throw new InputError(path, `the file changed while being read (${to - position} sample frames of audio missing)`, 'ETRUNCATED');
}

/** Frames [start, end) of planar float channels as interleaved bytes: integers back to their exact values, or float. */
function interleave(channels: Float32Array[], start: number, end: number, format: WavFormat): Buffer {
  const n = channels.length;
  const frames = end - start;
  const out = Buffer.alloc(frames * format.blockAlign);
  if (format.formatTag === WAVE_FORMAT_IEEE_FLOAT) {
    const y = new Float32Array(out.buffer, out.byteOffset, frames * n);
    for (let c = 0; c < n; c += 1) {
      const x = channels[c]!;
      for (let i = 0, o = c; i < frames; i += 1, o += n) y[o] = x[start + i]!;
    }
    return out;
  }
  // libFLAC's output is sample / (2^(bits-1) - 1) in float32, which every 24-bit value survives
  // exactly: multiplying back and rounding gives the very integer the file holds.
  const scale = 2 ** (format.validBitsPerSample - 1) - 1;
  const shift = 2 ** (format.bitsPerSample - format.validBitsPerSample);
  const width = format.blockAlign / n;
  if (width === 2) {
    const y = new Int16Array(out.buffer, out.byteOffset, frames * n);
    for (let c = 0; c < n; c += 1) {
      const x = channels[c]!;
      for (let i = 0, o = c; i < frames; i += 1, o += n) y[o] = Math.round(x[start + i]! * scale) * shift;
    }
    return out;
  }
  for (let c = 0; c < n; c += 1) {
    const x = channels[c]!;
    for (let i = 0, o = c * width; i < frames; i += 1, o += format.blockAlign) {
      const v = Math.round(x[start + i]! * scale) * shift;
      if (width === 1) out[o] = v + 128;
      else out.writeIntLE(v, o, width);
    }
  }
  return out;
}
