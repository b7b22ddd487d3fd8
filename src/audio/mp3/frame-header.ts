/**
 * MPEG audio frame headers (ISO/IEC 11172-3 2.4.1.3, 13818-3, and the MPEG-2.5 extension for low
 * rates), read the way libmpg123 reads them, so that burn-audio finds the frames mpg123 finds.
 */

/** What burn-audio calls an MPEG audio stream: Layer III is MP3; Layers I and II are named as they are. */
export type MpegCodec = 'MP3' | `MPEG-${'1' | '2' | '2.5'} Layer ${'I' | 'II'}`;

export interface FrameHeader {
  version: '1' | '2' | '2.5';
  layer: 1 | 2 | 3;
  /** kbit/s; 0 is free format, whose frame length only the next header tells. */
  bitrate: number;
  sampleRate: number;
  mono: boolean;
  /** Sample frames one frame decodes to. */
  samples: number;
  /** The frame's length, header included; undefined for free format. */
  bytes: number | undefined;
  /** The four header bytes as one number, to compare headers. */
  word: number;
}

/** mpg123's largest frame (MAXFRAMESIZE, without the header): a longer one is not a frame. */
export const MAX_FRAME_BYTES = 3456;

const BITRATES = {
  '1': [
    [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  ],
  lsf: [
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  ],
} as const;

const RATES = { '1': [44_100, 48_000, 32_000], '2': [22_050, 24_000, 16_000], '2.5': [11_025, 12_000, 8_000] } as const;
const VERSIONS = ['2.5', undefined, '2', '1'] as const;

/** The frame header at `at`, or undefined where mpg123 would see none (head_check, decode_header). */
export function readFrameHeader(b: Buffer, at: number): FrameHeader | undefined {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return undefined;
  const word = b.readUInt32BE(at);
  const version = VERSIONS[(word >>> 19) & 3];
  const layer = (4 - ((word >>> 17) & 3)) as 1 | 2 | 3 | 4;
  const bitrateIndex = (word >>> 12) & 15;
  const rateIndex = (word >>> 10) & 3;
  // The reserved version (01) is refused too, though mpg123 takes it for MPEG-2.5.
  if (version === undefined || layer === 4 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const sampleRate = RATES[version][rateIndex]!;
  const bitrate = BITRATES[version === '1' ? '1' : 'lsf'][layer - 1]![bitrateIndex]!;
  const padding = ((word >>> 9) & 1) === 1;
  const mono = ((word >>> 6) & 3) === 3;
  const samples = layer === 1 ? 384 : layer === 3 && version !== '1' ? 576 : 1152;
  const bytes = bitrate === 0 ? undefined : frameBytes(layer, bitrate, sampleRate, samples, padding);
  if (bytes !== undefined && !plausibleLength({ layer, version, mono, word }, bytes)) return undefined;
  return { version, layer, bitrate, sampleRate, mono, samples, bytes, word };
}

/** A frame's bytes: samples × bitrate / 8 / rate, in whole slots (4 bytes in Layer I). */
function frameBytes(layer: number, bitrate: number, sampleRate: number, samples: number, padding: boolean): number {
  const slot = layer === 1 ? 4 : 1;
  return (Math.floor((samples / 8 / slot) * bitrate * 1000 / sampleRate) + (padding ? 1 : 0)) * slot;
}

/** mpg123 refuses a frame longer than MAXFRAMESIZE and a Layer III frame shorter than its side information. */
export function plausibleLength(h: Pick<FrameHeader, 'layer' | 'version' | 'mono' | 'word'>, bytes: number): boolean {
  if (bytes - 4 > MAX_FRAME_BYTES) return false;
  return h.layer !== 3 || bytes - 4 >= sideInfoBytes(h) + (((h.word >>> 16) & 1) === 0 ? 2 : 0);
}

/** Layer III side information after the header (and its CRC): where a Xing or Info tag starts. */
export function sideInfoBytes(h: Pick<FrameHeader, 'version' | 'mono'>): number {
  return h.version === '1' ? (h.mono ? 17 : 32) : h.mono ? 9 : 17;
}

/** Headers mpg123 decodes with the same routines (head_compatible): same version, layer and rate, mono or not alike. */
export function compatible(a: FrameHeader, b: FrameHeader): boolean {
  return sameStream(a, b) && a.mono === b.mono;
}

/** Frames of one stream: the same version, layer and sample rate (ISO 11172-3 lets the rest change from frame to frame). */
export function sameStream(a: FrameHeader, b: FrameHeader): boolean {
  return a.version === b.version && a.layer === b.layer && a.sampleRate === b.sampleRate;
}

/**
 * Headers of one encoder's stream, which keep every field but the bitrate (Layer III only),
 * padding, private bit and mode extension: what tells a stream in junk from headers the junk
 * holds by chance.
 */
export function sameEncoding(a: FrameHeader, b: FrameHeader): boolean {
  return ((a.word ^ b.word) & (a.layer === 3 ? 0xffff0ccf : 0xfffffccf)) === 0;
}

/** Emphasis reserved or CCITT J.17, which encoders do not write and quiet PCM does (FF FF xx FF). */
export function oddEmphasis(h: FrameHeader): boolean {
  return (h.word & 2) !== 0;
}

/** The next header of a free-format stream: sync, version, layer, bitrate, rate and channel mode alike (mpg123's HDR_SAMEMASK). */
export function sameFreeFormat(a: FrameHeader, b: FrameHeader): boolean {
  return ((a.word ^ b.word) & 0xfffefcc0) === 0;
}

export function codecName(h: FrameHeader): MpegCodec {
  return h.layer === 3 ? 'MP3' : `MPEG-${h.version} Layer ${h.layer === 1 ? 'I' : 'II'}`;
}

export function isMpeg(codec: string): codec is MpegCodec {
  return codec === 'MP3' || codec.startsWith('MPEG-');
}
