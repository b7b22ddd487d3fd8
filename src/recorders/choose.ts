/**
 * Which recorder burns a plan, and what it refuses or warns about: decided here alone, from the
 * recorders' capability table (capabilities.ts) and from what IMAPI does on the Windows it runs
 * on (imapi/behaviour.ts). A plan that IMAPI v1 writes track-at-once exactly as it says goes
 * through IMAPI v1; any other goes disc-at-once through IMAPI2 where IMAPI2 is there. A new
 * backend is one more row there and one more case here.
 */
import { SECTORS_PER_SECOND, formatSeconds } from '../disc/red-book.js';
import type { DiscLayout } from '../disc/layout.js';
import { listed } from '../disc/text.js';
import { DeviceError, UsageError } from '../errors.js';
import { RECORDERS, cdTextFields, numbers, recordedCatalog, recordedFlags, type RecorderCapabilities } from './capabilities.js';
import type { ImapiBehaviour, ImapiPlatform } from './description.js';
import { behaviourOf } from './imapi/behaviour.js';
import { imapi2Why, imapiFacts } from './imapi2/imapi2.js';

export type RecorderKind = keyof typeof RECORDERS;

/** What the command line asks of the recorder. */
export interface RecorderRequest {
  image?: string;
  /** Silence between tracks, in sectors (--gap). */
  gap: number;
  /** --tao: track-at-once through IMAPI v1, whatever the plan. */
  tao?: boolean;
  /** --dao: disc-at-once through IMAPI2, whatever the plan. */
  dao?: boolean;
  /** --cd-text: CD-TEXT in the lead-in (disc-at-once only). */
  cdText?: boolean;
  /** --speed (×). */
  speed?: number;
}

export function capabilitiesOf(kind: RecorderKind): RecorderCapabilities {
  return RECORDERS[kind];
}

/** What the recorders of this machine are, found before any input is read (the shim's facts). */
export interface RecorderFacts {
  platform: ImapiPlatform;
  behaviour: ImapiBehaviour;
  /**
   * Why IMAPI2 cannot record here, or undefined when it can: asked of the shim only when a plan
   * or an option wants IMAPI2, so that a plan IMAPI v1 writes exactly touches no IMAPI2 object.
   */
  imapi2Missing(): string | undefined;
}

/**
 * What is refused before any input is read: a recorder this machine cannot reach, options that
 * contradict each other or need IMAPI2 where it is not, a gap IMAPI v1 cannot write where it
 * alone can record. Returns the facts the choice of IMAPI is made from.
 */
export async function checkBeforeInputs(request: RecorderRequest): Promise<RecorderFacts> {
  if (request.tao && request.dao) throw new UsageError('--tao and --dao: give one (--tao: track-at-once through IMAPI v1; --dao: disc-at-once through IMAPI2)');
  if (request.tao && request.cdText) throw new UsageError('--cd-text needs disc-at-once (IMAPI2); IMAPI v1 (--tao) cannot record CD-TEXT');
  const found = await imapiFacts();
  const imapi2Missing = (): string | undefined => (found.imapi2().hresult === 0 ? undefined : imapi2Why(found.imapi2()));
  const facts: RecorderFacts = { platform: found.platform, behaviour: behaviourOf(found.platform), imapi2Missing };
  const asked = request.dao ? '--dao' : request.cdText ? '--cd-text' : undefined;
  const missing = asked && imapi2Missing();
  if (missing) throw new DeviceError(`${asked} records disc-at-once through IMAPI2, but ${missing}; leave ${asked} out to record track-at-once through IMAPI v1`, 'ENOIMAPI2');
  const { maxGapSectors } = RECORDERS.imapi;
  if (request.gap > maxGapSectors && (request.tao || imapi2Missing())) {
    throw new UsageError(`--gap: IMAPI writes gaps of at most ${maxGapSectors / SECTORS_PER_SECOND} seconds (${maxGapSectors} sectors); for longer ones use --image`);
  }
  return facts;
}

