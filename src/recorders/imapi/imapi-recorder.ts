import { SECTOR_BYTES } from '../../disc/red-book.js';
import { DeviceError } from '../../errors.js';
import type { MediaInfo, RecordOptions, Recorder } from '../recorder.js';
import { ImapiError } from './imapi-error.js';
import { cancelledBurn, describeMedia, recorderName, type Imapi } from './imapi.js';
import type { RecorderInfo } from '../description.js';

export interface ImapiRecorderOptions {
  /** Requested write speed (×), or undefined for the recorder's default (its highest). */
  speed?: number;
  /** Silence between tracks in blocks (IMAPI's AudioGapSize). */
  gapSectors: number;
  /** Blocks of all tracks, for staging progress. */
  stagedTotal: number;
  signal?: AbortSignal;
}

/**
 * Records through IMAPI v1 (IDiscMaster + IRedbookDiscMaster) via the shim. Owns the Imapi
 * session it is given: close() clears anything staged and closes IMAPI.
 */
export class ImapiRecorder implements Recorder {
  readonly name: string;
  private staged = 0;
  private pending = false;

  constructor(
    private readonly imapi: Imapi,
    private readonly info: RecorderInfo,
    private readonly options: ImapiRecorderOptions,
  ) {
    this.name = recorderName(info);
  }

  async open(): Promise<void> {
    await this.imapi.select(this.info);
    const policy = this.imapi.behaviour;
    // Where IMAPI stores WriteSpeed and AudioGapSize but never applies them, they are left alone.
    const speed = policy.speedSettable ? (this.options.speed ?? -1) : -1;
    const gap = policy.fixedGapSectors === undefined ? this.options.gapSectors : -1;
    const props = await this.imapi.shim.setProperties(speed, gap);
    this.imapi.check(props.result, this.name, 'open');
    this.imapi.emit({
      type: 'recorder',
      index: this.info.index,
      name: this.name,
      media: describeMedia(this.info.media),
      writeSpeed: policy.speedSettable ? props.writeSpeed : null,
      maxWriteSpeed: props.maxWriteSpeed,
      recording: 'track-at-once',
    });
    if (this.options.speed !== undefined) this.checkSpeed(this.options.speed, props.writeSpeed, props.maxWriteSpeed);
    if (gap >= 0 && props.gapBlocks !== gap) {
      throw new DeviceError(`${this.name} did not accept a gap of ${gap} sectors (it uses ${props.gapBlocks}); choose another --gap`, 'EGAP');
    }
  }

  /** --speed: what was set, or plainly that it cannot be. */
  private checkSpeed(wanted: number, took: number, max: number): void {
    if (!this.imapi.behaviour.speedSettable) {
      const windows = this.imapi.platform.windows;
      this.imapi.emit({
        type: 'warning',
        message: `--speed ${wanted}: IMAPI v1 on this Windows (${windows}) cannot set the write speed (it stores WriteSpeed but never applies it to an audio burn); ${this.name} will write at the speed Windows picks, at most ${max}×`,
      });
    } else if (took !== wanted) {
      this.imapi.emit({ type: 'warning', message: `${this.name} does not write at ${wanted}×; it will write at ${took}×` });
    }
  }

  async mediaInfo(): Promise<MediaInfo> {
    const { media } = await this.imapi.recorder(this.info.index);
    if (media.result < 0) throw new ImapiError(media.result, 'the media could not be queried', this.name, { phase: 'open', behaviour: this.imapi.behaviour });
    return media;
  }

  async createTrack(blocks: number): Promise<void> {
    this.pending = true;
    this.imapi.check(await this.imapi.shim.createTrack(blocks), this.name, 'staging');
  }

  async addBlocks(data: Buffer): Promise<void> {
    const result = await this.imapi.shim.addBlocks(data);
    this.imapi.check(result, this.name, 'staging');
    this.staged += data.length / SECTOR_BYTES;
    this.imapi.emit({ type: 'addProgress', completed: this.staged, total: this.options.stagedTotal });
  }

  async closeTrack(): Promise<void> {
    this.imapi.check(await this.imapi.shim.closeTrack(), this.name, 'staging');
  }

  async record({ simulate, eject }: RecordOptions): Promise<void> {
    const { result, phase, deviceChanged } = await this.imapi.record(simulate, eject);
    // IMAPI clears the stash after a successful RecordDisc: a later burn must stage again.
    if (result.hresult >= 0) this.pending = false;
    const cancelled = cancelledBurn(result, this.options.signal, simulate);
    if (cancelled) throw cancelled;
    this.imapi.check(result, this.name, phase, deviceChanged);
  }

  cancel(): void {
    this.imapi.cancel();
  }

  async close(): Promise<void> {
    if (this.pending) await this.imapi.shim.clear();
    this.pending = false;
    await this.imapi.close();
  }
}
