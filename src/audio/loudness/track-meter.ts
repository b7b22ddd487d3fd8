/**
 * A track's loudness as it will be burned: its PCM decoded, mixed to stereo and resampled to
 * 44.1 kHz by the converter, exactly as when it is staged, and measured there in float, before
 * anything is quantised. Fed by whichever pass reads the track's audio.
 */
import { SAMPLE_RATE } from '../../disc/red-book.js';
import { FloatConverter, type LevelChange } from '../convert.js';
import type { WavFormat } from '../wav-format.js';
import { Limiter, type Frames } from './limiter.js';
import { LoudnessMeter, type Loudness } from './meter.js';

export class TrackMeter extends FloatConverter {
  private readonly meter: LoudnessMeter;
  private readonly limiter?: Limiter;

  /**
   * `frames`: the input frames in all, when known before the end. With `level` (a gain and the
   * limiter), what is measured is the audio the limiter gives, as staging quantises it.
   */
  constructor(format: WavFormat, frames?: number, level?: LevelChange & { ceiling: number }) {
    super(format, frames);
    this.meter = new LoudnessMeter(SAMPLE_RATE, this.kernel, this.capacity);
    if (level) this.limiter = new Limiter(this.kernel, level.gain, level.ceiling, this.capacity);
  }

  /** Measures one chunk of PCM bytes. */
  push(bytes: Buffer): void {
    this.feed(bytes);
  }

  /**
   * After the last chunk: `after` is the audio that follows the track in its file, if any;
   * `frames` the input frames in all, when the constructor was not told.
   */
  end(after: Buffer = Buffer.alloc(0), frames?: number): Loudness {
    this.finish(after, frames);
    if (this.limiter) this.measureLimited(this.limiter.flush());
    return this.meter.result();
  }

  protected emit(left: number, right: number, narrow: boolean, frames: number): void {
    if (this.limiter) this.measureLimited(this.limiter.run(left, right, narrow, frames));
    else this.meter.measure(left, right, narrow, frames);
  }

  private measureLimited([left, right, frames]: Frames): void {
    this.meter.measure(left, right, false, frames);
  }
}

/** Measures PCM handed over in its format as a decode gives it, the length known at the end. */
export class PcmMeter {
  private meter?: TrackMeter;
  private frames = 0;

  push(format: WavFormat, bytes: Buffer): void {
    (this.meter ??= new TrackMeter(format)).push(bytes);
    this.frames += bytes.length / format.blockAlign;
  }

  /** The loudness of all that was pushed (undefined when nothing was). */
  end(): Loudness | undefined {
    return this.meter?.end(Buffer.alloc(0), this.frames);
  }
}
