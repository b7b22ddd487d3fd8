/** `plan`: the plan job run, and the layout printed as a table (or the plan event, with --json). */
import { basename } from 'node:path';
import { PACK_BYTES } from '../../disc/cd-text.js';
import { LEAD_PREGAP_SECTORS, formatDuration, formatMsf, formatSeconds } from '../../disc/red-book.js';
import { plainText } from '../../disc/text.js';
import { signedDb } from '../../audio/loudness/levels.js';
import type { DiscLayout, LevelRequest, TrackLayout } from '../../disc/layout.js';
import type { BurnEvent, EventListener } from '../../events.js';
import { planJob } from '../../jobs/plan.js';
import type { LayoutOptions } from '../options.js';
import type { Renderer } from '../render/renderer.js';
import { shownText, symbolsFor, terminalShowsUnicode, type Symbols } from '../render/symbols.js';

export async function planCommand(args: readonly string[], options: LayoutOptions, onEvent: EventListener, signal: AbortSignal, renderer: Renderer): Promise<void> {
  // The table is the human rendering of the plan; --json gets the plan event instead.
  const report = options.json ? onEvent : (event: BurnEvent) => event.type !== 'plan' && onEvent(event);
  const layout = await planJob(args, options, { onEvent: report, signal });
  // The spinner goes before the table is printed, on the same terminal.
  renderer.close();
  if (!options.json) process.stdout.write(await planTable(layout, symbolsFor(terminalShowsUnicode())));
}

/** Printable ASCII, measured by its length: string-width is loaded only for other text (it takes a while to load). */
const ASCII_WIDTH = {
  displayWidth: (text: string): number => text.length,
  padDisplay: (text: string, width: number, align: 'left' | 'right'): string => (align === 'left' ? text.padEnd(width) : text.padStart(width)),
};

/**
 * The `plan` table: one row per track (with its loudness, true peak, loudness range and gain
 * when the level changes), then the total and the room left on 74- and 80-minute discs; each
 * cell as `symbols` can show it (`48000 -> 44100 Hz` where the terminal cannot show `→`).
 */
export async function planTable(layout: DiscLayout, symbols: Symbols): Promise<string> {
  // A fixed gain measures nothing: its tracks show the gain alone.
  const measured = layout.level !== undefined && layout.level.source !== 'fixed';
  const levelHeader = layout.level === undefined ? [] : measured ? ['Loudness', 'Peak', 'Range', 'Gain'] : ['Gain'];
  const header = ['#', 'File', 'Title', 'Length', 'Sectors', 'Start', 'Gap', ...levelHeader, 'Conversion'];
  const rows = layout.tracks.map((track) => [
    String(track.number).padStart(2, '0'),
    plainText(basename(track.path)),
    plainText(track.title ?? ''),
    formatDuration(track.audioSectors),
    String(track.sectors),
    formatMsf(track.start + LEAD_PREGAP_SECTORS),
    track.pregapSectors === 0 ? '0' : formatSeconds(track.pregapSectors),
    ...levelCells(track, levelHeader.length),
    track.conversion.length === 0 ? '-' : track.conversion.join(', '),
  ].map((cell) => shownText(cell, symbols)));
  const ascii = rows.every((row) => row.every((cell) => /^[\x20-\x7e]*$/.test(cell)));
  const { displayWidth, padDisplay } = ascii ? ASCII_WIDTH : await import('../render/text-width.js');
  const numeric = new Set([0, 3, 4, 5, 6, ...levelHeader.map((_, i) => 7 + i)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => displayWidth(r[c] ?? ''))));
  const format = (cells: string[]): string =>
    cells
      .map((cell, c) => padDisplay(cell, widths[c]!, numeric.has(c) ? 'right' : 'left'))
      .join('  ')
      .trimEnd();
  const lines = [format(header), ...rows.flatMap((row, i) => [format(row), ...details(layout.tracks[i]!)])];
  lines.push('');
  if (layout.level) lines.push(...levelLines(layout, layout.level));
  if (layout.catalog) lines.push(`MCN (CATALOG): ${layout.catalog}`);
  if (layout.cdTextPacks > 0) lines.push(`CD-TEXT: ${layout.cdTextPacks} packs (${layout.cdTextPacks * PACK_BYTES} bytes); an image writes them beside its BIN, as NAME.cdt`);
  lines.push(`Total: ${layout.tracks.length} track${layout.tracks.length === 1 ? '' : 's'}, ${formatDuration(layout.totalSectors)} (${layout.totalSectors} sectors, lead-in pregap and gaps included)`);
  for (const minutes of [74, 80] as const) {
    const left = layout.left[minutes];
    lines.push(
      left >= 0
        ? `${minutes}-minute disc: ${formatDuration(left)} left (${left} sectors)`
        : `${minutes}-minute disc: over by ${formatDuration(-left)} (${-left} sectors)`,
    );
  }
  return lines.join('\n') + '\n';
}

