import { stat } from 'node:fs/promises';
import { join } from 'node:path';

/** What may make an argument a pattern (tinyglobby's isDynamicPattern decides, once loaded). */
const MAYBE_PATTERN = /[*?[{]/;

let collator: Intl.Collator | undefined;

/** Compares names as people count: track2 before track10, case ignored. */
export function naturalCompare(a: string, b: string): number {
  // Made on first use: building a collator loads ICU's collation data, which takes a while.
  collator ??= new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  return collator.compare(a, b);
}

/** Compares paths folder by folder, each name naturally: cd1/track10 after cd1/track2, before cd2/track1. */
function naturalPathCompare(a: string, b: string): number {
  const left = a.split(/[\\/]/);
  const right = b.split(/[\\/]/);
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const order = naturalCompare(left[i]!, right[i]!);
    if (order !== 0) return order;
  }
  return left.length - right.length;
}

/**
 * Expands patterns in track arguments as other Node CLIs read them (picomatch's syntax through
 * tinyglobby: `*`, `?`, `[...]`, `**`, `{a,b}`), since Windows shells do not expand them.
 * Parentheses are only characters of a name (track names are full of them), not extglobs. An
 * argument that names an existing file, or has no pattern, is kept as it is; the matches of one
 * pattern are sorted naturally; a pattern that matches nothing is kept, so the probe reports it
 * missing. On Windows `\` separates folders, as it does there (it escapes nothing).
 */
export async function expandGlobs(args: readonly string[]): Promise<string[]> {
  const result: string[] = [];
  for (const arg of args) {
    if (!MAYBE_PATTERN.test(arg) || (await exists(arg))) {
      result.push(arg);
      continue;
    }
    const matches = await expandPattern(arg);
    result.push(...(matches.length > 0 ? matches.sort(naturalPathCompare) : [arg]));
  }
  return result;
}

async function expandPattern(pattern: string): Promise<string[]> {
  // Loaded only for a pattern: most runs name their files.
  const { glob, isDynamicPattern } = await import('tinyglobby');
  const windows = process.platform === 'win32';
  const parts = (windows ? pattern.replace(/\\/g, '/') : pattern).split('/');
  const first = parts.findIndex((part) => isDynamicPattern(literalParentheses(part)));
  if (first < 0) return [];
  // The folders before the first pattern are searched as written (a drive letter, `..`, an
  // absolute path), so the matches read as the argument did.
  const base = first > 0 ? `${parts.slice(0, first).join('/')}/` : '';
  const rest = parts.slice(first).map(literalParentheses).join('/').replace(/^!/, '\\!'); // a leading ! would negate
  const found = await glob(rest, { cwd: base || '.', expandDirectories: false, caseSensitiveMatch: !windows });
  return found.map((match) => join(base, match));
}

/** Escapes the parentheses of a name, which picomatch would read as a group. */
function literalParentheses(part: string): string {
  return part.replace(/(?<!\\)[()]/g, '\\$&');
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
