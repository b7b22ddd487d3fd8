import { createInterface } from 'node:readline/promises';
import { formatDuration } from '../../disc/red-book.js';
import { discText, plainText, trackFacts } from '../../disc/text.js';
import { DeviceError, LayoutError, UsageError } from '../../errors.js';
import type { EventListener } from '../../events.js';
import { planDisc, type DiscLayout } from '../../plan.js';
import { probeTracks, type ProbedTrack } from '../../probe.js';
import { RECORDERS, unrecorded, type RecorderCapabilities } from '../../recorders/capabilities.js';
import { ImageRecorder, imagePaths } from '../../recorders/image-recorder.js';
import { IMAGE_ADVICE, Imapi, imapiUnavailable } from '../../recorders/imapi/imapi.js';
import { ImapiRecorder, MAX_IMAPI_GAP_SECTORS } from '../../recorders/imapi/imapi-recorder.js';
import { burnDisc, type SessionOptions } from '../../session.js';
import { gatherInputs, type InputOptions, type Inputs } from '../inputs.js';
import type { BurnOptions, LayoutOptions } from '../options.js';

/**
 * Probes and lays out the tracks for a recorder (`plan` lays out as an image does); shared by
 * `plan` and `burn`. What the inputs leave out and what the recorder cannot record are warnings,
 * or with --strict a refusal, before anything is staged.
 */
export async function layoutTracks(
  inputs: Inputs,
  options: LayoutOptions,
  onEvent: EventListener,
  signal: AbortSignal,
  recorder: RecorderCapabilities = RECORDERS.image,
): Promise<{ layout: DiscLayout; probed: ProbedTrack[] }> {
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
  onEvent({ type: 'plan', layout });
  for (const message of [...inputs.warnings, ...losses, ...layout.warnings]) onEvent({ type: 'warning', message });
  return { layout, probed };
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

export async function burnCommand(args: readonly string[], options: BurnOptions, onEvent: EventListener, signal: AbortSignal): Promise<void> {
  if (options.image !== undefined) {
    const image = options.image;
    return withInputs(args, options, (inputs) => imageBurn(inputs, options, image, onEvent, signal));
  }
  const unavailable = imapiUnavailable();
  if (unavailable) throw new DeviceError(`${unavailable}; ${IMAGE_ADVICE}`, 'ENOIMAPI');
  if (options.gap > MAX_IMAPI_GAP_SECTORS) {
    throw new UsageError(`--gap: IMAPI writes gaps of at most 3 seconds (${MAX_IMAPI_GAP_SECTORS} sectors); for longer ones use --image`);
  }
  return withInputs(args, options, (inputs) => imapiBurn(inputs, options, onEvent, signal));
}

async function imapiBurn(inputs: Inputs, options: BurnOptions, onEvent: EventListener, signal: AbortSignal): Promise<void> {
  const { layout, probed } = await layoutTracks(inputs, options, onEvent, signal, RECORDERS.imapi);
  const gapSectors = uniformGap(layout);
  const imapi = await Imapi.open(onEvent);
  let recorder: ImapiRecorder;
  try {
    const info = await imapi.pick(options.device);
    const stagedTotal = layout.tracks.reduce((sum, track) => sum + track.sectors, 0);
    recorder = new ImapiRecorder(imapi, info, { speed: options.speed, gapSectors, stagedTotal, signal });
  } catch (error) {
    await imapi.close();
    throw error;
  }
  const confirm = options.yes || options.json || options.simulate ? undefined : askBeforeBurning(layout);
  await burnDisc(layout, probed, recorder, { simulate: options.simulate, eject: options.eject, signal, onWarning: warn(onEvent), confirm });
  onEvent({ type: 'done', outputs: [], simulate: options.simulate, recorder: recorder.name, action: 'record' });
}

async function imageBurn(inputs: Inputs, options: BurnOptions, image: string, onEvent: EventListener, signal: AbortSignal): Promise<void> {
  const paths = imagePaths(checkImageName(image));
  const { layout, probed } = await layoutTracks(inputs, options, onEvent, signal, RECORDERS.image);
  const recorder = new ImageRecorder(paths.cue, layout, onEvent);
  await burnDisc(layout, probed, recorder, { simulate: options.simulate, eject: options.eject, signal, onWarning: warn(onEvent) });
  onEvent({ type: 'done', outputs: [paths.cue, paths.bin], simulate: options.simulate });
}

/**
 * On a terminal, asks before a real burn, once the media is known to be fit: a write-once disc
 * is spent once recording starts. Elsewhere (scripts, pipes) there is nobody to ask.
 */
function askBeforeBurning(layout: DiscLayout): SessionOptions['confirm'] {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return async (recorder, media) => {
    const kind = media.rewritable ? 'CD-RW' : 'CD-R (write-once)';
    const question = `Record ${layout.tracks.length} track${layout.tracks.length === 1 ? '' : 's'} (${formatDuration(layout.totalSectors)}) on the blank ${kind} in ${plainText(recorder)}? [y/N] `;
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await prompt.question(question)).trim());
    } finally {
      prompt.close();
    }
  };
}

/** IMAPI writes one gap size (AudioGapSize) before every track: the layout must have one. */
function uniformGap(layout: DiscLayout): number {
  const gaps = [...new Set(layout.tracks.slice(1).map((track) => track.pregapSectors))];
  if (gaps.length > 1) {
    throw new UsageError('the cue sheet gives gaps of different lengths, but IMAPI writes the same gap before every track; write an image with --image');
  }
  const gap = gaps[0] ?? layout.gapSectors;
  if (gap > MAX_IMAPI_GAP_SECTORS) throw new UsageError(`a gap of ${gap} sectors is longer than IMAPI writes (${MAX_IMAPI_GAP_SECTORS}, 3 s); use --image`);
  return gap;
}

function warn(onEvent: EventListener): (message: string) => void {
  return (message) => onEvent({ type: 'warning', message });
}

/** The BIN's name goes inside quotes in the cue sheet, which has no escape for them. */
function checkImageName(image: string): string {
  // eslint-disable-next-line no-control-regex
  if (/["\u0000-\u001f\u007f]/.test(image)) {
    throw new UsageError(`--image ${JSON.stringify(image)}: the name cannot hold double quotes or control characters`);
  }
  if (image.trim() === '') throw new UsageError('--image needs a file name, e.g. --image disc.cue');
  return image;
}
