/**
 * The gain each track gets, decided once every track is measured: pure, facts in, gains out.
 * One constant gain per track (or per album), never varied with the music's loudness; the
 * true-peak ceiling caps it, unless the limiter may take the peaks that stand in the way (at
 * most MAX_REDUCTION_DB); beyond that the track stays short of the target, and says so.
 */
import type { LevelRequest, TrackLevelFacts } from '../../disc/layout.js';
import { gatedLoudness } from './gating.js';
import { MAX_REDUCTION_DB } from './limiter.js';
import type { Loudness } from './meter.js';

/** What is known of a track's level before its gain is decided. */
export interface LevelFacts {
  /** Measured as it will be burned (its pregap audio pooled with it). */
  measured?: Loudness;
  /** From its ReplayGain (or Opus R128) tags: loudness in LUFS, and the peak in dBFS when tagged. */
  tagged?: { loudness: number; peak?: number };
  /**
   * Measured again once a gain of `gain` dB and the limiter have changed it: its blocks then.
   * What the limiter took is made up for by more gain, within the limiter's 6 dB.
   */
  limited?: { gain: number; blocks: Float64Array };
}

/** The level a track is given, and why. */
export interface TrackLevel extends TrackLevelFacts {
  /** The ceiling the limiter holds on this track, dBTP; undefined when it does not run. */
  limit?: number;
}

export interface LevelPlan {
  tracks: TrackLevel[];
  /** The measured tracks' loudness, their blocks pooled, LUFS; null when none was measured. */
  loudness: number | null;
}

const UNMEASURABLE = 'cannot be measured (digital silence, or under 400 ms): its level is kept';

/** A set of tracks that get one gain: a track, an album, a track's album tags. */
interface Group {
  members: number[];
  loudness: number;
  peak: number | null;
}

/** The measured tracks' loudness, their blocks pooled (LUFS); null when none was measured, or none can be. */
export function pooledLoudness(facts: readonly LevelFacts[]): number | null {
  const measured = facts.flatMap((fact) => (fact.measured ? [fact.measured.blocks] : []));
  return measured.length === 0 ? null : finite(gatedLoudness(measured));
}

export function planLevels(facts: readonly LevelFacts[], request: LevelRequest): LevelPlan {
  const loudness = pooledLoudness(facts);
  if (request.source === 'fixed') {
    const gain = round(request.gain);
    const tracks = facts.map((): TrackLevel => ({ loudness: null, truePeak: null, loudnessRange: null, gain, limiterReduction: null, shortfall: 0, limit: request.limiter ? request.ceiling : undefined }));
    return { tracks, loudness };
  }
  const tracks: TrackLevel[] = facts.map((fact) => ({
    loudness: finite(fact.tagged?.loudness ?? fact.measured?.integrated ?? -Infinity),
    truePeak: peakOf(fact),
    loudnessRange: fact.measured && Number.isFinite(fact.measured.integrated) ? round(fact.measured.range) : null,
    gain: 0,
    limiterReduction: 0,
    shortfall: 0,
  }));
  for (const group of groups(facts, request.mode)) {
    if (!Number.isFinite(group.loudness)) {
      for (const i of group.members) tracks[i]!.note = UNMEASURABLE;
      continue;
    }
    const wanted = request.target - group.loudness + limitingLoss(group, facts);
    const room = group.peak === null ? Infinity : request.ceiling - group.peak + (request.limiter ? MAX_REDUCTION_DB : 0);
    const gain = Math.floor(Math.min(wanted, room) * 100) / 100;
    for (const i of group.members) {
      const track = tracks[i]!;
      const over = track.truePeak === null ? 0 : round(Math.max(0, track.truePeak + gain - request.ceiling));
      track.gain = gain;
      track.limiterReduction = over;
      track.shortfall = room < wanted ? round(wanted - gain) : 0;
      // A tagged peak may be a sample peak, below the true one: the limiter watches such tracks.
      const peakTagged = facts[i]!.tagged !== undefined && !facts[i]!.measured;
      if (request.limiter && (over > 0 || peakTagged)) track.limit = request.ceiling;
    }
  }
  return { tracks, loudness };
}

/**
 * The sets that share a gain. Track mode: each track. Album mode, measured: every track of the
 * disc, the blocks of all pooled (not their audio joined), the highest peak capping the gain.
 * Album mode from tags: each track its own album gain (tracks of one album share it); the
 * tracks measured instead make one album of their own.
 */
function groups(facts: readonly LevelFacts[], mode: 'track' | 'album'): Group[] {
  const single = (i: number): Group => ({ members: [i], loudness: facts[i]!.tagged?.loudness ?? facts[i]!.measured!.integrated, peak: peakOf(facts[i]!) });
  if (mode === 'track') return facts.map((_, i) => single(i));
  const tagged = facts.flatMap((fact, i) => (fact.tagged ? [single(i)] : []));
  const pooled = facts.flatMap((fact, i) => (fact.tagged ? [] : [i]));
  if (pooled.length === 0) return tagged;
  const peaks = pooled.map((i) => peakOf(facts[i]!)).filter((peak): peak is number => peak !== null);
  const album = { members: pooled, loudness: gatedLoudness(pooled.map((i) => facts[i]!.measured!.blocks)), peak: peaks.length === 0 ? null : Math.max(...peaks) };
  return [...tagged, album];
}

/** LU the limiter took off a group's loudness, at the gain its limited tracks were measured at (0 before they were). */
function limitingLoss(group: Group, facts: readonly LevelFacts[]): number {
  const at = group.members.map((i) => facts[i]!.limited?.gain).find((gain) => gain !== undefined);
  if (at === undefined) return 0;
  const scale = 10 ** (at / 10);
  const after = group.members.map((i) => facts[i]!.limited?.blocks ?? (facts[i]!.measured?.blocks ?? new Float64Array(0)).map((z) => z * scale));
  return Math.max(0, group.loudness + at - gatedLoudness(after));
}

/** A track's true peak: measured, else tagged; null when neither (silence has none worth capping). */
function peakOf(fact: LevelFacts): number | null {
  const peak = fact.measured?.truePeak ?? fact.tagged?.peak;
  return peak === undefined ? null : finite(peak);
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? round(value) : null;
}

function round(value: number): number {
  return Math.round(value * 100) / 100 + 0;
}

/** Decibels with their sign, to 0.1 dB: `+6.3 dB`, `-3.2 dB`, `0.0 dB`. */
export function signedDb(db: number): string {
  const text = db.toFixed(1);
  return `${db > 0 && text !== '0.0' ? '+' : ''}${text === '-0.0' ? '0.0' : text} dB`;
}
