import { trackFacts, discText } from '../../disc/text.js';
import { DeviceError, UsageError } from '../../errors.js';
import type { EventListener } from '../../events.js';
import { planDisc, type DiscLayout } from '../../plan.js';
import { probeTracks, type ProbedTrack } from '../../probe.js';
import { ImageRecorder, imagePaths } from '../../recorders/image-recorder.js';
import { burnDisc } from '../../session.js';
import { expandGlobs } from '../expand-globs.js';
import type { BurnOptions, LayoutOptions } from '../options.js';

/** Probes and lays out the tracks; shared by `plan` and `burn`. */
export async function layoutTracks(
  args: readonly string[],
  options: LayoutOptions,
  onEvent: EventListener,
  signal: AbortSignal,
): Promise<{ layout: DiscLayout; probed: ProbedTrack[] }> {
  requireTracks(args);
  const probed = await probeTracks(await expandGlobs(args), { onEvent, signal });
  const text = discText(probed, options);
  const layout = planDisc(trackFacts(probed), {
    gapSectors: options.gap,
    capacityMinutes: options.capacity,
    ...text,
  });
  onEvent({ type: 'plan', layout });
  for (const message of layout.warnings) onEvent({ type: 'warning', message });
  return { layout, probed };
}

export async function burnCommand(args: readonly string[], options: BurnOptions, onEvent: EventListener, signal: AbortSignal): Promise<void> {
  requireTracks(args);
  if (options.image === undefined) {
    throw new DeviceError(
      'burning to a disc needs Windows IMAPI, which is not available on this system; ' +
        'write a BIN/CUE disc image instead with --image disc.cue',
      'ENOIMAPI',
    );
  }
  const paths = imagePaths(checkImageName(options.image));
  const { layout, probed } = await layoutTracks(args, options, onEvent, signal);
  const recorder = new ImageRecorder(paths.cue, layout, onEvent);
  await burnDisc(layout, probed, recorder, { simulate: options.simulate, eject: options.eject, signal });
  onEvent({ type: 'done', outputs: [paths.cue, paths.bin], simulate: options.simulate });
}

function requireTracks(args: readonly string[]): void {
  if (args.length === 0) throw new UsageError('no tracks given; name one or more WAV files, e.g. burn-audio --image disc.cue *.wav');
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
