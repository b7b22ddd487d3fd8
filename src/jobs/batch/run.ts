/**
 * Batches: `--copies`, several recorders (`-d` repeated, `-d all`), `--wait-media`, `--log`. They
 * sit above the session: the tracks are planned, checked, read and converted once into a
 * temporary file of CD audio; each disc is then one session staged from it (on a recorder, in a
 * worker process of its own; an image, here), and each session's outcome becomes a `disc`
 * record. The batch ends with a `batch` record and exit 0 (every disc), 6 (some) or the first
 * failure's code (none).
 */
import type { CopyOutcome } from './protocol.js';
import { stageDisc, stageOnce } from '../staged-audio.js';
import { BatchError, CancelledError, DeviceError, InterruptedError, UsageError } from '../../errors.js';
import { warn, type BurnEvent, type EventListener } from '../../events.js';
import { stagedSectors } from '../../disc/plan.js';
import type { DiscLayout } from '../../disc/layout.js';
import { capabilitiesOf, checkBeforeInputs, imapiGap, type RecorderFacts } from '../../recorders/choose.js';
import { ImageRecorder, checkImageName, imagePaths, refuseImageOverInput } from '../../recorders/image-recorder.js';
import { IMAGE_ADVICE, Imapi, pickRecorder, recorderName } from '../../recorders/imapi/imapi.js';
import type { Imapi2Facts, RecorderInfo } from '../../recorders/description.js';
import { burnDisc } from '../session.js';
import { withInputs, type Inputs } from '../../inputs/gather.js';
import type { BurnRequest, JobContext } from '../request.js';
import { RecordLog } from './record-log.js';
import { planForRecorder, planTracks, showPlan, type RecorderPlan } from '../plan.js';
import { discAtOnceRecorder, listRecorders, seenByImapi2 } from '../devices.js';
import type { WorkerSetup } from './protocol.js';
import { RecorderWorker, type Lane } from './lanes.js';
import { ImageReader } from '../../verify/image-reader.js';
import { checkDisc, imageCdText, readableDrive, withReader } from '../read-back.js';
import { stagedProgram } from '../staged-program.js';
import { averageSpeed, discRecord, failed, interruptedMessage, kindOf, signalName, type DiscRecord } from './records.js';

/** A batch's entry point: burnJob hands every batch here. */
export async function batchJob(args: readonly string[], request: BurnRequest, job: JobContext): Promise<void> {
  const log = request.log === undefined ? undefined : await RecordLog.open(request.log);
  const context = { ...job, log };
  if (request.image !== undefined) {
    const image = request.image;
    return withInputs(args, request, (inputs) => imageCopies(args, inputs, request, image, context));
  }
  const facts = await checkBeforeInputs(request);
  return withInputs(args, request, (inputs) => recorderCopies(inputs, request, context, facts));
}

interface BatchContext extends JobContext {
  log?: RecordLog;
}

