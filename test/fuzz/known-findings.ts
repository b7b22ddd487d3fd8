/**
 * Findings the fuzzer makes today that are bugs outside the fuzzer (in the decoders and parsers
 * being rewritten, or elsewhere in src/), listed so the fixed-seed run of `npm test` passes while
 * they are fixed. Each entry is keyed by format and kind of finding, and says what identifies it;
 * remove the entry when its bug is fixed. `npm run fuzz` lists in its summary the entries that did
 * not occur, so an entry left behind shows.
 */
export interface KnownFinding {
  format: string;
  kind: FindingKind;
  /** Matched against the finding's detail (burn-audio's message, or the reference decoder's). */
  detail: RegExp;
  /** Matched against the description of the mutation. */
  mutation?: RegExp;
  why: string;
}

export type FindingKind =
  | 'refuses a valid file'
  | 'crash'
  | 'hang'
  | 'wrong exit code'
  | 'files left behind'
  | 'message names no file'
  | 'image of a file the reference decoder fails on'
  | 'length differs from the reference decoder'
  | 'non-finite samples';

const IMAGE = 'image of a file the reference decoder fails on';
const LENGTH = 'length differs from the reference decoder';

export const KNOWN_FINDINGS: readonly KnownFinding[] = [
  // FLAC
  { format: 'FLAC', kind: IMAGE, detail: /decoding metadata|more than one STREAMINFO|BAD_METADATA|UNPARSEABLE_STREAM/, why: 'malformed metadata (block lengths, a missing last-block flag, STREAMINFO not first or twice) is not refused: frames are found by their sync code' },
  {
    format: 'FLAC',
    kind: IMAGE,
    detail: /LOST_SYNC|BAD_HEADER|FRAME_CRC_MISMATCH|ERROR during decoding/,
    why: 'junk between metadata and frames or between frames, and frames whose CRC fails where STREAMINFO gives no length: flac -d stops, burn-audio writes what it found (at times a track cut short, without a word)',
  },
  // MP3
  {
    format: 'MP3',
    kind: IMAGE,
    detail: /mpg123 -w: damaged: error:/,
    why: "frames mpg123 cannot decode (bad side info or bit allocation, or headers changed to another layer or bitrate) are concealed by burn-audio's mpg123 without an error; the README's limit covers damage inside frames only",
  },
  { format: 'MP3', kind: IMAGE, detail: /no audio decoded/, why: 'mpg123 decodes no audio (an MPEG version or sample rate changed in every frame, an ID3v2 size that covers the first frame, an ID3v1 tag after the first frame, where mpg123 stops) and burn-audio writes an image' },
  { format: 'MP3', kind: LENGTH, detail: /burn-audio decodes/, why: 'files mpg123 decodes without an error (no Xing header, a sample rate changed in one frame, junk or tags between frames) decode to another length in burn-audio' },
  // Ogg Vorbis
  { format: 'Ogg Vorbis', kind: 'crash', detail: /logError is not defined/, why: 'codec-parser (VorbisParser.js) calls an undefined logError on a damaged identification or setup header' },
  { format: 'Ogg Vorbis', kind: 'crash', detail: /Out of data while inside an Ogg Page|outside the bounds of the DataView|"offset" is out of range/, why: 'codec-parser throws reading past a short or cut header page instead of reporting damage' },
  { format: 'Ogg Vorbis', kind: IMAGE, detail: /oggdec: /, why: 'Ogg structure libogg and libvorbis refuse or lose (a stream structure version other than 0, header packets re-laced, a comment header whose lengths run past it) is read by codec-parser' },
  { format: 'Ogg Vorbis', kind: LENGTH, detail: /burn-audio decodes/, why: 'pages repeated (and renumbered), granule positions or header flags changed with the checksum right give another length than oggdec' },
  // Opus
  {
    format: 'Opus',
    kind: 'crash',
    detail: /reading 'samples'|Out of data while inside an Ogg Page|Invalid typed array length|outside the bounds of the DataView|"offset" is out of range|memory access out of bounds/,
    why: "codec-parser and ogg-opus-decoder throw on an OpusHead of version 2 (RFC 7845 says to accept it) or other channel counts and mapping families, on an empty packet and on cut pages; libopus's WebAssembly build reads out of bounds on re-laced packets",
  },
  { format: 'Opus', kind: IMAGE, detail: /opusdec: /, why: 'Ogg structure opusfile refuses or loses (header pages re-laced, a stream structure version other than 0, pages it drops as a hole) is read by codec-parser' },
  { format: 'Opus', kind: LENGTH, detail: /burn-audio decodes/, why: 'a changed pre-skip, granule position or header flag gives another length than opusdec' },
];
