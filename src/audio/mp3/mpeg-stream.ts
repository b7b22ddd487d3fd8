/**
 * The frames of an MPEG audio file (MP3, Layer I or II), found as libmpg123 finds them: ID3v2
 * tags skipped, up to 64 KiB of junk before the first frame searched through, the first frame
 * confirmed by a second header where its length says, tags at the end left out. The frames are
 * then walked one by one, so a change of sample rate or junk between frames is found with its time.
 *
 * Hand-written rather than codec-parser's MPEG parser: that one drops frames it cannot confirm,
 * searches junk without a bound, reads no free format and says nothing of where it resynced.
 */
import { open } from 'node:fs/promises';
import { memoByFile } from '../memo-by-file.js';
import { InputError } from '../../errors.js';
import { trackTime } from '../track-time.js';
import { HeaderReader } from '../wav-reader.js';
import { codecName, compatible, MAX_FRAME_BYTES, plausibleLength, oddEmphasis, readFrameHeader, sameEncoding, sameFreeFormat, sameStream, type FrameHeader, type MpegCodec } from './frame-header.js';
import { gaplessLength, gaplessSkip, readInfoFrame, type InfoFrame } from './info-frame.js';
import { sideInfoFault } from './side-info.js';

/** How far past its tags mpg123 looks for the first frame (skip_junk). */
const JUNK_LIMIT = 65_536;

/** A frame in the file: where it starts, its header, and its length (measured for free format). */
export interface Frame {
  at: number;
  header: FrameHeader;
  bytes: number;
}

/** What comes first in a file that may be MPEG audio. */
export interface MpegStart {
  /** The first frame, confirmed; undefined when there is none within the junk limit. */
  first?: Frame;
  /** The file begins with an ID3v2 tag. */
  tagged: boolean;
  /** The tags are followed by an ADTS header: AAC, whose sync word looks like MPEG audio's. */
  aac: boolean;
  /** A frame header right after the tags that no second frame confirms. */
  lone?: { at: number; header: FrameHeader };
}

export interface MpegStream {
  /** 1 when every frame is mono; a stream that mixes mono and stereo frames decodes to stereo. */
  channels: 1 | 2;
  /** The byte ranges [start, end) that hold frames, in order: what the decoder is given. */
  runs: Array<{ start: number; end: number }>;
  /** Sample frames mpg123 gives as the Xing/LAME header declares them; undefined when it does not say. */
  declared?: number;
}

/** Finds where the audio of a file would start: its ID3v2 tags skipped, the first frame searched for. */
export async function findMpegStart(path: string): Promise<MpegStart> {
  return withReader(path, async (reader, size) => {
    const end = await audioEnd(reader, size);
    const start = await skipId3v2(reader, 0, end);
    const head = await reader.read(start, 2);
    // ADTS: the 12-bit sync and layer 00, which no MPEG audio frame has.
    const aac = head[0] === 0xff && ((head[1] ?? 0) & 0xf6) === 0xf0;
    const first = aac ? undefined : await firstFrame(reader, start, end);
    const header = first || aac ? undefined : readFrameHeader(await reader.read(start, 4), 0);
    return { first, tagged: start > 0, aac, lone: header && { at: start, header } };
  });
}

/**
 * Walks every frame of an MPEG audio file. Throws an InputError for a free-format stream, and
 * one naming the time for a change of sample rate or layer and for frames its Xing or VBRI
 * header counts that are missing.
 */
export async function scanMpeg(path: string): Promise<MpegStream> {
  // The probe's sniff, its length check and each decode walk the same file: it is walked once
  // (again if it changes).
  return memoByFile(walks, path, '', () => walkFrames(path));
}

const walks = new Map<string, Promise<MpegStream>>();

function walkFrames(path: string): Promise<MpegStream> {
  return withReader(path, async (reader, size) => {
    const end = await audioEnd(reader, size);
    const first = await firstFrame(reader, await skipId3v2(reader, 0, end), end);
    if (!first) throw new InputError(path, 'holds no MPEG audio frame', 'EEMPTY');
    if (first.header.bytes === undefined) throw new InputError(path, `is ${freeFormatRefusal(codecName(first.header))}`, 'EUNSUPPORTED');
    return new FrameWalk(path, reader, first, end).run();
  });
}

