import { SECTOR_BYTES } from '../../disc/red-book.js';
import { DeviceError } from '../../errors.js';
import type { MediaInfo, RecordOptions, Recorder } from '../recorder.js';
import { ImapiError } from './imapi-error.js';
import { cancelledBurn, describeMedia, recorderName, type Imapi, type RecorderInfo } from './imapi.js';

export interface ImapiRecorderOptions {
  /** Requested write speed (×), or undefined for the recorder's default (its highest). */
  speed?: number;
  /** Silence between tracks in blocks (IMAPI's AudioGapSize). */
  gapSectors: number;
  /** Blocks of all tracks, for staging progress. */
  stagedTotal: number;
  signal?: AbortSignal;
}

/** The largest AudioGapSize IMAPI accepts (3 s). */
export const MAX_IMAPI_GAP_SECTORS = 225;

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
    const props = await this.imapi.shim.setProperties(this.options.speed ?? -1, this.options.gapSectors);
    this.imapi.check(props.result, this.name);
    this.imapi.emit({
      type: 'recorder',
      index: this.info.index,
      name: this.name,
      media: describeMedia(this.info.media),
      writeSpeed: props.writeSpeed,
      maxWriteSpeed: props.maxWriteSpeed,
    });
    if (this.options.speed !== undefined && props.writeSpeed !== this.options.speed) {
      this.imapi.emit({ type: 'warning', message: `${this.name} does not write at ${this.options.speed}×; it will write at ${props.writeSpeed}×` });
    }
    if (props.gapBlocks !== this.options.gapSectors) {
      throw new DeviceError(`${this.name} did not accept a gap of ${this.options.gapSectors} sectors (it uses ${props.gapBlocks}); choose another --gap`, 'EGAP');
    }
  }

  async mediaInfo(): Promise<MediaInfo> {
    const { media } = await this.imapi.recorder(this.info.index);
    if (media.result < 0) throw new ImapiError(media.result, 'the media could not be queried', this.name);
    return media;
  }

  async createTrack(blocks: number): Promise<void> {
    this.pending = true;
    this.imapi.check(await this.imapi.shim.createTrack(blocks), this.name);
  }

  async addBlocks(data: Buffer): Promise<void> {
    const result = await this.imapi.shim.addBlocks(data);
    this.imapi.check(result, this.name);
    this.staged += data.length / SECTOR_BYTES;
    this.imapi.emit({ type: 'addProgress', completed: this.staged, total: this.options.stagedTotal });
  }

  async closeTrack(): Promise<void> {
    this.imapi.check(await this.imapi.shim.closeTrack(), this.name);
  }

  async record({ simulate, eject }: RecordOptions): Promise<void> {
    const result = await this.imapi.record(simulate, eject);
    // IMAPI clears the stash after a successful RecordDisc: a later burn must stage again.
    if (result.hresult >= 0) this.pending = false;
    const cancelled = cancelledBurn(result, this.options.signal, simulate);
    if (cancelled) throw cancelled;
    this.imapi.check(result, this.name);
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