/** The IMAPI that records the plan, and the line that says why when it is not the obvious one. */
export interface Choice {
  kind: 'imapi' | 'imapi2';
  notice?: string;
}

/**
 * Track-at-once through IMAPI v1 when it writes the plan exactly as it says (`tao`: the plan as
 * IMAPI v1 lays it out; `sheet`: as the inputs say it) at the speed asked; otherwise disc-at-once
 * through IMAPI2, with a line naming what needs it. --tao and --dao decide alone; without IMAPI2
 * it is IMAPI v1, with the reason.
 */
export function chooseImapi(sheet: DiscLayout, tao: DiscLayout, facts: RecorderFacts, request: RecorderRequest): Choice {
  if (request.tao) return { kind: 'imapi' };
  if (request.dao) return { kind: 'imapi2', notice: '--dao: recording disc-at-once through IMAPI2' };
  const reasons = discAtOnceReasons(sheet, tao, facts.behaviour, request.cdText ?? false);
  // Where IMAPI v1 stores WriteSpeed but never applies it, a speed asked for is one more thing it cannot do.
  if (request.speed !== undefined && !facts.behaviour.speedSettable) reasons.push(`--speed ${request.speed}`);
  if (reasons.length === 0) return { kind: 'imapi' };
  const what = listed(reasons);
  const missing = facts.imapi2Missing();
  if (missing) return { kind: 'imapi', notice: `${what}: these need disc-at-once, but ${missing}: recording track-at-once through IMAPI v1` };
  return { kind: 'imapi2', notice: `${what}: recording disc-at-once through IMAPI2` };
}

/**
 * What of the plan IMAPI v1 would not write as it says and IMAPI2 would: gaps other than the one
 * v1 writes (silent pregap audio counts as gap), audible pregap audio and a hidden track (which v1
 * moves), the MCN, ISRCs, flags, indexes, and CD-TEXT when asked for.
 */
export function discAtOnceReasons(sheet: DiscLayout, tao: DiscLayout, behaviour: ImapiBehaviour, cdText: boolean): string[] {
  const reasons = gapReasons(tao, behaviour);
  const { tracks } = sheet;
  const imapi2 = RECORDERS.imapi2;
  const moved = tao.tracks.filter((track) => track.tailSectors > 0).map((track) => track.number + 1);
  if ((tao.tracks[0]?.headSectors ?? 0) > 0) reasons.push('the hidden track before track 1');
  if (moved.length > 0) reasons.push(`the pregap audio of track ${numbers(moved)}`);
  if (recordedCatalog(sheet, imapi2)) reasons.push('the MCN');
  const isrcs = tracks.filter((track) => track.isrc !== undefined).length;
  if (isrcs > 0) reasons.push(isrcs === 1 ? 'the ISRC' : 'the ISRCs');
  const flags = [...new Set(tracks.flatMap((track) => recordedFlags(track, imapi2)))];
  if (flags.length > 0) reasons.push(`the flags (${flags.join(', ')})`);
  if (tracks.some((track) => track.indexes.length > 0)) reasons.push('INDEX 02 and later');
  if (cdText && cdTextFields(sheet).length > 0) reasons.push('the CD-TEXT');
  return reasons;
}

