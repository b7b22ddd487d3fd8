/**
 * A streaming FLAC decoder (RFC 9639): bytes go in as they are read, blocks of exact integer
 * samples come out, and only the frame being decoded is held, whatever the stream's length.
 * Like libFLAC it reads a stream behind an ID3v2 tag, and one that starts at a frame header
 * (no `fLaC` marker, no metadata: the format comes from the frame headers).
 *
 * Frame headers carry their position, so a frame that is missing, damaged or out of order is
 * found; every frame's CRC-16 is checked. Any damage ends decoding with a FlacError naming the
 * time, after searching the following bytes for the next good frame to say where it ends.
 */
import { trackTime } from '../track-time.js';
import { crc16, Crc16Scan } from './crc.js';
import { FrameDecoder } from './frame.js';
import { isSync, parseFrameHeader, parseStreamInfo, STREAMINFO_BYTES, type FlacFormat, type FrameHeader, type StreamInfo } from './header.js';

export type { FlacFormat, StreamInfo } from './header.js';

/** A decoded block of sample frames. */
export interface FlacBlock {
  /** Its first sample frame, counted from the stream's first. */
  first: number;
  length: number;
  /** One array per channel whose first `length` values are the block's; valid until the next block. */
  channels: readonly Int32Array[];
}

/** `damaged`: the stream is corrupt or cut; `format`: its format changes mid-stream. */
export class FlacError extends Error {
  constructor(readonly kind: 'damaged' | 'format', message: string) {
    super(message);
  }
}

export interface FlacDecoderOptions {
  /** Frames that end at or before this sample frame are skipped undecoded. */
  skipTo?: number;
}

const enum State {
  Start,
  Metadata,
  Frames,
  /** After damage: looking for the next good frame, to say where the damage ends. */
  Lost,
  Done,
}

const ID3_HEADER_BYTES = 10;
const ID3V1_BYTES = 128;
const SEEKPOINT_BYTES = 18;
/** libFLAC's limit on a VORBIS_COMMENT block's comments, past which it refuses the stream. */
const MAX_COMMENTS = 100_000;
/** Bytes held before a frame is decoded, so that few frames are tried before all of them is here. */
const MIN_WANT = 64 * 1024;

/**
 * The working memory of decoders done with, for the next: a file after another decodes into the
 * same memory. A fresh megabyte or two for each file would be freed only by a full collection,
 * which the small heap of a decode rarely needs, so the peak memory would grow with every file.
 */
const spareMemory: Array<{ buffer: Uint8Array; frames: FrameDecoder }> = [];

export class FlacDecoder {
  /** The STREAMINFO block, once read (undefined for a stream that starts at a frame). */
  info?: StreamInfo;
  /** The stream's format: STREAMINFO's, or the first frame's. */
  format?: FlacFormat;
  /** Sample frames decoded (or skipped) so far. */
  samples = 0;

  private buffer: Uint8Array;
  private start = 0;
  private limit = 0;
  /** Bytes still to drop from the input (metadata blocks, an ID3v2 tag). */
  private skipBytes = 0;
  private state = State.Start;
  /** The sample number the next frame must start at; undefined until the first frame sets it. */
  private expected?: number;
  private origin = 0;
  /** The block size of a fixed-blocksize stream (its first frame's), to turn frame numbers into sample numbers. */
  private fixedBlock = 0;
  private want = MIN_WANT;
  private lostFrom = 0;
  /** Where the bytes that are not frames start (a file offset), when the loss began with such bytes. */
  private junkFrom?: number;
  /** The file offset of buffer[0]. */
  private base = 0;
  private seekTables = 0;
  private readonly frames: FrameDecoder;
  private readonly skipTo: number;

  constructor(options: FlacDecoderOptions = {}) {
    this.skipTo = options.skipTo ?? 0;
    const memory = spareMemory.pop();
    this.buffer = memory?.buffer ?? new Uint8Array(1 << 20);
    this.frames = memory?.frames ?? new FrameDecoder();
  }

