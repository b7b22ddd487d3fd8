import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/**
 * Text measured as a terminal shows it: CJK and other wide characters take two columns,
 * combining marks none (string-width). Use these instead of `.length` for anything aligned.
 */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** `text` padded with spaces to `width` columns (on the right, or on the left with `align: 'right'`). */
export function padDisplay(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const room = Math.max(0, width - displayWidth(text));
  return align === 'left' ? text + ' '.repeat(room) : ' '.repeat(room) + text;
}

/** `text` cut to at most `width` columns, ending in `ellipsis` when cut; never splits a wide character. */
export function truncateDisplay(text: string, width: number, ellipsis = '…'): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  const room = width - displayWidth(ellipsis);
  if (room < 0) return ellipsis.slice(0, width);
  let out = '';
  let used = 0;
  for (const { segment } of new Intl.Segmenter().segment(text)) {
    const w = displayWidth(segment);
    if (used + w > room) break;
    out += segment;
    used += w;
  }
  return out + ellipsis;
}

/** `text` cut or padded to exactly `width` columns. */
export function fitDisplay(text: string, width: number, ellipsis = '…'): string {
  return padDisplay(truncateDisplay(text, width, ellipsis), width);
}

/** `text` wrapped to `width` columns at word boundaries (a word longer than a line is split). */
export function wrapDisplay(text: string, width: number): string[] {
  return wrapAnsi(text, Math.max(1, width), { hard: true, trim: true, wordWrap: true }).split('\n');
}
