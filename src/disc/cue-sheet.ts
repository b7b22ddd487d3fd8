import { TEXT_FIELDS, type CueText } from './cue-parser.js';
import { formatMsf } from './red-book.js';
import { cdText, latin1Text } from './text.js';
import { discTextFields, trackTextFields } from './cd-text.js';
import type { DiscLayout } from './layout.js';

/**
 * Writes the cue sheet of a BIN image laid out by `planDisc`: one FILE of type BINARY
 * (little-endian CD-DA), one AUDIO track per track with its CD-TEXT fields, REM lines, ISRC,
 * FLAGS and every INDEX; the disc's REM lines, CATALOG and CD-TEXT before the FILE. CD-TEXT fields
 * without a CUE command (COMPOSER, ARRANGER, MESSAGE, GENRE, DISC_ID, UPC_EAN) are REM lines. INDEX 00
 * marks a gap (silence, or audio from the source). Track 1's 2-second lead pregap is not in the
 * image (CDRWIN convention: the BIN starts at LBA 0); a hidden track before track 1 is: the BIN
 * starts with it, track 1 has INDEX 00 00:00:00 and INDEX 01 where the track begins.
 * `cdTextName`: the file of CD-TEXT packs beside the BIN (CDTEXTFILE).
 * Text is ISO-8859-1 (CD-TEXT's character set): write the sheet in the `latin1` encoding.
 */
export function cueSheet(layout: DiscLayout, binName: string, cdTextName?: string): string {
  const disc = textLines(discTextFields(layout), layout.rems);
  const lines: string[] = [...disc.rems];
  if (layout.catalog) lines.push(`CATALOG ${layout.catalog}`);
  if (cdTextName !== undefined) lines.push(`CDTEXTFILE ${quote(cdTextName)}`);
  lines.push(...disc.commands, `FILE ${quote(binName)} BINARY`);
  for (const track of layout.tracks) {
    lines.push(`  TRACK ${String(track.number).padStart(2, '0')} AUDIO`);
    const text = textLines(trackTextFields(layout, track), track.rems);
    lines.push(...[...text.commands, ...text.rems].map((line) => `    ${line}`));
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

/** CD-TEXT fields CDRWIN's CUE syntax has commands for; cdrdao refuses a sheet with any other. */
const CUE_COMMANDS = new Set(['TITLE', 'PERFORMER', 'SONGWRITER']);

/**
 * TITLE, PERFORMER and SONGWRITER as commands; the other CD-TEXT fields as REM lines of the same
 * name (REM COMPOSER "..."), then the sheet's own REM lines, so a sheet read back is written the same.
 */
function textLines(text: CueText, rems: string[]): { commands: string[]; rems: string[] } {
  const commands: string[] = [];
  const fields: string[] = [];
  for (const [keyword, field] of Object.entries(TEXT_FIELDS)) {
    const value = text[field];
    if (value) (CUE_COMMANDS.has(keyword) ? commands : fields).push(`${CUE_COMMANDS.has(keyword) ? '' : 'REM '}${keyword} ${quote(value)}`);
  }
  return { commands, rems: [...fields, ...rems.map((rem) => `REM ${latin1Text(rem).text}`)] };
}

/** CUE strings have no escape for a double quote; it becomes a single one. Text is what CD-TEXT can carry. */
function quote(text: string): string {
  return `"${cdText(text).text.replace(/"/g, "'")}"`;
}
