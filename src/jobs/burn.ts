/**
 * Jobs: what the commands call, one entry point per job (planJob in plan.ts; burnJob here, one
 * disc or a batch), each doing everything from the gathered inputs to the last event: probe,
 * plan, choose the recorder and apply its policy, run the session or the batch.
 */
import { stagedSectors } from '../disc/plan.js';
import { warn } from '../events.js';
import { withInputs, type Inputs } from '../inputs/gather.js';
import { discAtOnceText } from '../recorders/imapi2/imapi2-recorder.js';
import { capabilitiesOf, checkBeforeInputs, imapiGap } from '../recorders/choose.js';
import { ImageRecorder, checkImageName, imagePaths, refuseImageOverInput } from '../recorders/image-recorder.js';
import { Imapi, pickRecorder, recorderName } from '../recorders/imapi/imapi.js';
import { ImapiRecorder } from '../recorders/imapi/imapi-recorder.js';
import { Imapi2 } from '../recorders/imapi2/imapi2.js';
import { Imapi2Recorder } from '../recorders/imapi2/imapi2-recorder.js';
import { RECORDERS, imapi2CdText } from '../recorders/capabilities.js';
import type { RecorderInfo } from '../recorders/description.js';
import type { StagedDisc } from '../recorders/recorder.js';
import { ImageReader } from '../verify/image-reader.js';
import type { ExpectedProgram } from '../verify/reader.js';
import { discAtOnceRecorder, listRecorders } from './devices.js';
import { planForRecorder, planTracks, showPlan, type Planned, type RecorderPlan } from './plan.js';
import { checkDisc, imageCdText, readDriveBack, readableDrive, stagedDiscProgram, withReader } from './read-back.js';
import type { BurnRequest, JobContext } from './request.js';
import { burnDisc, type SessionOptions } from './session.js';
import { spoolAlongside, type Temporary } from './staged-audio.js';
import { stagedProgram } from './staged-program.js';

/** Whether a burn is a batch: copies, several recorders, or the batch's own options. */
export function isBatch(request: BurnRequest): boolean {
  const devices = request.device ?? [];
  return request.copies !== undefined || devices.length > 1 || devices.includes('all') || request.waitMedia !== undefined || request.log !== undefined || request.stopOnError || !request.reject;
}

/** `burn`: one disc, on a recorder or as an image; or a batch of them. */
export async function burnJob(args: readonly string[], request: BurnRequest, context: JobContext): Promise<void> {
  if (request.verify && request.simulate) context.onEvent({ type: 'warning', message: SIMULATE_VERIFY });
  if (isBatch(request)) return (await import('./batch/run.js')).batchJob(args, request, context);
  const image = request.image;
  if (image !== undefined) return withInputs(args, request, (inputs) => imageDisc(args, inputs, request, image, context));
  // Refused before the inputs are read: a recorder this machine cannot reach, a gap it cannot write.
  const facts = await checkBeforeInputs(request);
  return withInputs(args, request, async (inputs) => {
    const planned = await planForRecorder(inputs, request, facts, context);
    return planned.kind === 'imapi' ? imapiDisc(inputs, planned, request, context) : imapi2Disc(inputs, planned, request, context);
  });
}

/** Why --verify with --simulate reads nothing back. */
const SIMULATE_VERIFY = '--simulate records nothing, so --verify has nothing to read back: the disc is not verified';

/** Whether the disc is read back once recorded: --verify, when something is recorded. */
function readsBack(request: BurnRequest): boolean {
  return (request.verify ?? false) && !request.simulate;
}

/** Track-at-once through IMAPI v1. */
async function imapiDisc(inputs: Inputs, planned: RecorderPlan, request: BurnRequest, context: JobContext): Promise<void> {
  const { onEvent, signal } = context;
  const { layout, probed } = planned;
  // --verify: the drive the disc is read back through, known before anything is recorded.
  const drive = readsBack(request) ? readableDrive(pickRecorder(await listRecorders(onEvent), request.device?.[0])) : undefined;
  const imapi = await Imapi.open(onEvent);
  let recorder: ImapiRecorder;
  let info: RecorderInfo;
  try {
    // The plan shown is the disc IMAPI will write: a gap it cannot write is refused first.
    const gapSectors = imapiGap(layout, imapi.behaviour, imapi.platform, inputs);
    showPlan(inputs, planned, onEvent);
    info = await imapi.pick(request.device?.[0]);
    recorder = new ImapiRecorder(imapi, info, { speed: request.speed, gapSectors, stagedTotal: stagedSectors(layout), signal });
  } catch (error) {
    await imapi.close();
    throw error;
  }
  // Where RecordDisc cannot keep the laser off, --simulate never reaches it.
  const dryRun = request.simulate && !imapi.behaviour.testWrite;
  // --verify: the staging is kept in a file as it goes, the disc read back against it.
  const spool = (): ReturnType<typeof spoolAlongside> => spoolAlongside(recorder, layout).catch(async (error: unknown) => {
    await recorder.close();
    throw error;
  });
  const readBack = drive ? { drive, ...(await spool()) } : undefined;
  try {
    await burnDisc(layout, probed, readBack?.recorder ?? recorder, { simulate: request.simulate, eject: request.eject && !readBack, signal, onWarning: warn(onEvent), confirm: confirmDisc(planned, request, context), dryRun });
    onEvent({ type: 'done', outputs: [], simulate: request.simulate, dryRun, recorder: recorder.name, action: 'record', recording: 'track-at-once' });
    if (readBack) await verifyRecorded({ ...stagedProgram(layout, readBack.staged), recorder: RECORDERS.imapi }, readBack.drive, 'track-at-once', request, context);
  } finally {
    await readBack?.staged.remove();
  }
}

