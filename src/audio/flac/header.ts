/**
 * FLAC stream structure: the STREAMINFO block (RFC 9639 §8.2) and frame headers (§9.1).
 */
import { crc8 } from './crc.js';

/** What every frame of a stream must agree on. */
export interface FlacFormat {
  sampleRate: number;
  channels: number;
  /** Bits per sample, 4 to 32. */
  bits: number;
}

export interface StreamInfo extends FlacFormat {
  minBlockSize: number;
  maxBlockSize: number;
  /** Sample frames in the stream; 0 when the encoder did not know. */
  totalSamples: number;
  /** MD5 of the decoded samples; all zeros when not computed. */
  md5: Uint8Array;
}

export const STREAMINFO_BYTES = 34;

export function parseStreamInfo(b: Uint8Array): StreamInfo {
  return {
    minBlockSize: (b[0]! << 8) | b[1]!,
    maxBlockSize: (b[2]! << 8) | b[3]!,
    sampleRate: (b[10]! << 12) | (b[11]! << 4) | (b[12]! >> 4),
    channels: ((b[12]! >> 1) & 7) + 1,
    bits: (((b[12]! & 1) << 4) | (b[13]! >> 4)) + 1,
    totalSamples: (b[13]! & 0x0f) * 2 ** 32 + ((b[14]! << 24) >>> 0) + ((b[15]! << 16) | (b[16]! << 8) | b[17]!),
    md5: b.slice(18, 34),
  };
}

/** How the two channels of a stereo frame are coded (RFC 9639 §9.1.3). */
export const enum Stereo {
  Independent,
  LeftSide,
  SideRight,
  MidSide,
}

export interface FrameHeader extends FlacFormat {
  /** The blocking strategy bit: set when the header carries a sample number, not a frame number. */
  variable: boolean;
  /** The coded number: a frame number (fixed blocking) or the first sample's number. */
  number: number;
  blockSize: number;
  stereo: Stereo;
  /** Bytes of the header, CRC-8 included. */
  bytes: number;
}

const BITS = [0, 8, 12, 0, 16, 20, 24, 32];
const RATES = [0, 88_200, 176_400, 192_000, 8_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000, 96_000];

/** True when b[at] and b[at + 1] are a frame sync code (14 bits, a 0 reserved bit, either strategy). */
export function isSync(b: Uint8Array, at: number): boolean {
  return b[at] === 0xff && (b[at + 1]! & 0xfe) === 0xf8;
}

/**
 * The frame header at `at`: undefined when it is not a valid one (reserved values, a bad
 * CRC-8, or a value it defers to a STREAMINFO there is none of), 'short' when `end` comes first.
 */
export function parseFrameHeader(b: Uint8Array, at: number, end: number, info?: StreamInfo): FrameHeader | 'short' | undefined {
  if (end - at < 6) return end - at >= 2 && !isSync(b, at) ? undefined : 'short';
  if (!isSync(b, at) || b[at + 3]! & 1) return undefined;
  const sizeCode = b[at + 2]! >> 4;
  const rateCode = b[at + 2]! & 0x0f;
  const channelCode = b[at + 3]! >> 4;
  const bitsCode = (b[at + 3]! >> 1) & 7;
  if (sizeCode === 0 || rateCode === 15 || channelCode > 10 || bitsCode === 3) return undefined;
  let p = at + 4;
  // The coded number: UTF-8's scheme stretched to 36 bits (§9.1.5).
  const lead = b[p++]!;
  const extra = lead < 0x80 ? 0 : lead < 0xc0 ? -1 : lead < 0xe0 ? 1 : lead < 0xf0 ? 2 : lead < 0xf8 ? 3 : lead < 0xfc ? 4 : lead < 0xfe ? 5 : lead === 0xfe ? 6 : -1;
  if (extra < 0) return undefined;
  let number = extra === 0 ? lead : lead & (0x3f >> extra);
  if (end - p < extra + 5) return 'short';
  for (let i = 0; i < extra; i += 1) {
    const next = b[p++]!;
    if ((next & 0xc0) !== 0x80) return undefined;
    number = number * 64 + (next & 0x3f);
  }
  let blockSize = sizeCode === 1 ? 192 : sizeCode <= 5 ? 576 << (sizeCode - 2) : sizeCode >= 8 ? 256 << (sizeCode - 8) : 0;
  if (sizeCode === 6) blockSize = b[p++]! + 1;
  else if (sizeCode === 7) blockSize = ((b[p++]! << 8) | b[p++]!) + 1;
  let sampleRate = rateCode === 0 ? info?.sampleRate ?? 0 : RATES[rateCode] ?? 0;
  if (rateCode === 12) sampleRate = b[p++]! * 1000;
  else if (rateCode === 13) sampleRate = (b[p++]! << 8) | b[p++]!;
  else if (rateCode === 14) sampleRate = ((b[p++]! << 8) | b[p++]!) * 10;
  const bits = bitsCode === 0 ? info?.bits ?? 0 : BITS[bitsCode]!;
  if (sampleRate === 0 || bits === 0 || crc8(b, at, p) !== b[p]) return undefined;
  const stereo = channelCode < 8 ? Stereo.Independent : ((channelCode - 7) as Stereo);
  const variable = (b[at + 1]! & 1) === 1;
  return { variable, number, blockSize, sampleRate, channels: stereo === Stereo.Independent ? channelCode + 1 : 2, bits, stereo, bytes: p + 1 - at };
}