/** `--copies N --image NAME.cue`: NAME-1.cue/.bin ... NAME-N.cue/.bin, each written from the audio read once. */
async function imageCopies(args: readonly string[], inputs: Inputs, options: BurnRequest, image: string, context: BatchContext): Promise<void> {
  const copies = options.copies ?? 1;
  const base = imagePaths(checkImageName(image)).cue.replace(/\.cue$/i, '');
  const names = Array.from({ length: copies }, (_, i) => `${base}-${i + 1}.cue`);
  for (const name of names) refuseImageOverInput(imagePaths(name), [...args, ...inputs.tracks.map((track) => track.path)]);
  const planned = await planTracks(inputs, options, context.onEvent, context.signal, capabilitiesOf('image'));
  showPlan(inputs, planned, context.onEvent);
  const { layout, probed } = planned;
  const lane: Lane = {
    recorder: null,
    label: 'image',
    async burn(copy, _wait, onEvent) {
      const started = performance.now();
      const recorder = new ImageRecorder(names[copy - 1]!, layout, onEvent);
      lane.current = { copy, phase: 'staging' };
      const reads = (options.verify ?? false) && !options.simulate;
      const skipped = options.verify ? { verify: 'skipped' as const } : {};
      try {
        await burnDisc(layout, audio, recorder, { simulate: options.simulate, eject: false, signal: context.signal, onWarning: warn(onEvent) });
        const seconds = (performance.now() - started) / 1000;
        if (reads) {
          // Each image read back against the audio staged once for them all.
          lane.current = { copy, phase: 'verifying' };
          await withReader(await ImageReader.open(names[copy - 1]!), (reader) => checkDisc({ ...stagedProgram(layout, audio), cdText: imageCdText(layout) }, reader, { onEvent, signal: context.signal }));
        }
        return { copy, ok: true, phase: 'recording', seconds, averageSpeed: averageSpeed(stagedSectors(layout), seconds), dryRun: false, gone: false, ...(reads ? { verify: 'ok' } : skipped) };
      } catch (error) {
        const read = lane.current?.phase === 'verifying' && !context.signal.aborted;
        return { ...failed(copy, read ? 'verifying' : 'staging', started, error), ...(read ? { verify: 'failed' } : skipped) };
      } finally {
        lane.current = undefined;
      }
    },
  };
  const audio = await stageOnce(layout, probed, context.signal, warn(context.onEvent));
  try {
    await runBatch(copies, [lane], { options, layout, context, oneAtATime: true, describe: (copy) => names[copy - 1]! });
  } finally {
    await audio.remove();
  }
}

/** Copies on one or more recorders, a worker process each. */
async function recorderCopies(inputs: Inputs, options: BurnRequest, context: BatchContext, facts: RecorderFacts): Promise<void> {
  const { onEvent, signal } = context;
  const planned = await planForRecorder(inputs, options, facts, context);
  const { layout, probed } = planned;
  const chosen = planned.kind === 'imapi' ? await trackAtOnce(inputs, planned, options, onEvent) : await discAtOnce(inputs, planned, options, onEvent);
  const { recorders, oneAtATime } = chosen;
  const copies = options.copies ?? 1;
  if (context.confirm && !options.simulate && !(await context.confirm({ kind: 'batch', layout, copies, recorders: recorders.map(recorderName) }))) {
    throw new CancelledError('the batch was declined at the prompt; nothing was written');
  }
  const audio = planned.kind === 'imapi'
    ? await stageOnce(layout, probed, signal, warn(onEvent))
    : await stageDisc(layout, probed, { signal, onWarning: warn(onEvent), what: 'the audio for the copies' });
  const setup = (info: RecorderInfo): WorkerSetup => ({
    layout,
    audio: 'sectors' in audio ? { path: audio.path, sectors: audio.sectors } : { path: audio.path, trackBlocks: audio.trackBlocks },
    ...(planned.kind === 'imapi2' ? where(seenByImapi2(info).imapi2) : { path: info.path, index: info.index }),
    row: info.index,
    recording: planned.kind === 'imapi2' ? 'disc-at-once' : 'track-at-once',
    cdText: options.cdText ?? false,
    simulate: options.simulate,
    speed: options.speed,
    gapSectors: chosen.gapSectors,
    reject: options.reject,
    verify: options.verify ?? false,
    ...(planned.kind === 'imapi' && options.verify && { drive: info }),
  });
  const workers = recorders.map((info) => new RecorderWorker(info, setup(info)));
  const stop = (): void => workers.forEach((worker) => worker.stop(signalName(signal)));
  signal.addEventListener('abort', stop, { once: true });
  try {
    await runBatch(copies, workers, { options, layout, context, oneAtATime, describe: (copy) => `copy ${copy}` });
  } finally {
    signal.removeEventListener('abort', stop);
    await Promise.all(workers.map((worker) => worker.end()));
    await audio.remove();
  }
}

/** Where a worker finds an IMAPI2 recorder: by its unique ID, first at its index among IMAPI2's. */
function where(imapi2: Imapi2Facts): { path: string; index: number } {
  return { path: imapi2.uniqueId, index: imapi2.index };
}

/** The recorders of a batch and how they share the work. */
interface BatchRecorders {
  recorders: RecorderInfo[];
  /** The gap IMAPI v1 writes (AudioGapSize); disc-at-once writes the gaps in the tracks' data. */
  gapSectors: number;
  oneAtATime: boolean;
}

