import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { SECTORS_PER_SECOND, formatDuration } from '../../disc/red-book.js';
import { discText, plainText, trackFacts } from '../../disc/text.js';
import { DeviceError, LayoutError, UsageError } from '../../errors.js';
import type { EventListener } from '../../events.js';
import { planDisc, stagedSectors, type DiscLayout } from '../../plan.js';
import { probeTracks, type ProbedTrack } from '../../probe.js';
import { RECORDERS, unrecorded, type RecorderCapabilities } from '../../recorders/capabilities.js';
import { ImageRecorder, imagePaths } from '../../recorders/image-recorder.js';
import type { ImapiBehaviour, ImapiPlatform } from '../../recorders/imapi/behaviour.js';
import { IMAGE_ADVICE, Imapi, imapiUnavailable } from '../../recorders/imapi/imapi.js';
import { ImapiRecorder, MAX_IMAPI_GAP_SECTORS } from '../../recorders/imapi/imapi-recorder.js';
import { burnDisc, type SessionOptions } from '../../session.js';
import { askOnTerminal, canAsk } from '../ask.js';
import { gatherInputs, type InputOptions, type Inputs } from '../inputs.js';
import type { BurnOptions, LayoutOptions } from '../options.js';
import type { Renderer } from '../render/renderer.js';

/** Whether a burn is a batch: copies, several recorders, or the batch's own options. */
function isBatch(options: BurnOptions): boolean {
  const devices = options.device ?? [];
  return options.copies !== undefined || devices.length > 1 || devices.includes('all') || options.waitMedia !== undefined || options.log !== undefined || options.stopOnError || !options.reject;
}

/**
 * Probes and lays out the tracks for a recorder (`plan` lays out as an image does), and shows the
 * plan; shared by `plan` and `burn`. What the inputs leave out and what the recorder cannot record
 * are warnings, or with --strict a refusal, before anything is staged.
 */
export async function layoutTracks(
  inputs: Inputs,
  options: LayoutOptions,
  onEvent: EventListener,
  signal: AbortSignal,
  recorder: RecorderCapabilities = RECORDERS.image,
): Promise<{ layout: DiscLayout; probed: ProbedTrack[] }> {
  const planned = await planTracks(inputs, options, onEvent, signal, recorder);
  showPlan(inputs, planned, onEvent);
  return planned;
}

export interface Planned {
  layout: DiscLayout;
  probed: ProbedTrack[];
  /** What the disc leaves out of what the inputs say. */
  losses: string[];
}

export async function planTracks(inputs: Inputs, options: LayoutOptions, onEvent: EventListener, signal: AbortSignal, recorder: RecorderCapabilities): Promise<Planned> {
  const probed = await probeTracks(inputs.tracks, { onEvent, signal, strict: options.strict });
  const given = { title: options.title ?? inputs.disc.title, performer: options.performer ?? inputs.disc.performer };
  const layout = planDisc(trackFacts(probed), {
    gapSectors: options.gap,
    capacityMinutes: options.capacity,
    ...discText(probed, given),
    codes: { catalog: inputs.disc.catalog, text: dropUndefined({ ...inputs.disc.text, ...given }), rems: inputs.disc.rems ?? [] },
    pregapAudio: recorder.pregapAudio,
  });
  const losses = [...inputs.dropped, ...unrecorded(layout, recorder)];
  if (options.strict && losses.length > 0) {
    throw new LayoutError(`--strict refuses to burn a disc that leaves out what its inputs say: ${losses.join('; ')}`, 'ESTRICT');
  }
  return { layout, probed, losses };
}

export function showPlan(inputs: Inputs, { layout, losses }: Planned, onEvent: EventListener): void {
  onEvent({ type: 'plan', layout });
  for (const message of [...inputs.warnings, ...losses, ...layout.warnings]) onEvent({ type: 'warning', message });
}

function dropUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/** Runs `job` with the inputs gathered, removing any standard-input spool afterwards. */
export async function withInputs<T>(args: readonly string[], options: InputOptions, job: (inputs: Inputs) => Promise<T>): Promise<T> {
  const inputs = await gatherInputs(args, options);
  try {
    return await job(inputs);
  } finally {
    await inputs.release();
  }
}

export async function burnCommand(args: readonly string[], options: BurnOptions, onEvent: EventListener, signal: AbortSignal, renderer?: Renderer): Promise<void> {
  if (isBatch(options)) return (await import('./batch.js')).batchCommand(args, options, onEvent, signal, renderer);
  if (options.image !== undefined) {
    const image = options.image;
    return withInputs(args, options, (inputs) => imageBurn(args, inputs, options, image, onEvent, signal));
  }
  const unavailable = imapiUnavailable();
  if (unavailable) throw new DeviceError(`${unavailable}; ${IMAGE_ADVICE}`, 'ENOIMAPI');
  if (options.gap > MAX_IMAPI_GAP_SECTORS) {
    throw new UsageError(`--gap: IMAPI writes gaps of at most 3 seconds (${MAX_IMAPI_GAP_SECTORS} sectors); for longer ones use --image`);
  }
  return withInputs(args, options, (inputs) => imapiBurn(inputs, options, onEvent, signal));
}

