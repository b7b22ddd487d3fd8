/**
 * The symbols the display and the messages use, and their ASCII twins for a terminal that
 * cannot show Unicode: decided as ora decides it (is-unicode-supported: on Windows, a console
 * other than Windows Terminal, VS Code's and a few more, such as conhost with a raster font; on
 * Linux, the virtual console, TERM=linux). ora picks its spinner by the same test.
 */
import isUnicodeSupported from 'is-unicode-supported';

export interface Symbols {
  unicode: boolean;
  /** Before a line that says something is done. */
  ok: string;
  /** Before a line that says something failed. */
  failed: string;
  warning: string;
  /** A track row's marker: the track written, and the track being written. */
  done: string;
  current: string;
  /** The filled and the empty part of a bar. */
  filled: string;
  empty: string;
  /** Between the facts of a status line. */
  separator: string;
  /** At the end of text cut to fit. */
  ellipsis: string;
}

const UNICODE: Symbols = { unicode: true, ok: '✔', failed: '✖', warning: '⚠', done: '✔', current: '▶', filled: '█', empty: '░', separator: '·', ellipsis: '…' };
const ASCII: Symbols = { unicode: false, ok: '[ok]', failed: '[fail]', warning: '!', done: '[ok]', current: '>', filled: '#', empty: '-', separator: '-', ellipsis: '...' };

/** The characters of messages (the display's and the core's: `48000 → 44100 Hz`, `8.0×`) and their ASCII twins. */
const TWINS: Record<string, string> = {
  '✔': ASCII.ok,
  '✖': ASCII.failed,
  '⚠': ASCII.warning,
  '▶': '>',
  '█': ASCII.filled,
  '░': ASCII.empty,
  '·': ASCII.separator,
  '…': ASCII.ellipsis,
  '→': '->',
  '×': 'x',
  '–': '-',
  '−': '-',
  '±': '+/-',
  'µ': 'u',
};
const TWIN_PATTERN = new RegExp(`[${Object.keys(TWINS).join('')}]`, 'gu');

/** Whether the terminal this process writes to can show the Unicode symbols. */
export function terminalShowsUnicode(): boolean {
  return isUnicodeSupported();
}

export function symbolsFor(unicode: boolean): Symbols {
  return unicode ? UNICODE : ASCII;
}

/** `text` as the terminal can show it: unchanged, or with each symbol above replaced by its twin. */
export function shownText(text: string, symbols: Symbols): string {
  return symbols.unicode ? text : text.replace(TWIN_PATTERN, (c) => TWINS[c]!);
}
