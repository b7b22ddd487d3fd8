import { SECTOR_BYTES, SECTORS_PER_SECOND } from '../../disc/red-book.js';

/** Shortest stretch of time one speed sample covers, so bursts of events do not read as spikes. */
const SAMPLE_MS = 500;
/** Time constant of the smoothing: a change of speed shows in full after a few seconds. */
const SMOOTHING_MS = 3000;

/** Speed and timing facts of a phase, as every renderer shows them. */
export interface Timing {
  elapsedSeconds: number;
  /** Smoothed speed as a multiple of 1× (75 sectors, 176,400 bytes a second); absent until measured. */
  speed?: number;
  bytesPerSecond?: number;
  /** Time left at the current speed; absent until the speed is known. */
  secondsLeft?: number;
}

/**
 * Measures how fast blocks move through one phase (staging or recording): elapsed time, a speed
 * smoothed over a few seconds (an exponentially weighted average of samples of at least half a
 * second), the time left, and the average over the whole phase.
 */
export class Throughput {
  private startMs?: number;
  private lastMs = 0;
  private sample?: { ms: number; blocks: number };
  private blocks = 0;
  private rate?: number;

  /** Records that `blocks` blocks of the phase are done at `nowMs`. */
  update(blocks: number, nowMs: number): void {
    if (this.startMs === undefined) {
      this.startMs = nowMs;
      this.sample = { ms: nowMs, blocks };
    }
    this.blocks = blocks;
    this.lastMs = nowMs;
    const sample = this.sample!;
    const span = nowMs - sample.ms;
    if (span < SAMPLE_MS) return;
    const rate = ((blocks - sample.blocks) * 1000) / span;
    const weight = 1 - Math.exp(-span / SMOOTHING_MS);
    this.rate = this.rate === undefined ? rate : this.rate + (rate - this.rate) * weight;
    this.sample = { ms: nowMs, blocks };
  }

  get started(): boolean {
    return this.startMs !== undefined;
  }

  /** Elapsed time, speed and time left with `blocksLeft` to go. */
  timing(nowMs: number, blocksLeft: number): Timing {
    const elapsedSeconds = this.startMs === undefined ? 0 : (nowMs - this.startMs) / 1000;
    if (this.rate === undefined || this.rate <= 0) return { elapsedSeconds };
    return { elapsedSeconds, ...speedOf(this.rate), secondsLeft: Math.max(0, blocksLeft) / this.rate };
  }

  /** The phase's duration (first update to last) and its average speed over it. */
  average(): Timing {
    const elapsedSeconds = this.startMs === undefined ? 0 : (this.lastMs - this.startMs) / 1000;
    if (elapsedSeconds <= 0) return { elapsedSeconds };
    return { elapsedSeconds, ...speedOf(this.blocks / elapsedSeconds) };
  }
}

function speedOf(blocksPerSecond: number): { speed: number; bytesPerSecond: number } {
  return { speed: blocksPerSecond / SECTORS_PER_SECOND, bytesPerSecond: Math.round(blocksPerSecond * SECTOR_BYTES) };
}

/** `48.0×` (whole numbers from 100× on). */
export function formatSpeed(speed: number): string {
  return speed >= 100 ? `${Math.round(speed)}×` : `${speed.toFixed(1)}×`;
}

/** `8.5 MB/s` (1 MB = 1,000,000 bytes). */
export function formatRate(bytesPerSecond: number): string {
  const mb = bytesPerSecond / 1e6;
  return `${mb >= 100 ? Math.round(mb) : mb.toFixed(1)} MB/s`;
}

/** A wall-clock duration: `0:07`, `12:04`, `1:02:03`. */
export function formatElapsed(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
