/**
 * IMAPI2 opened through the shim (burn_audio_imapi2.h): its recorders, the disc prepared for a
 * raw disc-at-once write, the image built, written (or read through for a dry run), released;
 * its progress delivered as BurnEvents to the current listener.
 */
import { DeviceError } from '../../errors.js';
import type { BurnEvent, EventListener } from '../../events.js';
import type { DiscLayout } from '../../disc/layout.js';
import type { Imapi2Call, Imapi2Facts, Imapi2Report, ImapiPlatform, RecorderInfo, RecorderMedia } from '../description.js';
import { IMAGE_ADVICE, everyRecorder, imapiUnavailable, recorderName } from '../imapi/imapi.js';
import { ImapiError } from '../imapi/imapi-error.js';
import type { NativeShim2, ShimEventListener, ShimResult } from '../imapi/native.js';
import { EVENT2, shimPath } from '../imapi/shim-contract.js';
import type { DiscImage } from './disc-image.js';
import { E_ACCESSDENIED, E_IMAPI_RECORDER_LOCKED, E_IMAPI_RECORDER_MEDIA_NO_MEDIA, describeImapi2Hresult, hresultName } from './hresults.js';
import { WriteProgress } from './progress.js';
import { unsigned } from '../imapi/hresults.js';

/** What the disc-at-once path uses of the shim's IMAPI2 (NativeShim2, or a stand-in in tests). */
export type Imapi2Native = Pick<
  NativeShim2,
  | 'recorderCount' | 'describe' | 'prepare' | 'imageBegin' | 'imageSpecialPregap' | 'imageAddTrack' | 'imageCatalog' | 'imageCdText'
  | 'imageCreate' | 'write' | 'readThrough' | 'cancel' | 'releaseMedia' | 'releaseNow' | 'eject' | 'report' | 'close'
>;

/** Opens the shim's IMAPI2 with `onEvent` as its event callback (NativeShim2.open). */
export type Imapi2Opener = (onEvent: ShimEventListener) => Promise<{ shim?: Imapi2Native; result: ShimResult }>;

/** 1× for CD audio: 75 sectors per second (IMAPI_SECTORS_PER_SECOND_AT_1X_CD). */
export const SECTORS_PER_SECOND_1X = 75;

/** IMAPI_MEDIA_PHYSICAL_TYPE names, by value. */
const MEDIA_TYPES = ['unknown', 'CD-ROM', 'CD-R', 'CD-RW', 'DVD-ROM', 'DVD-RAM', 'DVD+R', 'DVD+RW', 'DVD+R DL', 'DVD-R', 'DVD-RW', 'DVD-R DL', 'disk', 'DVD+RW DL', 'HD DVD-ROM', 'HD DVD-R', 'HD DVD-RAM', 'BD-ROM', 'BD-R', 'BD-RE'];
const CD_R = 2;
const CD_RW = 3;

/** What ba2_prepare reports once the disc is prepared. */
export interface PreparedMedia {
  sectorTypes: number[];
  sectorType: number;
  /** The LBA where the lead-out can start at the latest: the sectors the program area can hold. */
  lastPossibleStartOfLeadout: number;
  /** Sectors per second. */
  currentWriteSpeed: number;
  mediaType: number;
  speedResult: number;
}

/** What the shim says before anything is opened. */
export interface ShimFacts {
  /** The IMAPI v1 it faces. */
  platform: ImapiPlatform;
  /** ba2_available (S_OK when IMAPI2 can record here), asked the first time it is wanted. */
  imapi2(): ShimResult;
}

/** Why IMAPI2 cannot be used, in words: its HRESULT named. */
export function imapi2Why(result: ShimResult): string {
  const name = result.hresult === 1 ? 'S_FALSE: IsSupportedEnvironment is false (no recorder this account may use)' : describeImapi2Hresult(result.hresult).name;
  return `IMAPI2 is not available here (ba2_available: ${name}${result.detail ? `; ${result.detail}` : ''})`;
}

/** The shim's facts before anything is opened: the IMAPI v1 it faces and, when asked, whether IMAPI2 is there. */
export async function imapiFacts(): Promise<ShimFacts> {
  const why = imapiUnavailable();
  if (why) throw new DeviceError(`${why}; ${IMAGE_ADVICE}`, 'ENOIMAPI');
  const native = await import('../imapi/native.js');
  let platform: ReturnType<typeof native.shimPlatform>;
  try {
    platform = native.shimPlatform();
  } catch (error) {
    throw new DeviceError(`the IMAPI shim ${shimPath()} cannot be loaded (${(error as Error).message}); ${IMAGE_ADVICE}`, 'ENOIMAPI');
  }
  if (platform.result.hresult < 0) throw new ImapiError(platform.result.hresult, platform.result.detail, 'IMAPI', { phase: 'open' });
  let imapi2: ShimResult | undefined;
  return { platform: JSON.parse(platform.json) as ImapiPlatform, imapi2: () => (imapi2 ??= native.imapi2Available()) };
}

