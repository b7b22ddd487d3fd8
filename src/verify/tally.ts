import type { DiscLayout, TrackLayout } from '../disc/layout.js';
import { stagingStart } from '../disc/plan.js';
import { FRAME_BYTES, SECTOR_FRAMES, formatTrackTime } from '../disc/red-book.js';
import { TrackChecksums } from './checksums.js';
import type { SectorRun, TrackVerification } from './report.js';

/** Runs of bad sectors kept per track: the counts stay exact, the list stays short whatever the damage. */
const MAX_RUNS = 20;

interface TrackTally {
  track: TrackLayout;
  differing: number;
  unreadable: number;
  runs: SectorRun[];
  unverifiableSamples: number;
  checksums: TrackChecksums;
}

/**
 * What the comparison found, per track. A sector belongs to the track whose staging holds it (a
 * gap goes with the track after it, as a player counts it); the checksums cover INDEX 01 to the
 * next track's INDEX 01, as rippers cut tracks (audio before track 1's INDEX 01 is in none).
 */
export class Tally {
  private readonly tracks: TrackTally[];

  constructor(private readonly layout: DiscLayout) {
    const { tracks, programSectors } = layout;
    this.tracks = tracks.map((track, i) => {
      const end = tracks[i + 1]?.start ?? programSectors;
      const checksums = new TrackChecksums((end - track.start) * SECTOR_FRAMES, i === 0, i === tracks.length - 1);
      return { track, differing: 0, unreadable: 0, runs: [], unverifiableSamples: 0, checksums };
    });
  }

  bad(lba: number, kind: SectorRun['kind']): void {
    const tally = this.holding(lba);
    tally[kind === 'differs' ? 'differing' : 'unreadable'] += 1;
    const last = tally.runs.at(-1);
    if (last && last.kind === kind && last.lba + last.sectors === lba) last.sectors += 1;
    else if (tally.runs.length < MAX_RUNS) tally.runs.push({ lba, sectors: 1, time: formatTrackTime(lba - tally.track.start), kind });
  }

  unverifiable(lba: number, samples: number): void {
    if (samples > 0) this.holding(lba).unverifiableSamples += samples;
  }

  /** The audio read for the sectors from `lba`, shifted into place, for the checksums. */
  read(lba: number, audio: Buffer): void {
    const from = lba * SECTOR_FRAMES;
    const to = from + audio.length / FRAME_BYTES;
    for (const [i, tally] of this.tracks.entries()) {
      const start = tally.track.start * SECTOR_FRAMES;
      const end = (this.tracks[i + 1]?.track.start ?? this.layout.programSectors) * SECTOR_FRAMES;
      const a = Math.max(from, start);
      const b = Math.min(to, end);
      if (a < b) tally.checksums.add(audio.subarray((a - from) * FRAME_BYTES, (b - from) * FRAME_BYTES));
    }
  }

  result(): TrackVerification[] {
    return this.tracks.map(({ track, differing, unreadable, runs, unverifiableSamples, checksums }) => ({
      number: track.number,
      status: differing + unreadable === 0 ? 'exact' : 'differs',
      differing,
      unreadable,
      runs,
      unverifiableSamples,
      ...checksums.result(),
    }));
  }

  private holding(lba: number): TrackTally {
    return this.tracks.findLast((tally) => stagingStart(tally.track) <= lba) ?? this.tracks[0]!;
  }
}
