import { pieceSectors } from './text.js';
import type { ProbedTrack } from '../audio/probe.js';

const CHUNK_BYTES = 256 * 1024;

/**
 * For a recorder that writes every gap as silence (IMAPI), pregap audio that is digital silence
 * is such a gap already: it becomes silence of the same length, so nothing has to move and the
 * disc keeps the gaps the recording has. A rip of a CD with the usual 2-second gaps of silence
 * thus burns where IMAPI writes 2-second gaps. Track 1's pregap audio (a hidden track) is left
 * alone. Returns the tracks whose pregap was turned into silence.
 */
export async function silentPregapsAsGaps(tracks: ProbedTrack[]): Promise<number[]> {
  const turned: number[] = [];
  for (const [index, track] of tracks.entries()) {
    if (index === 0 || track.pregap.length === 0) continue;
    if (!(await allSilent(track.pregap))) continue;
    const sectors = pieceSectors(track.pregap);
    track.input = { ...(track.input ?? { path: track.path, label: track.label }), pregapSectors: (track.input?.pregapSectors ?? 0) + sectors };
    track.pregap = [];
    turned.push(index + 1);
  }
  return turned;
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
