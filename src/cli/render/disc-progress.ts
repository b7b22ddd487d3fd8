import type { BurnEvent } from '../../events.js';
import type { DiscLayout, TrackLayout } from '../../plan.js';

export type Phase = 'probing' | 'staging' | 'preparing' | 'recording' | 'closing' | 'complete';

/**
 * The state every renderer draws: which phase, which track, how far each track and the disc
 * are. Staging counts track blocks only; recording counts disc blocks, gaps included.
 */
export class DiscProgress {
  phase: Phase = 'probing';
  layout?: DiscLayout;
  private staged = 0;
  private recorded = 0;
  /** NotifyBlockProgress's own total: the program with its gaps (XP), or the tracks alone (modern IMAPI). */
  private recordTotal = 0;
  /** The last NotifyTrackProgress `completed`: tracks fully written. */
  tracksWritten = 0;

  /** Applies an event; returns true when what a renderer shows may have changed. */
  apply(event: BurnEvent): boolean {
    switch (event.type) {
      case 'plan':
        this.layout = event.layout;
        return true;
      case 'addProgress':
        this.phase = 'staging';
        this.staged = event.completed;
        return true;
      case 'preparingBurn':
        this.phase = 'preparing';
        return true;
      case 'blockProgress':
        this.phase = 'recording';
        this.recorded = event.completed;
        this.recordTotal = event.total;
        return true;
      case 'trackProgress':
        this.phase = 'recording';
        this.tracksWritten = event.completed;
        return true;
      case 'closingDisc':
        this.phase = 'closing';
        return true;
      case 'burnComplete':
        this.phase = 'complete';
        return true;
      default:
        return false;
    }
  }

  get tracks(): TrackLayout[] {
    return this.layout?.tracks ?? [];
  }

  /** Index of the track being staged or recorded. */
  currentTrack(): number {
    const last = Math.max(0, this.tracks.length - 1);
    if (this.phase === 'staging') {
      let offset = 0;
      for (const [index, track] of this.tracks.entries()) {
        offset += track.sectors;
        if (this.staged < offset) return index;
      }
      return last;
    }
    return Math.min(this.tracksWritten, last);
  }

  /** Blocks of track `index` done in the current phase. */
  trackDone(index: number): number {
    const track = this.tracks[index];
    if (!track) return 0;
    if (this.phase === 'staging') {
      const before = this.tracks.slice(0, index).reduce((sum, t) => sum + t.sectors, 0);
      return clamp(this.staged - before, 0, track.sectors);
    }
    if (this.phase === 'recording') {
      if (index < this.tracksWritten) return track.sectors;
      return clamp(this.recorded - this.recordOffset(index), 0, track.sectors);
    }
    return this.phase === 'closing' || this.phase === 'complete' ? track.sectors : 0;
  }

  /** Where track `index` starts in IMAPI's block count: after the gaps before it, unless the count leaves gaps out. */
  private recordOffset(index: number): number {
    const layout = this.layout;
    if (!layout) return 0;
    const gapsCounted = this.recordTotal === 0 || this.recordTotal === layout.programSectors;
    return gapsCounted ? (this.tracks[index]?.start ?? 0) : this.tracks.slice(0, index).reduce((sum, t) => sum + t.sectors, 0);
  }

  /** Blocks of the whole disc done in the current phase, and the phase's total. */
  discDone(): { done: number; total: number } {
    const layout = this.layout;
    if (!layout) return { done: 0, total: 1 };
    if (this.phase === 'staging') return { done: this.staged, total: stagedTotal(layout) };
    if (this.phase === 'recording') return { done: this.recorded, total: this.recordTotal || layout.programSectors };
    const finished = this.phase === 'closing' || this.phase === 'complete';
    return { done: finished ? layout.programSectors : 0, total: layout.programSectors };
  }
}

function stagedTotal(layout: DiscLayout): number {
  return layout.tracks.reduce((sum, track) => sum + track.sectors, 0);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
