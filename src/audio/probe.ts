/** Audio: every input opened, decoded to its end and checked; what it takes to make CD audio of it (sources, codecs, conversion). */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { WavInfo } from './wav-reader.js';
import { describeSource, openSource, rawSource, sniffSource, type TrackSource } from './source.js';
import { measureTrack } from './cd-stream.js';
import { Decoding, type DecodeOptions } from './decoding.js';
import type { Loudness } from './loudness/meter.js';
import { signedDb, type TrackLevel } from './loudness/levels.js';
import { replayGain, type NativeTags, type TaggedLevel } from './loudness/replaygain.js';
import { BITS_PER_SAMPLE, CHANNELS, SAMPLE_RATE, SECTOR_BYTES, SECTORS_PER_SECOND } from '../disc/red-book.js';
import { planConversion, unconvertible, type Conversion } from './convert.js';
import { CD_FORMAT_DESCRIPTION, describeFormat, isCdAudio, isCompressed, type WavFormat } from './wav-format.js';
import { InputError, InterruptedError, throwIfAborted } from '../errors.js';
import { pauseAt } from '../pause-point.js';
import type { BurnEvent } from '../events.js';
import type { TrackCodes } from '../disc/layout.js';

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
  /** What the user gave, cue-sheet text and gaps included. */
  input?: TrackInput;
  /** Where its PCM comes from: a WAV, or a compressed file decoded as it is read. */
  source: TrackSource;
  /** The PCM of the track: the source's, or the part of it a cue-sheet track covers. */
  wav: WavInfo;
  /** What it takes to make CD audio of it (no steps for CD audio). */
  conversion: Conversion;
  tags: TrackTags;
  /** The audio the source holds before the track's INDEX 01, piece by piece (see TrackInput). */
  pregap: ProbedTrack[];
  /** Its loudness as it will be burned, when it is asked for (ProbeOptions.loudness) and no tag gives it. */
  loudness?: Loudness;
  /** Its level as its ReplayGain tags give it (ProbeOptions.loudness.replaygain). */
  replayGain?: TaggedLevel;
  /** The level it is given, once every track is probed (--normalize, --replaygain, --gain). */
  level?: TrackLevel;
}

/** Part of a file, in CD frames (1/75 s), to `end` or the end of the file. BINARY: raw CD audio. */
export interface Slice {
  start: number;
  end?: number;
  binary: boolean;
  /** Raw CD audio in big-endian byte order (a cue sheet's MOTOROLA FILE). */
  bigEndian?: boolean;
}

/** A part of a file that goes on the disc. */
export interface AudioPiece {
  path: string;
  slice: Slice;
}

/** An input as the user named it: the file to read and what to call it in messages. */
export interface TrackInput {
  path: string;
  /** How messages and the layout name it: the path as given, "-" for standard input, cue#NN. */
  label: string;
  /** Part of the file: a track of a cue sheet. */
  slice?: Slice;
  /** Audio of the track's pregap from the source (a cue sheet's INDEX 00 to INDEX 01, or a hidden
   * track before track 1), in order; it may span two files. */
  pregapAudio?: AudioPiece[];
  /** Text and gaps a cue sheet gives; PREGAP is silence, on top of any pregap audio. */
  title?: string;
  performer?: string;
  /** A playlist's #EXTINF title: used when the file's tags give none. */
  playlistTitle?: string;
  pregapSectors?: number;
  postgapSectors?: number;
  /** ISRC, flags, indexes, CD-TEXT fields and REM lines a cue sheet gives. */
  codes?: TrackCodes;
}

export interface ProbeOptions {
  onEvent: (event: BurnEvent) => void;
  signal?: AbortSignal;
  /** Refuse audio that is not CD audio instead of converting it. */
  strict?: boolean;
  /**
   * Find each track's loudness while it is probed: measured after the mix to stereo and the
   * resampling; with `replaygain`, from the track's (or album's) ReplayGain tags when they give
   * it and its peak, measured only when they do not.
   */
  loudness?: { replaygain?: 'track' | 'album' };
  /** Decode on every core, keeping the audio for staging when asked; without it, in the process, and read again when staged. */
  decode?: DecodeOptions;
}

