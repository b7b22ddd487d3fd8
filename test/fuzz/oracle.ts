/**
 * What a case did: burn-audio run in this process through the code `burn-audio --image` runs, and
 * for compressed files the reference decoder run on the same bytes.
 */
import { spawn } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import type { Codec } from '../../src/audio/codec-headers.js';
import { isMpeg } from '../../src/audio/mp3/frame-header.js';
import { openSource, type TrackSource } from '../../src/audio/source.js';
import { WAVE_FORMAT_IEEE_FLOAT } from '../../src/audio/wav-format.js';
import { readWavInfo } from '../../src/audio/wav-reader.js';
import { burnCommand } from '../../src/cli/commands/burn.js';
import { exitCodeFor } from '../../src/exit-codes.js';
import type { BurnOptions } from '../../src/cli/options.js';
import { BurnAudioError, LayoutError } from '../../src/errors.js';

export interface Outcome {
  /** The exit code the CLI would give; 1 for a crash (an error that is not one of burn-audio's). */
  code: number;
  message: string;
  /** The error is about the whole disc (too many tracks, too long), not one file. */
  layout: boolean;
  crash?: string;
  /** Still running at the time limit. */
  hung: boolean;
}

const OPTIONS: Omit<BurnOptions, 'image'> = { gap: 150, capacity: 80, strict: false, null: false, json: false, quiet: true, verbose: false, simulate: false, eject: false, yes: true, reject: true, stopOnError: false };

/** Runs `burn-audio --image <image> <args>` in this process, as the CLI would. */
export async function burnInProcess(args: string[], image: string, limitMs: number): Promise<Outcome> {
  const controller = new AbortController();
  const run = burnCommand(args, { ...OPTIONS, image }, () => undefined, controller.signal).then(
    (): Outcome => ({ code: 0, message: '', layout: false, hung: false }),
    (error: unknown): Outcome => {
      if (!(error instanceof BurnAudioError)) {
        const crash = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
        return { code: 1, message: String(error), layout: false, crash, hung: false };
      }
      return { code: exitCodeFor(error), message: error.message, layout: error instanceof LayoutError, hung: false };
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), limitMs)));
  const outcome = await Promise.race([run, late]);
  clearTimeout(timer);
  if (outcome) return outcome;
  // Hung: asked to stop as Ctrl-C would, then given as long again to clean up.
  controller.abort();
  await Promise.race([run, new Promise((resolve) => setTimeout(resolve, limitMs))]);
  return { code: -1, message: `still running after ${limitMs} ms`, layout: false, hung: true };
}

export interface ReferenceVerdict {
  tool: string;
  /**
   * failed: a non-zero exit, a signal, the time limit, or no audio out. damaged: exit 0, but the
   * tool says audio was lost or could not be decoded (a hole, a frame it gave up on); burn-audio
   * must refuse these as it does failures. warned: exit 0 with any other warning (about metadata,
   * or bytes skipped between frames). ok: not a word.
   */
  status: 'ok' | 'warned' | 'damaged' | 'failed';
  detail: string;
  /** Sample frames the tool decoded, when it wrote a readable WAV. */
  frames?: number;
}

interface Reference {
  name: string;
  tool: string;
  args: (file: string, out: string) => string[];
  /** What the tool says when it loses audio and carries on. */
  damage?: RegExp;
  warning: RegExp;
}

/**
 * The reference decoder of each codec. flac stops at damage with a non-zero exit; mpg123, oggdec
 * and opusdec carry on past it, saying so: mpg123's layer decoders print `error:` for a frame they
 * cannot decode (and conceal), and it may give up resyncing in junk; oggdec and opusdec say `hole
 * in data` for a page lost.
 */
const REFERENCE: Record<'FLAC' | 'MP3' | 'Ogg Vorbis' | 'Opus', Reference> = {
  FLAC: { name: 'flac -d', tool: 'flac', args: (file, out) => ['-d', '-s', '-f', '-o', out, file], warning: /(WARNING|ERROR|\*\*\* Got error code).*/ },
  MP3: { name: 'mpg123 -w', tool: 'mpg123', args: (file, out) => ['--no-control', '-w', out, file], damage: /(?<=(layer\d|getbits)[^\]]*\] )error: .*|Giving up resync.*/, warning: /(Note|Warning|warning|error): .*/ },
  'Ogg Vorbis': { name: 'oggdec', tool: 'oggdec', args: (file, out) => ['-o', out, file], damage: /hole in data.*|stream error.*/i, warning: /(WARNING|ERROR).*/ },
  Opus: { name: 'opusdec', tool: 'opusdec', args: (file, out) => ['--quiet', '--rate', '48000', file, out], damage: /Hole in data.*|Decoding error.*|aborting.*/, warning: /(Warning|Error|Failed).*/ },
};

/** The WAV header a decoder writes before any audio. */
const WAV_HEADER_BYTES = 44;

/** The first few messages of `stderr` that match `pattern` (progress and banners left out). */
function messages(stderr: string, pattern: RegExp): string {
  const found = stderr.split(/[\r\n\t]+/).flatMap((line) => line.match(pattern)?.[0] ?? []);
  return [...new Set(found)].slice(0, 3).join(' / ');
}

export async function referenceDecode(codec: Codec, file: string, out: string, limitMs: number): Promise<ReferenceVerdict> {
  const { name, tool, args, damage, warning } = REFERENCE[isMpeg(codec) ? 'MP3' : codec];
  const result = await new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve, reject) => {
    const child = spawn(tool, args(file, out), { stdio: ['ignore', 'ignore', 'pipe'], timeout: limitMs });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-100_000)));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  const bytes = (await stat(out).catch(() => undefined))?.size ?? 0;
  const frames = await readWavInfo(out).then((wav) => wav.dataBytes / wav.format.blockAlign, () => undefined);
  await rm(out, { force: true });
  const warned = messages(result.stderr, warning);
  if (result.code !== 0) return { tool: name, status: 'failed', detail: `${result.signal ? `killed by ${result.signal}` : `exit ${result.code}`}${warned ? `: ${warned}` : ''}` };
  if (bytes <= WAV_HEADER_BYTES) return { tool: name, status: 'failed', detail: 'exit 0 but no audio decoded' };
  const damaged = damage && messages(result.stderr, damage);
  if (damaged) return { tool: name, status: 'damaged', detail: damaged, frames };
  return { tool: name, status: warned ? 'warned' : 'ok', detail: warned, frames };
}

/**
 * What burn-audio decoded from a compressed file it accepted: its length in sample frames, and
 * how many samples are NaN or infinite. For the lossy codecs that is the float PCM the image was
 * made from, read again through the same source; FLAC's PCM is integers, which cannot be.
 */
export async function inspectDecoded(path: string): Promise<{ frames: number; nonFinite: number }> {
  const source = await openSource(path);
  const frames = source.pcm.dataBytes / source.pcm.format.blockAlign;
  return { frames, nonFinite: await nonFiniteSamples(path, source) };
}

async function nonFiniteSamples(path: string, source: TrackSource): Promise<number> {
  if (source.pcm.format.formatTag !== WAVE_FORMAT_IEEE_FLOAT || source.kind === 'WAV') return 0;
  let count = 0;
  for await (const piece of source.read(0, source.pcm.dataBytes, 1 << 20)) {
    const aligned = piece.byteOffset % 4 === 0 ? piece : Buffer.from(piece);
    count += countNonFinite(new Float32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4));
  }
  return count;
}

function countNonFinite(samples: Float32Array): number {
  let count = 0;
  for (const x of samples) if (!Number.isFinite(x)) count += 1;
  return count;
}