/** A value with its unit, to 0.1, or '-' when it is not known. */
function measure(value: number | null | undefined, unit: string): string {
  return value === null || value === undefined ? '-' : `${value.toFixed(1)} ${unit}`;
}

/** A track's level columns: the last `count` of loudness, true peak, range and gain. */
function levelCells(track: TrackLayout, count: number): string[] {
  const cells = [measure(track.loudness, 'LUFS'), measure(track.truePeak, 'dBTP'), measure(track.loudnessRange, 'LU'), signedDb(track.gain ?? 0)];
  return count === 0 ? [] : cells.slice(-count);
}

/** What the level change does to the disc, and the measured tracks' loudness, pooled. */
function levelLines(layout: DiscLayout, level: LevelRequest): string[] {
  const loudness = layout.loudness ?? null;
  // Only a measured track knows its range; tagged ones and those too short to measure do not.
  const measured = layout.tracks.filter((track) => typeof track.loudnessRange === 'number').length;
  const together = measured === layout.tracks.length ? 'the tracks together' : measured === 1 ? 'the one track measured' : `the ${measured} measured tracks together`;
  const ceiling = `true peaks at most ${level.ceiling.toFixed(1)} dBTP`;
  const peaks = level.limiter ? `${ceiling}, the limiter taking up to 6 dB off the peaks in the way` : level.source === 'fixed' ? 'no limiter' : `${ceiling}, no limiter`;
  const target = `${level.target.toFixed(1)} LUFS`;
  const how = {
    fixed: `${signedDb(level.gain)} on every track`,
    measure: level.mode === 'album' ? `the album to ${target}, one gain for every track` : `each track to ${target}, with a gain of its own`,
    replaygain: `each track to ${target} from its ReplayGain ${level.mode} gain (measured where it has none)`,
  }[level.source];
  return [
    ...(loudness === null ? [] : [`Loudness: ${loudness.toFixed(1)} LUFS, ${together} (BS.1770-5, their blocks pooled)`]),
    `Levelled: ${how}; ${peaks}`,
  ];
}

/** What a track carries beyond its audio, on a line of its own under its row: ISRC, flags, indexes, pregap audio, its level. */
function details(track: TrackLayout): string[] {
  const parts = [
    track.isrc && `ISRC ${track.isrc}`,
    track.flags.length > 0 && `flags ${track.flags.join(' ')}`,
    ...track.indexes.map((offset, i) => `INDEX ${String(i + 2).padStart(2, '0')} at ${formatMsf(track.start + offset + LEAD_PREGAP_SECTORS)}`),
    track.pregapAudioSectors > 0 && `${track.number === 1 ? 'a hidden track of ' : ''}${formatSeconds(track.pregapAudioSectors)}${track.number === 1 ? '' : ' of audio'} before INDEX 01`,
    track.headSectors > 0 && `starts with its ${formatSeconds(track.headSectors)} of pregap audio`,
    track.tailSectors > 0 && `ends with ${formatSeconds(track.tailSectors)} of the next track's pregap audio`,
    track.note,
    (track.limiterReduction ?? 0) > 0 && `the limiter takes up to ${track.limiterReduction!.toFixed(1)} dB off its peaks`,
    (track.shortfall ?? 0) > 0 && `${track.shortfall!.toFixed(1)} LU under the target: its true peak allows no more gain`,
  ].filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.length === 0 ? [] : [`    ${parts.join(', ')}`];
}