async function nativeOpener(onEvent: ShimEventListener): Promise<{ shim?: Imapi2Native; result: ShimResult }> {
  const { NativeShim2 } = await import('../imapi/native.js');
  return NativeShim2.open(onEvent);
}

/** ba2_recorder_describe's JSON: a value whose query failed is null. */
type RawRecorder = Omit<Imapi2Facts, 'index' | 'volumePaths' | 'calls'> & { volumePaths: string[] | null; calls?: Imapi2Call[] };

export class Imapi2 {
  private listener: EventListener;
  private progress?: WriteProgress;
  private returned?: (hresult: number) => void;

  private constructor(
    readonly shim: Imapi2Native,
    onEvent: EventListener,
  ) {
    this.listener = onEvent;
  }

  static async open(onEvent: EventListener, opener: Imapi2Opener = nativeOpener): Promise<Imapi2> {
    let imapi2: Imapi2 | undefined;
    const { shim, result } = await opener((kind, a, b) => imapi2?.dispatch(kind, a, b));
    if (!shim) throw new ImapiError(result.hresult, result.detail, 'IMAPI2', { phase: 'open' }, describeImapi2Hresult(result.hresult));
    imapi2 = new Imapi2(shim, onEvent);
    return imapi2;
  }

  recorders(): Promise<RecorderInfo[]> {
    return everyRecorder(this.shim.recorderCount(), (index) => this.recorder(index));
  }

  /** Recorder `index` as IMAPI2 sees it (its media queried afresh, nothing locked). */
  async recorder(index: number): Promise<RecorderInfo> {
    const { result, json } = await this.shim.describe(index);
    this.check(result, `recorder ${index}`);
    return recorderInfo(index, JSON.parse(json) as RawRecorder);
  }

  /** Every recorder, each with its legacy device number (from ba2_report), the key IMAPI v1's path shares with it. */
  async recordersNumbered(): Promise<RecorderInfo[]> {
    const numbered: RecorderInfo[] = [];
    for (const recorder of await this.recorders()) {
      numbered.push({ ...recorder, imapi2: { ...facts(recorder), legacyDeviceNumber: await this.legacyDeviceNumber(recorder.index) } });
    }
    return numbered;
  }

  private async legacyDeviceNumber(index: number): Promise<number | null> {
    const { result, json } = await this.shim.report(index);
    if (result.hresult < 0) return null;
    const query = (JSON.parse(json) as Pick<Imapi2Report, 'queries'>).queries.find((q) => q.method === 'LegacyDeviceNumber');
    return query && query.hresult >= 0 && typeof query.value === 'number' ? query.value : null;
  }

  async eject(recorder: RecorderInfo): Promise<void> {
    this.check(await this.shim.eject(facts(recorder).index), recorderName(recorder));
  }

  /**
   * PrepareMedia at `speed` (×; undefined: the fastest): from here the recorder is locked and
   * the media is checked; `release` must follow. A lock another program holds is named.
   */
  async prepare(recorder: RecorderInfo, speed: number | undefined): Promise<PreparedMedia> {
    const { result, json } = await this.shim.prepare(facts(recorder).index, speed === undefined ? -1 : speed * SECTORS_PER_SECOND_1X);
    if (result.hresult >= 0) return JSON.parse(json) as PreparedMedia;
    const name = recorderName(recorder);
    if (unsigned(result.hresult) === E_IMAPI_RECORDER_LOCKED || unsigned(result.hresult) === E_ACCESSDENIED) {
      const owner = (JSON.parse(json || '{}') as { exclusiveAccessOwner?: string | null }).exclusiveAccessOwner;
      if (owner) {
        const info = { ...describeImapi2Hresult(result.hresult), hint: `another program holds the recorder: "${owner}" (its ExclusiveAccessOwner); close it, or wait until it is done, and try again` };
        throw new ImapiError(result.hresult, result.detail, name, { phase: 'open' }, info);
      }
    }
    throw new ImapiError(result.hresult, result.detail, name, { phase: 'open' }, describeImapi2Hresult(result.hresult));
  }

