/** `verify`: the options as a request, the job run; its events (the report among them) shown. */
import type { EventListener } from '../../events.js';
import { verifyJob } from '../../jobs/verify.js';
import type { VerifyOptions } from '../options.js';

export async function verifyCommand(args: readonly string[], options: VerifyOptions, onEvent: EventListener, signal: AbortSignal): Promise<void> {
  await verifyJob(args, options, { onEvent, signal });
}