/** IMAPI v1: the gap it writes checked, the recorders picked, the plan shown. */
async function trackAtOnce(inputs: Inputs, planned: RecorderPlan, options: BurnRequest, onEvent: EventListener): Promise<BatchRecorders> {
  // --verify: each recorder as IMAPI2 sees it too, through which its discs are read back.
  const seen = options.verify && !options.simulate ? await listRecorders(onEvent) : undefined;
  const imapi = await Imapi.open(onEvent);
  let recorders: RecorderInfo[];
  let gapSectors: number;
  try {
    gapSectors = imapiGap(planned.layout, imapi.behaviour, imapi.platform, inputs);
    recorders = pickRecorders(await imapi.recorders(), options.device);
    if (seen) recorders = recorders.map((info) => readableDrive(seen.find((other) => other.path === info.path) ?? info));
    showPlan(inputs, planned, onEvent);
  } finally {
    // IMAPI is the workers' from here (on XP only one process at a time may hold it).
    await imapi.close();
  }
  const oneAtATime = !imapi.behaviour.concurrentRecorders;
  if (oneAtATime && recorders.length > 1) {
    onEvent({
      type: 'warning',
      message: `IMAPI v1 on this Windows (${imapi.platform.windows}) lets only one recorder on the system be used at a time, so the ${recorders.length} recorders take turns: one records while the next disc can be put in another`,
    });
  }
  return { recorders, gapSectors, oneAtATime };
}

/** IMAPI2: the plan shown, the recorders picked among those IMAPI2 sees; each records at once, in a process of its own. */
async function discAtOnce(inputs: Inputs, planned: RecorderPlan, options: BurnRequest, onEvent: EventListener): Promise<BatchRecorders> {
  showPlan(inputs, planned, onEvent);
  const list = await listRecorders(onEvent);
  const devices = options.device;
  // -d all: every recorder IMAPI2 sees.
  const candidates = devices?.includes('all') ? list.filter((recorder) => recorder.imapi2) : list;
  const recorders = devices === undefined ? [discAtOnceRecorder(list, undefined)] : pickRecorders(candidates, devices).map(seenByImapi2);
  return { recorders, gapSectors: 0, oneAtATime: false };
}

/** The recorders `-d` names: the first by default, each `-d` in turn, or every one with `-d all`. */
function pickRecorders(list: readonly RecorderInfo[], devices: readonly string[] | undefined): RecorderInfo[] {
  if (list.length === 0) throw new DeviceError('no CD recorder found; connect one, or ' + IMAGE_ADVICE, 'ENORECORDER');
  if (devices === undefined) return [list[0]!];
  if (devices.includes('all')) {
    if (devices.length > 1) throw new UsageError('-d all: all the recorders are already chosen; give -d all alone');
    return [...list];
  }
  const picked: RecorderInfo[] = [];
  for (const device of devices) {
    // A recorder that is not there is exit 4, as for one disc: it may be unplugged, not mistyped.
    const info = pickRecorder(list, device);
    if (picked.some((other) => other.path === info.path)) throw new UsageError(`-d ${device}: recorder ${info.index} is given twice`);
    picked.push(info);
  }
  return picked;
}

interface BatchRun {
  options: BurnRequest;
  layout: DiscLayout;
  context: BatchContext;
  /** Only one lane may burn at a time (IMAPI v1 on XP): they take turns. */
  oneAtATime: boolean;
  /** What a copy is called in messages: `copy 2`, or an image's name. */
  describe: (copy: number) => string;
}

/**
 * Hands the copies out, each lane taking the next one when it is ready, and records each disc.
 * Stops handing out after a failure with --stop-on-error, when interrupted, or (for one lane)
 * when its recorder is gone. Throws what the batch ends with unless every disc was burned.
 */
