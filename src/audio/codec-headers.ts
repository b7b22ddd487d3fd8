/**
 * What a compressed file's headers say before any audio is decoded: which codec it is, the
 * formats burn-audio refuses, and the length the file declares (FLAC STREAMINFO, the Xing/LAME
 * header of an MP3, the last granule position of an Ogg stream).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { parseFrameHeader, parseStreamInfo, STREAMINFO_BYTES } from './flac/header.js';
import { codecName, isMpeg, type MpegCodec } from './mp3/frame-header.js';
import { findMpegStart, freeFormatRefusal, scanMpeg } from './mp3/mpeg-stream.js';

/** The compressed formats burn-audio decodes: FLAC, the MPEG audio layers (MP3, and Layers I and II named as they are), Ogg Vorbis or Opus. */
export type Codec = 'FLAC' | MpegCodec | 'Ogg Vorbis' | 'Opus';

/** A file burn-audio reads by decoding it, or one it refuses with a reason. */
export type Sniffed = { codec: Codec } | { refused: string } | undefined;

const CONVERT_HINT = 'convert it first, e.g. ffmpeg -i in.m4a out.flac';
const AAC: Sniffed = { refused: `an AAC file, which burn-audio does not read; ${CONVERT_HINT.replace('in.m4a', 'in.aac')}` };

/**
 * Tells a compressed file from its first bytes; undefined for anything else (WAV or not audio).
 * `afterTag` is the bytes after an ID3v2 tag the file starts with, if it does (see id3v2Bytes).
 */
export function sniffCodec(head: Buffer, afterTag?: Buffer): Sniffed {
  const text = (from: number, to: number): string => head.toString('latin1', from, to);
  if (isFlacStart(head) || (afterTag && isFlacStart(afterTag))) return { codec: 'FLAC' };
  if (text(0, 4) === 'OggS') return sniffOgg(head);
  if (text(4, 8) === 'ftyp') {
    const brand = text(8, 12).trim();
    return { refused: `an MP4/M4A file (brand '${brand}', AAC or ALAC audio), which burn-audio does not read; ${CONVERT_HINT}` };
  }
  if (text(0, 4) === 'ADIF' || (head[0] === 0xff && ((head[1] ?? 0) & 0xf6) === 0xf0)) return AAC;
  return undefined;
}

/**
 * The `fLaC` marker, or a FLAC frame header whose CRC-8 holds: libFLAC decodes a stream that
 * starts at a frame, and its sync code would otherwise pass for an AAC (ADTS) header.
 */
function isFlacStart(b: Buffer): boolean {
  return b.toString('latin1', 0, 4) === 'fLaC' || typeof parseFrameHeader(b, 0, b.length) === 'object';
}

/** Bytes of the ID3v2 tag at the start of `head` (header, body and footer), 0 when there is none. */
export function id3v2Bytes(head: Buffer): number {
  if (head.length < 10 || head.toString('latin1', 0, 3) !== 'ID3') return 0;
  // A syncsafe size after the 10-byte header, and 10 more bytes when a footer follows.
  return 10 + ((head[6]! << 21) | (head[7]! << 14) | (head[8]! << 7) | head[9]!) + (head[5]! & 0x10 ? 10 : 0);
}

/**
 * Tells MPEG audio (MP3, Layer I or II) where mpg123 finds it: after ID3v2 tags and up to 64 KiB
 * of junk, a frame confirmed by the next one. WAV and AIFF are left to the WAV reader, which
 * names them (MP3 in a WAV is a compressed WAV).
 */
export async function sniffMpeg(path: string, head: Buffer): Promise<Sniffed> {
  if (['RIFF', 'RF64', 'FORM'].includes(head.toString('latin1', 0, 4))) return undefined;
  const { first, tagged, aac, lone } = await findMpegStart(path);
  if (aac) return AAC;
  const header = first?.header ?? lone?.header;
  if (!header) return tagged ? { refused: 'an ID3v2 tag with no MPEG audio after it' } : undefined;
  const codec = codecName(header);
  // A free-format header at the start is refused as such, found with the next frame or not.
  if (header.bytes === undefined) return { refused: freeFormatRefusal(codec) };
  if (lone) return { refused: `a damaged ${codec} or not audio at all: the frame header at byte ${lone.at} is not followed by a second frame where its length says` };
  return { codec };
}

