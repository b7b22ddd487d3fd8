/**
 * The tracks' levels (--normalize, --replaygain, --gain), decided once every track is probed:
 * each track, and the pregap audio staged with it, is given its level for staging, and its
 * conversion says so.
 */
import { levelledConversion, type ProbedTrack } from '../audio/probe.js';
import { measureTrack } from '../audio/cd-stream.js';
import { planLevels, pooledLoudness, type LevelFacts, type TrackLevel } from '../audio/loudness/levels.js';
import { joined, withParts } from '../audio/loudness/meter.js';
import type { LevelRequest } from '../disc/layout.js';
import type { ProbeOptions } from '../audio/probe.js';

/** What the probe finds for a level request: loudness measured, or tags read first; nothing for a fixed gain. */
export function probeLoudness(level: LevelRequest | undefined): ProbeOptions['loudness'] {
  if (level === undefined || level.source === 'fixed') return undefined;
  return level.source === 'replaygain' ? { replaygain: level.mode } : {};
}

/** Passes over a limited track to make up for the loudness the limiter takes: two land within 0.1 LU. */
const MAKE_UP_PASSES = 2;

/**
 * Decides each track's level. Where the limiter takes peaks off a track, the track is measured
 * again as the limiter leaves it, and the gain raised by what the limiter took (within its 6 dB):
 * a read of that track per pass, for those tracks only.
 */
export async function levelTracks(tracks: readonly ProbedTrack[], request: LevelRequest): Promise<void> {
  const facts = tracks.map(levelFacts);
  let plan = planLevels(facts, request);
  for (let pass = 0; pass < MAKE_UP_PASSES; pass += 1) {
    const limited = plan.tracks.flatMap((level, i) => (level.limit !== undefined && (level.limiterReduction ?? 0) > 0 && facts[i]!.measured ? [i] : []));
    if (limited.length === 0) break;
    for (const i of limited) facts[i] = { ...facts[i]!, limited: await limitedBlocks(tracks[i]!, plan.tracks[i]!) };
    plan = planLevels(facts, request);
  }
  for (const [i, track] of tracks.entries()) {
    const level = plan.tracks[i]!;
    track.level = level;
    if (level.gain === 0 && level.limit === undefined) continue;
    for (const piece of [...track.pregap, track]) {
      piece.level = level;
      piece.conversion.steps = levelledConversion(piece, level);
    }
  }
}

/** The measured tracks' loudness, their blocks pooled (LUFS), or null when none was measured. */
export function discLoudness(tracks: readonly ProbedTrack[]): number | null {
  return pooledLoudness(tracks.map(levelFacts));
}

function levelFacts(track: ProbedTrack): LevelFacts {
  const parts = track.pregap.flatMap((piece) => (piece.loudness ? [piece.loudness] : []));
  return { measured: track.loudness && withParts(track.loudness, parts), tagged: track.replayGain };
}

/** A track's blocks once `level` has changed it: the track through the limiter, its pregap audio (rarely limited) by the gain alone. */
async function limitedBlocks(track: ProbedTrack, level: TrackLevel): Promise<{ gain: number; blocks: Float64Array }> {
  const main = await measureTrack(track.source, track.wav, level);
  const scale = 10 ** (level.gain / 10);
  const parts = track.pregap.flatMap((piece) => (piece.loudness ? [piece.loudness.blocks.map((z) => z * scale)] : []));
  return { gain: level.gain, blocks: joined([main.blocks, ...parts]) };
}
