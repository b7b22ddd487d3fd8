/**
 * The IMAPI2 raw image of a planned disc, as the calls that build it take it: where each track's
 * data lies in the staged disc (StagedDisc: LBA -150 at byte 0), and the codes that go with it.
 * Pure: the layout and the recorder's capabilities in, the image out.
 */
import { LEAD_PREGAP_SECTORS, SECTOR_BYTES } from '../../disc/red-book.js';
import type { DiscLayout } from '../../disc/layout.js';
import { recordedCatalog, recordedFlags, recordedIndexes, type RecorderCapabilities } from '../capabilities.js';
import { TRACK_FLAG2 } from '../imapi/shim-contract.js';

/** One region of the staged disc, in bytes from its start and in sectors. */
export interface ImageRegion {
  offset: number;
  sectors: number;
}

export interface ImageTrack extends ImageRegion {
  isrc?: string;
  /** BA2_FLAG_* bits: pre-emphasis, digital copy permitted, SCMS. */
  flags: number;
  /** INDEX 02 and later, in sectors from the track's start (INDEX 01). */
  indexes: number[];
}

export interface DiscImage {
  /**
   * Track 1's whole pregap when it holds audio (a hidden track): the lead pregap's silence and
   * the audio after it (AddSpecialPregap, at least 150 sectors), so that track 1 starts where
   * the plan puts it. Without it IMAPI2 writes the 150 sectors of silence itself.
   */
  specialPregap?: ImageRegion;
  /**
   * Each track from its INDEX 01 to the next track's: its audio, then the next track's gap
   * (silence and pregap audio), so the tracks abut (DisableGaplessAudio false) and every INDEX 01
   * lands on the plan's LBA.
   */
  tracks: ImageTrack[];
  catalog?: string;
}

/** Where LBA `lba` begins in the staged disc. */
function offsetOf(lba: number): number {
  return (lba + LEAD_PREGAP_SECTORS) * SECTOR_BYTES;
}

export function discImage(layout: DiscLayout, recorder: RecorderCapabilities): DiscImage {
  const { tracks } = layout;
  const ends = [...tracks.slice(1).map((track) => track.start), layout.programSectors];
  const hidden = tracks[0]?.pregapAudioSectors ?? 0;
  return {
    specialPregap: hidden > 0 ? { offset: 0, sectors: LEAD_PREGAP_SECTORS + hidden } : undefined,
    tracks: tracks.map((track, i) => ({
      offset: offsetOf(track.start),
      sectors: ends[i]! - track.start,
      isrc: recorder.isrc ? track.isrc : undefined,
      flags: recordedFlags(track, recorder).reduce((bits, flag) => bits | (flag === '4CH' ? 0 : TRACK_FLAG2[flag]), 0),
      indexes: recordedIndexes(track, recorder),
    })),
    catalog: recordedCatalog(layout, recorder),
  };
}