/** How each input is probed. */
interface ProbeMode {
  strict: boolean;
  loudness?: ProbeOptions['loudness'];
  decoding?: Decoding;
}

/** Inputs probed at once: a probe mostly waits on the disk, so a few overlap well. */
const PARALLEL_PROBES = 8;

/**
 * Opens every input and checks it can go on a CD as it is. Fails on the first input (in order)
 * that cannot, with an InputError that names it; nothing is written anywhere. Inputs are probed
 * a few at a time; events and results come in input order.
 */
export async function probeTracks(inputs: readonly TrackInput[], { onEvent, signal, strict = false, loudness, decode }: ProbeOptions): Promise<ProbedTrack[]> {
  let stopped = false;
  const decoding = decode && new Decoding(inputs.length, decode);
  // An interruption ends the decodes under way at once.
  const interrupt = (): void => void decoding?.close(signal?.reason instanceof Error ? signal.reason : undefined);
  signal?.addEventListener('abort', interrupt, { once: true });
  // A probe not yet started when the run stops (a failure, an interruption) is not started.
  const probes = inOrder(inputs, PARALLEL_PROBES, async (input) => {
    if (stopped) throw new InterruptedError();
    throwIfAborted(signal);
    return probeInput(input, { strict, loudness, decoding });
  });
  const tracks: ProbedTrack[] = [];
  try {
    for (const [index, input] of inputs.entries()) {
      throwIfAborted(signal);
      onEvent({ type: 'probe', path: input.label, index, total: inputs.length });
      await pauseAt('probing', signal);
      const track = await probes[index]!;
      if (track.conversion.downmix) onEvent({ type: 'warning', message: `${input.label}: ${track.conversion.downmix}` });
      if (track.wav.partialFrameBytes > 0) {
        onEvent({
          type: 'warning',
          message: `${input.label}: the data chunk ends with ${track.wav.partialFrameBytes} bytes that are not a whole sample frame; they are dropped`,
        });
      }
      tracks.push(track);
    }
  } finally {
    stopped = true;
    signal?.removeEventListener('abort', interrupt);
    await decoding?.close();
  }
  return tracks;
}

/**
 * Runs `work` on each item, at most `limit` at once: an item starts once the one `limit` places
 * before it has ended. Each result is the promise at its item's index; a failure surfaces only
 * where that promise is awaited, so the caller meets the first failure in order.
 */
function inOrder<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Array<Promise<R>> {
  const ignore = (): void => undefined;
  const results: Array<Promise<R>> = [];
  for (const [index, item] of items.entries()) {
    const turn = results[index - limit]?.then(ignore, ignore) ?? Promise.resolve();
    const result = turn.then(() => work(item));
    result.catch(ignore);
    results.push(result);
  }
  return results;
}

/** One input and its pregap audio, probed, with what the input says about it applied. */
async function probeInput(input: TrackInput, mode: ProbeMode): Promise<ProbedTrack> {
  const { path: file, label: path } = input;
  const track = await probeTrack(file, mode, input.slice).catch((error: unknown) => {
    throw error instanceof InputError && error.file === file ? new InputError(path, error.problem, error.code) : error;
  });
  track.label = path;
  track.input = input;
  // Pregap audio is measured with its track (its tags are not its own).
  const pregapMode = { ...mode, loudness: track.loudness ? {} : undefined };
  for (const piece of input.pregapAudio ?? []) {
    const probed = await probeTrack(piece.path, pregapMode, piece.slice).catch((error: unknown) => {
      throw error instanceof InputError ? new InputError(path, `the pregap audio in ${error.file}: ${error.problem}`, error.code) : error;
    });
    track.pregap.push(probed);
  }
  if (path === '-') track.name = 'stdin';
  if (input.title) track.tags.title = input.title;
  if (!track.tags.title?.trim() && input.playlistTitle) track.tags.title = input.playlistTitle;
  if (input.performer) track.tags.artist = input.performer;
  return track;
}

