/**
 * ReplayGain tags as a track's loudness: REPLAYGAIN_TRACK_GAIN / _PEAK and _ALBUM_GAIN / _PEAK
 * in Vorbis comments, ID3v2 TXXX frames or APEv2 (their names in any case:
 * most taggers write ID3 names in lower case), and Opus's R128_TRACK_GAIN / R128_ALBUM_GAIN
 * (RFC 7845 §5.2.1). Read through music-metadata's native tags.
 */
import { InputError } from '../../errors.js';

/** A level a tag gives: loudness, LUFS, and the peak, dBFS, when one is tagged. */
export interface TaggedLevel {
  loudness: number;
  peak?: number;
}

export interface ReplayGain {
  track?: TaggedLevel;
  album?: TaggedLevel;
}

/** ReplayGain 2.0's reference: a gain of g dB says the track is at -18 - g LUFS (unless REPLAYGAIN_REFERENCE_LOUDNESS says otherwise, in LUFS). */
const REFERENCE_LUFS = -18;
/** Opus R128 gains bring a track to -23 LUFS, in 1/256 dB, on top of the header's output gain (which the decoder applies). */
const R128_REFERENCE_LUFS = -23;

/** The tags of a file, as music-metadata gives them (`metadata.native`). */
export type NativeTags = Record<string, Array<{ id: string; value: unknown }>>;

/**
 * The ReplayGain levels of a file's tags. A gain or peak tag that is not a number is refused,
 * naming the file and the tag: a tagger that wrote it may have written nonsense elsewhere too.
 */
export function replayGain(path: string, native: NativeTags): ReplayGain {
  const values = new Map<string, string>();
  for (const tags of Object.values(native)) {
    for (const { id, value } of tags) {
      // ID3 `TXXX:replaygain_track_gain`: the name after the frame.
      const name = id.slice(id.lastIndexOf(':') + 1).toUpperCase();
      const text = typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
      if (text !== undefined && !values.has(name)) values.set(name, text.trim());
    }
  }
  const reference = /^(-?\d+(?:\.\d+)?)\s*LUFS$/i.exec(values.get('REPLAYGAIN_REFERENCE_LOUDNESS') ?? '');
  const base = reference ? Number(reference[1]) : REFERENCE_LUFS;
  const level = (which: 'TRACK' | 'ALBUM'): TaggedLevel | undefined => {
    const r128 = values.get(`R128_${which}_GAIN`);
    if (r128 !== undefined) return { loudness: R128_REFERENCE_LUFS - number(path, `R128_${which}_GAIN`, r128, /^[+-]?\d+$/, 'a whole number of 1/256 dB, e.g. -1536') / 256 };
    const gain = values.get(`REPLAYGAIN_${which}_GAIN`);
    const peak = values.get(`REPLAYGAIN_${which}_PEAK`);
    const peakDb = peak === undefined ? undefined : 20 * Math.log10(number(path, `REPLAYGAIN_${which}_PEAK`, peak, /^\d+(\.\d+)?$/, 'a number, 1 at full scale, e.g. 0.988'));
    if (gain === undefined) return undefined;
    const loudness = base - number(path, `REPLAYGAIN_${which}_GAIN`, gain, /^[+-]?\d+(\.\d+)?(\s*dB)?$/i, 'decibels, e.g. -7.02 dB');
    return peakDb === undefined ? { loudness } : { loudness, peak: peakDb };
  };
  return { track: level('TRACK'), album: level('ALBUM') };
}

function number(path: string, tag: string, text: string, shape: RegExp, expected: string): number {
  if (!shape.test(text)) throw new InputError(path, `its ${tag} tag is ${JSON.stringify(text)}, not ${expected}; fix the tag, or normalise with --normalize instead of --replaygain`, 'EBADTAG');
  return Number.parseFloat(text);
}
