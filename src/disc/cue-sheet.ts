import { TEXT_FIELDS, type CueText } from './cue-parser.js';
import { formatMsf } from './red-book.js';
import { cdText, latin1Text } from './text.js';
import type { DiscLayout } from '../plan.js';

/**
 * Writes the cue sheet of a BIN image laid out by `planDisc`: one FILE of type BINARY
 * (little-endian CD-DA), one AUDIO track per track with its CD-TEXT fields, REM lines, ISRC,
 * FLAGS and every INDEX; the disc's REM lines, CATALOG and CD-TEXT before the FILE. INDEX 00
 * marks a gap (silence, or audio from the source). Track 1's 2-second lead pregap is not in the
 * image (CDRWIN convention: the BIN starts at LBA 0); a hidden track before track 1 is: the BIN
 * starts with it, track 1 has INDEX 00 00:00:00 and INDEX 01 where the track begins.
 * Text is ISO-8859-1 (CD-TEXT's character set): write the sheet in the `latin1` encoding.
 */
export function cueSheet(layout: DiscLayout, binName: string): string {
  const lines: string[] = layout.rems.map((rem) => `REM ${latin1Text(rem).text}`);
  if (layout.catalog) lines.push(`CATALOG ${layout.catalog}`);
  pushText(lines, '', { ...layout.text, title: layout.title, performer: layout.performer });
  lines.push(`FILE ${quote(binName)} BINARY`);
  for (const track of layout.tracks) {
    lines.push(`  TRACK ${String(track.number).padStart(2, '0')} AUDIO`);
    pushText(lines, '    ', { ...track.text, title: track.title, performer: track.performer ?? layout.performer });
    lines.push(...track.rems.map((rem) => `    REM ${latin1Text(rem).text}`));
    if (track.flags.length > 0) lines.push(`    FLAGS ${track.flags.join(' ')}`);
    if (track.isrc) lines.push(`    ISRC ${track.isrc}`);
    if ((track.number > 1 && track.pregapSectors > 0) || track.pregapAudioSectors > 0) {
      lines.push(`    INDEX 00 ${formatMsf(track.number > 1 ? track.start - track.pregapSectors : 0)}`);
    }
    lines.push(`    INDEX 01 ${formatMsf(track.start)}`);
    track.indexes.forEach((offset, i) => lines.push(`    INDEX ${String(i + 2).padStart(2, '0')} ${formatMsf(track.start + offset)}`));
  }
  return lines.join('\n') + '\n';
}

/** TITLE, PERFORMER, then the other CD-TEXT fields, in CUE keyword order. */
function pushText(lines: string[], indent: string, text: CueText): void {
  for (const [keyword, field] of Object.entries(TEXT_FIELDS)) {
    const value = text[field];
    if (value) lines.push(`${indent}${keyword} ${quote(value)}`);
  }
}

/** CUE strings have no escape for a double quote; it becomes a single one. Text is what CD-TEXT can carry. */
function quote(text: string): string {
  return `"${cdText(text).text.replace(/"/g, "'")}"`;
}
