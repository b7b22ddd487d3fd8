import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from '../errors.js';
import {
  WAVE_FORMAT_EXTENSIBLE,
  WAVE_FORMAT_IEEE_FLOAT,
  WAVE_FORMAT_PCM,
  isCompressed,
  type WavFormat,
} from './wav-format.js';

/** Where the audio of a WAV file lies and what it is; the samples themselves stay on disk. */
export interface WavInfo {
  format: WavFormat;
  /** Byte offset of the first sample. */
  dataOffset: number;
  /** Bytes of whole sample frames in the `data` chunk. */
  dataBytes: number;
  /** Bytes at the end of `data` that do not fill a frame (dropped). */
  partialFrameBytes: number;
  fileBytes: number;
  /** For a part of the data (a cue-sheet track): bytes of audio before and after it in the file. */
  context?: { before: number; after: number };
  /**
   * The text of the file's LIST/INFO chunks, read in the chunk walk, when those are all the tags
   * it holds; absent when it holds tags only a full tag reader reads (an id3 chunk, a CSET code
   * page, a bext chunk) or chunks a tag reader would read differently.
   */
  infoTags?: InfoTags;
}

/** Title, artist and album as LIST/INFO gives them (INAM or TITL, IART, IPRD or IRPD). */
export interface InfoTags {
  title?: string;
  artist?: string;
  album?: string;
}

const CHUNK_HEADER_BYTES = 8;
const RIFF_HEADER_BYTES = 12;
/** A `fmt ` chunk larger than this is not a WAVE format description (WAVEFORMATEXTENSIBLE is 40). */
const MAX_FMT_BYTES = 1024;
/** Real WAVs have a handful of chunks; a file with more is damaged or hostile. */
const MAX_CHUNKS = 10_000;
/** Headers are read through a window of this size, so a file of many small chunks reads fast. */
const WINDOW_BYTES = 64 * 1024;
/** A LIST/INFO chunk larger than this (cover art, say) is left to the tag reader. */
const MAX_INFO_BYTES = 64 * 1024;
/** Chunks whose tags only a full tag reader reads: ID3 frames, text in a declared code page, broadcast metadata. */
const OTHER_TAG_CHUNKS = new Set(['id3 ', 'ID3 ', 'CSET', 'bext']);

