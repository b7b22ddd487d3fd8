import { DeviceError, InterruptedError, UsageError } from '../../errors.js';
import type { BurnEvent, EventListener } from '../../events.js';
import { formatDuration } from '../../disc/red-book.js';
import type { ImapiBehaviour, ImapiPlatform, RecorderInfo, RecorderMedia } from '../description.js';
import { behaviourOf } from './behaviour.js';
import { IMAPI_E_USERABORT, REGDB_E_CLASSNOTREG, unsigned, type ImapiPhase } from './hresults.js';
import { ImapiError } from './imapi-error.js';
import type { NativeShim, ShimResult } from './native.js';
import { EVENT, shimExists, shimPath } from './shim-contract.js';

/** The environment variable that points the IMAPI recorder at the simulator's configuration. */
const SIMULATOR_ENV = 'BURN_AUDIO_IMAPI_SIM';

/** MEDIA_FLAGS (imapi.h). */
const MEDIA_BLANK = 0x1;
const MEDIA_RW = 0x2;
const MEDIA_WRITABLE = 0x4;

export function recorderName(info: RecorderInfo): string {
  return `${info.vendor} ${info.product}`.replace(/\s+/g, ' ').trim();
}

/** Why IMAPI cannot be used here, or undefined when it can be tried. */
export function imapiUnavailable(): string | undefined {
  if (process.platform === 'win32') {
    return shimExists() ? undefined : `the IMAPI shim is missing from this installation (${shimPath()}); reinstall burn-audio`;
  }
  if (!process.env[SIMULATOR_ENV]) return `there are no CD recorders burn-audio can use here: it records discs through Windows IMAPI, which ${process.platform} does not have (set BURN_AUDIO_IMAPI_SIM to try the IMAPI simulator, see the README)`;
  if (!shimExists()) return `the IMAPI simulator library is not built (${shimPath()}); run npm run build:native`;
  return undefined;
}

/** The advice that goes with every "IMAPI is not available" message. */
export const IMAGE_ADVICE = 'write a BIN/CUE disc image instead with --image disc.cue';

/**
 * IMAPI opened through the shim: the recorder list, and the progress events of whatever runs,
 * delivered as BurnEvents to the current listener.
 */
export class Imapi {
  private listener: EventListener;
  private completion?: { kind: number; resolve: (status: number) => void };
  /** The running burn as its events tell it: the last block count, every track written, a device change. */
  private lastBlocks?: { completed: number; total: number };
  private tracksDone = false;
  private closingSeen = false;
  private deviceChanged = false;
  /** The IMAPI v1 behaviour faced, and the policy that follows (behaviour.ts). */
  readonly behaviour: ImapiBehaviour;

  private constructor(
    readonly shim: NativeShim,
    onEvent: EventListener,
    readonly platform: ImapiPlatform,
  ) {
    this.listener = onEvent;
    this.behaviour = behaviourOf(platform);
  }

  static async open(onEvent: EventListener): Promise<Imapi> {
    const why = imapiUnavailable();
    if (why) throw new DeviceError(`${why}; ${IMAGE_ADVICE}`, 'ENOIMAPI');
    let imapi: Imapi | undefined;
    // ffi-rs and its native addon load only when a recorder is really wanted.
    const { NativeShim } = await import('./native.js');
    const { shim, result } = await NativeShim.open((kind, a, b) => imapi?.dispatch(kind, a, b)).catch((error: unknown) => {
      throw new DeviceError(`the IMAPI shim ${shimPath()} cannot be loaded (${(error as Error).message}); ${IMAGE_ADVICE}`, 'ENOIMAPI');
    });
    if (!shim) {
      if (unsigned(result.hresult) === REGDB_E_CLASSNOTREG) {
        throw new DeviceError(`IMAPI is not available on this system (its COM class is not registered); ${IMAGE_ADVICE}`, 'ENOIMAPI');
      }
      throw new ImapiError(result.hresult, result.detail, 'IMAPI', { phase: 'open' });
    }
    const platform = shim.platform();
    if (platform.result.hresult < 0) {
      await shim.close();
      throw new ImapiError(platform.result.hresult, platform.result.detail, 'IMAPI', { phase: 'open' });
    }
    imapi = new Imapi(shim, onEvent, JSON.parse(platform.json) as ImapiPlatform);
    return imapi;
  }

  recorders(): Promise<RecorderInfo[]> {
    return everyRecorder(this.shim.recorderCount(), (index) => this.recorder(index));
  }

