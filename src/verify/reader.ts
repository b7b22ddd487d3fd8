/**
 * Verify: a recorded disc (or an image) read back and compared with what was staged. The
 * comparison reads two things: the ExpectedProgram (the plan and its audio as the session
 * stages it) and a DiscReader (a drive through the native reader, or a BIN/CUE image).
 */
import type { TrackFlag } from '../disc/cue-parser.js';
import type { DiscLayout } from '../disc/layout.js';
import type { RecorderCapabilities } from '../recorders/capabilities.js';

/** What the disc should hold: the plan, and its program area (LBA 0 to the lead-out) as staged, gaps included. */
export interface ExpectedProgram {
  layout: DiscLayout;
  /**
   * What recorded it, which decides the codes to expect (IMAPI v1 records no MCN, ISRC, flag or
   * index; IMAPI2 marks every pregap as at least 2 s); an image keeps everything (the default).
   */
  recorder?: RecorderCapabilities;
  /** The CD-TEXT packs the lead-in should carry (--cd-text), 18 bytes each; undefined: none is expected. */
  cdText?: Buffer;
  /**
   * The program area's sectors from `lba` to its end, in pieces of whole sectors. A piece is
   * valid until the next one is asked for; stopping early (break) stops the staging.
   */
  sectors(lba: number): AsyncIterable<Buffer>;
}

/** A track as the disc's table of contents gives it. */
export interface TocTrack {
  number: number;
  /** LBA of INDEX 01 (LBA 0 is MSF 00:02:00). */
  start: number;
  /**
   * The Q sub-channel control nibble (IEC 60908 §17.5.1; MMC READ TOC): 0x1 pre-emphasis, 0x2
   * digital copy permitted, 0x4 data track, 0x8 four channels.
   */
  control: number;
}

export interface DiscToc {
  tracks: TocTrack[];
  /** LBA of the lead-out: the number of sectors of the program area. */
  leadOut: number;
}

/** Where a track's indexes lie, as LBAs, from the Q sub-channel (or an image's cue sheet). */
export interface TrackIndexes {
  /** INDEX 00 in the program area (LBA 0 and on); absent when the track has no pregap there. */
  pregap?: number;
  /** INDEX 02 and later. */
  later: number[];
}

export interface DiscReader {
  /** How messages name what is read: `image disc.cue`, or a drive's name. */
  readonly name: string;
  toc(): Promise<DiscToc>;
  /** The Media Catalog Number, where the reader can read it. */
  mcn?(): Promise<string | undefined>;
  isrc?(track: number): Promise<string | undefined>;
  indexes?(track: number): Promise<TrackIndexes>;
  /** The CD-TEXT packs of the lead-in (18 bytes each, CRC included), or undefined where the disc has none or the reader cannot read them. */
  cdText?(): Promise<Buffer | undefined>;
  /**
   * `sectors` CD-DA sectors of 2352 bytes from `lba`, within [0, lead-out), in a buffer of
   * their own; as many as asked (up to a few hundred), split into the transfers the drive takes.
   * Throws a SectorReadError when a sector cannot be read.
   */
  read(lba: number, sectors: number): Promise<Buffer>;
  close?(): Promise<void>;
}

/** A sector the reader could not read (an unreadable spot on the disc, a drive error). */
export class SectorReadError extends Error {
  override readonly name = 'SectorReadError';
  constructor(
    readonly lba: number,
    message = `sector ${lba} cannot be read`,
  ) {
    super(message);
  }
}

/** TOC control bits (see TocTrack.control). */
export const CONTROL = { preEmphasis: 0x1, copyPermitted: 0x2, data: 0x4, fourChannel: 0x8 } as const;

/** The TOC control bits of a cue sheet's FLAGS (SCMS alternates in the Q sub-channel and has no TOC bit). */
export function controlBits(flags: readonly TrackFlag[]): number {
  const bits: Record<TrackFlag, number> = { PRE: CONTROL.preEmphasis, DCP: CONTROL.copyPermitted, '4CH': CONTROL.fourChannel, SCMS: 0 };
  return flags.reduce((sum, flag) => sum | bits[flag], 0);
}