async function withReader<T>(path: string, work: (reader: HeaderReader, size: number) => Promise<T>): Promise<T> {
  const file = await open(path, 'r');
  try {
    return await work(new HeaderReader(file), (await file.stat()).size);
  } finally {
    await file.close();
  }
}

class FrameWalk {
  private readonly runs: MpegStream['runs'] = [];
  /** Junk between frames, skipped: where it lies and when. */
  private readonly gaps: string[] = [];
  private info: InfoFrame | undefined;
  private samples = 0;
  private audioFrames = 0;
  private mono = true;
  private readonly codec: MpegCodec;

  constructor(
    private readonly path: string,
    private readonly reader: HeaderReader,
    private readonly first: Frame,
    /** Where the audio ends: the tags after it left out. */
    private readonly end: number,
  ) {
    this.codec = codecName(first.header);
  }

  async run(): Promise<MpegStream> {
    const { first, reader, end } = this;
    this.info = readInfoFrame(Buffer.from(await reader.read(first.at, first.bytes)), first.header);
    let at = first.at;
    let runStart = at;
    while (at + 4 <= end) {
      const frame = await frameAt(reader, at);
      if (frame && sameStream(first.header, frame.header)) {
        // A last frame cut short is left out, as mpg123 leaves it: the Xing/LAME length tells a cut file.
        if (at + frame.bytes > end) break;
        // mpg123 takes a Xing/Info frame for a tag: it decodes to nothing.
        if (at !== first.at || this.info?.kind !== 'Xing') {
          if (frame.header.layer === 3) await this.checkSideInfo(frame);
          this.count(frame.header);
        }
        at += frame.bytes;
        continue;
      }
      const skip = await this.skip(frame, at);
      if (skip === undefined) break;
      this.closeRun(runStart, at);
      at += skip;
      runStart = at;
    }
    this.closeRun(runStart, at);
    this.checkCount();
    return { channels: this.mono ? 1 : 2, runs: this.runs, declared: gaplessLength(this.info, first.header.samples) };
  }

  /**
   * How far past `at` the next frame is, after an ID3v2 tag or junk; undefined when none follows
   * (bytes after the last frame: left out, as mpg123 leaves them). Junk is skipped as mpg123
   * resyncs past it, but the frames either side are given to the decoder as one stream, so the
   * bit reservoir runs on: junk put between whole frames takes nothing from the audio.
   */
  private async skip(frame: Frame | undefined, at: number): Promise<number | undefined> {
    const tag = await id3v2Bytes(this.reader, at);
    if (tag > 0) return tag;
    if (frame && (await confirmed(this.reader, frame, this.end))) throw this.changed(frame.header);
    const next = await nextFrame(this.reader, at + 1, this.end);
    if (!next) return undefined;
    this.gaps.push(`the audio near ${this.time()} is missing or corrupted (bytes ${at} to ${next.at} are not MPEG audio frames)`);
    return next.at - at;
  }

  /** A frame mpg123 cannot decode (it reports the fault and conceals the frame) is damage. */
  private async checkSideInfo(frame: Frame): Promise<void> {
    const fault = sideInfoFault(await this.reader.read(frame.at, Math.min(frame.bytes, 4 + 2 + 32)), frame.header);
    if (fault) throw new InputError(this.path, `damaged MP3: the frame at byte ${frame.at} (near ${this.time()}) cannot be decoded (its side information is corrupted: ${fault})`, 'EDECODE');
  }

  /** The time the walk has reached, as mpg123 gives the audio (gapless). */
  private time(): string {
    return trackTime(Math.max(this.samples - gaplessSkip(this.info), 0), this.first.header.sampleRate);
  }

  private closeRun(start: number, end: number): void {
    if (end > start) this.runs.push({ start, end });
  }

  private count(header: FrameHeader): void {
    this.samples += header.samples;
    this.audioFrames += 1;
    this.mono &&= header.mono;
  }

