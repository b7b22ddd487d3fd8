import { signed } from './offset.js';
import type { SectorRun, TrackVerification, VerifyReport } from './report.js';

/** What did not read back in a track: `3 sectors differ at 0:01.23, 1:00.00 (2 sectors)`; undefined when exact. */
export function trackProblem(track: TrackVerification): string | undefined {
  const parts = [
    track.differing > 0 && `${sectors(track.differing)} ${track.differing === 1 ? 'differs' : 'differ'} at ${places(track.runs, 'differs', track.differing)}`,
    track.unreadable > 0 && `${sectors(track.unreadable)} cannot be read at ${places(track.runs, 'unreadable', track.unreadable)}`,
  ].filter((part): part is string => typeof part === 'string');
  return parts.length === 0 ? undefined : parts.join('; ');
}

/** Why a disc did not verify, in one sentence that names it. */
export function verifyFailure(report: VerifyReport): string {
  if (!report.sameLayout) return `${report.name}: not the disc that was burned: ${report.toc.join('; ')}`;
  const problems = [...report.toc];
  if (report.offset.samples === null) problems.push(report.offset.note ?? 'the shift between the staged audio and the disc cannot be found');
  for (const track of report.tracks) {
    const problem = trackProblem(track);
    if (problem) problems.push(`track ${track.number}: ${problem}`);
  }
  return `${report.name} does not read back as staged: ${problems.join('; ')}`;
}

/** The shift as people read it: `+6 samples`, `0 samples (none)`. */
export function offsetText(report: VerifyReport): string {
  const { samples } = report.offset;
  if (samples === null) return 'not found';
  return samples === 0 ? '0 samples (none)' : `${signed(samples)} samples`;
}

/** Where the runs of one kind start, with the length of those longer than a sector; `...` when the report keeps fewer than `count` sectors of them. */
function places(runs: SectorRun[], kind: SectorRun['kind'], count: number): string {
  const listed = runs.filter((run) => run.kind === kind);
  const shown = listed.reduce((sum, run) => sum + run.sectors, 0);
  return [...listed.map((run) => (run.sectors === 1 ? run.time : `${run.time} (${sectors(run.sectors)})`)), ...(shown < count ? ['...'] : [])].join(', ');
}

function sectors(count: number): string {
  return `${count} sector${count === 1 ? '' : 's'}`;
}
