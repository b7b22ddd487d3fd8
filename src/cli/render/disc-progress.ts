import type { BurnEvent } from '../../events.js';
import type { DiscLayout, TrackLayout } from '../../disc/layout.js';
import { Throughput, type Timing } from './throughput.js';

export type Phase = 'probing' | 'staging' | 'preparing' | 'recording' | 'closing' | 'complete' | 'verifying';

/** Speed and timing facts of the phase moving blocks, and what that phase is. */
export interface PhaseTiming extends Timing {
  phase: 'staging' | 'recording' | 'verifying';
}

/**
 * The state every renderer draws: which phase, which track, how far each track and the disc
 * are, and how fast. Progress is taken as the fraction of each event's own `total` (IMAPI's
 * block totals need not match the layout's: they may leave out the gaps), so every bar ends at
 * 100% whatever totals the events carry.
 */
export class DiscProgress {
  phase: Phase = 'probing';
  layout?: DiscLayout;
  private staged = { completed: 0, total: 1 };
  private recorded = { completed: 0, total: 1 };
  private compared = { completed: 0, total: 1 };
  readonly staging = new Throughput();
  readonly recording = new Throughput();
  readonly verifying = new Throughput();
  /** The first event: the start of the run as a person sees it. */
  private startMs?: number;
  private endMs?: number;
  /** The last NotifyTrackProgress `completed`: tracks fully written. */
  tracksWritten = 0;

  constructor(readonly now: () => number = () => performance.now()) {}

  /** Applies an event; returns true when what a renderer shows may have changed. */
  apply(event: BurnEvent): boolean {
    this.startMs ??= this.now();
    switch (event.type) {
      case 'plan':
        this.layout = event.layout;
        return true;
      case 'addProgress':
        this.phase = 'staging';
        this.staged = { completed: event.completed, total: Math.max(1, event.total) };
        this.staging.update(event.completed, this.now());
        return true;
      case 'preparingBurn':
        this.phase = 'preparing';
        return true;
      case 'blockProgress':
        this.phase = 'recording';
        this.recorded = { completed: event.completed, total: Math.max(1, event.total) };
        this.recording.update(event.completed, this.now());
        return true;
      case 'trackProgress':
        this.phase = 'recording';
        this.tracksWritten = event.completed;
        if (!this.recording.started) this.recording.update(0, this.now());
        return true;
      case 'closingDisc':
        this.phase = 'closing';
        return true;
      case 'burnComplete':
        this.phase = 'complete';
        return true;
      case 'verifyProgress':
        this.phase = 'verifying';
        this.compared = { completed: event.completed, total: Math.max(1, event.total) };
        this.verifying.update(event.completed, this.now());
        return true;
      case 'done':
      case 'verified':
        this.endMs = this.now();
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
      const position = this.position();
      let offset = 0;
      for (const [index, track] of this.tracks.entries()) {
        offset += track.sectors;
        if (position < offset) return index;
      }
      return last;
    }
    if (this.phase === 'verifying') {
      const index = this.tracks.findLastIndex((track) => track.start <= this.compared.completed);
      return Math.max(0, index);
    }
    return Math.min(this.tracksWritten, last);
  }

  /** Fraction of the current phase done, 0 to 1. */
  fraction(): number {
    if (this.phase === 'staging') return clamp(this.staged.completed / this.staged.total, 0, 1);
    if (this.phase === 'verifying') return clamp(this.compared.completed / this.compared.total, 0, 1);
    if (this.phase === 'recording') {
      if (this.tracks.length > 0 && this.tracksWritten >= this.tracks.length) return 1;
      return clamp(this.recorded.completed / this.recorded.total, 0, 1);
    }
    return this.phase === 'closing' || this.phase === 'complete' ? 1 : 0;
  }

  /**
   * Where the phase is, in the layout's sectors: track sectors staged (gaps are not staged), or
   * program sectors recorded.
   */
  private position(): number {
    const layout = this.layout;
    if (!layout) return 0;
    return Math.round(this.fraction() * (this.phase === 'staging' ? stagedTotal(layout) : layout.programSectors));
  }

  /**
   * Recording: NotifyBlockProgress counts the whole program, gaps included (XP), or only the
   * tracks' own blocks (modern IMAPI); a count that is neither is scaled to the program.
   */
  private gapsLeftOut(): boolean {
    const layout = this.layout;
    return layout !== undefined && this.recorded.total !== layout.programSectors && this.recorded.total === stagedTotal(layout);
  }

  private recordedBlocks(): number {
    return this.gapsLeftOut() ? clamp(this.recorded.completed, 0, this.recorded.total) : this.position();
  }

  /** Where track `index` starts in IMAPI's block count. */
  private recordOffset(index: number): number {
    return this.gapsLeftOut() ? this.audioBefore(index) : (this.tracks[index]?.start ?? 0);
  }

  /** Sectors of the tracks before track `index`, gaps left out. */
  private audioBefore(index: number): number {
    return this.tracks.slice(0, index).reduce((sum, t) => sum + t.sectors, 0);
  }

  /** Blocks of track `index` done in the current phase. */
  trackDone(index: number): number {
    const track = this.tracks[index];
    if (!track) return 0;
    if (this.phase === 'staging') {
      return clamp(this.position() - this.audioBefore(index), 0, track.sectors);
    }
    if (this.phase === 'recording') {
      if (index < this.tracksWritten) return track.sectors;
      return clamp(this.recordedBlocks() - this.recordOffset(index), 0, track.sectors);
    }
    if (this.phase === 'verifying') return clamp(this.compared.completed - track.start, 0, track.sectors);
    return this.phase === 'closing' || this.phase === 'complete' ? track.sectors : 0;
  }

  /**
   * Audio done in the current phase and the phase's own total, in sectors: staging counts the
   * tracks' audio (no gaps), recording the whole disc (lead-in pregap and gaps, as the plan).
   */
  discDone(): { done: number; total: number; unit: 'audio' | 'disc' } {
    const layout = this.layout;
    if (!layout) return { done: 0, total: 1, unit: 'disc' };
    if (this.phase === 'staging') return { done: this.position(), total: stagedTotal(layout), unit: 'audio' };
    if (this.phase === 'verifying') return { done: this.compared.completed, total: layout.programSectors, unit: 'disc' };
    return { done: Math.round(this.fraction() * layout.totalSectors), total: layout.totalSectors, unit: 'disc' };
  }

  /** Speed, elapsed time and time left of the phase moving blocks now (staging, recording or verifying). */
  timing(): PhaseTiming | undefined {
    const now = this.now();
    if (this.phase === 'staging') return { phase: 'staging', ...this.staging.timing(now, this.staged.total - this.staged.completed) };
    if (this.phase === 'recording') return { phase: 'recording', ...this.recording.timing(now, this.recorded.total - this.recorded.completed) };
    if (this.phase === 'verifying') return { phase: 'verifying', ...this.verifying.timing(now, this.compared.total - this.compared.completed) };
    return undefined;
  }

  /** Seconds from the first event to the end of the run (or to now). */
  elapsedSeconds(): number {
    return this.startMs === undefined ? 0 : ((this.endMs ?? this.now()) - this.startMs) / 1000;
  }
}

function stagedTotal(layout: DiscLayout): number {
  return layout.tracks.reduce((sum, track) => sum + track.sectors, 0);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
