/**
 * Planning: the inputs probed and laid out as a disc for the recorder that will take it. `plan`
 * lays out as an image does, and loads no recorder.
 */
import type { DiscLayout } from '../disc/layout.js';
import { planDisc } from '../disc/plan.js';
import { silentPregapsAsGaps } from '../disc/silent-pregaps.js';
import { discText, trackFacts } from '../disc/text.js';
import { LayoutError } from '../errors.js';
import type { EventListener } from '../events.js';
import { withInputs, type Inputs } from '../inputs/gather.js';
import { probeTracks, type ProbedTrack } from '../audio/probe.js';
import { levelTracks, probeLoudness } from './levels.js';
import { RECORDERS, unrecorded, type RecorderCapabilities } from '../recorders/capabilities.js';
import type { JobContext, LayoutRequest } from './request.js';

/** `plan`: the disc as an image would hold it, shown as a `plan` event and its warnings. */
export function planJob(args: readonly string[], request: LayoutRequest, { onEvent, signal }: JobContext): Promise<DiscLayout> {
  return withInputs(args, request, async (inputs) => {
    const planned = await planTracks(inputs, request, onEvent, signal, RECORDERS.image);
    showPlan(inputs, planned, onEvent);
    return planned.layout;
  });
}

export interface Planned {
  layout: DiscLayout;
  probed: ProbedTrack[];
  /** What the disc leaves out of what the inputs say. */
  losses: string[];
}

/**
 * Probes and lays out the tracks for a recorder. What the inputs leave out and what the recorder
 * cannot record are warnings (shown by showPlan), or with --strict a refusal, before anything is
 * staged.
 */
export async function planTracks(inputs: Inputs, request: LayoutRequest, onEvent: EventListener, signal: AbortSignal, recorder: RecorderCapabilities): Promise<Planned> {
  const probed = await probeTracks(inputs.tracks, { onEvent, signal, strict: request.strict, loudness: probeLoudness(request.level) });
  if (!recorder.pregapAudio) await silentPregapsAsGaps(probed);
  const levels = request.level && (await levelTracks(probed, request.level));
  const given = { title: request.title ?? inputs.disc.title, performer: request.performer ?? inputs.disc.performer };
  const layout = planDisc(trackFacts(probed), {
    gapSectors: request.gap,
    capacityMinutes: request.capacity,
    ...discText(probed, given),
    codes: { catalog: inputs.disc.catalog, text: dropUndefined({ ...inputs.disc.text, ...given }), rems: inputs.disc.rems ?? [] },
    pregapAudio: recorder.pregapAudio,
    level: request.level,
    loudness: levels?.loudness,
  });
  const losses = [...inputs.dropped, ...unrecorded(layout, recorder)];
  if (request.strict && losses.length > 0) {
    throw new LayoutError(`--strict refuses to burn a disc that leaves out what its inputs say: ${losses.join('; ')}`, 'ESTRICT');
  }
  return { layout, probed, losses };
}

/** The plan as events: the layout, then every warning of the inputs, the recorder and the layout. */
export function showPlan(inputs: Inputs, { layout, losses }: Planned, onEvent: EventListener): void {
  onEvent({ type: 'plan', layout });
  for (const message of [...inputs.warnings, ...losses, ...layout.warnings]) onEvent({ type: 'warning', message });
}

function dropUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