/**
 * Opens one file (or the part of it a cue sheet names) and checks it. Measured, a whole file is
 * measured in the pass that opens it; a part of one in a read of its own.
 */
async function probeTrack(path: string, { strict, loudness, decoding }: ProbeMode, slice?: Slice): Promise<ProbedTrack> {
  await checkRegularFile(path);
  const tagged = loudness?.replaygain && !slice?.binary ? await taggedLevel(path, loudness.replaygain, slice !== undefined) : undefined;
  const measure = loudness !== undefined && tagged?.peak === undefined;
  const opening = slice?.binary ? rawSource(path, slice.bigEndian) : decoding ? decoding.open(path, measure && !slice, !slice) : openSource(path, measure && !slice);
  const tagging = slice?.binary ? Promise.resolve({}) : readTags(path, opening);
  const source = await opening;
  const wav = slice ? sliceOf(source.pcm, slice) : source.pcm;
  if (isCompressed(wav.format)) {
    throw new InputError(
      path,
      `compressed WAV (${describeFormat(wav.format)}); a CD needs uncompressed PCM, ${CD_FORMAT_DESCRIPTION}`,
      'ECOMPRESSED',
    );
  }
  const compressed = isCompressedSource(source);
  const what = compressed ? describeSource(source, wav.format) : describeFormat(wav.format);
  if (strict && !strictlyCdAudio(source, wav.format)) {
    throw new InputError(path, `is ${what}; a CD needs ${CD_FORMAT_DESCRIPTION} (--strict refuses to convert it)`, 'ENOTCDAUDIO');
  }
  const why = unconvertible(wav.format);
  if (why) throw new InputError(path, `is ${what}: ${why}`, 'EUNSUPPORTED');
  if (wav.dataBytes === 0) throw new InputError(path, compressed ? `the ${source.kind} file holds no audio` : 'the WAV holds no audio (its data chunk is empty)', 'EEMPTY');
  const tags = await tagging;
  const conversion = planConversion(wav.format, wav.dataBytes);
  if (isCompressedSource(source)) conversion.steps = [sourceConversion(source, wav.format)];
  const measured = measure ? (slice ? await measureTrack(source, wav) : source.loudness) : undefined;
  return { path, label: path, name: basename(path), source, wav, conversion, tags, pregap: [], loudness: measured, replayGain: tagged };
}

/**
 * The level a file's ReplayGain tags give for `mode`. A cue-sheet track takes only the album's:
 * the file's track tags speak of the whole file. Tags that cannot be read are no tags.
 */
async function taggedLevel(path: string, mode: 'track' | 'album', part: boolean): Promise<TaggedLevel | undefined> {
  if (part && mode === 'track') return undefined;
  const { parseFile } = await import('music-metadata');
  const native = await parseFile(path, { duration: false, skipCovers: true }).then(
    (metadata) => metadata.native as NativeTags,
    () => ({}),
  );
  return replayGain(path, native)[mode];
}

function isCompressedSource(source: TrackSource): boolean {
  return source.kind !== 'WAV' && source.kind !== 'raw CD audio';
}

/**
 * The conversion a track gets once its level changes: the gain (and the limiter) said, and the
 * dither any gain needs, CD audio that would otherwise go on as it is included.
 */
export function levelledConversion(track: ProbedTrack, level: TrackLevel): string[] {
  const gain = `gain ${signedDb(level.gain)}${level.limit === undefined ? '' : `, limited to ${level.limit.toFixed(1)} dBTP`}`;
  const { source, wav } = track;
  if (isCompressedSource(source)) return [sourceConversion(source, wav.format, gain)];
  const steps = planConversion(wav.format, wav.dataBytes).steps;
  return [...steps, gain, ...(steps.some((step) => step.includes('dithered')) ? [] : ['dithered'])];
}

/**
 * --strict: CD audio as it is. A lossy source decodes to more than 16 bits whatever it holds,
 * so for MP3 and Vorbis only the rate and the channels count; Opus (always 48 kHz) is refused.
 */
function strictlyCdAudio(source: TrackSource, format: WavFormat): boolean {
  return source.lossy ? format.sampleRate === SAMPLE_RATE && format.channels === CHANNELS : isCdAudio(format);
}

