import { InvalidArgumentError, Option } from 'commander';
import type { LevelRequest } from '../disc/layout.js';
import { CAPACITY_MINUTES, SECTORS_PER_SECOND, type CapacityMinutes } from '../disc/red-book.js';
import { UsageError } from '../errors.js';
import type { BurnRequest, LayoutRequest, VerifyRequest } from '../jobs/request.js';

/** The longest gap accepted between tracks, in seconds. */
const MAX_GAP_SECONDS = 60;

/** Seconds → whole sectors (1/75 s). */
export function parseGap(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_GAP_SECONDS) {
    throw new InvalidArgumentError(`expected seconds from 0 to ${MAX_GAP_SECONDS}, e.g. 2 or 0.5`);
  }
  return Math.round(seconds * SECTORS_PER_SECOND);
}

/** A write speed as a multiple of 1× (176,400 bytes/s): `16` or `16x`. */
export function parseSpeed(value: string): number {
  const speed = Number(value.replace(/x$/i, ''));
  if (!Number.isInteger(speed) || speed < 1 || speed > 100) throw new InvalidArgumentError('expected a whole number from 1 to 100, e.g. 16 or 16x');
  return speed;
}

/** `-d/--device`: a recorder's index in `burn-audio devices`, or part of its name or path. */
export function deviceOption(): Option {
  return new Option('-d, --device <n|name>', 'the recorder: its index in `burn-audio devices`, or part of its name (default: the first)');
}

/** `-d/--device` for a burn: repeated for several recorders, or `all`. */
export function devicesOption(): Option {
  return new Option('-d, --device <n|name>', 'the recorder: its index in `burn-audio devices`, or part of its name (default: the first); repeat it, or give all, to burn copies on several recorders at once')
    .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}

/** `--copies <n>`: a whole number of discs, at least 1. */
export function parseCopies(value: string): number {
  const copies = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(copies) || copies < 1) throw new InvalidArgumentError('expected a whole number of discs, at least 1, e.g. 3');
  return copies;
}

/** `--wait-media [seconds]`: seconds, 0 or more (0: fail at once); without a value, for ever. */
export function parseWaitMedia(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    // `--wait-media a.wav`: the option takes the next word as its value.
    const forever = /^-?\d/.test(value.trim()) ? '' : '; to wait for ever, give --wait-media after the tracks, or before another option';
    throw new InvalidArgumentError(`expected seconds, 0 or more (0: do not wait), e.g. 300${forever}`);
  }
  return seconds;
}

/** A number from `min` to `max`, in `unit`, or a usage error that says so. */
function decibels(unit: string, min: number, max: number, example: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`expected ${unit} from ${min} to ${max}, e.g. ${example}`);
    return n;
  };
}

/** `--target <LUFS>`: from broadcast's -23 (EBU R 128) to a loud master's -9. */
export const parseTarget = decibels('LUFS', -23, -9, '-14');
export const parseCeiling = decibels('dBTP', -10, 0, '-1');
export const parseGain = decibels('dB', -30, 30, '-3 or 2.5');

/** `--normalize [track|album]`, `--replaygain [track|album]`. */
export function parseLevelMode(value: string): 'track' | 'album' {
  if (value !== 'track' && value !== 'album') throw new InvalidArgumentError('expected track or album');
  return value;
}

/** Options whose value may be left out, and the values they take. */
const MODE_OPTIONS = ['--normalize', '--replaygain'];
const MODES = ['track', 'album'];

/**
 * `--normalize a.wav`, `--replaygain *.flac`: a word after these options that is not one of
 * their modes is a track, not a mode; the option takes its default. Words that are another
 * option's value (`--title --normalize`) are passed over; `--` ends the options.
 */
export function withOptionalModes(argv: readonly string[], takesValue: (arg: string) => boolean): string[] {
  const out = [...argv];
  for (let i = 0; i < out.length; i += 1) {
    const arg = out[i]!;
    if (arg === '--') break;
    if (takesValue(arg)) i += 1;
    else if (MODE_OPTIONS.includes(arg) && isTrackWord(out[i + 1])) out[i] = `${arg}=track`;
  }
  return out;
}

/** A word commander would take for an optional value that is not a mode: a track (`-` is standard input). */
function isTrackWord(word: string | undefined): boolean {
  return word !== undefined && (word === '-' || !word.startsWith('-')) && !MODES.includes(word);
}

/** The level options as commander gives them. */
export interface LevelOptions {
  normalize?: 'track' | 'album';
  replaygain?: 'track' | 'album';
  gain?: number;
  target?: number;
  ceiling?: number;
  limiter?: 'auto' | 'off';
  strict: boolean;
}