  /** Describes recorder `index`, its media queried afresh. */
  async recorder(index: number): Promise<RecorderInfo> {
    const { result, json } = await this.shim.describe(index);
    this.check(result, `recorder ${index}`, 'open');
    return parseRecorder(index, json);
  }

  /** The recorder `-d/--device` names (an index, or part of its name or path); the first by default. */
  async pick(device: string | undefined): Promise<RecorderInfo> {
    return pickRecorder(await this.recorders(), device);
  }

  async select(recorder: RecorderInfo): Promise<void> {
    this.check(await this.shim.selectRecorder(recorder.index), recorderName(recorder), 'open');
  }

  async erase(recorder: RecorderInfo, full: boolean): Promise<void> {
    await this.select(recorder);
    const returned = this.waitFor(EVENT.returned);
    const result = await this.shim.erase(full);
    await returned;
    this.check(result, recorderName(recorder), 'erasing');
  }

  async eject(recorder: RecorderInfo): Promise<void> {
    await this.select(recorder);
    this.check(await this.shim.eject(), recorderName(recorder), 'open');
  }

  /**
   * Runs RecordDisc; resolves once every event it caused has been delivered. A successful burn
   * ends with block progress at its total, whatever IMAPI last counted.
   */
  async record(simulate: boolean, eject: boolean): Promise<{ result: ShimResult; phase: ImapiPhase; deviceChanged: boolean }> {
    this.lastBlocks = undefined;
    this.tracksDone = this.closingSeen = this.deviceChanged = false;
    const returned = this.waitFor(EVENT.returned);
    const result = await this.shim.record(simulate, eject);
    await returned;
    if (result.hresult >= 0) this.completeBlocks();
    // Modern IMAPI sends NotifyClosingDisc only once the disc is closed: after track N of N, it is closing.
    return { result, phase: this.closingSeen || this.tracksDone ? 'closing' : 'recording', deviceChanged: this.deviceChanged };
  }

  /** The final block progress at its total, when IMAPI's last count stopped short of it. */
  private completeBlocks(): void {
    const last = this.lastBlocks;
    if (last && last.completed < last.total) this.listener({ type: 'blockProgress', completed: last.total, total: last.total });
  }

  cancel(): void {
    this.shim.cancel();
  }

  close(): Promise<void> {
    return this.shim.close();
  }

  /** Throws the ImapiError for a failed result, its hint fitted to the phase (and to a device change IMAPI reported during the call). */
  check(result: ShimResult, subject: string, phase: ImapiPhase, deviceChanged = false): void {
    if (result.hresult < 0) throw new ImapiError(result.hresult, result.detail, subject, { phase, behaviour: this.behaviour, deviceChanged });
  }

  emit(event: BurnEvent): void {
    this.listener(event);
  }

  private waitFor(kind: number): Promise<number> {
    return new Promise((resolve) => (this.completion = { kind, resolve }));
  }

  private dispatch(kind: number, a: number, b: number): void {
    const event = toBurnEvent(kind, a, b);
    if (event?.type === 'blockProgress') this.lastBlocks = event;
    if (event?.type === 'closingDisc') this.closingSeen = true;
    if (event?.type === 'trackProgress' && event.completed === event.total) this.tracksDone = true;
    if (event?.type === 'pnpActivity') this.deviceChanged = true;
    if (event) this.listener(event);
    if (this.completion?.kind === kind) {
      this.completion.resolve(a);
      this.completion = undefined;
    }
  }
}

/** Each of `count` recorders described in turn. */
export async function everyRecorder(count: number, describe: (index: number) => Promise<RecorderInfo>): Promise<RecorderInfo[]> {
  const list: RecorderInfo[] = [];
  for (let index = 0; index < count; index += 1) list.push(await describe(index));
  return list;
}

/**
 * The recorder `-d/--device` names in a list: its index, or part of its vendor and product name
 * or of its path (an IMAPI2 recorder's unique ID and drive letters too); the first by default.
 */