/**
 * The plan's conversion column for a compressed source, e.g. `FLAC 24-bit 96000 Hz → 44100 Hz,
 * 16-bit, dithered`; `gain` is the level change, when there is one.
 */
function sourceConversion(source: TrackSource, format: WavFormat, gain?: string): string {
  const targets = [
    format.sampleRate !== SAMPLE_RATE && `${SAMPLE_RATE} Hz`,
    (source.lossy || format.validBitsPerSample !== BITS_PER_SAMPLE) && `${BITS_PER_SAMPLE}-bit`,
    gain,
    (gain !== undefined || source.lossy || format.validBitsPerSample > BITS_PER_SAMPLE || format.sampleRate !== SAMPLE_RATE || format.channels > CHANNELS) && 'dithered',
    // The source's description already names its channels: each step is said once.
    format.channels === 1 && 'stereo',
    format.channels > CHANNELS && 'mixed down to stereo',
  ].filter((target): target is string => typeof target === 'string');
  const from = describeSource(source, format);
  return targets.length === 0 ? `${from}, as it is` : `${from} → ${targets.join(', ')}`;
}

/** The part of the source's PCM a cue-sheet track covers, as if it were a WAV of its own. */
function sliceOf(pcm: WavInfo, slice: Slice): WavInfo {
  const align = pcm.format.blockAlign;
  const perFrame = slice.binary ? SECTOR_BYTES / align : pcm.format.sampleRate / SECTORS_PER_SECOND;
  const total = pcm.dataBytes / align;
  const first = Math.round(slice.start * perFrame);
  const last = slice.end === undefined ? total : Math.min(total, Math.round(slice.end * perFrame));
  return {
    ...pcm,
    dataOffset: pcm.dataOffset + first * align,
    dataBytes: Math.max(last - first, 0) * align,
    partialFrameBytes: 0,
    context: { before: first * align, after: (total - last) * align },
  };
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
  if (stats.isDirectory()) throw new InputError(path, 'is a folder, not an audio file', 'EISDIR');
  if (!stats.isFile()) throw new InputError(path, 'is not a regular file', 'ENOTFILE');
  if (stats.size === 0) throw new InputError(path, 'empty file (0 bytes); expected a WAV, FLAC, MP3, Ogg Vorbis or Opus file', 'EEMPTY');
}

/**
 * Title, artist and album from LIST/INFO or id3 chunks, or a compressed file's own tags, read
 * while the file decodes (on a thread). Unreadable tags are not an error (nor is a file that
 * cannot be opened: the probe says why). A WAV whose only tags are LIST/INFO was read in its
 * chunk walk; music-metadata is loaded only for tags it alone reads.
 */
async function readTags(path: string, opening: Promise<TrackSource>): Promise<TrackTags> {
  try {
    if ((await sniffSource(path)) === undefined) {
      const info = (await opening).pcm.infoTags;
      if (info) return dropEmpty({ title: info.title, artist: info.artist, album: info.album, albumArtist: undefined });
    }
    const { parseFile } = await import('music-metadata');
    const { common } = await parseFile(path, { duration: false, skipCovers: true });
    return dropEmpty({ title: common.title, artist: common.artist, album: common.album, albumArtist: common.albumartist });
  } catch {
    return {};
  }
}

function dropEmpty(tags: Record<keyof TrackTags, string | undefined>): TrackTags {
  const entries = Object.entries(tags).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== '');
  return Object.fromEntries(entries.map(([key, value]) => [key, repairUtf8(value)])) as TrackTags;
}

/**
 * RIFF INFO text is read as Latin-1, but many programs write UTF-8 there ("Ð§Ð°Ð¹" for "Чай").
 * When the Latin-1 reading is valid UTF-8 with multi-byte characters, that is what it was.
 */
function repairUtf8(text: string): string {
  if (!/[\u0080-\u00ff]/.test(text) || /[^\u0000-\u00ff]/.test(text)) return text;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'latin1'));
  } catch {
    return text;
  }
}
