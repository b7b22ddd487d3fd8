/**
 * Comparing burn-audio's image of a file with what a reference decoder (flac -d, mpg123, oggdec,
 * opusdec) makes of it: the reference's WAV goes through burn-audio's own conversion, so the two
 * images differ only by what the decoders do.
 */
import { readFile } from 'node:fs/promises';
import { runCli } from './cli.js';

/** The CD audio of an image burn-audio writes from `inputs` (`<cue>` → `<cue without .cue>.bin`). */
export async function imageOf(cue: string, inputs: string[], extra: string[] = []): Promise<Buffer> {
  const result = await runCli(['--image', cue, '-y', ...extra, ...inputs]);
  if (result.code !== 0) throw new Error(`burn-audio --image ${inputs.join(' ')} exited ${result.code}: ${result.stderr}`);
  return readFile(cue.replace(/\.cue$/, '.bin'));
}

/** Root mean square of one channel (0 left, 1 right) of CD audio, in dB relative to full scale. */
export function channelDb(audio: Buffer, channel: 0 | 1): number {
  const samples = new Int16Array(audio.buffer, audio.byteOffset, audio.length / 2);
  let sum = 0;
  for (let i = channel; i < samples.length; i += 2) sum += samples[i]! ** 2;
  return 10 * Math.log10(sum / (samples.length / 2) / 32768 ** 2);
}

/** How far `audio` is from `reference`, sample by sample: the difference's level relative to the reference's, in dB. */
export function residualDb(audio: Buffer, reference: Buffer): number {
  const a = new Int16Array(audio.buffer, audio.byteOffset, audio.length / 2);
  const b = new Int16Array(reference.buffer, reference.byteOffset, reference.length / 2);
  let difference = 0;
  let signal = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    difference += (a[i]! - b[i]!) ** 2;
    signal += b[i]! ** 2;
  }
  return 10 * Math.log10(difference / signal);
}