export function pickRecorder(list: readonly RecorderInfo[], device: string | undefined): RecorderInfo {
  if (list.length === 0) throw new DeviceError('no CD recorder found; connect one, or ' + IMAGE_ADVICE, 'ENORECORDER');
  if (device === undefined) return list[0]!;
  if (/^\d+$/.test(device)) {
    const found = list.find((recorder) => recorder.index === Number(device));
    if (!found) throw new DeviceError(`no recorder ${device}; there ${list.length === 1 ? 'is 1 recorder (0)' : `are ${list.length} (0 to ${list.length - 1})`}; see burn-audio devices`, 'ENORECORDER');
    return found;
  }
  const wanted = device.toLowerCase();
  const names = (r: RecorderInfo): string => [recorderName(r), r.path, r.imapi2?.uniqueId ?? '', ...(r.imapi2?.volumePaths ?? [])].join(' ');
  const matches = list.filter((r) => names(r).toLowerCase().includes(wanted));
  if (matches.length === 0) throw new DeviceError(`no recorder matches "${device}"; see burn-audio devices`, 'ENORECORDER');
  if (matches.length > 1) throw new UsageError(`"${device}" matches ${matches.length} recorders; give its index (see burn-audio devices)`);
  return matches[0]!;
}

/** IDiscMasterProgressEvents notifications as BurnEvents. NotifyAddProgress counts steps of one
 * AddAudioTrackBlocks call ("steps are arbitrary"), so staging progress is reported by the
 * recorder itself instead. */
function toBurnEvent(kind: number, a: number, b: number): BurnEvent | undefined {
  switch (kind) {
    case EVENT.pnpActivity:
      return { type: 'pnpActivity' };
    case EVENT.blockProgress:
      return { type: 'blockProgress', completed: a, total: b };
    case EVENT.trackProgress:
      return { type: 'trackProgress', completed: a, total: b };
    case EVENT.preparingBurn:
      return { type: 'preparingBurn', estimatedSeconds: a };
    case EVENT.closingDisc:
      return { type: 'closingDisc', estimatedSeconds: a };
    case EVENT.burnComplete:
      return { type: 'burnComplete', status: a };
    case EVENT.eraseComplete:
      return { type: 'eraseComplete', status: a };
    default:
      return undefined;
  }
}

interface RawRecorder {
  vendor: string;
  product: string;
  revision: string;
  path: string;
  mediaResult: number;
  mediaPresent: boolean;
  mediaType: number;
  mediaFlags: number;
  freeBlocks: number;
}

function parseRecorder(index: number, json: string): RecorderInfo {
  const raw = JSON.parse(json) as RawRecorder;
  return { index, vendor: raw.vendor, product: raw.product, revision: raw.revision, path: raw.path, media: mediaOf(raw) };
}

function mediaOf(raw: RawRecorder): RecorderMedia {
  const flags = raw.mediaFlags;
  // The shim reads non-zero media flags (or type) as a disc and IMAPI_E_MEDIUM_NOTPRESENT as none.
  const present = raw.mediaResult >= 0 && raw.mediaPresent;
  const blank = (flags & MEDIA_BLANK) !== 0;
  const rewritable = (flags & MEDIA_RW) !== 0;
  const label =
    raw.mediaResult < 0 ? 'unknown (recorder busy or unreadable)' : !present ? 'no disc' : `${blank ? 'blank' : 'used'} ${rewritable ? 'CD-RW' : 'CD-R'}`;
  return { result: raw.mediaResult, present, blank, writable: (flags & MEDIA_WRITABLE) !== 0, rewritable, freeBlocks: raw.freeBlocks, label };
}

/** The media in words, with its free space where it is known (IMAPI2 knows it only once the disc is prepared). */
export function describeMedia(media: RecorderMedia): string {
  return media.present && media.blank && media.freeBlocks > 0 ? `${media.label}, ${formatDuration(media.freeBlocks)} free` : media.label;
}

/**
 * How a cancelled recording ends: exit 130 (or 143), with what it means for the disc. `cancelled`
 * is the HRESULT the IMAPI answers a cancel with (IMAPI2: E_IMAPI_REQUEST_CANCELLED).
 */
export function cancelledBurn(result: ShimResult, signal: AbortSignal | undefined, simulate: boolean, cancelled = IMAPI_E_USERABORT): InterruptedError | undefined {
  if (result.hresult >>> 0 !== cancelled || !signal?.aborted) return undefined;
  const reason = signal.reason instanceof InterruptedError ? signal.reason.signal : 'SIGINT';
  return new InterruptedError(
    reason,
    simulate
      ? 'IMAPI stopped the simulated burn; the disc is untouched'
      : 'IMAPI stopped the burn: a CD-R is now unusable; a CD-RW can be erased (burn-audio erase) and used again',
  );
}
