/** Jobs on a recorder that burn nothing: list the recorders, erase a CD-RW, eject, the doctor's report. */
import { BurnAudioError, CancelledError, DeviceError, throwIfAborted } from '../errors.js';
import { warn, type EventListener } from '../events.js';
import type { DoctorReport, Imapi2Facts, Imapi2Report, ReadBackReport, RecorderInfo } from '../recorders/description.js';
import { doctorReport } from '../recorders/imapi/doctor.js';
import { Imapi, pickRecorder, recorderName } from '../recorders/imapi/imapi.js';
import { Imapi2, imapiFacts } from '../recorders/imapi2/imapi2.js';
import { matchRecorders } from '../recorders/imapi2/match.js';
import { readBackReport } from '../recorders/imapi2/read-back-report.js';
import type { JobContext } from './request.js';

/** Runs `fn` with IMAPI open, closing it whatever happens. */
export function withImapi<T>(onEvent: EventListener, fn: (imapi: Imapi) => Promise<T>): Promise<T> {
  return using(Imapi.open(onEvent), fn);
}

/** Runs `fn` with IMAPI2 open, closing it whatever happens. */
export function withImapi2<T>(onEvent: EventListener, fn: (imapi2: Imapi2) => Promise<T>): Promise<T> {
  return using(Imapi2.open(onEvent), fn);
}

async function using<S extends { close(): Promise<void> }, T>(opening: Promise<S>, fn: (session: S) => Promise<T>): Promise<T> {
  const session = await opening;
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

/**
 * The recorders as `devices` lists them (matchRecorders): IMAPI v1's, each with what IMAPI2
 * says of it, then those only IMAPI2 sees; given `imapi2`, IMAPI2's are listed through it (it
 * stays open). Where only one IMAPI can be opened, its recorders, and a warning says why not the other.
 */
export async function listRecorders(onEvent: EventListener, imapi2?: Imapi2): Promise<RecorderInfo[]> {
  const facts = await imapiFacts();
  const v1 = await withImapi(onEvent, (imapi) => imapi.recorders()).catch((error: unknown) => error as Error);
  const numbered = (session: Imapi2): Promise<RecorderInfo[]> => session.recordersNumbered();
  const seen = facts.imapi2().hresult !== 0 ? [] : await (imapi2 ? numbered(imapi2) : withImapi2(onEvent, numbered)).catch((error: unknown) => error as Error);
  if (v1 instanceof Error) {
    if (seen instanceof Error || seen.length === 0) throw v1;
    warn(onEvent)(`IMAPI v1 cannot be used (${v1.message}); the recorders are listed as IMAPI2 sees them`);
    return matchRecorders([], seen);
  }
  if (seen instanceof Error) {
    if (!(seen instanceof BurnAudioError)) throw seen;
    warn(onEvent)(`IMAPI2 cannot be used (${seen.message}); the recorders are listed as IMAPI v1 sees them`);
    return v1;
  }
  return matchRecorders(v1, seen);
}

/** The recorder `-d` names among those `devices` lists, which IMAPI2 must see; by default the first it sees. */
export function discAtOnceRecorder(list: readonly RecorderInfo[], device: string | undefined): RecorderInfo {
  return seenByImapi2(pickRecorder(device === undefined ? list.filter((recorder) => recorder.imapi2) : list, device));
}

/** The recorder, once it is known that IMAPI2 sees it (it records disc-at-once). */
export function seenByImapi2(info: RecorderInfo): RecorderInfo & { imapi2: Imapi2Facts } {
  if (!info.imapi2) throw new DeviceError(`recorder ${info.index} (${recorderName(info)}) is not seen by IMAPI2, which records disc-at-once; --tao records track-at-once through IMAPI v1`, 'ENOIMAPI2');
  return { ...info, imapi2: info.imapi2 };
}

/** `devices`: the recorders IMAPI v1 and IMAPI2 see, with their media, as one `devices` event. */
export async function devicesJob(onEvent: EventListener): Promise<RecorderInfo[]> {
  const recorders = await listRecorders(onEvent);
  onEvent({ type: 'devices', recorders });
  return recorders;
}

/**
 * `erase`: blanks a CD-RW, asking first (`confirm`, unless nobody can answer): it destroys what the disc holds.
 * IMAPI cannot stop an erase once started, so a Ctrl-C then only says what happens.
 */
export function eraseJob(device: string | undefined, full: boolean, { onEvent, signal, confirm }: JobContext): Promise<void> {
  return withImapi(onEvent, async (imapi) => {
    const recorder = await imapi.pick(device);
    const name = recorderName(recorder);
    if (confirm && !(await confirm({ kind: 'erase', recorder: name, full }))) {
      throw new CancelledError('the erase was declined at the prompt; the disc is unchanged');
    }
    throwIfAborted(signal);
    const notice = (): void =>
      onEvent({ type: 'warning', message: 'an erase cannot be stopped once it has started: it goes on until the disc is blank. Ctrl-C again quits at once, and the disc then needs erasing again' });
    signal.addEventListener('abort', notice, { once: true });
    try {
      onEvent({ type: 'erasing', name, full });
      await imapi.erase(recorder, full);
    } finally {
      signal.removeEventListener('abort', notice);
    }
    onEvent({ type: 'done', outputs: [], simulate: false, recorder: recorderName(recorder), action: 'erase' });
  });
}

export function ejectJob(device: string | undefined, onEvent: EventListener): Promise<void> {
  return withImapi(onEvent, async (imapi) => {
    const recorder = await imapi.pick(device);
    await imapi.eject(recorder);
    onEvent({ type: 'done', outputs: [], simulate: false, recorder: recorderName(recorder), action: 'eject' });
  });
}

/**
 * `doctor`: what IMAPI v1 and IMAPI2 say of each recorder and its media, queried only; then the
 * drive reader on whatever disc is in each recorder IMAPI2 sees, reading only.
 */
export async function doctorJob(onEvent: EventListener): Promise<DoctorReport> {
  const facts = await imapiFacts();
  const v1 = await withImapi(onEvent, doctorReport);
  const available = { available: facts.imapi2().hresult, detail: facts.imapi2().detail };
  if (facts.imapi2().hresult !== 0) return { ...v1, imapi2: { ...available, recorders: [] }, readBack: [] };
  const { recorders, seen } = await withImapi2(onEvent, async (imapi2) => {
    const reports: Imapi2Report[] = [];
    const count = imapi2.shim.recorderCount();
    for (let index = 0; index < count; index += 1) {
      const { result, json } = await imapi2.shim.report(index);
      imapi2.check(result, `recorder ${index}`);
      reports.push({ index, ...(JSON.parse(json) as Omit<Imapi2Report, 'index'>) });
    }
    return { recorders: reports, seen: await imapi2.recorders() };
  });
  const readBack: ReadBackReport[] = [];
  for (const recorder of seen) readBack.push(await readBackReport(recorder));
  return { ...v1, imapi2: { ...available, recorders }, readBack };
}
