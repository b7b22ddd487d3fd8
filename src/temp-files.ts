import { randomBytes } from 'node:crypto';
import { unlinkSync, writeFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Temporary files the process has created and not yet renamed into place. They are removed when
 * a run fails or is interrupted, and synchronously if the process must exit at once.
 */
const live = new Set<string>();

export function trackTemporary(path: string): void {
  live.add(path);
}

/** The file was renamed into place: it is no longer temporary. */
export function releaseTemporary(path: string): void {
  live.delete(path);
}

/** Removes a temporary file; false when it is still there (a read-only file system, say). */
export async function removeTemporary(path: string): Promise<boolean> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
  }
  live.delete(path);
  return true;
}

/** For a forced exit: removes every temporary file still registered. */
export function removeAllTemporarySync(): void {
  for (const path of live) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
  live.clear();
}

/** Temporary files one run owns, in the system's temporary folder, removed together when it ends. */
export class TemporaryFiles {
  private readonly paths = new Set<string>();

  /**
   * A new empty file in $TMPDIR, registered first: a forced exit removes it too. Made here, it
   * is only written elsewhere (another thread), so nothing is created once this run has removed it.
   */
  create(extension: string): string {
    const path = join(tmpdir(), `burn-audio-${process.pid}-${randomBytes(4).toString('hex')}.${extension}`);
    trackTemporary(path);
    this.paths.add(path);
    writeFileSync(path, '', { flag: 'wx' });
    return path;
  }

  async removeAll(): Promise<void> {
    for (const path of this.paths) await removeTemporary(path);
    this.paths.clear();
  }
}
