import { formatMsf } from './red-book.js';
import { cdText } from './text.js';
import type { DiscLayout } from '../plan.js';

/**
 * Writes the cue sheet of a BIN image laid out by `planDisc`: one FILE of type BINARY
 * (little-endian CD-DA), one AUDIO track per track, INDEX 00 where a gap precedes INDEX 01.
 * The lead pregap of track 1 is not in the image (CDRWIN convention: INDEX 01 00:00:00).
 * Text is ISO-8859-1 (CD-TEXT's character set): write the sheet in the `latin1` encoding.
 */
export function cueSheet(layout: DiscLayout, binName: string): string {
  const lines: string[] = [];
  pushText(lines, '', layout);
  lines.push(`FILE ${quote(binName)} BINARY`);
  for (const track of layout.tracks) {
    lines.push(`  TRACK ${String(track.number).padStart(2, '0')} AUDIO`);
    pushText(lines, '    ', { title: track.title, performer: track.performer ?? layout.performer });
    if (track.number > 1 && track.pregapSectors > 0) {
      lines.push(`    INDEX 00 ${formatMsf(track.start - track.pregapSectors)}`);
    }
    lines.push(`    INDEX 01 ${formatMsf(track.start)}`);
  }
  return lines.join('\n') + '\n';
}

function pushText(lines: string[], indent: string, text: { title?: string; performer?: string }): void {
  if (text.title) lines.push(`${indent}TITLE ${quote(text.title)}`);
  if (text.performer) lines.push(`${indent}PERFORMER ${quote(text.performer)}`);
}

/** CUE strings have no escape for a double quote; it becomes a single one. Text is what CD-TEXT can carry. */
function quote(text: string): string {
  return `"${cdText(text).text.replace(/"/g, "'")}"`;
}
