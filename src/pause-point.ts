/**
 * Pause points, so that a test can interrupt a run at a moment it chooses rather than by timing.
 * With BURN_AUDIO_PAUSE set to `POINT:FILE` (POINT `probing`, `staging` or `verifying`), the run stops
 * once at that point, after the first input's `probe` event, the first blocks' `addProgress` or
 * the reading's first `verifyProgress` (each already written out), until FILE exists or the run is interrupted. Unset, nothing waits.
 */
import { existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

export type PausePoint = 'probing' | 'staging' | 'verifying';

const passed = new Set<PausePoint>();

/** Waits at `point` when BURN_AUDIO_PAUSE asks for it (once a process), until its file exists or `signal` aborts. */
export async function pauseAt(point: PausePoint, signal: AbortSignal | undefined): Promise<void> {
  const setting = process.env.BURN_AUDIO_PAUSE ?? '';
  const colon = setting.indexOf(':');
  if (setting.slice(0, colon) !== point || passed.has(point)) return;
  passed.add(point);
  const resume = setting.slice(colon + 1);
  // Polled, as the simulator's pauseAtBlock is: the order comes from the file, not the interval.
  while (!existsSync(resume) && !signal?.aborted) await delay(20, undefined, { signal }).catch(() => undefined);
}
