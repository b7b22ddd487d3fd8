import { readdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve, sep } from 'node:path';

/** Where a cue sheet's FILE is, and how it was found when not by its literal name. */
export interface FoundFile {
  path: string;
  /** Why the file is not at the literal path (a case-only difference, a folder left out). */
  note?: string;
}

/**
 * Finds a cue sheet's FILE relative to the sheet's folder: the literal name first; on systems whose
 * separator is `/`, a name with backslashes (as Windows rippers write them, "Album\01.wav") as a
 * relative path; then a name that differs only in case; then, for an absolute Windows path
 * ("C:\Rips\01.wav"), the file of that name beside the sheet. Undefined when none exists.
 */
export async function findSheetFile(folder: string, name: string): Promise<FoundFile | undefined> {
  const literal = resolve(folder, name);
  if (await isFile(literal)) return { path: literal };
  const slashed = sep === '/' && name.includes('\\') ? name.replace(/\\/g, '/') : name;
  const windowsAbsolute = /^[A-Za-z]:[\\/]/.test(name) || name.startsWith('\\\\');
  if (!windowsAbsolute) {
    const relative = resolve(folder, slashed);
    if (slashed !== name && (await isFile(relative))) return { path: relative };
    const folded = await caseInsensitive(folder, slashed);
    if (folded) return { path: folded, note: `found as ${folded}: the name differs in case` };
    return undefined;
  }
  const base = basename(slashed.replace(/\\/g, '/'));
  const beside = (await isFile(join(folder, base))) ? join(folder, base) : await caseInsensitive(folder, base);
  return beside ? { path: beside, note: `an absolute Windows path; using ${beside} beside the cue sheet` } : undefined;
}

/** Walks `relative` from `folder`, matching each part regardless of case; the path if exactly one file matches. */
async function caseInsensitive(folder: string, relative: string): Promise<string | undefined> {
  if (isAbsolute(relative)) return undefined;
  let at = folder;
  for (const part of relative.split('/').filter((p) => p !== '' && p !== '.')) {
    if (part === '..') {
      at = join(at, '..');
      continue;
    }
    const entries = await readdir(at).catch(() => [] as string[]);
    const matches = entries.filter((entry) => entry.toLowerCase() === part.toLowerCase());
    if (matches.length !== 1) return undefined;
    at = join(at, matches[0]!);
  }
  return (await isFile(at)) ? at : undefined;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}
