/**
 * The disc as planned, and what the plan is made from: the types every stage after the inputs
 * shares (audio, recorders, jobs, events, renderers). Types only; nothing here imports a stage.
 */
import type { CueText, TrackFlag } from './cue-parser.js';
import type { CapacityMinutes } from './red-book.js';

/** What a cue sheet says of a track beyond its audio and gaps. */
export interface TrackCodes {
  isrc?: string;
  flags: TrackFlag[];
  /** INDEX 02 and later, in sectors from INDEX 01. */
  indexes: number[];
  /** The CD-TEXT fields the sheet gives for the track (TITLE and PERFORMER included). */
  text: CueText;
  /** REM lines, as written. */
  rems: string[];
}

/** What a cue sheet says of the disc beyond its tracks. */
export interface DiscCodes {
  /** Media Catalog Number (13 digits). */
  catalog?: string;
  /** The CD-TEXT fields the sheet (or --title/--performer) gives for the disc. */
  text: CueText;
  rems: string[];
}

/** How the tracks' level is changed on the way to the disc (--normalize, --replaygain, --gain). */
export interface LevelRequest {
  /**
   * Where the gain comes from: each track's measured loudness (--normalize), its ReplayGain tags
   * and else its measured loudness (--replaygain), or one fixed gain for all (--gain).
   */
  source: 'measure' | 'replaygain' | 'fixed';
  /** One gain per track; or one for every track of the disc (measured), each track's album tags (ReplayGain). */
  mode: 'track' | 'album';
  /** Integrated loudness to reach, LUFS. */
  target: number;
  /** The fixed gain, dB (source 'fixed'). */
  gain: number;
  /** True peaks stay at or under this, dBTP. */
  ceiling: number;
  /** The true-peak limiter may take peaks that would pass the ceiling. */
  limiter: boolean;
}

/** A track's level, as found and as changed; null where it is not known. */
export interface TrackLevelFacts {
  /** Integrated loudness before the gain, LUFS (null: not measurable, or not measured). */
  loudness: number | null;
  /** True peak before the gain, dBTP (from a tag: its peak, often a sample peak). */
  truePeak: number | null;
  /** Loudness range, LU. */
  loudnessRange: number | null;
  /** The gain, dB. */
  gain: number;
  /** The most the limiter takes off the track's peaks, dB (null: its peaks are not known, --gain). */
  limiterReduction: number | null;
  /** How far under the target the gain leaves the track, LU. */
  shortfall: number;
  /** Why the track keeps its level, when it does. */
  note?: string;
}

/** What the layout needs to know of one input. */
export interface TrackFacts {
  path: string;
  /** Bytes of CD audio (44.1 kHz, 16-bit, stereo) the track holds. */
  audioBytes: number;
  title?: string;
  performer?: string;
  /** Conversion steps to CD audio, e.g. ["48000 → 44100 Hz"]; none for CD audio. */
  conversion?: string[];
  /** Silence before the track when a cue sheet sets it (instead of the disc's gap). */
  pregapSectors?: number;
  /** Silence after the track's audio (a cue sheet's POSTGAP). */
  postgapSectors?: number;
  /** Audio before INDEX 01 in the source (cue INDEX 00 to 01; a hidden track before track 1). */
  pregapAudioSectors?: number;
  codes?: TrackCodes;
  /** Its level, when the level is changed. */
  level?: TrackLevelFacts;
}

export interface TrackLayout extends TrackCodes, Partial<TrackLevelFacts> {
  number: number;
  path: string;
  title?: string;
  performer?: string;
  conversion: string[];
  audioBytes: number;
  /** Sectors the audio fills, the last one zero-padded. */
  audioSectors: number;
  /**
   * Sectors from INDEX 01 to the next track's pregap: headSectors + audioSectors + postgapSectors +
   * tailSectors, or the 4-second minimum for a short track.
   */
  sectors: number;
  /** Sectors before INDEX 01: the lead pregap (+ a hidden track) for track 1, the gap for the others. */
  pregapSectors: number;
  /** Of the pregap, the sectors of audio from the source (the rest is silence). */
  pregapAudioSectors: number;
  /** The track's own pregap audio, moved to its start (a recorder that writes gaps itself). */
  headSectors: number;
  /** The next track's pregap audio, moved to this track's end (a recorder that writes gaps itself). */
  tailSectors: number;
  /** Silence after the audio (POSTGAP). */
  postgapSectors: number;
  /** LBA of INDEX 01 (track 1 starts at LBA 0 = MSF 00:02:00). */
  start: number;
}

export interface DiscLayout {
  tracks: TrackLayout[];
  gapSectors: number;
  title?: string;
  performer?: string;
  /** Media Catalog Number, the disc's CD-TEXT fields and REM lines from a cue sheet. */
  catalog?: string;
  text: CueText;
  rems: string[];
  /** Sectors from LBA 0 to the end of the last track: what an image or a recorder receives. */
  programSectors: number;
  /** Disc time used, the lead pregap included. */
  totalSectors: number;
  capacityMinutes: CapacityMinutes;
  /** Sectors left (negative: over) on a 74- and an 80-minute disc. */
  left: { 74: number; 80: number };
  /** CD-TEXT packs (18 bytes each) the disc carries: 0 when it has no text, or more than fits. */
  cdTextPacks: number;
  /** How the level is changed, when it is. */
  level?: LevelRequest;
  /** The measured tracks' loudness, their blocks pooled, LUFS (null: none could be measured). */
  loudness?: number | null;
  warnings: string[];
}
