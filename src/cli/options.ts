import { InvalidArgumentError, Option } from 'commander';
import { CAPACITY_MINUTES, SECTORS_PER_SECOND, type CapacityMinutes } from '../disc/red-book.js';
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
