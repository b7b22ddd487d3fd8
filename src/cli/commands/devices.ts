import { plainText } from '../../disc/text.js';
import { CancelledError, throwIfAborted } from '../../errors.js';
import type { EventListener } from '../../events.js';
import { canAsk } from '../ask.js';
import { displayWidth, padDisplay } from '../render/text-width.js';
import { Imapi, describeMedia, recorderName } from '../../recorders/imapi/imapi.js';
import type { RecorderInfo } from '../../recorders/description.js';

/** Runs `fn` with IMAPI open, closing it whatever happens. */
export async function withImapi<T>(onEvent: EventListener, fn: (imapi: Imapi) => Promise<T>): Promise<T> {
  const imapi = await Imapi.open(onEvent);
  try {
    return await fn(imapi);
  } finally {
    await imapi.close();
  }
}

export function devicesCommand(onEvent: EventListener): Promise<RecorderInfo[]> {
  return withImapi(onEvent, async (imapi) => {
    const recorders = await imapi.recorders();
    onEvent({ type: 'devices', recorders });
    return recorders;
  });
}

/**
 * Blanks a CD-RW, asking first on a terminal (`ask`, unless -y): it destroys what the disc holds.
 * IMAPI cannot stop an erase once started, so a Ctrl-C then only says what happens.
 */
export function eraseCommand(
  device: string | undefined,
  full: boolean,
  onEvent: EventListener,
  signal: AbortSignal,
  ask?: (question: string) => Promise<boolean>,
): Promise<void> {
  return withImapi(onEvent, async (imapi) => {
    const recorder = await imapi.pick(device);
    const name = recorderName(recorder);
    if (ask && canAsk() && !(await ask(`Erase ${full ? 'all of ' : ''}the disc in ${plainText(name)}? What it holds is lost.`))) {
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

export function ejectCommand(device: string | undefined, onEvent: EventListener): Promise<void> {
  return withImapi(onEvent, async (imapi) => {
    const recorder = await imapi.pick(device);
    await imapi.eject(recorder);
    onEvent({ type: 'done', outputs: [], simulate: false, recorder: recorderName(recorder), action: 'eject' });
  });
}

/** The `devices` table. */
export function devicesTable(recorders: readonly RecorderInfo[]): string {
  if (recorders.length === 0) return 'No CD recorders found.\n';
  const header = ['#', 'Vendor', 'Product', 'Rev', 'Path', 'Media'];
  const rows = recorders.map((r) => [String(r.index), r.vendor, r.product, r.revision, r.path, describeMedia(r.media)].map(plainText));
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => displayWidth(row[c]!))));
  return [header, ...rows].map((cells) => cells.map((cell, c) => padDisplay(cell, widths[c]!)).join('  ').trimEnd()).join('\n') + '\n';
}
