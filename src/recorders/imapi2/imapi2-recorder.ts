import type { DiscLayout } from '../../disc/layout.js';
import { onForcedExit } from '../../exit-hooks.js';
import type { RecorderInfo } from '../description.js';
import { imapi2CdText, type RecorderCapabilities } from '../capabilities.js';
import { cdTextPacks } from '../../disc/cd-text.js';
import { cancelledBurn, describeMedia, recorderName } from '../imapi/imapi.js';
import type { DiscAtOnceRecorder, DiscRecordOptions, MediaInfo, StagedDisc } from '../recorder.js';
import { discImage } from './disc-image.js';
import { E_IMAPI_REQUEST_CANCELLED } from './hresults.js';
import { SECTORS_PER_SECOND_1X, type Imapi2, type PreparedMedia } from './imapi2.js';

export interface Imapi2RecorderOptions {
  layout: DiscLayout;
  /** What IMAPI2 records of the layout (imapi2CdText: CD-TEXT or not). */
  capabilities: RecorderCapabilities;
  /** Requested write speed (×), or undefined for the fastest. */
  speed?: number;
  /** CD-TEXT packs for the lead-in (18 bytes each), with --cd-text. */
  cdText?: Buffer;
  signal?: AbortSignal;
}

const CD_RW = 3;

/** What IMAPI2 records of the layout's CD-TEXT: with --cd-text, its packs, in the lead-in. */
export function discAtOnceText(layout: DiscLayout, cdText: boolean): Pick<Imapi2RecorderOptions, 'capabilities' | 'cdText'> {
  const packs = cdText && layout.cdTextPacks > 0 ? cdTextPacks(layout) : undefined;
  return { capabilities: imapi2CdText(cdText), cdText: packs };
}

/**
 * Records through IMAPI2 raw disc-at-once (IDiscFormat2RawCD) via the shim: open() prepares the
 * media (which locks the recorder), recordDisc() builds the image over the staged disc and
 * writes it, or for a dry run reads it through once. close() releases the media, whatever
 * happened, and closes IMAPI2; so does a forced exit.
 */
export class Imapi2Recorder implements DiscAtOnceRecorder {
  private prepared?: PreparedMedia;
  private unhook?: () => void;
  private ejectAfter = false;

  constructor(
    private readonly imapi2: Imapi2,
    private readonly info: RecorderInfo,
    private readonly options: Imapi2RecorderOptions,
  ) {}

  get name(): string {
    return recorderName(this.info);
  }

  async open(): Promise<void> {
    const prepared = await this.imapi2.prepare(this.info, this.options.speed);
    this.prepared = prepared;
    this.unhook = onForcedExit(() => this.imapi2.releaseNow());
    const speeds = this.info.imapi2?.writeSpeeds ?? [];
    const writeSpeed = Math.floor(prepared.currentWriteSpeed / SECTORS_PER_SECOND_1X);
    const maxWriteSpeed = Math.floor(Math.max(prepared.currentWriteSpeed, ...speeds) / SECTORS_PER_SECOND_1X);
    const media = { ...this.info.media, present: true, blank: true, rewritable: prepared.mediaType === CD_RW, freeBlocks: prepared.lastPossibleStartOfLeadout };
    this.imapi2.emit({ type: 'recorder', index: this.info.index, name: this.name, media: describeMedia(media), writeSpeed, maxWriteSpeed, recording: 'disc-at-once' });
    const wanted = this.options.speed;
    if (wanted !== undefined && writeSpeed !== wanted) {
      this.imapi2.emit({ type: 'warning', message: `${this.name} does not write at ${wanted}×; it will write at ${writeSpeed}×` });
    }
  }

  /** Prepared media is blank and writable (PrepareMedia refuses anything else); its room is where the lead-out may start at the latest. */
  async mediaInfo(): Promise<MediaInfo> {
    const prepared = this.prepared;
    if (!prepared) throw new Error('the media is not prepared');
    return { present: true, blank: true, writable: true, rewritable: prepared.mediaType === CD_RW, freeBlocks: prepared.lastPossibleStartOfLeadout };
  }

  async recordDisc(disc: StagedDisc, { dryRun, eject }: DiscRecordOptions): Promise<void> {
    const { layout, capabilities, cdText, signal } = this.options;
    await this.imapi2.buildImage(this.name, disc.path, discImage(layout, capabilities), cdText);
    if (dryRun) {
      const result = await this.imapi2.readThrough();
      const cancelled = cancelledBurn(result, signal, true, E_IMAPI_REQUEST_CANCELLED);
      if (cancelled) throw cancelled;
      this.imapi2.check(result, this.name, 'staging');
      return;
    }
    const { result, closing } = await this.imapi2.write(layout);
    const cancelled = cancelledBurn(result, signal, false, E_IMAPI_REQUEST_CANCELLED);
    if (cancelled) throw cancelled;
    this.imapi2.check(result, this.name, closing ? 'closing' : 'recording');
    this.ejectAfter = eject;
  }

  cancel(): void {
    this.imapi2.cancel();
  }

  async close(): Promise<void> {
    if (this.prepared) {
      this.prepared = undefined;
      const released = await this.imapi2.releaseMedia();
      this.unhook?.();
      if (released.hresult < 0) {
        this.imapi2.emit({ type: 'warning', message: `${this.name}: IMAPI2 could not release the disc (${released.detail}); the recorder stays locked until burn-audio has ended` });
      }
    }
    if (this.ejectAfter && this.info.imapi2) {
      this.ejectAfter = false;
      await this.imapi2.eject(this.info).catch((error: unknown) => this.imapi2.emit({ type: 'warning', message: `${this.name}: the disc could not be ejected (${(error as Error).message})` }));
    }
    await this.imapi2.close();
  }
}
