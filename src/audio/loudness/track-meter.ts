/**
 * A track's loudness as it will be burned: its PCM decoded, mixed to stereo and resampled to
 * 44.1 kHz by the converter, exactly as when it is staged, and measured there in float, before
 * anything is quantised. Fed by whichever pass reads the track's audio.
 */
import { SAMPLE_RATE } from '../../disc/red-book.js';
import { FloatConverter } from '../convert.js';
import type { WavFormat } from '../wav-format.js';
import { LoudnessMeter, type Loudness } from './meter.js';

export class TrackMeter extends FloatConverter {
  private readonly meter: LoudnessMeter;

  /** `frames`: the input frames in all, when known before the end. */
  constructor(format: WavFormat, frames?: number) {
    super(format, frames);
    this.meter = new LoudnessMeter(SAMPLE_RATE, this.kernel, this.capacity);
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
    return this.meter.result();
  }

  protected emit(left: number, right: number, narrow: boolean, frames: number): void {
    this.meter.measure(left, right, narrow, frames);
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
