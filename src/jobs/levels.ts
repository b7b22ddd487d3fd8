/**
 * The tracks' levels (--normalize, --replaygain, --gain), decided once every track is probed:
 * each track, and the pregap audio staged with it, is given its level for staging, and its
 * conversion says so.
 */
import { levelledConversion, type ProbedTrack } from '../audio/probe.js';
import { planLevels, type LevelFacts, type LevelPlan } from '../audio/loudness/levels.js';
import { withParts } from '../audio/loudness/meter.js';
import type { LevelRequest } from '../disc/layout.js';
import type { ProbeOptions } from '../audio/probe.js';

/** What the probe finds for a level request: loudness measured, or tags read first; nothing for a fixed gain. */
export function probeLoudness(level: LevelRequest | undefined): ProbeOptions['loudness'] {
  if (level === undefined || level.source === 'fixed') return undefined;
  return level.source === 'replaygain' ? { replaygain: level.mode } : {};
}

export function levelTracks(tracks: readonly ProbedTrack[], request: LevelRequest): LevelPlan {
  const plan = planLevels(tracks.map(levelFacts), request);
  for (const [i, track] of tracks.entries()) {
    const level = plan.tracks[i]!;
    track.level = level;
    if (level.gain === 0 && level.limit === undefined) continue;
    for (const piece of [...track.pregap, track]) {
      piece.level = level;
      piece.conversion.steps = levelledConversion(piece, level);
    }
  }
  return plan;
}

function levelFacts(track: ProbedTrack): LevelFacts {
  const parts = track.pregap.flatMap((piece) => (piece.loudness ? [piece.loudness] : []));
  return { measured: track.loudness && withParts(track.loudness, parts), tagged: track.replayGain };
}
