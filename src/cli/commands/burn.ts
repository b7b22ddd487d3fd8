/** `burn`: the options as a request, the job run, its events shown. */
import type { EventListener } from '../../events.js';
import { burnJob } from '../../jobs/burn.js';
import type { BurnOptions } from '../options.js';
import { confirmer } from '../questions.js';
import type { Renderer } from '../render/renderer.js';

export function burnCommand(args: readonly string[], options: BurnOptions, onEvent: EventListener, signal: AbortSignal, renderer?: Renderer): Promise<void> {
  return burnJob(args, options, { onEvent, signal, confirm: confirmer(options), forCopy: renderer?.forCopy?.bind(renderer) });
}