/** Disc-at-once through IMAPI2: the whole disc staged into a temporary file, then written at once. */
async function imapi2Disc(inputs: Inputs, planned: RecorderPlan, request: BurnRequest, context: JobContext): Promise<void> {
  const { onEvent, signal } = context;
  const { layout, probed } = planned;
  showPlan(inputs, planned, onEvent);
  const imapi2 = await Imapi2.open(onEvent);
  let recorder: Imapi2Recorder;
  let info: RecorderInfo;
  try {
    info = discAtOnceRecorder(await listRecorders(onEvent, imapi2), request.device?.[0]);
    recorder = new Imapi2Recorder(imapi2, info, { layout, ...discAtOnceText(layout, request.cdText ?? false), speed: request.speed, signal });
  } catch (error) {
    await imapi2.close();
    throw error;
  }
  // IMAPI2 has no laser-off write: --simulate is a dry run that never calls WriteMedia.
  const dryRun = request.simulate;
  // --verify: the disc staged for the recorder is kept, the disc read back against it.
  const kept: { disc?: Temporary<StagedDisc> } = {};
  const keepStaged = readsBack(request) ? (staged: Temporary<StagedDisc>) => void (kept.disc = staged) : undefined;
  try {
    await burnDisc(layout, probed, recorder, { simulate: request.simulate, eject: request.eject && !keepStaged, signal, onWarning: warn(onEvent), confirm: confirmDisc(planned, request, context), dryRun, onEvent, keepStaged });
    onEvent({ type: 'done', outputs: [], simulate: request.simulate, dryRun, recorder: recorder.name, action: 'record', recording: 'disc-at-once' });
    const cdText = discAtOnceText(layout, request.cdText ?? false).cdText;
    if (kept.disc) await verifyRecorded(stagedDiscProgram(layout, kept.disc, { recorder: imapi2CdText(request.cdText ?? false), cdText }), info, 'disc-at-once', request, context);
  } finally {
    await kept.disc?.remove();
  }
}

/** Reads the recorded disc back and compares it; then ejects it when asked (the burn left it in to be read). */
async function verifyRecorded(expected: ExpectedProgram, info: RecorderInfo, recording: 'track-at-once' | 'disc-at-once', request: BurnRequest, { onEvent, signal }: JobContext): Promise<void> {
  await readDriveBack(expected, info, { onEvent, signal });
  if (request.eject) await ejectDisc(info, recording, onEvent);
}

/** Ejects the disc through the IMAPI that recorded it; a disc that will not come out is a warning, not a failure. */
async function ejectDisc(info: RecorderInfo, recording: 'track-at-once' | 'disc-at-once', onEvent: JobContext['onEvent']): Promise<void> {
  const session = recording === 'disc-at-once' ? await Imapi2.open(onEvent) : await Imapi.open(onEvent);
  try {
    await session.eject(info);
  } catch (error) {
    onEvent({ type: 'warning', message: `${recorderName(info)}: the disc could not be ejected (${(error as Error).message})` });
  } finally {
    await session.close();
  }
}

async function imageDisc(args: readonly string[], inputs: Inputs, request: BurnRequest, image: string, context: JobContext): Promise<void> {
  const { onEvent, signal } = context;
  const paths = imagePaths(checkImageName(image));
  refuseImageOverInput(paths, [...args, ...inputs.tracks.map((track) => track.path)]);
  const planned = await planTracks(inputs, request, onEvent, signal, capabilitiesOf('image'));
  showPlan(inputs, planned, onEvent);
  const { layout, probed } = planned;
  const recorder = new ImageRecorder(paths.cue, layout, onEvent);
  // --verify: the image just written is read back against the audio as it was staged into it.
  const readBack = readsBack(request) ? await spoolAlongside(recorder, layout) : undefined;
  try {
    await burnDisc(layout, probed, readBack?.recorder ?? recorder, { simulate: request.simulate, eject: request.eject, signal, onWarning: warn(onEvent) });
    onEvent({ type: 'done', outputs: recorder.outputs, simulate: request.simulate });
    if (readBack) await withReader(await ImageReader.open(paths.cue), (reader) => checkDisc({ ...stagedProgram(layout, readBack.staged), cdText: imageCdText(layout) }, reader, { onEvent, signal }));
  } finally {
    await readBack?.staged.remove();
  }
}

/** A real burn asks first, once the media is known to be fit: a write-once disc is spent once recording starts. */
function confirmDisc({ layout }: Planned, request: BurnRequest, { confirm }: JobContext): SessionOptions['confirm'] {
  if (!confirm || request.simulate) return undefined;
  return (recorder, media) => confirm({ kind: 'disc', layout, recorder, rewritable: media.rewritable });
}
