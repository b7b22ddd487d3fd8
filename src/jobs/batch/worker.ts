/**
 * A batch's worker process for one recorder (forked by the CLI). It burns the copies its parent
 * hands it, one at a time, from the batch's staged audio, and reports every event and each copy's
 * outcome over IPC. Ctrl-C reaches it through the parent (`stop`), which decides what stops;
 * the terminal's own SIGINT to the process group is ignored here.
 */
import { BurnAudioError, InterruptedError } from '../../errors.js';
import type { BurnEvent, EventListener } from '../../events.js';
import { SECTORS_PER_SECOND } from '../../disc/red-book.js';
import { Imapi } from '../../recorders/imapi/imapi.js';
import { ImapiRecorder } from '../../recorders/imapi/imapi-recorder.js';
import { Imapi2 } from '../../recorders/imapi2/imapi2.js';
import { Imapi2Recorder, discAtOnceText } from '../../recorders/imapi2/imapi2-recorder.js';
import type { RecorderInfo } from '../../recorders/description.js';
import type { DiscAtOnceRecorder, Recorder } from '../../recorders/recorder.js';
import { stagedSectors } from '../../disc/plan.js';
import { burnDisc } from '../session.js';
import { RECORDERS, imapi2CdText } from '../../recorders/capabilities.js';
import type { ExpectedProgram } from '../../verify/reader.js';
import { readDriveBack, stagedDiscProgram } from '../read-back.js';
import { stagedProgram } from '../staged-program.js';
import { describeError, type CopyOutcome, type CopyPhase, type FromWorker, type ToWorker, type VerifyStatus, type WorkerSetup } from './protocol.js';
import { find, NotStartedError, waitForBlank } from './wait-media.js';

const controller = new AbortController();
let setup: WorkerSetup | undefined;
let queue = Promise.resolve();
/** Ends the current copy's wait for a disc, if it is waiting (--stop-on-error elsewhere in the batch). */
let stopWaiting: (() => void) | undefined;

function send(message: FromWorker): void {
  // The parent may be gone (disconnect, below, deals with that): a message it cannot take is dropped.
  if (process.connected) process.send?.(message, undefined, undefined, () => undefined);
}

process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);
// The parent is gone: stop what runs, and end.
process.on('disconnect', () => {
  controller.abort(new InterruptedError('SIGTERM'));
  void queue.finally(() => process.exit(0));
});
process.on('message', (message: ToWorker) => {
  if (message.type === 'setup') setup = message.setup;
  else if (message.type === 'stop') controller.abort(new InterruptedError(message.signal));
  else if (message.type === 'stopWaiting') stopWaiting?.();
  else if (message.type === 'burn') {
    queue = queue.then(async () => send({ type: 'outcome', outcome: await burnCopy(setup!, message.copy, message.wait) }));
  }
});

async function burnCopy(setup: WorkerSetup, copy: number, wait: number | null): Promise<CopyOutcome> {
  const signal = controller.signal;
  let phase: CopyPhase = 'waiting';
  const enter = (next: CopyPhase): void => {
    phase = next;
    send({ type: 'phase', copy, phase });
  };
  let started = performance.now();
  let recording: { from: number; to?: number } | undefined;
  const onEvent = (event: BurnEvent): void => {
    if (event.type === 'preparingBurn') recording = { from: performance.now() };
    if (event.type === 'burnComplete' && recording) recording.to = performance.now();
    send({ type: 'event', event });
  };
  const outcome = (ok: boolean, dryRun: CopyOutcome['dryRun'], error?: unknown, gone = false, verify?: VerifyStatus): CopyOutcome => {
    const seconds = (performance.now() - started) / 1000;
    const recorded = recording?.to === undefined ? undefined : (recording.to - recording.from) / 1000;
    const averageSpeed = ok && recorded !== undefined && recorded >= 0.05 ? setup.layout.programSectors / SECTORS_PER_SECOND / recorded : null;
    return { copy, ok, phase, seconds: Math.round(seconds * 1000) / 1000, averageSpeed: averageSpeed === null ? null : Math.round(averageSpeed * 10) / 10, dryRun, gone, error: error === undefined ? undefined : describeError(error), ...(verify && { verify }) };
  };
  enter('waiting');
  let dryRun: CopyOutcome['dryRun'] = false;
  try {
    const imapi = await openSession(setup, onEvent);
    let recorder: Recorder | DiscAtOnceRecorder;
    let info: RecorderInfo;
    try {
      // The wait ends on a stop (Ctrl-C) or when the batch starts no more copies.
      const waiting = new AbortController();
      const forward = (): void => waiting.abort(signal.reason);
      if (signal.aborted) forward();
      signal.addEventListener('abort', forward, { once: true });
      stopWaiting = () => waiting.abort(new NotStartedError());
      info = await waitForBlank(imapi, { path: setup.path, index: setup.index, seconds: wait, reject: setup.reject, copy }, waiting.signal, onEvent).finally(() => {
        stopWaiting = undefined;
        signal.removeEventListener('abort', forward);
      });
      started = performance.now();
      enter('staging');
      ({ recorder, dryRun } = recorderFor(imapi, info, setup, signal));
    } catch (error) {
      await imapi.close();
      throw error;
    }
    // A simulated copy leaves the disc as it was, for the next copy; one to verify stays in to be read.
    const verify = setup.verify && !setup.simulate && dryRun === false;
    await burnDisc(setup.layout, setup.audio, recorder, { simulate: setup.simulate, eject: !setup.simulate && !verify, signal, dryRun: dryRun !== false, onWarning: (message) => onEvent({ type: 'warning', message }), onRecording: () => enter('recording') });
    if (!verify) return outcome(true, dryRun, undefined, false, setup.verify ? 'skipped' : undefined);
    enter('verifying');
    await readDriveBack(expectedOf(setup), setup.drive ?? info, { onEvent, signal });
    await ejectSpent(setup, true);
    return outcome(true, dryRun, undefined, false, 'ok');
  } catch (error) {
    // The batch goes on with the next disc: the one a copy failed on is ejected (spent if recording
    // had begun; a disc that failed before is still blank, but the same failure would meet the next
    // copy on it). A stopped batch, or a simulated one, leaves it in, and so does --no-reject
    // (discs are not to be ejected) unless recording had begun.
    const spent = (phase as CopyPhase) === 'recording' || (phase as CopyPhase) === 'verifying';
    const eject = !setup.simulate && !(error instanceof InterruptedError) && !(error instanceof NotStartedError) && !signal.aborted && (spent || setup.reject);
    const gone = recorderGone(error) || (await ejectSpent(setup, eject));
    // A disc that could not be read back (a drive error, too) is not verified; one stopped, or never recorded, was not read.
    const verified: VerifyStatus | undefined = !setup.verify ? undefined : (phase as CopyPhase) === 'verifying' && !signal.aborted ? 'failed' : 'skipped';
    return outcome(false, dryRun, error, gone, verified);
  }
}

