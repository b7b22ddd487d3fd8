import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { SECTORS_PER_SECOND, formatDuration } from '../../disc/red-book.js';
import { plainText } from '../../disc/text.js';
import { DeviceError, UsageError } from '../../errors.js';
import type { EventListener } from '../../events.js';
import { stagedSectors } from '../../disc/plan.js';
import type { DiscLayout } from '../../disc/layout.js';
import { RECORDERS } from '../../recorders/capabilities.js';
import { ImageRecorder, imagePaths } from '../../recorders/image-recorder.js';
import type { ImapiBehaviour, ImapiPlatform } from '../../recorders/description.js';
import { IMAGE_ADVICE, Imapi, imapiUnavailable } from '../../recorders/imapi/imapi.js';
import { ImapiRecorder, MAX_IMAPI_GAP_SECTORS } from '../../recorders/imapi/imapi-recorder.js';
import { burnDisc, type SessionOptions } from '../../jobs/session.js';
import { askOnTerminal, canAsk } from '../ask.js';
import type { Inputs } from '../../inputs/gather.js';
import type { BurnOptions } from '../options.js';
import { layoutTracks, planTracks, showPlan, withInputs } from '../../jobs/plan.js';
import type { Renderer } from '../render/renderer.js';

/** Whether a burn is a batch: copies, several recorders, or the batch's own options. */
function isBatch(options: BurnOptions): boolean {
  const devices = options.device ?? [];
  return options.copies !== undefined || devices.length > 1 || devices.includes('all') || options.waitMedia !== undefined || options.log !== undefined || options.stopOnError || !options.reject;
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
    checkGapPolicy(imapi.behaviour, imapi.platform, gapSectors, inputs);
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

/**
 * Where IMAPI writes its own gap whatever AudioGapSize says, any other gap is refused before
 * anything is staged. Gaps a cue sheet gives are the recording's own: the refusal names the sheet,
 * since --gap does not change them.
 */
export function checkGapPolicy(behaviour: ImapiBehaviour, platform: ImapiPlatform, gapSectors: number, inputs?: Inputs): void {
  const fixed = behaviour.fixedGapSectors;
  if (fixed === undefined || gapSectors === fixed) return;
  const imapi = `IMAPI v1 on this Windows (${platform.windows}) always writes ${formatGap(fixed)} between tracks, whatever is asked`;
  const sheet = inputs?.tracks.slice(1).find((track) => track.pregapSectors !== undefined);
  if (sheet) {
    const gaps = gapSectors === 0 ? 'its tracks follow each other with no silence between them (gapless, or pregap audio joined to the track before)' : `it gives gaps of ${formatGap(gapSectors)}`;
    throw new UsageError(
      `${sheet.label.replace(/#\d+$/, '')}: ${gaps}, but ${imapi}, so the disc would not sound as the sheet says; ` +
        'write an image with --image disc.cue, which keeps the sheet\'s gaps, and burn it with a tool that writes cue sheets',
    );
  }
  throw new UsageError(
    `a gap of ${formatGap(gapSectors)} cannot be burned here: ${imapi}; ` +
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
