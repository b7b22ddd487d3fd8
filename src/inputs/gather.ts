/** Inputs: what the command line names (files, patterns, --files-from lists, playlists, cue sheets, standard input) turned into track inputs. */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { readCueInputs, type CueDisc } from './cue-input.js';
import { InputError, UsageError } from '../errors.js';
import { readPlaylist } from './playlist.js';
import type { TrackInput } from '../audio/probe.js';
import { TemporaryFiles, removeTemporary, trackTemporary } from '../temp-files.js';
import { expandGlobs } from './patterns.js';

export interface InputOptions {
  filesFrom?: string;
  /** --files-from lists are NUL-separated (find -print0). */
  null: boolean;
}

export interface Inputs {
  tracks: TrackInput[];
  /** What the first cue sheet says of the disc: text, MCN, REM lines. */
  disc: Partial<CueDisc>;
  /** What a cue sheet says that is worth a word (a FILE found under another case). */
  warnings: string[];
  /** What of a cue sheet is left out (data tracks, malformed values): `--strict` refuses these. */
  dropped: string[];
  /** Where the probe keeps the tracks' decoded audio for staging. */
  decoded: TemporaryFiles;
  /** Removes the standard-input spool, if any, and the decoded audio. */
  release(): Promise<void>;
}

/**
 * The tracks named on the command line: files and patterns (expanded by burn-audio), cue sheets
 * (each of their tracks), playlists (.m3u, .m3u8: their entries), `-` for a WAV on standard
 * input, and the entries of a --files-from list (taken literally, or a playlist). A WAV on
 * standard input is spooled to a temporary file first, so its length is known before anything
 * is staged; `release()` removes it.
 */
export async function gatherInputs(args: readonly string[], options: InputOptions): Promise<Inputs> {
  const listed = options.filesFrom === undefined ? [] : await readList(options.filesFrom, options.null);
  if (args.length === 0 && listed.length === 0) {
    throw new UsageError('no tracks given; name one or more audio files, e.g. burn-audio --image disc.cue *.wav');
  }
  const stdinUses = args.filter((a) => a === '-').length + (options.filesFrom === '-' ? 1 : 0);
  if (stdinUses > 1) throw new UsageError('standard input can be read once: use "-" for one track, or --files-from -, not both');
  let spool: string | undefined;
  const tracks: TrackInput[] = [];
  let disc: Inputs['disc'] = {};
  const warnings: string[] = [];
  const dropped: string[] = [];
  try {
    for (const arg of args) {
      if (arg === '-') {
        spool = await spoolStdin();
        tracks.push({ path: spool, label: '-' });
        continue;
      }
      for (const path of await expandGlobs([arg])) {
        if (/\.m3u8?$/i.test(path)) {
          tracks.push(...(await readPlaylist(path)));
          continue;
        }
        if (!/\.cue$/i.test(path)) {
          tracks.push({ path, label: path });
          continue;
        }
        const cue = await readCueInputs(path);
        tracks.push(...cue.tracks);
        warnings.push(...cue.warnings);
        dropped.push(...cue.dropped);
        if (disc.text === undefined) disc = cue.disc;
      }
    }
  } catch (error) {
    if (spool) await removeTemporary(spool);
    throw error;
  }
  tracks.push(...listed);
  const decoded = new TemporaryFiles();
  return {
    tracks,
    disc,
    warnings,
    dropped,
    decoded,
    release: async () => {
      if (spool) await removeTemporary(spool);
      await decoded.removeAll();
    },
  };
}

/** A --files-from list: one path a line (or NUL-separated), or a playlist. */
async function readList(source: string, nul: boolean): Promise<TrackInput[]> {
  if (source !== '-' && /\.m3u8?$/i.test(source)) return readPlaylist(source);
  let text: string;
  try {
    text = source === '-' ? await readStream(process.stdin) : await readFile(source, 'utf8');
  } catch (error) {
    throw new InputError(source, `the --files-from list cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`, 'EFILESFROM');
  }
  const entries = nul ? text.split('\0') : text.split(/\r?\n/);
  return entries.filter((entry) => entry.trim() !== '').map((path) => ({ path, label: path }));
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function spoolStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('"-" reads a WAV from standard input, but standard input is a terminal; pipe a WAV into burn-audio');
  const path = join(tmpdir(), `burn-audio-stdin-${process.pid}-${randomBytes(4).toString('hex')}.wav`);
  trackTemporary(path);
  try {
    await pipeline(process.stdin, createWriteStream(path, { flags: 'wx' }));
  } catch (error) {
    await removeTemporary(path);
    throw new InputError('-', `standard input could not be read (${(error as NodeJS.ErrnoException).code ?? error})`, 'ESTDIN');
  }
  return path;
}

/** Runs `job` with the inputs gathered, removing any standard-input spool afterwards. */
export async function withInputs<T>(args: readonly string[], options: InputOptions, job: (inputs: Inputs) => Promise<T>): Promise<T> {
  const inputs = await gatherInputs(args, options);
  try {
    return await job(inputs);
  } finally {
    await inputs.release();
  }
}
