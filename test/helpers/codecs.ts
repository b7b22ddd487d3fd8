import { execFileSync } from 'node:child_process';

/** Runs an encoder or decoder (sox, flac, lame, oggenc, opusenc) quietly; throws when it fails. */
export function tool(command: string, args: string[]): void {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A WAV (the same bytes on every run) of `seconds` of two sines at `rate` Hz and `bits`, written by sox. */
export function soxTone(path: string, seconds: number, options: { rate?: number; bits?: number; channels?: number } = {}): void {
  const { rate = 44_100, bits = 16, channels = 2 } = options;
  tool('sox', ['-R', '-n', '-r', String(rate), '-b', String(bits), '-c', String(channels), path, 'synth', String(seconds), 'sine', '441', 'sine', '661', 'gain', '-3']);
}