  /** Done with: its working memory goes to the next decoder. */
  dispose(): void {
    spareMemory.push({ buffer: this.buffer, frames: this.frames });
  }

  /** Decodes what `chunk` completes, handing each block to `onBlock`. */
  push(chunk: Uint8Array, onBlock: (block: FlacBlock) => void): void {
    const skipped = Math.min(this.skipBytes, chunk.length);
    this.skipBytes -= skipped;
    this.base += skipped;
    if (this.state !== State.Done) this.append(chunk.subarray(skipped));
    this.run(false, onBlock);
  }

  /** After the last chunk: decodes the rest; throws if the stream ends inside a frame or its metadata. */
  end(onBlock: (block: FlacBlock) => void): void {
    this.run(true, onBlock);
  }

  private append(data: Uint8Array): void {
    if (this.limit + data.length > this.buffer.length) {
      const held = this.limit - this.start;
      const buffer = held + data.length > this.buffer.length ? new Uint8Array(Math.max(this.buffer.length * 2, held + data.length)) : this.buffer;
      buffer.set(this.buffer.subarray(this.start, this.limit));
      this.base += this.start;
      this.buffer = buffer;
      this.limit = held;
      this.start = 0;
    }
    this.buffer.set(data, this.limit);
    this.limit += data.length;
  }

  /** Drops `n` bytes from the front, those not yet here too. */
  private consume(n: number): void {
    const held = Math.min(n, this.limit - this.start);
    this.start += held;
    this.skipBytes += n - held;
  }

  private run(eof: boolean, onBlock: (block: FlacBlock) => void): void {
    for (;;) {
      if (this.skipBytes > 0) {
        if (eof) throw this.damaged('the file is cut short inside its metadata');
        return;
      }
      const progressed =
        this.state === State.Start ? this.begin(eof)
        : this.state === State.Metadata ? this.metadataBlock(eof)
        : this.state === State.Frames ? this.frame(eof, onBlock)
        : this.state === State.Lost ? this.resync(eof)
        : false;
      if (!progressed) return;
    }
  }

  /** The stream's first bytes: an ID3v2 tag, the `fLaC` marker, or a frame. */
  private begin(eof: boolean): boolean {
    const b = this.buffer;
    const at = this.start;
    if (this.limit - at < ID3_HEADER_BYTES && !eof) return false;
    if (b[at] === 0x49 && b[at + 1] === 0x44 && b[at + 2] === 0x33) {
      // ID3v2: a syncsafe size after the 10-byte header, and 10 more bytes when a footer follows.
      const size = ((b[at + 6]! & 0x7f) << 21) | ((b[at + 7]! & 0x7f) << 14) | ((b[at + 8]! & 0x7f) << 7) | (b[at + 9]! & 0x7f);
      this.consume(ID3_HEADER_BYTES + size + (b[at + 5]! & 0x10 ? 10 : 0));
      return true;
    }
    if (b[at] === 0x66 && b[at + 1] === 0x4c && b[at + 2] === 0x61 && b[at + 3] === 0x43) {
      this.consume(4);
      this.state = State.Metadata;
      return true;
    }
    if (!isSync(b, at)) throw this.damaged('it holds neither a FLAC stream marker nor a FLAC frame where the stream should begin');
    this.state = State.Frames;
    return true;
  }

