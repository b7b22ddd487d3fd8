/**
 * Decoding one file for the probe: the work a decoding thread does (or burn-audio.exe, one
 * script, does itself). The file is decoded once, checked, measured when asked, and its audio
 * kept in a file for staging: as decoded, or, when its level will not change, made CD audio.
 */
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { BurnError, InputError, writeProblem } from '../errors.js';
import { unconvertible, type ConversionReport } from './convert.js';
import { openCompressed, openWav, readFileBytes, sniffSource, type TrackSource } from './source.js';
import type { TrackLevel } from './loudness/levels.js';
import { isCdAudio } from './wav-format.js';
import type { WavInfo } from './wav-reader.js';

export interface DecodeJob {
  path: string;
  measure: boolean;
  /** The file to keep the decoded audio in; without it the file is decoded only to be checked. */
  keep?: string;
  /** The file to put the whole track in, made CD audio (then the decoded audio is not kept). */
  cd?: string;
}

/** CD audio a thread made, in a file: `bytes` of it, what converting did, and the level it was given. */
export interface MadeCdAudio {
  path: string;
  bytes: number;
  report: ConversionReport;
  level?: TrackLevel;
}

/** What a job found: the source without its `read`, which cannot cross to another thread, and where its audio was put. */
export type DecodedFile = Omit<TrackSource, 'read' | 'cd'> & { kept?: string; cd?: MadeCdAudio };

/** CD audio is made and written in pieces of this many bytes (whole sectors). */
const CD_PIECE_BYTES = 256 * 2352;

export async function decodeFile({ path, measure, keep, cd }: DecodeJob): Promise<DecodedFile> {
  const codec = await sniffSource(path);
  if (codec === undefined) return withoutRead(await openWav(path, measure));
  if (!keep) return withoutRead(await openCompressed(path, codec, measure));
  const kept = await writing(keep, path, (write) => openCompressed(path, codec, measure, (_format, bytes) => write(bytes)));
  const { pcm } = kept;
  if (!cd || isCdAudio(pcm.format) || unconvertible(pcm.format) || pcm.dataBytes === 0) return { ...withoutRead(kept), kept: keep };
  // The decoded audio is read back while the page cache still holds it.
  const made = await makeCdAudio({ path, kept: keep, pcm, cd });
  unlinkSync(keep);
  return { ...withoutRead(kept), cd: made };
}

/** Making CD audio of a whole file's decoded audio, kept in `kept`: with `level`, its gain (and the limiter) applied. */
export interface CdJob {
  /** The file the audio was decoded from, for messages. */
  path: string;
  kept: string;
  pcm: WavInfo;
  level?: TrackLevel;
  cd: string;
}

export async function makeCdAudio({ path, kept, pcm, level, cd }: CdJob): Promise<MadeCdAudio> {
  let report: ConversionReport = { clipped: 0, peak: 0 };
  let bytes = 0;
  const { readCdAudio } = await import('./cd-stream.js');
  const source: TrackSource = { kind: 'WAV', lossy: false, pcm, read: readFileBytes(kept, pcm) };
  await writing(cd, path, async (write) => {
    for await (const piece of readCdAudio(source, pcm, CD_PIECE_BYTES, (done) => (report = done), level)) {
      write(piece);
      bytes += piece.length;
    }
  });
  return { path: cd, bytes, report, level };
}

function withoutRead({ read: _read, cd: _cd, ...found }: TrackSource): DecodedFile {
  return found;
}

/**
 * Runs `work` with a writer into `file`, made empty by the run that owns it: opened, never
 * created, so a file that run has removed stays removed. A write that fails names the
 * temporary folder and what to do.
 */
async function writing<T>(file: string, path: string, work: (write: (bytes: Buffer) => void) => Promise<T>): Promise<T> {
  const fail = (error: unknown): never => {
    throw tempAudioError(file, path, error);
  };
  let fd = -1;
  try {
    fd = openSync(file, 'r+');
  } catch (error) {
    fail(error);
  }
  try {
    // Synchronous writes: this runs on a thread of its own, and the piece is valid only during the call.
    return await work((bytes) => {
      try {
        for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
      } catch (error) {
        fail(error);
      }
    });
  } finally {
    closeSync(fd);
  }
}

/** The temporary folder cannot take a file's decoded audio: said with the folder and what to do. */
export function tempAudioError(file: string, path: string, problem: unknown): BurnError {
  return new BurnError(`${file}: cannot hold the decoded audio of ${path} (${writeProblem(problem)}); set TMPDIR to a folder with room for it`, 'ETEMPAUDIO');
}

/** An error as plain data, to cross from a decoding thread. */
export interface ErrorFacts {
  name: string;
  message: string;
  code?: string;
  file?: string;
  problem?: string;
  stack?: string;
}

export function errorFacts(error: unknown): ErrorFacts {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { name, message, stack } = error;
  const code = (error as { code?: unknown }).code;
  const facts: ErrorFacts = { name, message, stack, code: typeof code === 'string' ? code : undefined };
  return error instanceof InputError ? { ...facts, file: error.file, problem: error.problem } : facts;
}

/** The error a decoding thread met, as the same kind of error here. */
export function errorFrom(facts: ErrorFacts): Error {
  if (facts.name === 'InputError') return new InputError(facts.file!, facts.problem!, facts.code);
  if (facts.name === 'BurnError') return new BurnError(facts.message, facts.code ?? 'EBURN');
  const error = new Error(facts.message);
  error.stack = facts.stack;
  return error;
}
