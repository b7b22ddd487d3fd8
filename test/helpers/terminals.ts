/**
 * The two kinds of terminal the display is drawn for: one that shows Unicode, and one that
 * cannot (the Linux console, TERM=linux; on Windows, conhost outside Windows Terminal), where
 * every symbol has an ASCII twin. The display's tests run once for each.
 */
import type { Symbols } from '../../src/cli/render/symbols.js';

/** A kind of terminal: the symbols it shows (the display's Symbols, written out here), its TERM, and more. */
export interface Terminal extends Symbols {
  name: string;
  /** The TERM the CLI runs with (is-unicode-supported reads it on Linux). */
  TERM: string;
  /** A track row's marker columns: written, being written, neither. */
  markers: [string, string, string];
  /** The twins of the messages' × and →. */
  times: string;
  arrow: string;
}

export const TERMINALS: readonly Terminal[] = [
  { name: 'Unicode', TERM: 'xterm-256color', unicode: true, ok: '✔', failed: '✖', warning: '⚠', done: '✔', current: '▶', filled: '█', empty: '░', separator: '·', ellipsis: '…', markers: ['✔', '▶', ' '], times: '×', arrow: '→' },
  { name: 'ASCII, TERM=linux', TERM: 'linux', unicode: false, ok: '[ok]', failed: '[fail]', warning: '!', done: '[ok]', current: '>', filled: '#', empty: '-', separator: '-', ellipsis: '...', markers: ['[ok]', '>   ', '    '], times: 'x', arrow: '->' },
];

/** A track row's marker, whichever it is, as a pattern. */
export function anyMarker(t: Terminal): RegExp {
  return new RegExp(`(?:${t.markers.map(escaped).join('|')})`);
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

/**
 * A pattern written as a template: the literal parts are regular-expression source (as in
 * /.../), the strings put in are matched as they are, and RegExps put in as patterns.
 */
export function rx(strings: TemplateStringsArray, ...values: Array<string | RegExp>): RegExp {
  const source = strings.raw.reduce((all, part, i) => {
    const value = values[i - 1]!;
    return all + (typeof value === 'string' ? escaped(value) : value.source) + part;
  });
  return new RegExp(source);
}
