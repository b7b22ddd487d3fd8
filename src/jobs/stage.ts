/** Staging: the tracks' audio handed to a track-at-once recorder as whole sectors, the way the layout lays them out. */
import { readCdAudio } from '../audio/cd-stream.js';
import { rawSource } from '../audio/source.js';
import { silentPieces } from '../audio/silence.js';
import { SECTOR_BYTES } from '../disc/red-book.js';
import { pieceSectors } from '../disc/text.js';
import { InterruptedError } from '../errors.js';
import { pauseAt } from '../pause-point.js';
import type { DiscLayout, TrackLayout } from '../disc/layout.js';
import type { ProbedTrack } from '../audio/probe.js';
import type { Recorder } from '../recorders/recorder.js';

/** Sectors handed to the recorder per call (IMAPI stages best in 64..256-sector pieces). */
export const STAGE_SECTORS = 256;

/**
 * CD audio staged once and kept (a batch's temporary file): every track's blocks, as the
 * session staged them, one after another in one file.
 */
export interface StagedAudio {
  path: string;
  /** Blocks of each track, in order (pregap audio included, gaps written by the recorder not). */
  trackBlocks: readonly number[];
}

/** What staging hands the blocks to: a recorder, or anything that takes tracks as a recorder does. */
export type StagingTarget = Pick<Recorder, 'createTrack' | 'addBlocks' | 'closeTrack'>;

export interface StageOptions {
  signal?: AbortSignal;
  /** Told of what went wrong but not badly, e.g. samples clipped by a conversion. */
  onWarning?: (message: string) => void;
}

/** Stages the tracks of the layout from its sources, in order, from track index `first` on. */
export async function stageTracks(recorder: StagingTarget, layout: DiscLayout, sources: readonly ProbedTrack[], options: StageOptions, first = 0): Promise<void> {
  for (const [index, track] of layout.tracks.entries()) {
    if (index < first) continue;
    const source = sources[index];
    if (!source) throw new Error(`no source for track ${track.number}`);
    await stageTrack(recorder, track, source, sources[index + 1], options);
  }
}

/**
 * Stages one track: its pregap audio (kept in the pregap, or moved to the track's start), its
 * audio, its POSTGAP, the next track's pregap audio when it is moved here, then silence to the
 * track's length. Each part fills exactly the sectors the layout gives it.
 */
async function stageTrack(recorder: StagingTarget, track: TrackLayout, source: ProbedTrack, next: ProbedTrack | undefined, options: StageOptions): Promise<void> {
  const { signal } = options;
  const total = track.pregapAudioSectors + track.sectors;
  await recorder.createTrack(total);
  let staged = 0;
  const stage = async (blocks: Buffer): Promise<void> => {
    stopIfAborted(signal);
    await recorder.addBlocks(blocks);
    staged += blocks.length / SECTOR_BYTES;
    await pauseAt('staging', signal);
  };
  const silence = async (sectors: number): Promise<void> => {
    for (const piece of silentPieces(sectors)) await stage(piece);
  };
  const reportClipping = ({ clipped, peak }: { clipped: number; peak: number }): void => {
    if (clipped === 0) return;
    options.onWarning?.(`track ${track.number} (${track.path}): ${clipped} samples clipped after conversion (peak ${peakDbfs(peak)}); lower its level to avoid it, with --normalize or --gain`);
  };
  const audio = async (piece: ProbedTrack): Promise<void> => {
    const sectors = pieceSectors([piece]);
    let left = sectors;
    for await (const blocks of readCdAudio(piece.source, piece.wav, STAGE_SECTORS * SECTOR_BYTES, reportClipping, piece.level)) {
      // A converted piece may come out a sector long or short of its planned length: cut or pad it.
      const take = Math.min(left, blocks.length / SECTOR_BYTES);
      if (take > 0) await stage(blocks.subarray(0, take * SECTOR_BYTES));
      left -= take;
    }
    await silence(left);
  };
  if (track.pregapAudioSectors + track.headSectors > 0) for (const piece of source.pregap) await audio(piece);
  await audio(source);
  await silence(track.postgapSectors);
  if (track.tailSectors > 0 && next) for (const piece of next.pregap) await audio(piece);
  // Short tracks are padded with silence to the Red Book minimum.
  await silence(total - staged);
  await recorder.closeTrack();
}

/**
 * A peak relative to full scale, signed: `+0.41 dBFS`. One that rounds to 0.00 (the dither can
 * clip samples a hair below full scale) reads `0.00 dBFS`, neither `+-0.00` nor `-0.00`.
 */
function peakDbfs(peak: number): string {
  const db = Number((20 * Math.log10(peak)).toFixed(2));
  return `${db > 0 ? '+' : ''}${(db === 0 ? 0 : db).toFixed(2)} dBFS`;
}

/** Stages audio staged before, track by track from track index `first`, in the same pieces, read ahead into reused buffers. */
export async function stageAgain(recorder: StagingTarget, audio: StagedAudio, signal: AbortSignal | undefined, first = 0): Promise<void> {
  const file = await rawSource(audio.path);
  let position = audio.trackBlocks.slice(0, first).reduce((sum, blocks) => sum + blocks * SECTOR_BYTES, 0);
  for (const blocks of audio.trackBlocks.slice(first)) {
    await recorder.createTrack(blocks);
    const end = position + blocks * SECTOR_BYTES;
    for await (const piece of file.read(position, end, STAGE_SECTORS * SECTOR_BYTES, true)) {
      stopIfAborted(signal);
      await recorder.addBlocks(piece);
    }
    position = end;
    await recorder.closeTrack();
  }
}

/** Before recording starts, an interruption costs nothing: say so. */
export function stopIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason = signal.reason instanceof InterruptedError ? signal.reason.signal : 'SIGINT';
  throw new InterruptedError(reason, 'stopped before recording; nothing was written');
}
