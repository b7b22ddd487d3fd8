import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * One piece of work per file and `variant`, shared by every caller while the file stays as it
 * is (its size and modification time): a cue sheet's tracks share one file, and the probe's
 * steps walk the same file. A failure is not kept, so a later caller tries again.
 */
export async function memoByFile<T>(memo: Map<string, Promise<T>>, path: string, variant: string, make: () => Promise<T>): Promise<T> {
  const { size, mtimeMs } = await stat(path);
  const key = `${resolve(path)}\0${size}\0${mtimeMs}\0${variant}`;
  let work = memo.get(key);
  if (!work) {
    work = make();
    memo.set(key, work);
    work.catch(() => memo.delete(key));
  }
  return work;
}
