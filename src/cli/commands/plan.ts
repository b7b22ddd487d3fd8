import { basename } from 'node:path';
import { LEAD_PREGAP_SECTORS, formatDuration, formatMsf, formatSeconds } from '../../disc/red-book.js';
import { plainText } from '../../disc/text.js';
import type { DiscLayout } from '../../plan.js';

/** The `plan` table: one row per track, then the total and the room left on 74- and 80-minute discs. */
export function planTable(layout: DiscLayout): string {
  const header = ['#', 'File', 'Title', 'Length', 'Sectors', 'Start', 'Gap', 'Conversion'];
  const rows = layout.tracks.map((track) => [
    String(track.number).padStart(2, '0'),
    plainText(basename(track.path)),
    plainText(track.title ?? ''),
    formatDuration(track.audioSectors),
    String(track.sectors),
    formatMsf(track.start + LEAD_PREGAP_SECTORS),
    track.pregapSectors === 0 ? '0' : formatSeconds(track.pregapSectors),
    track.conversion.length === 0 ? '-' : track.conversion.join(', '),
  ]);
  const numeric = new Set([0, 3, 4, 5, 6]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => [...(r[c] ?? '')].length)));
  const format = (cells: string[]): string =>
    cells
      .map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const lines = [format(header), ...rows.map(format)];
  lines.push('');
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
