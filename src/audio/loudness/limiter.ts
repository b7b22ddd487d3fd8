/**
 * The true-peak limiter `--limiter auto` puts after the gain: stereo-linked (one gain for both
 * channels, so the image does not move), looking ahead so the gain is down before a peak comes,
 * detecting peaks as the meter does (4× oversampled, BS.1770-5 Annex 2), releasing over about
 * 100 ms, and never more than MAX_REDUCTION_DB: it takes only the peaks that stop a gain from
 * reaching its target, not the music's dynamics. The work per frame is the kernel's (fir.wat, `limit`).
 */
import { SAMPLE_RATE } from '../../disc/red-book.js';
import type { Kernel } from '../kernel.js';
import { TRUE_PEAK_BOUND, TRUE_PEAK_TAPS } from './filters.js';

/** The most the limiter takes off a peak, dB. */
export const MAX_REDUCTION_DB = 6;
/** The ramp down to a peak's gain, and so the lookahead: 5 ms, as ffmpeg's alimiter attacks. */
const ATTACK_FRAMES = Math.round(0.005 * SAMPLE_RATE);
/** The release's time constant: the gain returns 63 % of the way in 100 ms. */
const RELEASE_SECONDS = 0.1;
/** Frames the limiter delays the audio: the attack ramp and the interpolator's reach. */
const DELAY_FRAMES = ATTACK_FRAMES + 11;

/** Layout of the kernel's limiter state (fir.wat, `limit`). */
const STATE = { bytes: 304, attack: 56, loud: 64, addresses: 84, taps: 112 } as const;

/** Frames in the kernel's memory, float64: left, right and how many. */
export type Frames = [left: number, right: number, frames: number];

export class Limiter {
  private readonly state: number;
  private readonly left: number;
  private readonly right: number;
  private readonly silence: number;
  /** Frames still to come out of the delay's initial silence. */
  private withheld = DELAY_FRAMES;

  /** `gain` and `ceiling` as factors of full scale; at most `capacity` frames at a time. */
  constructor(private readonly kernel: Kernel, gain: number, ceiling: number, private readonly capacity: number) {
    if (capacity < DELAY_FRAMES) throw new Error(`the limiter needs to take ${DELAY_FRAMES} frames at a time, not ${capacity}`);
    this.state = kernel.alloc(STATE.bytes);
    const audio = (DELAY_FRAMES + capacity) * 8;
    const detector = (11 + capacity) * 4;
    const hold = ATTACK_FRAMES + 12;
    const regions = [audio, audio, detector, detector, hold * 8, hold * 4, ATTACK_FRAMES * 8].map((bytes) => kernel.alloc(bytes));
    this.left = kernel.alloc(capacity * 8);
    this.right = kernel.alloc(capacity * 8);
    this.silence = kernel.alloc(DELAY_FRAMES * 8);
    const { f64, i32 } = kernel;
    const release = 1 - Math.exp(-1 / (RELEASE_SECONDS * SAMPLE_RATE));
    f64.set([gain, ceiling, 10 ** (-MAX_REDUCTION_DB / 20), release, ceiling / TRUE_PEAK_BOUND, 1, ATTACK_FRAMES], this.state / 8);
    i32.set([ATTACK_FRAMES, 0, -12, 0, 0, 0, 0], (this.state + STATE.attack) / 4);
    i32.set(regions, (this.state + STATE.addresses) / 4);
    f64.fill(1, regions[6]! / 8, regions[6]! / 8 + ATTACK_FRAMES);
    kernel.f32.set(TRUE_PEAK_TAPS.flat(), (this.state + STATE.taps) / 4);
  }

  /** Limits `frames` frames (float32 when `narrow`, else float64); gives the frames that leave the delay. */
  run(left: number, right: number, narrow: boolean, frames: number): Frames {
    this.kernel.run.limit(left, right, narrow ? 1 : 0, frames, this.left, this.right, this.state);
    const skip = Math.min(this.withheld, frames);
    this.withheld -= skip;
    return [this.left + skip * 8, this.right + skip * 8, frames - skip];
  }

  /** After the last frames: the frames the delay still holds. */
  flush(): Frames {
    return this.run(this.silence, this.silence, false, DELAY_FRAMES);
  }
}