function sniffOgg(head: Buffer): Sniffed {
  const packet = firstPacket(head);
  const kind = packet.toString('latin1', 0, 8);
  if (kind.startsWith('\x01vorbis')) return { codec: 'Ogg Vorbis' };
  if (kind === 'OpusHead') return { codec: 'Opus' };
  if (kind.startsWith('\x80theora')) return { refused: 'an Ogg video: its first stream is Theora video, not audio; extract the audio first, e.g. ffmpeg -i in.ogv -vn out.flac' };
  if (kind.startsWith('\x7fFLAC')) return { refused: 'Ogg FLAC, which burn-audio does not read; convert it to plain FLAC first, e.g. flac -d in.oga -o out.wav' };
  if (kind.startsWith('Speex')) return { refused: 'Ogg Speex, which burn-audio does not read; convert it first, e.g. ffmpeg -i in.spx out.flac' };
  const remux = 'remux its audio first, e.g. ffmpeg -i in.ogg -map 0:a -c copy out.ogg';
  if (kind.startsWith('fishead')) return { refused: `an Ogg file that begins with an Ogg Skeleton index, not audio; burn-audio reads Ogg files whose first stream is Vorbis or Opus; ${remux}` };
  return { refused: `an Ogg file whose first stream is neither Vorbis nor Opus audio (it starts ${JSON.stringify(kind.replace(/[^\x20-\x7e]/g, '.'))}); ${remux}` };
}

/**
 * What decoding an Ogg stream must apply that the decoders leave out (RFC 7845 §5.1, Vorbis I
 * §4.3.9): Opus's output gain, and the channel order, given as the Ogg channel each WAV-order
 * channel comes from. Vorbis and Opus mapping family 1 order 5.1 as L C R Ls Rs LFE, WAV as
 * L R C LFE Ls Rs.
 */
export interface OggOutput {
  /** Linear gain (1 when the header sets none). */
  gain: number;
  /** `order[i]` is the Ogg channel that becomes channel i in WAV order. */
  order: number[];
}

/** Ogg (Vorbis) channel order to WAV order, for 1 to 8 channels. */
const WAV_ORDER_FROM_VORBIS: Record<number, number[]> = {
  3: [0, 2, 1],
  5: [0, 2, 1, 3, 4],
  6: [0, 2, 1, 5, 3, 4],
  7: [0, 2, 1, 6, 5, 3, 4],
  8: [0, 2, 1, 7, 5, 6, 3, 4],
};

/** Reads the output gain and channel order from an Ogg stream's identification header in `head`. */
export function oggOutput(path: string, head: Buffer, codec: Codec): OggOutput {
  const packet = firstPacket(head);
  const channels = codec === 'Opus' ? packet[9] ?? 0 : packet[11] ?? 0;
  const identity = Array.from({ length: channels }, (_, i) => i);
  if (codec !== 'Opus') return { gain: 1, order: WAV_ORDER_FROM_VORBIS[channels] ?? identity };
  // Q7.8 dB, applied by every conforming decoder (RFC 7845 §5.1: "Output Gain").
  const gain = packet.length >= 18 ? 10 ** (packet.readInt16LE(16) / 256 / 20) : 1;
  const family = packet[18] ?? 0;
  // More than 8 channels are refused later, for their number.
  if (channels > 2 && channels <= 8 && family !== 1) {
    throw new InputError(path, `is Opus with ${channels} channels in channel mapping family ${family}, whose speaker layout is not defined for a mix to stereo; convert it first, e.g. ffmpeg -i in.opus -ac 2 out.flac`, 'EUNSUPPORTED');
  }
  return { gain, order: WAV_ORDER_FROM_VORBIS[channels] ?? identity };
}

/**
 * The bytes of an Opus stream's comment header (OpusTags), from the end of its first page to the
 * end of the page where the header ends (RFC 7845 §3: audio starts on the next page), and an
 * empty comment header to put in their place. The Opus decoder needs none of the comments, and a
 * header spread over several pages (a large cover picture) is taken for audio by the Ogg parser
 * it uses.
 */
