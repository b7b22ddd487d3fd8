/**
 * What `plan` and `burn` share: the inputs gathered, probed and laid out as a disc. Kept apart
 * from burning so that `plan` loads no recorder.
 */
import { discText, trackFacts } from '../disc/text.js';
import { LayoutError } from '../errors.js';
import type { EventListener } from '../events.js';
import { planDisc } from '../disc/plan.js';
import type { DiscLayout } from '../disc/layout.js';
import { probeTracks, type ProbedTrack } from '../audio/probe.js';
import { silentPregapsAsGaps } from '../disc/silent-pregaps.js';
import { RECORDERS, unrecorded, type RecorderCapabilities } from '../recorders/capabilities.js';
import { gatherInputs, type InputOptions, type Inputs } from '../inputs/gather.js';
import type { LayoutOptions } from '../cli/options.js';

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
  if (!recorder.pregapAudio) await silentPregapsAsGaps(probed);
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
