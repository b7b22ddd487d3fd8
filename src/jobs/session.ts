import { readCdAudio } from '../audio/cd-stream.js';
import { rawSource } from '../audio/source.js';
import { silentPieces } from '../audio/silence.js';
import { SECTOR_BYTES, formatDuration } from '../disc/red-book.js';
import { pieceSectors } from '../disc/text.js';
import { CancelledError, DeviceError, InterruptedError } from '../errors.js';
import type { DiscLayout, TrackLayout } from '../disc/layout.js';
import type { ProbedTrack } from '../audio/probe.js';
import type { MediaInfo, RecordOptions, Recorder } from '../recorders/recorder.js';

/** Sectors handed to the recorder per call (IMAPI stages best in 64..256-sector pieces). */
export const STAGE_SECTORS = 256;

export interface SessionOptions extends RecordOptions {
  signal?: AbortSignal;
  /** Told of what went wrong but not badly, e.g. samples clipped by a conversion. */
  onWarning?: (message: string) => void;
  /** Asked once the media is checked, before anything is staged: false stops the burn. */
  confirm?: (recorder: string, media: MediaInfo) => Promise<boolean>;
  /** Stop short of recording: open, check the media, stage every track, and discard what was staged. */
  dryRun?: boolean;
  /** Told just before recording begins: from here the disc may be spent. */
  onRecording?: () => void;
}

/**
 * CD audio staged once and kept (a batch's temporary image): every track's blocks, as the
 * session staged them, one after another in one file.
 */
export interface StagedAudio {
  path: string;
  /** Blocks of each track, in order (pregap audio included, gaps written by the recorder not). */
  trackBlocks: readonly number[];
}

/** Where a disc's audio comes from: the tracks' sources, read and converted while staging, or audio staged before. */
export type DiscAudio = readonly ProbedTrack[] | StagedAudio;

/**
 * Burns a planned disc: opens the recorder, checks the media, stages every track (zero-padding
 * the last sector and short tracks) and records (unless `dryRun`). The recorder is released
 * whatever happens, which discards anything staged and not recorded.
 */
export async function burnDisc(
  layout: DiscLayout,
  audio: DiscAudio,
  recorder: Recorder,
  options: SessionOptions,
): Promise<void> {
  const { signal } = options;
  const cancel = (): void => recorder.cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    try {
      stopIfAborted(signal);
      await recorder.open();
      const media = await checkMedia(recorder, layout);
      if (options.confirm && !(await options.confirm(recorder.name, media))) {
        throw new CancelledError('the burn was declined at the prompt; nothing was written');
      }
      await stageTracks(layout, audio, recorder, options);
      stopIfAborted(signal);
    } catch (error) {
      // Whatever failed once the user asked to stop (a cancelled AddAudioTrackBlocks, say), the
      // run ends as interrupted, before anything was recorded.
      stopIfAborted(signal);
      throw error;
    }
    if (!options.dryRun) {
      options.onRecording?.();
      await recorder.record(options);
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
    await recorder.close();
  }
}

/** What staging hands the blocks to: a recorder, or anything that takes tracks as a recorder does. */
export type StagingTarget = Pick<Recorder, 'createTrack' | 'addBlocks' | 'closeTrack'>;

/**
 * Stages the disc's tracks from track index `first` on: each track's blocks, as createTrack,
 * addBlocks and closeTrack calls.
 */
export async function stageTracks(layout: DiscLayout, audio: DiscAudio, recorder: StagingTarget, options: Pick<SessionOptions, 'signal' | 'onWarning'>, first = 0): Promise<void> {
  if ('path' in audio) return stageAgain(recorder, audio, options.signal, first);
  for (const [index, track] of layout.tracks.entries()) {
    if (index < first) continue;
    const source = audio[index];
    if (!source) throw new Error(`no source for track ${track.number}`);
    await stageTrack(recorder, track, source, audio[index + 1], options);
  }
}

async function checkMedia(recorder: Recorder, layout: DiscLayout): Promise<MediaInfo> {
  const media = await recorder.mediaInfo();
  if (!media.present) throw new DeviceError(`${recorder.name}: no disc in the recorder; insert a blank CD-R`, 'ENOMEDIA');
  if (!media.blank || !media.writable) {
    throw new DeviceError(`${recorder.name}: the disc is not blank; insert a blank CD-R, or erase a CD-RW first`, 'ENOTBLANK');
  }
  if (layout.programSectors > media.freeBlocks) {
    throw new DeviceError(
      `${recorder.name}: the disc has ${formatDuration(media.freeBlocks)} free but the tracks need ${formatDuration(layout.programSectors)}`,
      'EMEDIAFULL',
    );
  }
  return media;
}

/**
 * Stages one track: its pregap audio (kept in the pregap, or moved to the track's start), its
 * audio, its POSTGAP, the next track's pregap audio when it is moved here, then silence to the
 * track's length. Each part fills exactly the sectors the layout gives it.
 */
async function stageTrack(recorder: StagingTarget, track: TrackLayout, source: ProbedTrack, next: ProbedTrack | undefined, options: Pick<SessionOptions, 'signal' | 'onWarning'>): Promise<void> {
  const { signal } = options;
  const total = track.pregapAudioSectors + track.sectors;
  await recorder.createTrack(total);
  let staged = 0;
  const stage = async (blocks: Buffer): Promise<void> => {
    stopIfAborted(signal);
    await recorder.addBlocks(blocks);
    staged += blocks.length / SECTOR_BYTES;
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
async function stageAgain(recorder: StagingTarget, audio: StagedAudio, signal: AbortSignal | undefined, first: number): Promise<void> {
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
function stopIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason = signal.reason instanceof InterruptedError ? signal.reason.signal : 'SIGINT';
  throw new InterruptedError(reason, 'stopped before recording; nothing was written');
}

