import { BITS_PER_SAMPLE, CHANNELS, SAMPLE_RATE } from '../disc/red-book.js';

export const WAVE_FORMAT_PCM = 0x0001;
export const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
export const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Registered names of compressed WAVE formats users meet (RFC 2361 and mmreg.h). */
const COMPRESSED_FORMATS: ReadonlyMap<number, string> = new Map([
  [0x0002, 'Microsoft ADPCM'],
  [0x0006, 'A-law'],
  [0x0007, 'µ-law'],
  [0x0011, 'IMA ADPCM'],
  [0x0022, 'TrueSpeech'],
  [0x0031, 'GSM 6.10'],
  [0x0040, 'G.721 ADPCM'],
  [0x0050, 'MPEG audio'],
  [0x0055, 'MPEG Layer 3 (MP3)'],
  [0x0092, 'Dolby AC-3 (S/PDIF)'],
  [0x0160, 'Windows Media Audio 1'],
  [0x0161, 'Windows Media Audio'],
  [0x0162, 'Windows Media Audio Pro'],
  [0x0165, 'Windows Media Audio Lossless'],
  [0x1610, 'AAC (HE-AAC)'],
  [0x2000, 'Dolby AC-3'],
  [0x2001, 'DTS'],
  [0xf1ac, 'FLAC'],
]);

/** Everything the `fmt ` chunk says, kept whole so conversion can use it later. */
export interface WavFormat {
  /** The effective format tag (for WAVE_FORMAT_EXTENSIBLE, the one in the SubFormat GUID). */
  formatTag: number;
  extensible: boolean;
  channels: number;
  sampleRate: number;
  /** Container bits per sample (`wBitsPerSample`). */
  bitsPerSample: number;
  /** Bits that carry signal (`wValidBitsPerSample`); equals bitsPerSample outside EXTENSIBLE. */
  validBitsPerSample: number;
  blockAlign: number;
  byteRate: number;
  /** Speaker positions (`dwChannelMask`), 0 when not given. */
  channelMask: number;
}

export function isCompressed(format: WavFormat): boolean {
  return format.formatTag !== WAVE_FORMAT_PCM && format.formatTag !== WAVE_FORMAT_IEEE_FLOAT;
}

export function formatName(tag: number): string {
  if (tag === WAVE_FORMAT_PCM) return 'PCM';
  if (tag === WAVE_FORMAT_IEEE_FLOAT) return 'IEEE float';
  const hex = `0x${tag.toString(16).padStart(4, '0').toUpperCase()}`;
  const name = COMPRESSED_FORMATS.get(tag);
  return name ? `${name} (format ${hex})` : `unknown format ${hex}`;
}

/** Says exactly what the audio is, e.g. `48000 Hz, 24-bit, 1 channel` or `44100 Hz, 32-bit float, 2 channels`. */
export function describeFormat(format: WavFormat): string {
  if (isCompressed(format)) return `${formatName(format.formatTag)}, ${format.sampleRate} Hz, ${plural(format.channels, 'channel')}`;
  const float = format.formatTag === WAVE_FORMAT_IEEE_FLOAT ? ' float' : '';
  const valid =
    format.validBitsPerSample !== format.bitsPerSample ? ` (${format.validBitsPerSample} valid)` : '';
  return `${format.sampleRate} Hz, ${format.bitsPerSample}-bit${float}${valid}, ${plural(format.channels, 'channel')}`;
}

export const CD_FORMAT_DESCRIPTION = `${SAMPLE_RATE} Hz, ${BITS_PER_SAMPLE}-bit, ${CHANNELS} channels`;

/** True when the samples can go to a CD byte for byte. */
export function isCdAudio(format: WavFormat): boolean {
  return (
    format.formatTag === WAVE_FORMAT_PCM &&
    format.sampleRate === SAMPLE_RATE &&
    format.bitsPerSample === BITS_PER_SAMPLE &&
    format.validBitsPerSample === BITS_PER_SAMPLE &&
    format.channels === CHANNELS
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