  /**
   * Frames missing by the count of a Xing or VBRI header: junk skipped on the way is where they
   * went. A Xing count is otherwise left to the check of the decoded length against it.
   */
  private checkCount(): void {
    const { info } = this;
    if (!info?.frames) return;
    // VBRI counts the frames after it, or (some say) with it; mpg123 decodes it as a frame.
    const found = info.kind === 'VBRI' ? this.audioFrames - 1 : this.audioFrames;
    if (found === info.frames || (info.kind === 'VBRI' && found + 1 === info.frames)) return;
    const where = this.gaps[0] ?? (info.kind === 'VBRI' ? `its VBRI header says ${info.frames} frames but the file holds ${found} (${this.time()}); the file is cut short, corrupted or mislabelled` : undefined);
    if (where) throw new InputError(this.path, `damaged ${this.codec}: ${where}`, 'EDECODE');
  }

  private changed(to: FrameHeader): InputError {
    const from = this.first.header;
    const time = this.time();
    // A change of version always changes the rate: what is left is a change of layer.
    const change = from.sampleRate !== to.sampleRate ? `whose sample rate changes mid-stream (${from.sampleRate} Hz, then ${to.sampleRate} Hz from ${time})` : `that turns into ${codecName(to)} mid-stream (at ${time})`;
    return new InputError(this.path, `${this.codec} ${change} is not supported; ${convertHint(this.codec, 'ffmpeg')}`, 'EUNSUPPORTED');
  }
}

/**
 * Why a free-format stream is refused: libmpg123 measures free-format frames by reading ahead,
 * which mpg123-decoder's build forbids (MPG123_NO_READAHEAD), and it offers no way to set the size.
 */
export function freeFormatRefusal(codec: MpegCodec): string {
  return `a free-format ${codec} (its bitrate is outside the standard table), which burn-audio's decoder cannot read; ${convertHint(codec, 'mpg123')}`;
}

/** How to make a file burn-audio reads: a decoder that reads this one, writing FLAC or WAV. */
function convertHint(codec: MpegCodec, tool: 'ffmpeg' | 'mpg123'): string {
  const input = codec === 'MP3' ? 'in.mp3' : codec.endsWith('Layer II') ? 'in.mp2' : 'in.mp1';
  return tool === 'ffmpeg' ? `convert it first, e.g. ffmpeg -i ${input} out.flac` : `convert it first, e.g. mpg123 -w out.wav ${input}`;
}

/** The frame whose header is at `at`; a free-format one only where `free` allows, measured to the next header. */
async function frameAt(reader: HeaderReader, at: number, free = false): Promise<Frame | undefined> {
  const header = readFrameHeader(await reader.read(at, 4), 0);
  if (!header || (header.bytes === undefined && !free)) return undefined;
  const bytes = header.bytes ?? (await freeFormatBytes(reader, at, header));
  return bytes === undefined || !plausibleLength(header, bytes) ? undefined : { at, header, bytes };
}

/** A free-format frame ends where the next header with the same fixed bits starts (mpg123's guess_freeformat_framesize). */
async function freeFormatBytes(reader: HeaderReader, at: number, header: FrameHeader): Promise<number | undefined> {
  const window = await reader.read(at, MAX_FRAME_BYTES + 8);
  for (let next = 5; next + 4 <= window.length; next += 1) {
    const other = window[next] === 0xff ? readFrameHeader(window, next) : undefined;
    if (other && sameFreeFormat(header, other)) return next;
  }
  return undefined;
}

/**
 * A frame is taken for one when the `count` headers after it belong with it (`alike`), each
 * where the one before ends, or the chain ends the audio exactly.
 */
async function confirmed(reader: HeaderReader, frame: Frame, end: number, count = 1, alike = compatible): Promise<boolean> {
  let after = frame.at + frame.bytes;
  for (let left = count; left > 0; left -= 1) {
    if (after === end) return true;
    const next = readFrameHeader(await reader.read(after, 4), 0);
    if (!next || !alike(frame.header, next) || (left > 1 && next.bytes === undefined)) return false;
    after += next.bytes ?? 0;
  }
  return true;
}

/**
 * The first frame: at `start` when the header after it confirms it, as mpg123 confirms it (free
 * format included); else the first past junk, within mpg123's 64 KiB.
 */
