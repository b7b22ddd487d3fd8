import { pieceSectors } from './text.js';
import type { ProbedTrack } from '../audio/probe.js';

const CHUNK_BYTES = 256 * 1024;

/**
 * For a recorder that writes every gap as silence (IMAPI v1), pregap audio that is digital
 * silence is such a gap already: it becomes silence of the same length, so nothing has to move
 * and the disc keeps the gaps the recording has. A rip of a CD with the usual 2-second gaps of
 * silence thus burns where IMAPI writes 2-second gaps. Track 1's pregap audio (a hidden track) is
 * left alone. Returns the tracks as such a recorder takes them (the tracks given are unchanged).
 */
export async function silentPregapsAsGaps(tracks: readonly ProbedTrack[]): Promise<ProbedTrack[]> {
  const result: ProbedTrack[] = [];
  for (const [index, track] of tracks.entries()) {
    if (index === 0 || track.pregap.length === 0 || !(await allSilent(track.pregap))) {
      result.push(track);
      continue;
    }
    const sectors = pieceSectors(track.pregap);
    const input = { ...(track.input ?? { path: track.path, label: track.label }), pregapSectors: (track.input?.pregapSectors ?? 0) + sectors };
    result.push({ ...track, input, pregap: [] });
  }
  return result;
}

/** Whether every sample of the pieces is zero (8-bit PCM, whose silence is 128, never is). */
async function allSilent(pieces: readonly ProbedTrack[]): Promise<boolean> {
  for (const { source, wav } of pieces) {
    if (wav.format.bitsPerSample <= 8) return false;
    const zeros = Buffer.alloc(CHUNK_BYTES);
    for await (const piece of source.read(wav.dataOffset, wav.dataOffset + wav.dataBytes, CHUNK_BYTES, true)) {
      if (!piece.equals(zeros.subarray(0, piece.length))) return false;
    }
  }
  return true;
}