  /**
   * Builds the raw image of `image` over the staged disc at `path`, with CD-TEXT packs when given.
   * CreateResultImage comes last; the shim checks StartOfLeadout against the media's room first.
   */
  async buildImage(subject: string, path: string, image: DiscImage, cdText?: Buffer): Promise<void> {
    // Tracks abut; the gaps are in their data (DisableGaplessAudio set explicitly, docs disagree on its default).
    this.check(await this.shim.imageBegin(false, 1), subject, 'staging');
    if (image.specialPregap) this.check(await this.shim.imageSpecialPregap(path, image.specialPregap.offset, image.specialPregap.sectors), subject, 'staging');
    for (const track of image.tracks) this.check(await this.shim.imageAddTrack({ path, ...track }), subject, 'staging');
    if (image.catalog) this.check(await this.shim.imageCatalog(image.catalog), subject, 'staging');
    if (cdText) this.check(await this.shim.imageCdText(cdText), subject, 'staging');
    this.check((await this.shim.imageCreate()).result, subject, 'staging');
  }

  /** WriteMedia; resolves once every event it caused has been delivered. */
  async write(layout: DiscLayout): Promise<{ result: ShimResult; closing: boolean }> {
    const progress = new WriteProgress(layout, this.listener);
    this.progress = progress;
    try {
      const result = await this.untilReturned(() => this.shim.write());
      progress.returned(result.hresult);
      return { result, closing: progress.closingDisc };
    } finally {
      this.progress = undefined;
    }
  }

  /** The dry run's read of the whole image; nothing is written. */
  readThrough(): Promise<ShimResult> {
    return this.untilReturned(() => this.shim.readThrough());
  }

  cancel(): void {
    this.shim.cancel();
  }

  releaseMedia(): Promise<ShimResult> {
    return this.shim.releaseMedia();
  }

  /** For a process that must end at once: cancel, and release the media before it goes. */
  releaseNow(): void {
    this.shim.releaseNow();
  }

  close(): Promise<void> {
    return this.shim.close();
  }

  emit(event: BurnEvent): void {
    this.listener(event);
  }

  /** Throws the ImapiError of a failed call, IMAPI2's meaning of its HRESULT. */
  check(result: ShimResult, subject: string, phase: 'open' | 'staging' | 'recording' | 'closing' = 'open'): void {
    if (result.hresult < 0) throw new ImapiError(result.hresult, result.detail, subject, { phase }, describeImapi2Hresult(result.hresult));
  }

  private async untilReturned(call: () => Promise<ShimResult>): Promise<ShimResult> {
    const returned = new Promise<number>((resolve) => (this.returned = resolve));
    const result = await call();
    await returned;
    return result;
  }

  private dispatch(kind: number, a: number, b: number): void {
    if (kind === EVENT2.update) this.progress?.update(a, b);
    else if (kind === EVENT2.returned) {
      this.returned?.(a);
      this.returned = undefined;
    }
  }
}

function facts(recorder: RecorderInfo): Imapi2Facts {
  if (!recorder.imapi2) throw new DeviceError(`${recorderName(recorder)}: IMAPI2 does not see this recorder; try --tao (track-at-once through IMAPI v1)`, 'ENOIMAPI2');
  return recorder.imapi2;
}

function recorderInfo(index: number, raw: RawRecorder): RecorderInfo {
  const imapi2: Imapi2Facts = { ...raw, index, volumePaths: raw.volumePaths ?? [], calls: raw.calls ?? [] };
  return { index, vendor: raw.vendor ?? '', product: raw.product ?? '', revision: raw.revision ?? '', path: raw.uniqueId, media: mediaOf(imapi2), imapi2 };
}

/** The calls of ba2_recorder_describe that ask about the media. */
const MEDIA_CALLS = ['IsCurrentMediaSupported', 'put_Recorder', 'CurrentPhysicalMediaType', 'MediaPhysicallyBlank'];

/**
 * The media as IMAPI2 describes it: no disc when a query said E_IMAPI_RECORDER_MEDIA_NO_MEDIA
 * (or IMAPI2 would not take the recorder for lack of one), unknown when a media query failed
 * otherwise. The free space is known only once the media is prepared.
 */
export function mediaOf(facts: Imapi2Facts): RecorderMedia {
  const empty = facts.calls.some((call) => unsigned(call.hresult) === E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
  const failed = facts.calls.find((call) => MEDIA_CALLS.includes(call.method) && call.hresult < 0);
  const type = facts.mediaType ?? 0;
  const present = !empty && type !== 0;
  const blank = present && facts.blank === true;
  const rewritable = type === CD_RW;
  const writable = present && (facts.mediaSupported ?? (type === CD_R || type === CD_RW));
  const result = failed && !empty && !present ? failed.hresult : 0;
  const kind = MEDIA_TYPES[type] ?? `media type ${type}`;
  const label = result < 0 ? `unknown (${hresultName(result)})` : !present ? 'no disc' : type === CD_R || type === CD_RW ? `${blank ? 'blank' : 'used'} ${kind}` : kind;
  return { result, present, blank, writable, rewritable, freeBlocks: 0, label };
}
