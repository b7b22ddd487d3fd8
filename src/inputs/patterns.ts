import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const GLOB_CHARS = /[*?[]/;

let collator: Intl.Collator | undefined;

/** Compares names as people count: track2 before track10, case ignored. */
export function naturalCompare(a: string, b: string): number {
  // Made on first use: building a collator loads ICU's collation data, which takes a while.
  collator ??= new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  return collator.compare(a, b);
}

/**
 * Expands `*`, `?` and `[...]` in track arguments, as Windows shells do not. An argument that
 * names an existing file, or has no pattern, is kept as it is; the matches of one pattern are
 * sorted naturally; a pattern that matches nothing is kept, so the probe reports it missing.
 */
export async function expandGlobs(args: readonly string[]): Promise<string[]> {
  const result: string[] = [];
  for (const arg of args) {
    if (!GLOB_CHARS.test(arg) || (await exists(arg))) {
      result.push(arg);
      continue;
    }
    const matches = await expandPattern(arg);
    result.push(...(matches.length > 0 ? matches.sort(naturalCompare) : [arg]));
  }
  return result;
}

async function expandPattern(pattern: string): Promise<string[]> {
  const normalized = process.platform === 'win32' ? pattern.replace(/\\/g, '/') : pattern;
  const absolute = normalized.startsWith('/') || /^[A-Za-z]:\//.test(normalized);
  const parts = normalized.split('/');
  let bases = [absolute ? parts.shift()! + '/' : ''];
  for (const [index, part] of parts.entries()) {
    const last = index === parts.length - 1;
    const next: string[] = [];
    for (const base of bases) {
      if (!GLOB_CHARS.test(part)) {
        next.push(base + part + (last ? '' : '/'));
        continue;
      }
      const regex = globToRegExp(part);
      const entries = await readdir(base === '' ? '.' : base, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (entry.name.startsWith('.') && !part.startsWith('.')) continue;
        if (regex.test(entry.name) && (last || entry.isDirectory())) next.push(base + entry.name + (last ? '' : '/'));
      }
    }
    bases = next;
  }
  return bases.map((path) => (absolute ? path : join(path)));
}

function globToRegExp(part: string): RegExp {
  let source = '';
  for (let i = 0; i < part.length; i += 1) {
    const c = part[i]!;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = part.indexOf(']', i + 2);
      if (end < 0) source += '\\[';
      else {
        const body = part.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, process.platform === 'win32' ? 'i' : '');
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