/** The staged audio a copy's disc is read back against: the whole disc (disc-at-once), or the tracks (track-at-once, with IMAPI v1's gaps). */
function expectedOf(setup: WorkerSetup): ExpectedProgram {
  const { layout, audio } = setup;
  if ('sectors' in audio) return stagedDiscProgram(layout, audio, { recorder: imapi2CdText(setup.cdText), cdText: discAtOnceText(layout, setup.cdText).cdText });
  return { ...stagedProgram(layout, audio), recorder: RECORDERS.imapi };
}

/** The IMAPI the batch records through: v1, or IMAPI2 (disc-at-once). */
function openSession(setup: WorkerSetup, onEvent: EventListener): Promise<Imapi | Imapi2> {
  return setup.recording === 'disc-at-once' ? Imapi2.open(onEvent) : Imapi.open(onEvent);
}

/** The recorder of a copy, and whether --simulate makes it a dry run (where the IMAPI cannot test-write). */
function recorderFor(imapi: Imapi | Imapi2, info: RecorderInfo, setup: WorkerSetup, signal: AbortSignal): { recorder: Recorder | DiscAtOnceRecorder; dryRun: CopyOutcome['dryRun'] } {
  if (imapi instanceof Imapi2) {
    // Named as `burn-audio devices` numbers it.
    const recorder = new Imapi2Recorder(imapi, { ...info, index: setup.row }, { layout: setup.layout, ...discAtOnceText(setup.layout, setup.cdText), speed: setup.speed, signal });
    return { recorder, dryRun: setup.simulate && 'disc-at-once' };
  }
  const recorder = new ImapiRecorder(imapi, info, { speed: setup.speed, gapSectors: setup.gapSectors, stagedTotal: stagedSectors(setup.layout), signal });
  return { recorder, dryRun: setup.simulate && !imapi.behaviour.testWrite && 'track-at-once' };
}

/** The failure says the recorder itself is gone (unplugged, removed). */
function recorderGone(error: unknown): boolean {
  if (!(error instanceof BurnAudioError)) return false;
  if (error.code === 'EGONE' || error.code === 'IMAPI_E_DEVICE_NOTPRESENT') return true;
  // Modern IMAPI reports a recorder removed during a burn as IMAPI_E_GENERIC after a device change, which is a device error.
  return error.code === 'IMAPI_E_GENERIC' && error.kind === 'device';
}

/** After a failure: ejects the disc the copy failed on (`eject`); true when the recorder itself is gone. */
async function ejectSpent(place: WorkerSetup, eject: boolean): Promise<boolean> {
  try {
    const imapi = await openSession(place, () => undefined);
    try {
      const info = await find(imapi, place);
      if (eject) await imapi.eject(info);
    } finally {
      await imapi.close();
    }
    return false;
  } catch (error) {
    return error instanceof BurnAudioError && error.code === 'EGONE';
  }
}
