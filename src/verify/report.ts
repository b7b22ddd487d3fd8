/**
 * What verifying a disc found: the types the verifier, the events and the renderers share. Types
 * only; nothing here imports a stage.
 */

/** Consecutive sectors that did not read back as staged. */
export interface SectorRun {
  /** LBA of the first, on the disc as planned. */
  lba: number;
  sectors: number;
  /** Where it starts in its track, m:ss.ff (ff: 1/75 s) from INDEX 01; negative in the track's pregap. */
  time: string;
  /** `differs`: read, but not the staged audio; `unreadable`: a read error on every try. */
  kind: 'differs' | 'unreadable';
}

export interface TrackVerification {
  number: number;
  /** `exact`: every sample that can be read reads back as staged. */
  status: 'exact' | 'differs';
  /** Sectors of the track (its pregap included) that differ after re-reads, and that could not be read. */
  differing: number;
  unreadable: number;
  /** The first runs of such sectors, in order. */
  runs: SectorRun[];
  /** Staged samples of the track the shift puts past the disc's edges: not read, not errors. */
  unverifiableSamples: number;
  /**
   * Checksums of the audio read, shifted back into place, from INDEX 01 to the next track's
   * INDEX 01 (as rippers cut tracks): CRC-32 as EAC shows it, with and without null samples,
   * and AccurateRip v1 and v2; 8 hex digits each.
   */
  crc32: string;
  crc32NoNulls: string;
  accurateRipV1: string;
  accurateRipV2: string;
}

/** The constant shift between what was staged and what is read. */
export interface OffsetFinding {
  /** Read sample i + samples holds staged sample i (a drive's read and write offsets together); null: not found. */
  samples: number | null;
  /** Anchors (2-sector windows of staged audio) searched for, and how many were found at that shift. */
  anchors: number;
  matched: number;
  /** Searched within ±10 sectors and not found: the shift a search of ±1 s found, or null when that failed too. */
  beyond?: number | null;
  /** What a person should know: why there is no shift, or why it was assumed. */
  note?: string;
}

export interface VerifyReport {
  /** What was read: `image disc.cue`, or a drive's name. */
  name: string;
  /** The table of contents matches, the shift was found, and every sample that can be read reads back as staged. */
  verified: boolean;
  /** False when the disc's tracks or lead-out are not the plan's: it is not the disc that was burned, and no sample was compared. */
  sameLayout: boolean;
  /** How the table of contents, MCN, ISRCs and indexes differ from the plan; empty when they match. */
  toc: string[];
  offset: OffsetFinding;
  /** Sectors compared, of the disc's program area. */
  sectors: number;
  /** Reads made again: of a sector after a read error, and of a sector that did not match. */
  reReads: number;
  /** Staged samples past the disc's edges at this shift (the first or the last ones). */
  unverifiableSamples: number;
  tracks: TrackVerification[];
}
