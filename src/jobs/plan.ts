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
import { levelOnThreads } from '../audio/decoding.js';
import { probeTracks, type ProbedTrack } from '../audio/probe.js';
import { discLoudness, levelTracks, probeLoudness } from './levels.js';
import { RECORDERS, imapi2CdText, unrecorded, type RecorderCapabilities } from '../recorders/capabilities.js';
import { chooseImapi, type Choice, type RecorderFacts } from '../recorders/choose.js';
import type { BurnRequest, JobContext, LayoutRequest } from './request.js';

/** `plan`: the disc as an image would hold it, shown as a `plan` event and its warnings. */
export function planJob(args: readonly string[], request: LayoutRequest, { onEvent, signal }: JobContext): Promise<DiscLayout> {
  return withInputs(args, request, async (inputs) => {
    const planned = await planTracks(inputs, request, onEvent, signal, RECORDERS.image, false);
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
export async function planTracks(inputs: Inputs, request: LayoutRequest, onEvent: EventListener, signal: AbortSignal, recorder: RecorderCapabilities, staged = true): Promise<Planned> {
  return strictly(request, await layOut(inputs, await probeInputs(inputs, request, onEvent, signal, staged), request, recorder));
}

/**
 * Every input opened and decoded to its end (the probe), on every core, measured and given its
 * level when the level changes. With `staged`, the decoded audio is kept for staging to read.
 */
export async function probeInputs(inputs: Inputs, request: LayoutRequest, onEvent: EventListener, signal: AbortSignal, staged = true): Promise<ProbedTrack[]> {
  const decode = { keep: staged ? inputs.decoded : undefined, toCd: request.level === undefined };
  const probed = await probeTracks(inputs.tracks, { onEvent, signal, strict: request.strict, loudness: probeLoudness(request.level), decode });
  if (request.level) await levelTracks(probed, request.level);
  if (request.level && staged) await levelOnThreads(probed, inputs.decoded, signal);
  return probed;
}

/** The probed tracks laid out for a recorder, with what it leaves out of what the inputs say. */
export async function layOut(inputs: Inputs, sources: readonly ProbedTrack[], request: LayoutRequest, recorder: RecorderCapabilities): Promise<Planned> {
  const probed = recorder.pregapAudio ? [...sources] : await silentPregapsAsGaps(sources);
  const given = { title: request.title ?? inputs.disc.title, performer: request.performer ?? inputs.disc.performer };
  const layout = planDisc(trackFacts(probed), {
    gapSectors: request.gap,
    capacityMinutes: request.capacity,
    ...discText(probed, given),
    codes: { catalog: inputs.disc.catalog, text: dropUndefined({ ...inputs.disc.text, ...given }), rems: inputs.disc.rems ?? [] },
    pregapAudio: recorder.pregapAudio,
    level: request.level,
    loudness: request.level && discLoudness(probed),
  });
  return { layout, probed, losses: [...inputs.dropped, ...unrecorded(layout, recorder)] };
}

/** With --strict, a plan that leaves out what the inputs say is refused. */
export function strictly(request: LayoutRequest, planned: Planned): Planned {
  if (request.strict && planned.losses.length > 0) {
    throw new LayoutError(`--strict refuses to burn a disc that leaves out what its inputs say: ${planned.losses.join('; ')}`, 'ESTRICT');
  }
  return planned;
}

/** A plan for a disc recorder: which IMAPI records it, and why when that is not the obvious one. */
export type RecorderPlan = Planned & Choice;

/**
 * Probes the inputs and lays them out for the IMAPI that records them: IMAPI v1 where it writes
 * the plan exactly as the inputs say, else IMAPI2 (chooseImapi). --strict applies to that plan.
 */
export async function planForRecorder(inputs: Inputs, request: BurnRequest, facts: RecorderFacts, { onEvent, signal }: JobContext): Promise<RecorderPlan> {
  const probed = await probeInputs(inputs, request, onEvent, signal);
  const discAtOnce = imapi2CdText(request.cdText ?? false);
  const sheet = await layOut(inputs, probed, request, discAtOnce);
  const tao = await layOut(inputs, probed, request, RECORDERS.imapi);
  const choice = chooseImapi(sheet.layout, tao.layout, facts, request);
  return { ...strictly(request, choice.kind === 'imapi2' ? sheet : tao), ...choice };
}

/** The plan as events: the layout, then every warning of the inputs, the recorder and the layout. */
export function showPlan(inputs: Inputs, { layout, losses, notice }: Planned & Partial<Choice>, onEvent: EventListener): void {
  onEvent({ type: 'plan', layout });
  for (const message of [...(notice ? [notice] : []), ...inputs.warnings, ...losses, ...layout.warnings]) onEvent({ type: 'warning', message });
}

function dropUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