  /**
   * One metadata block (RFC 9639 §8.1): STREAMINFO is read, the others are skipped, and a block
   * that libFLAC refuses is refused (flac -d stops there).
   */
  private metadataBlock(eof: boolean): boolean {
    const b = this.buffer;
    const at = this.start;
    const held = this.limit - at;
    if (held < 4) {
      if (eof) throw this.damaged('the file is cut short inside its metadata');
      return false;
    }
    const type = b[at]! & 0x7f;
    const length = (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
    const where = `at byte ${this.base + at}`;
    if (isSync(b, at)) throw this.damaged(`its last metadata block is not marked as the last: its metadata runs into an audio frame ${where}`);
    if (type === 127) throw this.damaged(`its metadata is corrupted (a metadata block of the invalid type 127 ${where})`);
    if (type === 0 || type === 4) {
      if (held < 4 + length) {
        if (eof) throw this.damaged('the file is cut short inside its metadata');
        return false;
      }
      if (type === 0) this.streamInfo(b.subarray(at + 4, at + 4 + length), where);
      else checkVorbisComment(b.subarray(at + 4, at + 4 + length), where);
    }
    if (type === 2 && length < 4) throw this.damaged(`its APPLICATION block ${where} is ${length} bytes long, too short for its 4-byte ID`);
    // libFLAC fails on a second SEEKTABLE that holds no seek point (RFC 9639 §8.5 allows one SEEKTABLE).
    if (type === 3 && this.seekTables++ > 0 && length < SEEKPOINT_BYTES) throw this.damaged(`its metadata holds a second SEEKTABLE block ${where}, with no seek point`);
    if (b[at]! & 0x80) this.state = State.Frames;
    this.consume(4 + length);
    return true;
  }

  private streamInfo(block: Uint8Array, where: string): void {
    if (this.info) throw this.damaged(`its metadata holds a second STREAMINFO block ${where}`);
    if (block.length !== STREAMINFO_BYTES) throw this.damaged(`its STREAMINFO block is ${block.length} bytes long instead of ${STREAMINFO_BYTES}`);
    this.info = parseStreamInfo(block);
    const { sampleRate, channels, bits } = this.info;
    this.format = { sampleRate, channels, bits };
    this.expected = 0;
    if (sampleRate === 0 || bits < 4) throw this.damaged(`its STREAMINFO block is invalid (${sampleRate} Hz, ${bits}-bit)`);
  }

  /** Decodes (or skips) the frame at the front; false when it needs more bytes or the stream is over. */
  private frame(eof: boolean, onBlock: (block: FlacBlock) => void): boolean {
    const b = this.buffer;
    const at = this.start;
    const held = this.limit - at;
    if (held === 0 && eof) return this.finish();
    if (held < this.want && !eof) return false;
    if (this.atId3v1(eof)) return this.finish();
    if (!isSync(b, at)) return this.junk();
    const h = parseFrameHeader(b, at, this.limit, this.info);
    if (h === 'short') {
      if (eof) throw this.damaged(`the file is cut short at ${this.time(this.expected ?? 0)} (it ends inside a frame header)`);
      this.want = held * 2;
      return false;
    }
    if (h === undefined) return this.lose(this.expected ?? 0);
    const first = this.position(h);
    this.checkFormat(h, first);
    if (this.expected === undefined) {
      // A stream without STREAMINFO may start anywhere: its first frame is its start.
      this.expected = first;
      this.origin = first;
    }
    if (first !== this.expected) {
      const expected = this.expected;
      if (first > expected) throw this.damaged(`the audio from ${this.time(expected)} to ${this.time(first)} is missing or corrupted`);
      throw this.damaged(`the audio at ${this.time(expected)} is followed by a frame from ${this.time(first)}, earlier in the stream (the file is corrupted)`);
    }
    const frameEnd = first - this.origin + h.blockSize <= this.skipTo ? this.skipFrame(h, first, eof) : this.decodeFrame(h, at, eof);
    if (frameEnd === 'short') {
      if (eof) throw this.damaged(`the file is cut short at ${this.time(first)} (it ends inside a frame)`);
      this.want = held * 2;
      return false;
    }
    if (frameEnd === 'bad') return this.lose(first);
    if (frameEnd !== 'skipped') {
      onBlock({ first: first - this.origin, length: h.blockSize, channels: this.frames.channels.slice(0, h.channels) });
      this.start = frameEnd;
    }
    // Enough bytes for twice the last frame are held before the next is tried.
    this.want = Math.max(MIN_WANT, 2 * (this.start - at));
    this.expected = first + h.blockSize;
    this.samples += h.blockSize;
    if (this.fixedBlock === 0) this.fixedBlock = h.blockSize;
    return true;
  }

  /**
   * An ID3v1 tag (128 bytes, `TAG`) after the last frame ends the stream. libFLAC calls it lost
   * sync, but taggers write it, and it is not audio.
   */
  private atId3v1(eof: boolean): boolean {
    const b = this.buffer;
    const at = this.start;
    return eof && this.limit - at === ID3V1_BYTES && b[at] === 0x54 && b[at + 1] === 0x41 && b[at + 2] === 0x47;
  }

  /** Bytes where a frame should start that do not start one: libFLAC stops there (lost sync). */
  private junk(): true {
    this.junkFrom = this.base + this.start;
    return this.lose(this.expected ?? 0);
  }

  private finish(): false {
    this.state = State.Done;
    this.start = this.limit = 0;
    return false;
  }

  /**
   * The first sample number of a frame: its coded sample number, or its frame number × the fixed
   * block size. `expected` is where the frame should start.
   */
  private position(h: FrameHeader, expected = this.expected): number {
    if (h.variable) return h.number;
    // Flake 0.11 wrote sample numbers without the variable-blocksize bit, as FLAC before 1.2 did
    // for streams whose STREAMINFO block sizes differ: the number that fits is the right one.
    const byFrame = h.number * (this.fixedBlock || h.blockSize);
    const info = this.info;
    if (byFrame !== expected && info && info.minBlockSize !== info.maxBlockSize && h.number === expected) return h.number;
    return byFrame;
  }

  private checkFormat(h: FrameHeader, first: number): void {
    const format = this.format;
    if (!format) {
      this.format = { sampleRate: h.sampleRate, channels: h.channels, bits: h.bits };
      return;
    }
    const changed = [describeRate, describeChannels, describeBits].map((describe) => [describe(format), describe(h)]).filter(([was, is]) => was !== is);
    if (changed.length === 0) return;
    const what = changed.map(([was, is]) => `${was} to ${is}`).join(', ');
    if (this.samples === 0) throw this.damaged(`its STREAMINFO block says ${changed.map(([was]) => was).join(', ')} but its frames are ${changed.map(([, is]) => is).join(', ')}`);
    throw new FlacError('format', `at ${this.time(first)}, from ${what}`);
  }

  /** Decodes the frame at `at`; returns the byte after it, 'bad' for a frame that does not decode or fails its CRC-16. */
  private decodeFrame(h: FrameHeader, at: number, eof: boolean): number | 'bad' | 'short' {
    const r = this.frames.reader;
    r.reset(this.buffer, at + h.bytes, this.limit);
    const ok = this.frames.decode(h);
    const frameEnd = r.bytePosition + 2;
    if (r.overrun || frameEnd > this.limit) {
      // A damaged frame can seem to run on; past any frame's possible size it is damage.
      return frameEnd - at > maxFrameBytes(h) || (eof && !ok) ? 'bad' : 'short';
    }
    return ok && crc16(this.buffer, at, frameEnd) === 0 && this.frames.fits(h) ? frameEnd : 'bad';
  }

  /**
   * Skips a frame undecoded: its end is where the CRC-16 of the bytes so far is 0 (the frame's
   * checksum closes it) and the next frame's header starts, at the position this one ends.
   */
  private skipFrame(h: FrameHeader, first: number, eof: boolean): 'skipped' | 'short' | 'bad' {
    const b = this.buffer;
    const next = first + h.blockSize;
    const scan = new Crc16Scan(b, this.start);
    for (let p = scan.next(this.limit); p >= 0; p = scan.next(this.limit)) {
      if (!isSync(b, p)) continue;
      const following = parseFrameHeader(b, p, this.limit, this.info);
      if (following === 'short') break;
      if (following && this.position(following, next) === next) {
        this.start = p;
        return 'skipped';
      }
    }
    if (eof && scan.crc === 0) {
      this.start = this.limit;
      return 'skipped';
    }
    if (eof) throw this.damaged(`the file is cut short at ${this.time(first)} (it ends inside a frame)`);
    return this.limit - this.start > maxFrameBytes(h) ? 'bad' : 'short';
  }

  /** Damage at sample `from`: the next good frame will say where it ends. */
  private lose(from: number): true {
    this.state = State.Lost;
    this.lostFrom = from;
    this.start += 1;
    return true;
  }

  /** Looks for the next frame that decodes, to name the damaged stretch from `lostFrom` to it. */
  private resync(eof: boolean): boolean {
    const b = this.buffer;
    for (let p = this.start; p < this.limit; p += 1) {
      if (!isSync(b, p)) continue;
      const h = parseFrameHeader(b, p, this.limit, this.info);
      if (h === 'short' && !eof) return this.keepFrom(p);
      if (typeof h !== 'object' || !this.sameFormat(h)) continue;
      const first = this.position(h);
      // After bytes that are not frames, the frame that should follow is where the junk ends.
      const resumes = this.junkFrom !== undefined && first === this.lostFrom;
      if (first <= this.lostFrom && !resumes) continue;
      const frameEnd = this.decodeFrame(h, p, eof);
      if (frameEnd === 'short' && !eof) return this.keepFrom(p);
      if (typeof frameEnd !== 'number') continue;
      if (resumes) throw this.damaged(`bytes ${this.junkFrom} to ${this.base + p - 1} (at ${this.time(first)}) are not FLAC audio; the file is corrupted`);
      throw this.damaged(`the audio from ${this.time(this.lostFrom)} to ${this.time(first)} is missing or corrupted`);
    }
    if (!eof) return this.keepFrom(Math.max(this.start, this.limit - 1));
    const total = this.info?.totalSamples ?? 0;
    if (this.junkFrom !== undefined && total <= this.lostFrom) {
      const bytes = this.base + this.limit - this.junkFrom;
      throw this.damaged(`the ${bytes} bytes after its last frame (from byte ${this.junkFrom}, at ${this.time(this.lostFrom)}) are not FLAC audio; the file is corrupted or has data appended`);
    }
    const to = total > this.lostFrom ? this.time(total) : 'the end of the file';
    throw this.damaged(`the audio from ${this.time(this.lostFrom)} to ${to} is missing or corrupted`);
  }

  private keepFrom(p: number): false {
    this.start = p;
    return false;
  }

  private sameFormat(h: FrameHeader): boolean {
    const f = this.format;
    return !f || (f.sampleRate === h.sampleRate && f.channels === h.channels && f.bits === h.bits);
  }

  private time(sample: number): string {
    return trackTime(sample - this.origin, this.format?.sampleRate || 44_100);
  }

  private damaged(message: string): FlacError {
    return new FlacError('damaged', message);
  }
}

/**
 * Refuses a VORBIS_COMMENT block (RFC 9639 §8.6) where libFLAC does: a vendor string that runs
 * past the block, or more than 100,000 comments. A comment that runs past it libFLAC drops.
 */
function checkVorbisComment(block: Uint8Array, where: string): void {
  if (block.length < 8) return;
  const view = new DataView(block.buffer, block.byteOffset, block.length);
  const vendor = view.getUint32(0, true);
  if (vendor > block.length - 8) throw new FlacError('damaged', `its VORBIS_COMMENT block ${where} is corrupted: its vendor string of ${vendor} bytes runs past the block's ${block.length}`);
  const comments = view.getUint32(4 + vendor, true);
  if (comments > MAX_COMMENTS) throw new FlacError('damaged', `its VORBIS_COMMENT block ${where} is corrupted: it claims ${comments} comments`);
}

/** More than any frame of this header can take: verbatim subframes of 33 bits, with room for headers. */
function maxFrameBytes(h: FrameHeader): number {
  return 64 + h.channels * (8 + Math.ceil((h.blockSize * 33) / 8));
}

const describeRate = (f: FlacFormat): string => `${f.sampleRate} Hz`;
const describeChannels = (f: FlacFormat): string => `${f.channels} channel${f.channels === 1 ? '' : 's'}`;
const describeBits = (f: FlacFormat): string => `${f.bits}-bit`;