/** The gaps IMAPI v1 would not write as planned: gapless runs, and gaps of other lengths. */
function gapReasons(tao: DiscLayout, behaviour: ImapiBehaviour): string[] {
  const later = tao.tracks.slice(1);
  const fixed = behaviour.fixedGapSectors;
  if (fixed === undefined) {
    // Where AudioGapSize is applied, one gap of up to 3 s before every track is written as asked.
    const sizes = new Set(later.map((track) => track.pregapSectors));
    if (sizes.size > 1) return ['gaps of different lengths'];
    const [gap] = [...sizes];
    return gap !== undefined && gap > RECORDERS.imapi.maxGapSectors ? [`gaps of ${formatSeconds(gap)}`] : [];
  }
  const reasons = gaplessRuns(tao).map(([from, to]) => `gapless tracks ${from}-${to}`);
  const bySize = new Map<number, number[]>();
  for (const track of later) {
    if (track.pregapSectors === fixed || track.pregapSectors === 0) continue;
    bySize.set(track.pregapSectors, [...(bySize.get(track.pregapSectors) ?? []), track.number]);
  }
  for (const [size, list] of bySize) {
    reasons.push(list.length === 1 ? `a gap of ${formatSeconds(size)} before track ${list[0]}` : `gaps of ${formatSeconds(size)} before tracks ${numbers(list)}`);
  }
  return reasons;
}

/** Runs of tracks that follow each other without a gap, as [first, last] track numbers. */
function gaplessRuns(layout: DiscLayout): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const track of layout.tracks.slice(1)) {
    if (track.pregapSectors !== 0) continue;
    const last = runs.at(-1);
    if (last && last[1] === track.number - 1) last[1] = track.number;
    else runs.push([track.number - 1, track.number]);
  }
  return runs;
}

/** What a gap refusal names: the sheet that set the gaps, when one did (--gap does not change them). */
export interface GapSource {
  tracks: ReadonlyArray<{ label: string; pregapSectors?: number }>;
}

/**
 * The gap IMAPI writes before every track of this plan (AudioGapSize), refused where it cannot
 * be written: gaps of different lengths, a gap over IMAPI's largest, or, where IMAPI writes its
 * own gap whatever is asked, any other gap. Checked before anything is staged.
 */
export function imapiGap(layout: DiscLayout, behaviour: ImapiBehaviour, platform: ImapiPlatform, inputs?: GapSource): number {
  const gapSectors = uniformGap(layout);
  const fixed = behaviour.fixedGapSectors;
  if (fixed === undefined || gapSectors === fixed) return gapSectors;
  const imapi = `IMAPI v1 on this Windows (${platform.windows}) always writes ${formatGap(fixed)} between tracks, whatever is asked`;
  const sheet = inputs?.tracks.slice(1).find((track) => track.pregapSectors !== undefined);
  if (sheet) {
    const gaps = gapSectors === 0 ? 'its tracks follow each other with no silence between them (gapless, or pregap audio joined to the track before)' : `it gives gaps of ${formatGap(gapSectors)}`;
    throw new UsageError(
      `${sheet.label.replace(/#\d+$/, '')}: ${gaps}, but ${imapi}, so the disc would not sound as the sheet says; ` +
        'write an image with --image disc.cue, which keeps the sheet\'s gaps, and burn it with a tool that writes cue sheets',
    );
  }
  throw new UsageError(
    `a gap of ${formatGap(gapSectors)} cannot be burned here: ${imapi}; ` +
      'write an image with --image disc.cue (any gap, gapless included) and burn it with another tool, or burn with the default --gap 2',
  );
}

/** IMAPI writes one gap size (AudioGapSize) before every track: the layout must have one. */
function uniformGap(layout: DiscLayout): number {
  const gaps = [...new Set(layout.tracks.slice(1).map((track) => track.pregapSectors))];
  if (gaps.length > 1) {
    throw new UsageError('the cue sheet gives gaps of different lengths, but IMAPI writes the same gap before every track; write an image with --image');
  }
  const gap = gaps[0] ?? layout.gapSectors;
  const { maxGapSectors } = RECORDERS.imapi;
  if (gap > maxGapSectors) throw new UsageError(`a gap of ${gap} sectors is longer than IMAPI writes (${maxGapSectors}, 3 s); use --image`);
  return gap;
}

function formatGap(sectors: number): string {
  const seconds = sectors / SECTORS_PER_SECOND;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(2)} s`;
}