/** The level the options ask for, or none; usage errors for options that do not go together, before anything is read. */
export function levelRequest(options: LevelOptions): LevelRequest | undefined {
  const given = (['normalize', 'replaygain', 'gain'] as const).filter((name) => options[name] !== undefined).map((name) => `--${name}`);
  if (given.length > 1) throw new UsageError(`${given.join(' and ')} each set the tracks' level: give one`);
  if (given.length === 1 && options.strict) throw new UsageError(`--strict keeps the audio as it is, and ${given[0]} changes its level: give one or the other`);
  if (options.target !== undefined && options.gain !== undefined) throw new UsageError('--target applies to --normalize and --replaygain, not to a fixed --gain');
  if (given.length === 0) {
    if (options.target !== undefined) throw new UsageError('--target applies only with --normalize or --replaygain');
    const stray = [options.ceiling !== undefined && '--ceiling', options.limiter !== undefined && '--limiter'].filter((name) => name !== false);
    if (stray.length > 0) throw new UsageError(`${stray.join(' and ')} ${stray.length === 1 ? 'applies' : 'apply'} only with --normalize, --replaygain or --gain`);
    return undefined;
  }
  return {
    source: options.gain !== undefined ? 'fixed' : options.replaygain !== undefined ? 'replaygain' : 'measure',
    mode: options.normalize ?? options.replaygain ?? 'track',
    target: options.target ?? -14,
    gain: options.gain ?? 0,
    ceiling: options.ceiling ?? -1,
    limiter: (options.limiter ?? 'auto') === 'auto',
  };
}

export function parseCapacity(value: string): CapacityMinutes {
  const minutes = Number(value) as CapacityMinutes;
  if (!CAPACITY_MINUTES.includes(minutes)) throw new InvalidArgumentError(`expected one of ${CAPACITY_MINUTES.join(', ')}`);
  return minutes;
}

/** What `plan` is given: the request, and how to show it. */
export interface LayoutOptions extends LayoutRequest, DisplayOptions {}

/** What `burn` is given: the request, how to show it, and whether to ask first. */
export interface BurnOptions extends BurnRequest, DisplayOptions {
  /** Burn without asking first. */
  yes: boolean;
}

/** What `verify` is given: the request, and how to show it. */
export interface VerifyOptions extends VerifyRequest, DisplayOptions {}

export interface DisplayOptions {
  json: boolean;
  quiet: boolean;
  verbose: boolean;
}

/** Options every command that lays out a disc shares. */
export function layoutOptions(): Option[] {
  return [
    new Option('--gap <seconds>', 'silence between tracks; 0 for gapless').argParser(parseGap).default(2 * SECTORS_PER_SECOND, '2'),
    new Option('--capacity <minutes>', 'disc size: 74, 80, 90 or 99 minutes').argParser(parseCapacity).default(80),
    new Option('--files-from <file|->', 'read track paths from a file (or - for standard input), one per line'),
    new Option('-0, --null', '--files-from entries are separated by NUL characters (find -print0)').default(false),
    new Option('--strict', 'refuse audio that is not CD audio (44.1 kHz, 16-bit, stereo) instead of converting it').default(false),
    new Option('--title <text>', 'disc title (CD-TEXT in the cue sheet); default: the album tag'),
    new Option('--performer <text>', 'disc performer; default: the album artist tag'),
    new Option('--normalize [mode]', 'level the tracks to --target loudness (BS.1770 / EBU R 128), one constant gain per track (track, the default) or one for the whole disc (album)').argParser(parseLevelMode).preset('track'),
    new Option('--replaygain [mode]', "as --normalize, with the tracks' ReplayGain (or Opus R128) track or album gain tags instead of measuring; a track without them is measured").argParser(parseLevelMode).preset('track'),
    new Option('--gain <dB>', 'one fixed gain for every track, from -30 to 30 dB').argParser(parseGain),
    new Option('--target <LUFS>', 'the loudness --normalize and --replaygain reach, -23 to -9 (default: -14)').argParser(parseTarget),
    new Option('--ceiling <dBTP>', 'true peaks stay at or under this, -10 to 0 (default: -1)').argParser(parseCeiling),
    new Option('--limiter <mode>', 'auto (default): a true-peak limiter takes up to 6 dB off the peaks that stop a track reaching the target; off: a pure gain, short of the target when the peaks stop it').choices(['auto', 'off']),
  ];
}

/** Output options, accepted before or after the command name. */
export function outputOptions(): Option[] {
  return [
    new Option('--json', 'one JSON object per event on stdout; human text on stderr').default(false),
    new Option('-q, --quiet', 'print only warnings and errors').default(false),
    new Option('-v, --verbose', 'print every step').default(false),
  ];
}