async function runBatch(copies: number, lanes: readonly Lane[], run: BatchRun): Promise<void> {
  const { options, context } = run;
  const started = performance.now();
  const records: DiscRecord[] = [];
  let next = 1;
  let stopped = false;
  let turn = Promise.resolve();
  let interruptedWhile: string[] = [];
  const onAbort = (): void => {
    interruptedWhile = lanes.flatMap((lane) => (lane.current ? [interruptedMessage(lane, lane.current, options.simulate)] : []));
    for (const message of interruptedWhile) context.onEvent({ type: 'warning', message });
  };
  context.signal.addEventListener('abort', onAbort, { once: true });
  const record = async (lane: Lane, outcome: CopyOutcome): Promise<void> => {
    const disc = discRecord(lane.recorder, outcome, options.simulate, context.signal);
    records.push(disc);
    context.onEvent(disc);
    await context.log?.append(disc, warn(context.onEvent));
  };
  // Copies a recorder gave back: it went before it wrote anything, so another recorder burns them.
  const returned: number[] = [];
  let alive = lanes.length;
  const more = (): boolean => next <= copies || returned.length > 0;
  const work = async (lane: Lane): Promise<void> => {
    let first = true;
    while (!stopped && !context.signal.aborted && more()) {
      let release = (): void => undefined;
      if (run.oneAtATime) {
        const previous = turn;
        turn = new Promise((resolve) => (release = resolve));
        await previous;
      }
      try {
        if (stopped || context.signal.aborted || !more()) break;
        const copy = returned.shift() ?? next++;
        // The first disc of each recorder is expected in it; the next ones are awaited.
        const wait = options.waitMedia === true ? null : (options.waitMedia ?? (first || options.simulate ? 0 : null));
        first = false;
        const listen = context.forCopy?.(lane.recorder, copy, run.describe(copy), run.layout) ?? context.onEvent;
        const outcome = await lane.burn(copy, wait, listen);
        // Stopped while it waited for a disc: the copy was never started.
        if (stopped && !outcome.ok && outcome.phase === 'waiting') break;
        if (outcome.gone) alive -= 1;
        if (outcome.gone && outcome.phase === 'waiting' && alive > 0 && !context.signal.aborted) {
          returned.push(copy);
          context.onEvent({ type: 'warning', message: `${lane.label} is gone while waiting for a disc for copy ${copy}; the other recorders burn it and the copies left` });
          break;
        }
        await record(lane, outcome);
        if (!outcome.ok && options.stopOnError && !stopped) {
          stopped = true;
          for (const other of lanes) other.stopWaiting?.();
        }
        if (outcome.gone) {
          if (more() && alive > 0) context.onEvent({ type: 'warning', message: `${lane.label} is gone; the other recorders burn the copies left` });
          break;
        }
      } finally {
        release();
      }
    }
  };
  try {
    await Promise.all(lanes.map(work));
  } finally {
    context.signal.removeEventListener('abort', onAbort);
  }
  // Given back when no recorder was left to take them: not burned.
  for (const copy of returned) {
    const error = new DeviceError(`copy ${copy}: its recorder went while waiting for a disc, and no other recorder was left`, 'EGONE');
    await record(lanes[0]!, { ...failed(copy, 'waiting', performance.now(), error), gone: true });
  }
  const ok = records.filter((disc) => disc.status === 'ok').length;
  const summary: BurnEvent = { type: 'batch', ok, failed: records.length - ok, seconds: Math.round(performance.now() - started) / 1000 };
  context.onEvent(summary);
  await context.log?.append(summary, warn(context.onEvent));
  if (context.signal.aborted) throw new InterruptedError(signalName(context.signal), ['the batch stopped', ...interruptedWhile].join('; '));
  const left = copies - records.length;
  const notBurned = left > 0 ? `; ${left} more ${left === 1 ? 'copy was' : 'copies were'} not started` : '';
  const firstFailure = records.find((disc) => disc.status !== 'ok');
  if (!firstFailure) return;
  if (ok > 0) throw new BatchError(`${records.length - ok} of ${records.length} discs failed (see the disc records)${notBurned}`, 'partial');
  const kind = kindOf(firstFailure.code);
  throw new BatchError(records.length === 1 ? firstFailure.message + notBurned : `none of the ${records.length} discs was burned; the first failure: ${firstFailure.message}${notBurned}`, kind);
}
