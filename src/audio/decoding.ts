/**
 * The probe's decoding: every compressed file (and every WAV measured for its loudness) decoded
 * once, on a pool of threads, its audio kept in a temporary file for staging to read.
 */
import { availableParallelism, tmpdir } from 'node:os';
import { throwIfAborted } from '../errors.js';
import type { TemporaryFiles } from '../temp-files.js';
import type { Codec } from './codec-headers.js';
import { DecodePool } from './decode-pool.js';
import { tempAudioError, type DecodedFile, type MadeCdAudio } from './decode-job.js';
import type { TrackLevel } from './loudness/levels.js';
import { memoByFile } from './memo-by-file.js';
import { CD_FORMAT, openWav, readFileBytes, sniffSource, type CdAudio, type TrackSource } from './source.js';
import type { WavFormat } from './wav-format.js';
import type { WavInfo } from './wav-reader.js';

export interface DecodeOptions {
  /** Where the decoded audio is kept for staging; without it, files are decoded only to be checked (`plan`). */
  keep?: TemporaryFiles;
  /** No track's level will change: a whole file is made CD audio as it is decoded. */
  toCd?: boolean;
}

export class Decoding {
  private readonly pool: DecodePool;
  private readonly opened = new Map<string, Promise<TrackSource>>();

  /** Decodes on at most `files` threads (one a file), never more than the machine's cores. */
  constructor(files: number, private readonly options: DecodeOptions) {
    this.pool = new DecodePool(Math.max(1, Math.min(files, availableParallelism())));
  }

  /** Opens a source as openSource does; `whole`: the track is the whole file, so it may be made CD audio. */
  open(path: string, measure: boolean, whole: boolean): Promise<TrackSource> {
    const cd = whole && this.options.toCd === true;
    // A cue sheet's tracks share one file: it is decoded once.
    return memoByFile(this.opened, path, `${measure} ${cd}`, () => this.openUncached(path, measure, cd));
  }

  /** Ends the threads; a decode under way fails with `reason`. */
  close(reason?: Error): Promise<void> {
    return this.pool.close(reason);
  }

  private async openUncached(path: string, measure: boolean, cd: boolean): Promise<TrackSource> {
    const codec = await sniffSource(path);
    // A WAV's chunks are walked here; only reading all its samples is worth a thread.
    if (codec === undefined && !measure) return openWav(path, false);
    const keep = codec === undefined ? undefined : this.options.keep;
    const found = await this.pool.run({ path, measure, keep: keep && made(keep, 'pcm', path), cd: cd && keep ? made(keep, 'cdda', path) : undefined });
    return sourceOf(path, codec, found);
  }
}

/** A new temporary file for the decoded audio of `path`. */
function made(files: TemporaryFiles, extension: string, path: string): string {
  try {
    return files.create(extension);
  } catch (error) {
    throw tempAudioError(tmpdir(), path, error);
  }
}

/** The files the decoded audio of sources is kept in, for making CD audio of it at its level. */
const keptFiles = new WeakMap<TrackSource, { path: string; kept: string }>();

/** The source a decoding thread found, read from where it put the audio (or, a WAV, from its file). */
function sourceOf(path: string, codec: Codec | undefined, { kept, cd, ...found }: DecodedFile): TrackSource {
  const { pcm } = found;
  const read = kept ? readFileBytes(kept, pcm) : codec === undefined ? readFileBytes(path, pcm) : decodedAgain(path, codec, pcm.format);
  const source: TrackSource = { ...found, read, cd: cd && cdAudio(cd) };
  if (kept) keptFiles.set(source, { path, kept });
  return source;
}

function cdAudio({ path, bytes, report, level }: MadeCdAudio): CdAudio {
  return { read: readFileBytes(path, { format: CD_FORMAT, dataOffset: 0, dataBytes: bytes, partialFrameBytes: 0, fileBytes: bytes }), bytes, report, level };
}

/** A probed track as the level pass sees it (probe.ts imports this module: its type is not imported back). */
interface Levelled {
  source: TrackSource;
  wav: WavInfo;
  level?: TrackLevel;
}

/**
 * Once every track's level is known: each whole file whose decoded audio is kept is made CD audio
 * at its level by the decoding threads, one track a thread, so that staging copies it. The gain
 * depends on the whole track (on every track, for an album), so this cannot happen in the decode.
 */
export async function levelOnThreads(tracks: readonly Levelled[], files: TemporaryFiles, signal?: AbortSignal): Promise<void> {
  const sources = new Set<TrackSource>();
  const jobs = tracks.flatMap((track) => {
    const kept = keptFiles.get(track.source);
    const changed = track.level !== undefined && (track.level.gain !== 0 || track.level.limit !== undefined);
    // A file given twice is one source, at one level: made once.
    if (!kept || !changed || track.wav !== track.source.pcm || track.source.cd || sources.has(track.source)) return [];
    sources.add(track.source);
    return [{ track, kept }];
  });
  if (jobs.length === 0) return;
  throwIfAborted(signal);
  const pool = new DecodePool(Math.min(jobs.length, availableParallelism()));
  const stop = (): void => void pool.close(signal?.reason instanceof Error ? signal.reason : undefined);
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await Promise.all(
      jobs.map(async ({ track, kept }) => {
        const cd = await pool.run({ path: kept.path, kept: kept.kept, pcm: track.source.pcm, level: track.level, cd: made(files, 'cdda', kept.path) });
        track.source.cd = cdAudio(cd);
      }),
    );
  } finally {
    signal?.removeEventListener('abort', stop);
    await pool.close();
  }
}

/** Reading a file whose decoded audio was not kept: it is decoded again. */
function decodedAgain(path: string, codec: Codec, format: WavFormat): TrackSource['read'] {
  return async function* (from, to) {
    const { readDecoded } = await import('./codecs.js');
    yield* readDecoded(path, codec, format, from / format.blockAlign, to / format.blockAlign);
  };
}