export async function opusTagBytes(path: string): Promise<{ start: number; end: number; replacement: Buffer } | undefined> {
  const file = await open(path, 'r');
  try {
    const first = await readAt(file, 0, OGG_HEADER_BYTES + 255);
    if (first.length < OGG_HEADER_BYTES) return undefined;
    const start = OGG_HEADER_BYTES + first[26]! + first.subarray(OGG_HEADER_BYTES, OGG_HEADER_BYTES + first[26]!).reduce((sum, n) => sum + n, 0);
    for (let at = start; ; ) {
      const header = await readAt(file, at, OGG_HEADER_BYTES + 255);
      if (header.length < OGG_HEADER_BYTES || header.toString('latin1', 0, 4) !== 'OggS') return undefined;
      const lacing = header.subarray(OGG_HEADER_BYTES, OGG_HEADER_BYTES + header[26]!);
      at += OGG_HEADER_BYTES + lacing.length + lacing.reduce((sum, n) => sum + n, 0);
      // A lacing value below 255 ends a packet: the comment header ends on this page.
      if (lacing.some((n) => n < 255)) return { start, end: at, replacement: emptyOpusTags(first.readUInt32LE(14)) };
    }
  } finally {
    await file.close();
  }
}

/** One Ogg page (page 1 of stream `serial`) holding an OpusTags packet with no vendor string and no comments. */
function emptyOpusTags(serial: number): Buffer {
  const packet = Buffer.alloc(16);
  packet.write('OpusTags', 0, 'latin1');
  const page = Buffer.alloc(OGG_HEADER_BYTES + 1 + packet.length);
  page.write('OggS', 0, 'latin1');
  page.writeUInt32LE(serial, 14);
  page.writeUInt32LE(1, 18);
  page[26] = 1;
  page[27] = packet.length;
  packet.copy(page, OGG_HEADER_BYTES + 1);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

/** The first packet of the first Ogg page in `head` (its first segment run). */
function firstPacket(head: Buffer): Buffer {
  const segments = head[26] ?? 0;
  let bytes = 0;
  for (let i = 0; i < segments; i += 1) {
    const lacing = head[27 + i] ?? 0;
    bytes += lacing;
    if (lacing < 255) break;
  }
  const start = 27 + segments;
  return head.subarray(start, start + bytes);
}

/**
 * What the headers declare, to check the decoded length against; undefined when they do not say.
 * `overrun`: how far the declared length may run past the audio. FFmpeg's Ogg muxer, remuxing
 * from WebM or Matroska, gives the last page the granule position of the last packet's end
 * before its trimming; opusdec, oggdec and ffmpeg play such files to the end of the audio.
 */
export interface DeclaredLength {
  frames: number;
  where: string;
  overrun?: number;
}

export async function declaredFrames(path: string, codec: Codec): Promise<DeclaredLength | undefined> {
  if (isMpeg(codec)) return xingLength(path);
  const file = await open(path, 'r');
  try {
    if (codec === 'FLAC') return await flacStreamInfo(file);
    return await oggLength(path, file, codec);
  } finally {
    await file.close();
  }
}

/** The first bytes of a file (from `position`): enough for every header sniffCodec and oggOutput read. */
export async function readHead(path: string, position = 0): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    return await readAt(file, position, 512);
  } finally {
    await file.close();
  }
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/**
 * STREAMINFO's total samples (0 means the encoder did not know them). The metadata blocks are
 * walked, as STREAMINFO need not come first, behind an ID3v2 tag if there is one.
 */
async function flacStreamInfo(file: FileHandle): Promise<DeclaredLength | undefined> {
  let at = id3v2Bytes(await readAt(file, 0, 10));
  if ((await readAt(file, at, 4)).toString('latin1') !== 'fLaC') return undefined;
  for (at += 4; ; ) {
    const block = await readAt(file, at, 4 + STREAMINFO_BYTES);
    if (block.length < 4) return undefined;
    const length = block.readUIntBE(1, 3);
    if ((block[0]! & 0x7f) === 0 && length === STREAMINFO_BYTES && block.length === 4 + length) {
      const total = parseStreamInfo(block.subarray(4)).totalSamples;
      return total === 0 ? undefined : { frames: total, where: 'its STREAMINFO header' };
    }
    if (block[0]! & 0x80) return undefined;
    at += 4 + length;
  }
}

