import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { readWavInfo, type WavInfo } from './audio/wav-reader.js';
import { planConversion, unconvertible, type Conversion } from './audio/convert.js';
import { CD_FORMAT_DESCRIPTION, describeFormat, isCdAudio, isCompressed } from './audio/wav-format.js';
import { InputError, throwIfAborted } from './errors.js';
import type { BurnEvent } from './events.js';

export interface TrackTags {
  title?: string;
  artist?: string;
  album?: string;
  albumArtist?: string;
}

/** One input, opened and checked: what the plan and the session need to know of it. */
export interface ProbedTrack {
  /** The file read. */
  path: string;
  /** How the user named it (the path, or "-" for standard input). */
  label: string;
  /** Its name without folders: the title when the tags give none. */
  name: string;
  wav: WavInfo;
  /** What it takes to make CD audio of it (no steps for CD audio). */
  conversion: Conversion;
  tags: TrackTags;
}

/** An input as the user named it: the file to read and what to call it in messages. */
export interface TrackInput {
  path: string;
  /** How messages and the layout name it: the path as given, or "-" for standard input. */
  label: string;
}

export interface ProbeOptions {
  onEvent: (event: BurnEvent) => void;
  signal?: AbortSignal;
  /** Refuse audio that is not CD audio instead of converting it. */
  strict?: boolean;
}

/**
 * Opens every input and checks it can go on a CD as it is. Fails on the first input that
 * cannot, with an InputError that names it; nothing is written anywhere.
 */
export async function probeTracks(inputs: readonly TrackInput[], { onEvent, signal, strict = false }: ProbeOptions): Promise<ProbedTrack[]> {
  const tracks: ProbedTrack[] = [];
  for (const [index, { path: file, label: path }] of inputs.entries()) {
    throwIfAborted(signal);
    onEvent({ type: 'probe', path, index, total: inputs.length });
    const track = await probeTrack(file, strict).catch((error: unknown) => {
      throw error instanceof InputError && error.file === file ? new InputError(path, error.problem, error.code) : error;
    });
    track.label = path;
    if (path === '-') track.name = 'stdin';
    if (track.conversion.downmix) onEvent({ type: 'warning', message: `${path}: ${track.conversion.downmix}` });
    if (track.wav.partialFrameBytes > 0) {
      onEvent({
        type: 'warning',
        message: `${path}: the data chunk ends with ${track.wav.partialFrameBytes} bytes that are not a whole sample frame; they are dropped`,
      });
    }
    tracks.push(track);
  }
  return tracks;
}

export async function probeTrack(path: string, strict = false): Promise<ProbedTrack> {
  await checkRegularFile(path);
  const wav = await readWavInfo(path);
  if (isCompressed(wav.format)) {
    throw new InputError(
      path,
      `compressed WAV (${describeFormat(wav.format)}); a CD needs uncompressed PCM, ${CD_FORMAT_DESCRIPTION}`,
      'ECOMPRESSED',
    );
  }
  if (strict && !isCdAudio(wav.format)) {
    throw new InputError(
      path,
      `is ${describeFormat(wav.format)}; a CD needs ${CD_FORMAT_DESCRIPTION} (--strict refuses to convert it)`,
      'ENOTCDAUDIO',
    );
  }
  const why = unconvertible(wav.format);
  if (why) throw new InputError(path, `is ${describeFormat(wav.format)}: ${why}`, 'EUNSUPPORTED');
  if (wav.dataBytes === 0) throw new InputError(path, 'the WAV holds no audio (its data chunk is empty)', 'EEMPTY');
  return { path, label: path, name: basename(path), wav, conversion: planConversion(wav.format, wav.dataBytes), tags: await readTags(path) };
}

async function checkRegularFile(path: string): Promise<void> {
  let stats;
  try {
    stats = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(path, 'no such file', 'ENOENT');
    if (code === 'EACCES' || code === 'EPERM') throw new InputError(path, 'permission denied', 'EACCES');
    throw new InputError(path, `cannot be opened (${code ?? String(error)})`, 'EOPEN');
  }
  if (stats.isDirectory()) throw new InputError(path, 'is a folder, not a WAV file', 'EISDIR');
  if (!stats.isFile()) throw new InputError(path, 'is not a regular file', 'ENOTFILE');
  if (stats.size === 0) throw new InputError(path, 'empty file (0 bytes); expected a WAV file', 'EEMPTY');
}

/** Title, artist and album from LIST/INFO or id3 chunks. Unreadable tags are not an error. */
async function readTags(path: string): Promise<TrackTags> {
  const { parseFile } = await import('music-metadata');
  try {
    const { common } = await parseFile(path, { duration: false, skipCovers: true });
    return dropEmpty({ title: common.title, artist: common.artist, album: common.album, albumArtist: common.albumartist });
  } catch {
    return {};
  }
}

function dropEmpty(tags: Record<keyof TrackTags, string | undefined>): TrackTags {
  return Object.fromEntries(Object.entries(tags).filter(([, v]) => v !== undefined && v.trim() !== '')) as TrackTags;
}