async function firstFrame(reader: HeaderReader, start: number, end: number): Promise<Frame | undefined> {
  const atStart = await frameAt(reader, start, true);
  if (atStart && (await confirmed(reader, atStart, end))) return atStart;
  return nextFrame(reader, start + 1, Math.min(end, start + JUNK_LIMIT), end);
}

/**
 * The first frame whose header starts in [from, to) and two headers of the same encoding after
 * it confirm: junk holds headers, and now and then one that the next confirms (PCM near silence
 * is full of FF FF xx FF, a Layer I header). Free format, whose length is only the distance to a
 * like header, is not looked for in junk.
 */
async function nextFrame(reader: HeaderReader, from: number, to: number, end = to): Promise<Frame | undefined> {
  for (let at = from; at + 4 <= to; at += 1) {
    if ((await reader.read(at, 1))[0] !== 0xff) continue;
    const frame = await frameAt(reader, at);
    if (frame && !oddEmphasis(frame.header) && (await confirmed(reader, frame, end, 2, sameEncoding))) return frame;
  }
  return undefined;
}

/** Skips the ID3v2 tags at `at` (a tagger may write more than one). */
async function skipId3v2(reader: HeaderReader, at: number, end: number): Promise<number> {
  for (let bytes = await id3v2Bytes(reader, at); bytes > 0; bytes = await id3v2Bytes(reader, at)) {
    // A tag that says it runs past the audio leaves none after it: mpg123 skips it to the end too.
    if (at + bytes > end) return end;
    at += bytes;
  }
  return at;
}

/** The length of the ID3v2 tag at `at`: header, syncsafe size, and the footer when its flag says (ID3v2.4 3.1); 0 for none. */
async function id3v2Bytes(reader: HeaderReader, at: number): Promise<number> {
  const b = await reader.read(at, 10);
  if (b.length < 10 || b.toString('latin1', 0, 3) !== 'ID3' || b[3] === 0xff || b[4] === 0xff) return 0;
  if ((b[6]! | b[7]! | b[8]! | b[9]!) & 0x80) return 0;
  return 10 + syncsafe(b, 6) + (b[5]! & 0x10 ? 10 : 0);
}

function syncsafe(b: Buffer, at: number): number {
  return (b[at]! << 21) | (b[at + 1]! << 14) | (b[at + 2]! << 7) | b[at + 3]!;
}

/** Where the audio ends: before the ID3v1, APE, Lyrics3 and appended ID3v2 tags at the end of the file, in any order. */
async function audioEnd(reader: HeaderReader, size: number): Promise<number> {
  let end = size;
  for (let tag = await trailingTag(reader, end); tag > 0 && tag <= end; tag = await trailingTag(reader, end)) end -= tag;
  return end;
}

/** The length of the tag that ends at `end`, or 0. */
async function trailingTag(reader: HeaderReader, end: number): Promise<number> {
  const text = async (from: number, bytes: number): Promise<string> => (from < 0 ? '' : (await reader.read(from, bytes)).toString('latin1'));
  if ((await text(end - 128, 3)) === 'TAG') return 128; // ID3v1
  if ((await text(end - 227, 4)) === 'TAG+') return 227; // the extended ID3v1 block before it
  if ((await text(end - 32, 8)) === 'APETAGEX') {
    // APEv2 footer: the tag's size without its header, and a flag for the header.
    const footer = await reader.read(end - 32, 32);
    return footer.readUInt32LE(12) + (footer.readUInt32LE(20) & 0x80000000 ? 32 : 0);
  }
  const lyrics = await text(end - 9, 9);
  if (lyrics === 'LYRICS200') return Number.parseInt(await text(end - 15, 6), 10) + 15 || 0; // Lyrics3v2: size in six digits
  if (lyrics === 'LYRICSEND') {
    const from = Math.max(end - 5100 - 20, 0); // Lyrics3v1 holds at most 5100 bytes
    const begin = (await reader.read(from, end - from)).lastIndexOf('LYRICSBEGIN', undefined, 'latin1');
    return begin < 0 ? 0 : end - from - begin;
  }
  if ((await text(end - 10, 3)) === '3DI') return 20 + syncsafe(await reader.read(end - 4, 4), 0); // ID3v2 footer
  return 0;
}