/** Signatures of files that are often renamed `.wav`, to say what a file really is. */
const SIGNATURES: ReadonlyArray<[string, (b: Buffer) => boolean]> = [
  ['a PNG image', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['a JPEG image', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['a FLAC file', (b) => b.toString('latin1', 0, 4) === 'fLaC'],
  ['an Ogg file', (b) => b.toString('latin1', 0, 4) === 'OggS'],
  ['an MP3 file', (b) => b.toString('latin1', 0, 3) === 'ID3' || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0)],
  ['an AIFF file', (b) => b.toString('latin1', 0, 4) === 'FORM'],
  ['an MP4/M4A file', (b) => b.toString('latin1', 4, 8) === 'ftyp'],
  ['a cue sheet or text file', (b) => /^[\x09\x0a\x0d\x20-\x7e]{12}$/.test(b.toString('latin1', 0, 12))],
];

/**
 * Reads the RIFF/WAVE structure of `path`: walks the chunks (odd sizes padded to even, unknown
 * chunks skipped), reads `fmt ` and locates `data`. Reads headers only, never the audio.
 * Throws InputError naming the file and what is wrong with it.
 */
export async function readWavInfo(path: string): Promise<WavInfo> {
  const file = await open(path, 'r');
  try {
    const fileBytes = (await file.stat()).size;
    return await walkChunks(new HeaderReader(file), fileBytes, (problem, code) => new InputError(path, problem, code));
  } finally {
    await file.close();
  }
}

type Fail = (problem: string, code?: string) => InputError;

/**
 * A data size written by a program streaming to a pipe, which cannot seek back to fix it: 0 or
 * 0xFFFFFFFF (ffmpeg and others), or the largest size that fits (sox writes 0x7FFFEFFC).
 */
function unknownSize(size: number): boolean {
  return size === 0 || size >= 0x7fff0000;
}

async function walkChunks(file: HeaderReader, fileBytes: number, fail: Fail): Promise<WavInfo> {
  const riff = await file.read(0, RIFF_HEADER_BYTES);
  const container = riff.toString('latin1', 0, 4);
  if (riff.length < RIFF_HEADER_BYTES || (container !== 'RIFF' && container !== 'RF64') || riff.toString('latin1', 8, 12) !== 'WAVE') {
    throw fail(notWaveProblem(riff), 'ENOTWAV');
  }
  let format: WavFormat | undefined;
  let data: { offset: number; bytes: number } | undefined;
  let ds64DataBytes: number | undefined;
  let tags: TagCollector | undefined = new TagCollector();
  // music-metadata reads only the chunks the RIFF header's size covers (counting no pad bytes),
  // and nothing of an RF64 file: tags it does not see are not tags here either.
  let tagReaderLeft = container === 'RIFF' ? riff.readUInt32LE(4) - 4 : 0;
  let pos = RIFF_HEADER_BYTES;
  for (let chunks = 0; pos + CHUNK_HEADER_BYTES <= fileBytes; chunks += 1) {
    if (chunks === MAX_CHUNKS) throw fail(`damaged WAV: more than ${MAX_CHUNKS} chunks`, 'EBADWAV');
    const header = await file.read(pos, CHUNK_HEADER_BYTES);
    const id = header.toString('latin1', 0, 4);
    let size = header.readUInt32LE(4);
    const body = pos + CHUNK_HEADER_BYTES;
    const tagged = tagReaderLeft >= CHUNK_HEADER_BYTES;
    tagReaderLeft -= CHUNK_HEADER_BYTES + size;
    if (!/^[\x20-\x7e]{4}$/.test(id)) {
      tags = undefined;
      if (data) break; // garbage after the audio: the audio itself is whole
      throw fail(`damaged WAV: unreadable chunk header at byte ${pos}`, 'EBADWAV');
    }
    if (id === 'ds64' && container === 'RF64') {
      // RF64 (EBU Tech 3306): 64-bit RIFF size, data size and sample count.
      if (size < 24 || body + 24 > fileBytes) throw fail('damaged RF64: the ds64 chunk is too short', 'EBADWAV');
      const ds64 = await file.read(body, 24);
      ds64DataBytes = Number(ds64.readBigUInt64LE(8));
    }
    if (id === 'data') {
      if (data) throw fail('damaged WAV: more than one data chunk', 'EBADWAV');
      if (container === 'RF64' && size === 0xffffffff) {
        if (ds64DataBytes === undefined) throw fail('damaged RF64: no ds64 chunk gives the data size', 'EBADWAV');
        size = ds64DataBytes;
      } else if (unknownSize(size) && (size === 0 ? body < fileBytes : body + size > fileBytes)) {
        size = fileBytes - body; // written to a pipe: the audio runs to the end of the file
        tags = undefined;
      }
    }
    if (body + size > fileBytes) {
      if (id === 'data') {
        throw fail(
          `truncated WAV: the data chunk declares ${size} bytes but only ${fileBytes - body} remain in the file`,
          'ETRUNCATED',
        );
      }
      tags = undefined;
      if (data) break; // a cut-off trailing chunk (LIST, id3) does not touch the audio
      throw fail(`truncated WAV: the '${id.trim()}' chunk at byte ${pos} runs past the end of the file`, 'ETRUNCATED');
    }
    if (id === 'fmt ') {
      if (format) throw fail('damaged WAV: more than one fmt chunk', 'EBADWAV');
      format = parseFmt(await file.read(body, Math.min(size, MAX_FMT_BYTES)), size, fail);
    } else if (id === 'data') {
      data = { offset: body, bytes: size };
    } else if (tags && tagged && id === 'LIST' && size >= 4) {
      if (size > MAX_INFO_BYTES) tags = undefined;
      else if (!tags.list(await file.read(body, size))) tags = undefined;
    } else if (tagged && (OTHER_TAG_CHUNKS.has(id) || (id === 'fact' && size < 4) || (id === 'LIST' && size < 4))) {
      tags = undefined;
    }
    pos = body + size + (size % 2);
  }
  if (!format) throw fail('damaged WAV: no fmt chunk describing the audio', 'EBADWAV');
  if (!data) throw fail('damaged WAV: no data chunk (no audio in the file)', 'EBADWAV');
  const partialFrameBytes = isCompressed(format) ? 0 : data.bytes % format.blockAlign;
  const info: WavInfo = { format, dataOffset: data.offset, dataBytes: data.bytes - partialFrameBytes, partialFrameBytes, fileBytes };
  if (tags) info.infoTags = tags.tags;
  return info;
}

/**
 * Collects LIST/INFO text as music-metadata reads it, so that the tags a user sees do not depend
 * on which of the two read them: each value is Latin-1 up to its first NUL; the last INAM/TITL
 * and IPRD/IRPD and the first IART count.
 */
class TagCollector {
  readonly tags: InfoTags = {};

  /** Reads one LIST chunk's body; false when it is not well formed (the tag reader then decides). */
  list(body: Buffer): boolean {
    if (body.toString('latin1', 0, 4) !== 'INFO') return true;
    let pos = 4;
    while (body.length - pos >= CHUNK_HEADER_BYTES) {
      const id = body.toString('latin1', pos, pos + 4);
      const size = body.readUInt32LE(pos + 4);
      const start = pos + CHUNK_HEADER_BYTES;
      pos = start + size + (size % 2);
      if (pos > body.length) return false;
      const value = body.toString('latin1', start, start + size).split('\0', 1)[0]!;
      if (id === 'INAM' || id === 'TITL') this.tags.title = value;
      else if (id === 'IPRD' || id === 'IRPD') this.tags.album = value;
      else if (id === 'IART') this.tags.artist ??= value;
    }
    return pos === body.length;
  }
}

function parseFmt(b: Buffer, declared: number, fail: Fail): WavFormat {
  if (declared < 16 || b.length < 16) throw fail(`damaged WAV: fmt chunk is ${declared} bytes, at least 16 are needed`, 'EBADWAV');
  const tag = b.readUInt16LE(0);
  const format: WavFormat = {
    formatTag: tag,
    extensible: false,
    channels: b.readUInt16LE(2),
    sampleRate: b.readUInt32LE(4),
    byteRate: b.readUInt32LE(8),
    blockAlign: b.readUInt16LE(12),
    bitsPerSample: b.readUInt16LE(14),
    validBitsPerSample: b.readUInt16LE(14),
    channelMask: 0,
  };
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    // WAVEFORMATEXTENSIBLE: cbSize 22, then valid bits, channel mask and a SubFormat GUID whose
    // first two bytes are the real format tag (mmreg.h, KSDATAFORMAT_SUBTYPE_*).
    if (b.length < 40) throw fail('damaged WAV: WAVE_FORMAT_EXTENSIBLE fmt chunk is shorter than 40 bytes', 'EBADWAV');
    format.extensible = true;
    format.validBitsPerSample = b.readUInt16LE(18) || format.bitsPerSample;
    format.channelMask = b.readUInt32LE(20);
    format.formatTag = b.readUInt16LE(24);
  }
  if (isCompressed(format)) return format;
  const bytesPerSample = Math.ceil(format.bitsPerSample / 8);
  const problems = [
    format.channels === 0 && 'it declares 0 channels',
    format.sampleRate === 0 && 'it declares a sample rate of 0 Hz',
    format.bitsPerSample === 0 && 'it declares 0 bits per sample',
    format.validBitsPerSample > format.bitsPerSample && `${format.validBitsPerSample} valid bits do not fit in ${format.bitsPerSample}-bit samples`,
    format.formatTag === WAVE_FORMAT_IEEE_FLOAT && format.bitsPerSample !== 32 && format.bitsPerSample !== 64 && `${format.bitsPerSample}-bit float samples do not exist`,
    format.formatTag === WAVE_FORMAT_PCM && format.bitsPerSample > 32 && `${format.bitsPerSample}-bit PCM is not a valid sample size`,
    format.channels > 0 && format.blockAlign !== format.channels * bytesPerSample &&
      `block align is ${format.blockAlign} bytes but ${format.channels} × ${bytesPerSample}-byte samples need ${format.channels * bytesPerSample}`,
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw fail(`damaged WAV: the fmt chunk is inconsistent (${problems.join('; ')})`, 'EBADWAV');
  return format;
}

function notWaveProblem(head: Buffer): string {
  if (head.length === 0) return 'empty file (0 bytes); expected a WAV file';
  if (head.toString('latin1', 0, 4) === 'RIFF') return `not a WAV file (a RIFF '${head.toString('latin1', 8, 12).trim()}' file)`;
  const kind = SIGNATURES.find(([, test]) => test(head))?.[0];
  return kind ? `not a WAV file (it looks like ${kind})` : 'not a WAV file (no RIFF/WAVE header)';
}

/** Reads small pieces of a file's headers through a cached window. */
export class HeaderReader {
  private window = Buffer.alloc(0);
  private windowStart = 0;

  constructor(private readonly file: FileHandle) {}

  async read(position: number, length: number): Promise<Buffer> {
    const offset = position - this.windowStart;
    if (offset < 0 || offset + length > this.window.length) {
      const buffer = Buffer.alloc(Math.max(length, WINDOW_BYTES));
      const { bytesRead } = await this.file.read(buffer, 0, buffer.length, position);
      this.window = buffer.subarray(0, bytesRead);
      this.windowStart = position;
      return this.window.subarray(0, length);
    }
    return this.window.subarray(offset, offset + length);
  }
}

/**
 * Streams the `data` chunk of a WAV file (or any range of a file's bytes) in pieces of at most
 * `chunkBytes`, never holding the whole file. The next piece is read while the caller works on the current one. Each yielded
 * Buffer is newly allocated, so callers may keep it; with `reuse`, two buffers take turns
 * instead, and a piece stays valid only until the caller asks for the next one.
 */
export async function* readWavData(path: string, info: Pick<WavInfo, 'dataOffset' | 'dataBytes'>, chunkBytes: number, reuse = false): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  const buffers = reuse ? takeBuffers(chunkBytes) : undefined;
  const readPiece = async (done: number, turn: number): Promise<Buffer> => {
    const want = Math.min(chunkBytes, info.dataBytes - done);
    const buffer = buffers ? buffers[turn]!.subarray(0, want) : Buffer.allocUnsafe(want);
    const { bytesRead } = await file.read(buffer, 0, want, info.dataOffset + done);
    if (bytesRead !== want) {
      throw new InputError(path, `the file shrank while being read (${info.dataBytes - done} bytes of audio missing)`, 'ETRUNCATED');
    }
    return buffer;
  };
  let next: Promise<Buffer> | undefined;
  const readAhead = (done: number, turn: number): void => {
    next = done < info.dataBytes ? readPiece(done, turn) : undefined;
    // Its failure is reported when the piece is asked for, not as an unhandled rejection before.
    next?.catch(() => undefined);
  };
  try {
    let done = 0;
    readAhead(0, 0);
    for (let turn = 1; next; turn ^= 1) {
      const piece = await next;
      done += piece.length;
      readAhead(done, turn);
      yield piece;
    }
  } finally {
    // The file is closed, and the buffers given back, only once no read is using them.
    await next?.catch(() => undefined);
    if (buffers) spareBuffers.push(buffers);
    await file.close();
  }
}

/**
 * Buffers of streams that ended, for the next: a track after another reads into the same
 * memory. Fresh buffers for each track would each be freed only at the next collection, and
 * glibc keeps such freed blocks, so the peak memory would grow with the number of tracks.
 */
const spareBuffers: Buffer[][] = [];

function takeBuffers(bytes: number): Buffer[] {
  const spare = spareBuffers.findIndex(([buffer]) => buffer!.length === bytes);
  return spare >= 0 ? spareBuffers.splice(spare, 1)[0]! : [Buffer.allocUnsafe(bytes), Buffer.allocUnsafe(bytes)];
}
