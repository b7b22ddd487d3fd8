import { listed, plainText } from '../../disc/text.js';
import { formatDuration } from '../../disc/red-book.js';
import { signedDb } from '../../audio/loudness/levels.js';
import type { DiscLayout, LevelRequest, TrackLayout } from '../../disc/layout.js';
import type { BurnEvent } from '../../events.js';
import type { VerifyReport } from '../../verify/report.js';
import { offsetText, trackProblem } from '../../verify/summary.js';
import type { DiscProgress, Phase } from './disc-progress.js';
import type { RenderTarget } from './renderer.js';
import { formatElapsed, formatRate, formatSpeed, type Timing } from './throughput.js';

/** A track as people name it: its title (control characters removed). */
export function trackLabel(track: TrackLayout): string {
  return plainText(track.title ?? track.path);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The disc in one line. Its length is the plan's total (lead-in pregap and gaps included), used throughout. */
export function discSummary(layout: DiscLayout): string {
  const left = layout.capacityMinutes === 80 ? layout.left[80] : undefined;
  const room = left === undefined ? '' : `, ${formatDuration(left)} left on an 80-minute disc`;
  return `${plural(layout.tracks.length, 'track')}, ${formatDuration(layout.totalSectors)} (${layout.totalSectors} sectors)${room}${levelSummary(layout.level)}`;
}

function levelSummary(level: LevelRequest | undefined): string {
  if (!level) return '';
  return level.source === 'fixed' ? `, every track ${signedDb(level.gain)}` : `, levelled to ${level.target} LUFS (${level.mode} gain)`;
}

/**
 * The words for what happens in each phase: a disc is staged, then recorded; an image is
 * written while it is staged, and has no recording to prepare or disc to close; either is
 * verified by reading it back.
 */
export function phaseVerb(phase: Phase, target: RenderTarget): string {
  if (phase === 'verifying') return 'Verifying';
  if (target === 'image') return phase === 'staging' ? 'Writing' : 'Finishing';
  return phase === 'staging' ? 'Staging' : 'Recording';
}

function doneMessage(event: Extract<BurnEvent, { type: 'done' }>): string {
  if (event.dryRun && event.recording === 'disc-at-once') {
    return 'Dry run complete, without the laser: the disc was prepared and checked, the disc-at-once image built and read through once, then the disc released; nothing was recorded (WriteMedia was never called), because IMAPI2 has no test write';
  }
  if (event.dryRun) {
    return 'Dry run complete, without the laser: the recorder was opened, the disc checked and every track staged, then the staged audio cleared; nothing was recorded, because IMAPI on this Windows cannot do a test write';
  }
  if (event.simulate) return 'Simulation complete: every step ran, nothing was written';
  const verb = { record: 'Disc recorded in', erase: 'Disc erased in', eject: 'Disc ejected from' }[event.action ?? 'record'];
  if (event.recorder) return `${verb} ${plainText(event.recorder)}`;
  return `Wrote ${listed(event.outputs.map(plainText))}`;
}

/** `48.0× (8.5 MB/s)`, or nothing while the speed is not known yet. */
export function speedText(timing: Timing): string {
  return timing.speed === undefined || timing.bytesPerSecond === undefined ? '' : `${formatSpeed(timing.speed)} (${formatRate(timing.bytesPerSecond)})`;
}

/** `48.0× (8.5 MB/s), 0:12 elapsed, 0:40 left`: the timing facts of a phase, as far as known. */
export function timingText(timing: Timing): string {
  const parts = [speedText(timing), `${formatElapsed(timing.elapsedSeconds)} elapsed`];
  if (timing.secondsLeft !== undefined) parts.push(`${formatElapsed(timing.secondsLeft)} left`);
  return parts.filter((part) => part !== '').join(', ');
}

/**
 * The run in one line once it is done: tracks, length, how long it took and the average speed of
 * the phase that did the work (writing an image, or recording a disc).
 */
function resultSummary(progress: DiscProgress, target: RenderTarget, simulate: boolean): string | undefined {
  const layout = progress.layout;
  if (!layout) return undefined;
  const work = target === 'image' ? progress.staging.average() : progress.recording.average();
  const speed = speedText(work);
  const how = `${simulate ? 'simulated' : target === 'image' ? 'written' : 'recorded'} in ${formatElapsed(work.elapsedSeconds)}${speed ? ` at ${speed} on average` : ''}`;
  return `${plural(layout.tracks.length, 'track')}, ${formatDuration(layout.totalSectors)}, ${how}; ${formatElapsed(progress.elapsedSeconds())} in all`;
}

/** The result: what was done, then (for a burn) the summary line, or (erase, eject) how long it took. */
export function doneLines(event: Extract<BurnEvent, { type: 'done' }>, progress: DiscProgress, target: RenderTarget): string[] {
  const head = doneMessage(event);
  if (event.action === 'erase' || event.action === 'eject') return [`${head} (${formatElapsed(progress.elapsedSeconds())})`];
  const summary = resultSummary(progress, target, event.simulate);
  return summary ? [head, summary] : [head];
}

export const STOPPING = 'Stopping as soon as it safely can (Ctrl-C again quits at once)';

/** The recorder chosen; `named`: with its index first (a batch's lines name the recorder already). */
export function recorderLine(event: Extract<BurnEvent, { type: 'recorder' }>, named = true): string {
  const speed = event.writeSpeed === null ? 'writing at the speed Windows picks' : `writing at ${event.writeSpeed}×`;
  const how = event.recording === 'disc-at-once' ? ', disc-at-once (IMAPI2)' : '';
  return `${named ? `Recorder ${event.index}: ` : ''}${plainText(event.name)} (${plainText(event.media)}), ${speed} (at most ${event.maxWriteSpeed}×)${how}`;
}

export function erasingLine(event: Extract<BurnEvent, { type: 'erasing' }>): string {
  return `Erasing the disc in ${plainText(event.name)} (${event.full ? 'full erase: this can take over an hour' : 'quick erase'})`;
}

export function waitingLine(event: Extract<BurnEvent, { type: 'waiting' }>): string {
  const howLong = event.seconds === null ? '' : ` (up to ${formatElapsed(event.seconds)})`;
  return `Waiting for ${event.media} for copy ${event.copy}${howLong}; put one in (Ctrl-C stops)`;
}

/** A batch's disc record in words: `recorder 1: copy 2 recorded in 0:12 at 8.1× on average`. */
export function discLine(event: Extract<BurnEvent, { type: 'disc' }>): string {
  const who = `${event.recorder === null ? '' : `recorder ${event.recorder}: `}copy ${event.copy}`;
  if (event.status !== 'ok') return `${who} ${event.status === 'interrupted' ? 'interrupted' : 'failed'} (exit ${event.code}): ${plainText(event.message)}`;
  const speed = event.averageSpeed === null ? '' : ` at ${formatSpeed(event.averageSpeed)} on average`;
  return `${who} ${plainText(event.message)} in ${formatElapsed(event.seconds)}${speed}`;
}

/** The batch's result; `stopped` once Ctrl-C has stopped it. */
export function batchLine(event: Extract<BurnEvent, { type: 'batch' }>, stopped = false): string {
  return `Batch ${stopped ? 'stopped after' : 'done in'} ${formatElapsed(event.seconds)}: ${plural(event.ok, 'disc')} burned, ${event.failed} failed`;
}

/**
 * What verifying found: a head line, then the facts (the shift, re-reads, samples that could
 * not be verified), what the table of contents says otherwise, and one line per track with its
 * checksums (for a ripper's log or AccurateRip).
 */
export function verifiedLines(report: VerifyReport): string[] {
  const name = plainText(report.name);
  if (!report.sameLayout) return [`Not verified: ${name} is not the disc that was burned`, ...report.toc];
  const head = report.verified ? `Verified ${name}: every sample reads back as staged` : `Not verified: ${name} does not read back as staged`;
  const unverifiable = report.unverifiableSamples > 0 ? [`${plural(report.unverifiableSamples, 'sample')} past the disc's edges at this offset, not verifiable`] : [];
  const facts = [`offset ${offsetText(report)}`, plural(report.reReads, 're-read'), ...unverifiable].join('; ');
  const note = report.offset.note === undefined ? [] : [report.offset.note];
  const tracks = report.tracks.map(
    (track) =>
      `track ${track.number}: ${trackProblem(track) ?? 'exact'}; CRC32 ${track.crc32} (without null samples ${track.crc32NoNulls}), AccurateRip v1 ${track.accurateRipV1}, v2 ${track.accurateRipV2}`,
  );
  return [head, facts, ...note, ...report.toc, ...tracks];
}
