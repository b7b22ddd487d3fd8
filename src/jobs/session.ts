/** The session: one disc burned on one recorder, from the tracks' sources or from audio staged before. */
import { formatDuration } from '../disc/red-book.js';
import { CancelledError, DeviceError } from '../errors.js';
import type { DiscLayout } from '../disc/layout.js';
import type { EventListener } from '../events.js';
import type { ProbedTrack } from '../audio/probe.js';
import { isDiscAtOnce, type DiscAtOnceRecorder, type MediaInfo, type RecordOptions, type Recorder, type StagedDisc } from '../recorders/recorder.js';
import { stageAgain, stageTracks, stopIfAborted, type StagedAudio } from './stage.js';
import { stageDisc, type Temporary } from './staged-audio.js';



export interface SessionOptions extends RecordOptions {
  signal?: AbortSignal;
  /** Told of what went wrong but not badly, e.g. samples clipped by a conversion. */
  onWarning?: (message: string) => void;
  /** Asked once the media is checked, before anything is staged: false stops the burn. */
  confirm?: (recorder: string, media: MediaInfo) => Promise<boolean>;
  /**
   * Stop short of recording. Track-at-once: open, check the media, stage every track, and
   * discard what was staged. Disc-at-once: everything but the write (the recorder's own dry run).
   */
  dryRun?: boolean;
  /** Told just before recording begins: from here the disc may be spent. */
  onRecording?: () => void;
  /** Where a disc-at-once recorder's staging progress goes (its audio is staged into a file first). */
  onEvent?: EventListener;
  /**
   * Given the whole disc a disc-at-once recorder was handed, staged here from the sources, to read
   * the disc back against after (`--verify`): the file is then the caller's to remove.
   */
  keepStaged?: (staged: Temporary<StagedDisc>) => void;
}

/**
 * Where a disc's audio comes from: the tracks' sources, read and converted while staging, or
 * audio staged before (a batch's): track by track, or (disc-at-once) the whole disc.
 */
export type DiscAudio = readonly ProbedTrack[] | StagedAudio | StagedDisc;

/**
 * Burns a planned disc: opens the recorder, checks the media, stages every track (zero-padding
 * the last sector and short tracks) and records (unless `dryRun`). A disc-at-once recorder is
 * handed the whole disc staged into a temporary file, removed afterwards. The recorder is
 * released whatever happens, which discards anything staged and not recorded.
 */
export async function burnDisc(layout: DiscLayout, audio: DiscAudio, recorder: Recorder | DiscAtOnceRecorder, options: SessionOptions): Promise<void> {
  const { signal } = options;
  const cancel = (): void => recorder.cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    let staged: StagedDisc & { remove?: () => Promise<void> } | undefined;
    const remove = async (): Promise<void> => {
      if (!options.keepStaged) await staged?.remove?.();
    };
    try {
      stopIfAborted(signal);
      await recorder.open();
      const media = await checkMedia(recorder, layout);
      if (options.confirm && !(await options.confirm(recorder.name, media))) {
        throw new CancelledError('the burn was declined at the prompt; nothing was written');
      }
      if (isDiscAtOnce(recorder)) {
        staged = await discAudio(layout, audio, options);
        if (staged.remove) options.keepStaged?.({ ...staged, remove: staged.remove });
      } else await stage(recorder, layout, audio, options);
      stopIfAborted(signal);
    } catch (error) {
      await remove();
      // Whatever failed once the user asked to stop (a cancelled AddAudioTrackBlocks, say), the
      // run ends as interrupted, before anything was recorded.
      stopIfAborted(signal);
      throw error;
    }
    try {
      if (!options.dryRun) options.onRecording?.();
      if (isDiscAtOnce(recorder)) await recorder.recordDisc(staged!, { ...options, dryRun: options.dryRun ?? false });
      else if (!options.dryRun) await recorder.record(options);
    } finally {
      await remove();
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
    await recorder.close();
  }
}

/** Stages every track on a track-at-once recorder, from the sources or from a batch's staged tracks. */
async function stage(recorder: Recorder, layout: DiscLayout, audio: DiscAudio, options: SessionOptions): Promise<void> {
  if ('sectors' in audio) throw new Error('a track-at-once recorder is staged track by track, not from a staged disc');
  if ('trackBlocks' in audio) await stageAgain(recorder, audio, options.signal);
  else await stageTracks(recorder, layout, audio, options);
}

/** The disc a disc-at-once recorder writes: staged before (a batch's), or staged now from the sources. */
async function discAudio(layout: DiscLayout, audio: DiscAudio, options: SessionOptions): Promise<StagedDisc & { remove?: () => Promise<void> }> {
  if ('sectors' in audio) return audio;
  if ('trackBlocks' in audio) throw new Error('a disc-at-once recorder needs the whole disc staged, not its tracks');
  return stageDisc(layout, audio, { ...options, what: "the disc's audio" });
}

async function checkMedia(recorder: Recorder | DiscAtOnceRecorder, layout: DiscLayout): Promise<MediaInfo> {
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