/** What the Xing/LAME header says mpg123 gives. The walk through the frames finds a cut, damage or a change of rate first. */
async function xingLength(path: string): Promise<DeclaredLength | undefined> {
  const { declared } = await scanMpeg(path);
  return declared === undefined ? undefined : { frames: declared, where: 'its Xing/LAME header' };
}

const OGG_HEADER_BYTES = 27;
/** The longest Opus packet: 120 ms at 48 kHz (RFC 6716 §3.2.5). */
const OPUS_LONGEST_PACKET = 5760;

/** The Ogg page checksum: CRC-32, polynomial 0x04C11DB7, not reflected, initial value 0 (RFC 3533). */
const OGG_CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let r = n << 24;
  for (let i = 0; i < 8; i += 1) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
  return r >>> 0;
});

function oggCrc(page: Buffer): number {
  let crc = 0;
  for (let i = 0; i < page.length; i += 1) {
    const byte = i >= 22 && i < 26 ? 0 : page[i]!; // the checksum field counts as zeros
    crc = ((crc << 8) ^ OGG_CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  }
  return crc;
}

/**
 * Walks the Ogg pages of the first logical stream: a page whose checksum fails or that is
 * missing from the sequence is damage; the last granule position (less Opus's pre-skip) is the
 * stream's length.
 */
async function oggLength(path: string, file: FileHandle, codec: Codec): Promise<DeclaredLength | undefined> {
  const size = (await file.stat()).size;
  const rate = codec === 'Opus' ? 48_000 : undefined;
  let position = 0;
  let serial: number | undefined;
  let expected = 0;
  let granule = -1;
  let preSkip = 0;
  let sampleRate = rate ?? 44_100;
  let longestPacket = OPUS_LONGEST_PACKET;
  while (position + OGG_HEADER_BYTES <= size) {
    const header = await readAt(file, position, OGG_HEADER_BYTES + 255);
    const where = `the page at byte ${position}`;
    if (header.toString('latin1', 0, 4) !== 'OggS') {
      throw new InputError(path, `damaged Ogg: no page starts at byte ${position} (the file is cut or corrupted there)`, 'EDECODE');
    }
    const segments = header[26]!;
    const body = header.subarray(OGG_HEADER_BYTES, OGG_HEADER_BYTES + segments).reduce((sum, lacing) => sum + lacing, 0);
    const length = OGG_HEADER_BYTES + segments + body;
    if (position + length > size) throw new InputError(path, `truncated Ogg: ${where} runs past the end of the file`, 'ETRUNCATED');
    const page = await readAt(file, position, length);
    const time = granule < 0 ? '0:00' : `${Math.floor(granule / sampleRate / 60)}:${String(Math.floor((granule / sampleRate) % 60)).padStart(2, '0')}`;
    if (oggCrc(page) !== page.readUInt32LE(22)) {
      throw new InputError(path, `damaged Ogg: ${where} (near ${time}) fails its checksum; the file is corrupted`, 'EDECODE');
    }
    // RFC 3533 §6: the stream structure version is 0; libogg drops any other page, and the reference decoders with it.
    if (page[4] !== 0) throw new InputError(path, `damaged Ogg: ${where} (near ${time}) has stream structure version ${page[4]}, not 0; the file is corrupted`, 'EDECODE');
    if (serial === undefined) {
      serial = page.readUInt32LE(14);
      const packet = page.subarray(OGG_HEADER_BYTES + segments);
      if (codec === 'Opus') preSkip = packet.readUInt16LE(10);
      else {
        // Vorbis identification header: the rate, and the long block size (a packet adds at most half of it).
        sampleRate = packet.readUInt32LE(12) || sampleRate;
        longestPacket = (1 << ((packet[28] ?? 0) >> 4)) / 2;
      }
    }
    if (page.readUInt32LE(14) === serial) {
      const sequence = page.readUInt32LE(18);
      if (sequence !== expected) {
        throw new InputError(path, `damaged Ogg: page ${expected} of the audio stream is missing (${where}, near ${time}, is page ${sequence})`, 'EDECODE');
      }
      expected += 1;
      const value = page.readBigInt64LE(6);
      if (value >= 0n) granule = Number(value);
    }
    position += length;
  }
  if (granule < 0) return undefined;
  return { frames: granule - preSkip, where: 'its last Ogg granule position', overrun: longestPacket };
}
