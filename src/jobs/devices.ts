/** Jobs on a recorder that burn nothing: list the recorders, erase a CD-RW, eject, the doctor's report. */
import { CancelledError, throwIfAborted } from '../errors.js';
import type { EventListener } from '../events.js';
import type { DoctorReport, RecorderInfo } from '../recorders/description.js';
import { doctorReport } from '../recorders/imapi/doctor.js';
import { Imapi, recorderName } from '../recorders/imapi/imapi.js';
import type { JobContext } from './request.js';

/** Runs `fn` with IMAPI open, closing it whatever happens. */
export async function withImapi<T>(onEvent: EventListener, fn: (imapi: Imapi) => Promise<T>): Promise<T> {
  const imapi = await Imapi.open(onEvent);
  try {
    return await fn(imapi);
  } finally {
    await imapi.close();
  }
}

/** `devices`: the recorders IMAPI sees, with their media, as one `devices` event. */
export function devicesJob(onEvent: EventListener): Promise<RecorderInfo[]> {
  return withImapi(onEvent, async (imapi) => {
    const recorders = await imapi.recorders();
    onEvent({ type: 'devices', recorders });
    return recorders;
  });
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

/** `doctor`: what IMAPI says of each recorder and its media, queried only. */
export function doctorJob(onEvent: EventListener): Promise<DoctorReport> {
  return withImapi(onEvent, doctorReport);
}