async function imapiBurn(inputs: Inputs, options: BurnOptions, onEvent: EventListener, signal: AbortSignal): Promise<void> {
  const planned = await planTracks(inputs, options, onEvent, signal, RECORDERS.imapi);
  const { layout, probed } = planned;
  const gapSectors = uniformGap(layout);
  const imapi = await Imapi.open(onEvent);
  let recorder: ImapiRecorder;
  try {
    // The plan shown is the disc IMAPI will write: a gap it cannot write is refused first.
    checkGapPolicy(imapi.behaviour, imapi.platform, gapSectors);
    showPlan(inputs, planned, onEvent);
    const info = await imapi.pick(options.device?.[0]);
    recorder = new ImapiRecorder(imapi, info, { speed: options.speed, gapSectors, stagedTotal: stagedSectors(layout), signal });
  } catch (error) {
    await imapi.close();
    throw error;
  }
  // Where RecordDisc cannot keep the laser off, --simulate never reaches it.
  const dryRun = options.simulate && !imapi.behaviour.testWrite;
  const confirm = options.yes || options.json || options.simulate ? undefined : askBeforeBurning(layout);
  await burnDisc(layout, probed, recorder, { simulate: options.simulate, eject: options.eject, signal, onWarning: warn(onEvent), confirm, dryRun });
  onEvent({ type: 'done', outputs: [], simulate: options.simulate, dryRun, recorder: recorder.name, action: 'record' });
}

async function imageBurn(args: readonly string[], inputs: Inputs, options: BurnOptions, image: string, onEvent: EventListener, signal: AbortSignal): Promise<void> {
  const paths = imagePaths(checkImageName(image));
  refuseImageOverInput(paths, [...args, ...inputs.tracks.map((track) => track.path)]);
  const { layout, probed } = await layoutTracks(inputs, options, onEvent, signal, RECORDERS.image);
  const recorder = new ImageRecorder(paths.cue, layout, onEvent);
  await burnDisc(layout, probed, recorder, { simulate: options.simulate, eject: options.eject, signal, onWarning: warn(onEvent) });
  onEvent({ type: 'done', outputs: [paths.cue, paths.bin], simulate: options.simulate });
}

/**
 * On a terminal, asks before a real burn, once the media is known to be fit: a write-once disc
 * is spent once recording starts. Elsewhere (scripts, pipes) there is nobody to ask.
 */
export function askBeforeBurning(layout: DiscLayout): SessionOptions['confirm'] {
  if (!canAsk()) return undefined;
  return (recorder, media) => {
    const kind = media.rewritable ? 'CD-RW' : 'CD-R (write-once)';
    return askOnTerminal(`Record ${layout.tracks.length} track${layout.tracks.length === 1 ? '' : 's'} (${formatDuration(layout.totalSectors)}) on the blank ${kind} in ${plainText(recorder)}?`);
  };
}

/** IMAPI writes one gap size (AudioGapSize) before every track: the layout must have one. */
export function uniformGap(layout: DiscLayout): number {
  const gaps = [...new Set(layout.tracks.slice(1).map((track) => track.pregapSectors))];
  if (gaps.length > 1) {
    throw new UsageError('the cue sheet gives gaps of different lengths, but IMAPI writes the same gap before every track; write an image with --image');
  }
  const gap = gaps[0] ?? layout.gapSectors;
  if (gap > MAX_IMAPI_GAP_SECTORS) throw new UsageError(`a gap of ${gap} sectors is longer than IMAPI writes (${MAX_IMAPI_GAP_SECTORS}, 3 s); use --image`);
  return gap;
}

/** Where IMAPI writes its own gap whatever AudioGapSize says, any other gap is refused before anything is staged. */
export function checkGapPolicy(behaviour: ImapiBehaviour, platform: ImapiPlatform, gapSectors: number): void {
  const fixed = behaviour.fixedGapSectors;
  if (fixed === undefined || gapSectors === fixed) return;
  throw new UsageError(
    `a gap of ${formatGap(gapSectors)} cannot be burned here: IMAPI v1 on this Windows (${platform.windows}) always writes ${formatGap(fixed)} between tracks, whatever is asked; ` +
      'write an image with --image disc.cue (any gap, gapless included) and burn it with another tool, or burn with the default --gap 2',
  );
}

function formatGap(sectors: number): string {
  const seconds = sectors / SECTORS_PER_SECOND;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(2)} s`;
}

export function warn(onEvent: EventListener): (message: string) => void {
  return (message) => onEvent({ type: 'warning', message });
}

/** An image written over one of its own inputs would destroy it: refuse before reading anything. */
export function refuseImageOverInput(paths: { cue: string; bin: string }, inputs: readonly string[]): void {
  const same = (path: string): string => {
    try {
      return realpathSync(path);
    } catch {
      return resolve(path);
    }
  };
  const taken = new Set(inputs.filter((input) => input !== '-').map(same));
  for (const output of [paths.cue, paths.bin]) {
    if (taken.has(same(output))) throw new UsageError(`--image ${output}: that is one of the inputs; choose another name for the image`);
  }
}

/** The BIN's name goes inside quotes in the cue sheet, which has no escape for them. */
export function checkImageName(image: string): string {
  // eslint-disable-next-line no-control-regex
  if (/["\u0000-\u001f\u007f]/.test(image)) {
    throw new UsageError(`--image ${JSON.stringify(image)}: the name cannot hold double quotes or control characters`);
  }
  if (image.trim() === '') throw new UsageError('--image needs a file name, e.g. --image disc.cue');
  return image;
}
