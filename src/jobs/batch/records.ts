/** What a batch says of each copy: its `disc` record, its failure, what a Ctrl-C means for it. */
import { describeError, type CopyOutcome, type CopyPhase } from './protocol.js';
import { BurnAudioError, InterruptedError } from '../../errors.js';
import type { BurnEvent, Recording } from '../../events.js';
import { SECTORS_PER_SECOND } from '../../disc/red-book.js';
import { EXIT, exitCodeFor } from '../../exit-codes.js';

export type DiscRecord = Extract<BurnEvent, { type: 'disc' }>;

export function kindOf(code: number): BurnAudioError['kind'] {
  const entry = Object.entries(EXIT).find(([, value]) => value === code);
  return (entry?.[0] ?? 'internal') as BurnAudioError['kind'];
}

/** What a dry run did, track-at-once (IMAPI v1 on modern Windows) or disc-at-once (IMAPI2). */
const DRY_RUNS: Record<Recording, string> = {
  'track-at-once': 'dry run: staged and cleared, nothing recorded',
  'disc-at-once': 'dry run: prepared, the image built and read through, released; nothing recorded',
};

export function discRecord(recorder: number | null, outcome: CopyOutcome, simulate: boolean, signal: AbortSignal): DiscRecord {
  const kind = outcome.error?.kind;
  const status = outcome.ok ? 'ok' : kind === 'interrupted' ? 'interrupted' : 'failed';
  const code = outcome.ok ? EXIT.ok : kind === 'interrupted' ? exitCodeFor(new InterruptedError(signalName(signal))) : EXIT[kind ?? 'internal'];
  const made = outcome.dryRun ? DRY_RUNS[outcome.dryRun] : simulate ? 'simulated' : recorder === null ? 'written' : 'recorded';
  const done = outcome.verify === 'ok' ? `${made} and verified: every sample reads back as staged` : made;
  return {
    type: 'disc',
    recorder,
    copy: outcome.copy,
    status,
    code,
    message: outcome.ok ? done : (outcome.error?.message ?? 'failed'),
    seconds: Math.round(outcome.seconds * 1000) / 1000,
    averageSpeed: outcome.averageSpeed,
    ...(outcome.verify && { verify: outcome.verify }),
  };
}

/** What a Ctrl-C means for the disc a lane was working on. */
export function interruptedMessage(lane: { recorder: number | null }, { copy, phase }: { copy: number; phase: CopyPhase }, simulate: boolean): string {
  const who = lane.recorder === null ? `copy ${copy}` : `recorder ${lane.recorder}: copy ${copy}`;
  if (phase === 'waiting') return `${lane.recorder === null ? '' : `recorder ${lane.recorder}: `}was waiting for a blank disc for copy ${copy}: nothing was written`;
  if (phase === 'verifying') return `${who} was being read back: verifying only reads, so the ${lane.recorder === null ? 'image' : 'disc'} itself is fine (not verified)`;
  if (phase === 'staging' || lane.recorder === null) return `${who} was being ${lane.recorder === null ? 'written' : 'staged'}: nothing was recorded${lane.recorder === null ? ' (no file of it is left)' : ', the disc is still blank'}`;
  if (simulate) return `${who} was being simulated: the disc is untouched`;
  return `${who} was being recorded: that disc is probably unusable (a CD-RW can be erased and used again)`;
}

export function failed(copy: number, phase: CopyPhase, started: number, error: unknown): CopyOutcome {
  return { copy, ok: false, error: describeError(error), phase, seconds: (performance.now() - started) / 1000, averageSpeed: null, dryRun: false, gone: false };
}

export function averageSpeed(sectors: number, seconds: number): number | null {
  return seconds < 0.05 ? null : Math.round((sectors / SECTORS_PER_SECOND / seconds) * 10) / 10;
}

export function signalName(signal: AbortSignal): NodeJS.Signals {
  return signal.reason instanceof InterruptedError ? signal.reason.signal : 'SIGINT';
}

