import { constants } from 'node:fs';
import { access, appendFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import type { BurnEvent } from '../../events.js';

/**
 * `--log FILE`: the batch's `disc` and `batch` records appended to a file, one JSON object a
 * line, so that runs one after another leave a history. The file is checked before anything is
 * read or recorded, and each record is appended as soon as it is known.
 */
export class RecordLog {
  private constructor(private readonly path: string) {}

  static async open(path: string): Promise<RecordLog> {
    if (path.trim() === '') throw new UsageError('--log needs a file name, e.g. --log burns.ndjson');
    const full = resolve(path);
    const found = await stat(full).catch(() => undefined);
    if (found?.isDirectory()) throw new UsageError(`--log ${path}: that is a folder; give a file name`);
    try {
      await access(found ? full : dirname(full), constants.W_OK);
    } catch {
      throw new UsageError(`--log ${path}: ${found ? 'the file' : 'its folder'} cannot be written${found ? '' : ' (missing or read-only)'}`);
    }
    return new RecordLog(full);
  }

  private broken = false;

  /**
   * Appends one record. A write that fails (a full disk) costs the log, not the discs being
   * recorded: it is said once, as a warning, and the records still reach --json.
   */
  async append(record: Extract<BurnEvent, { type: 'disc' | 'batch' }>, onWarning: (message: string) => void): Promise<void> {
    if (this.broken) return;
    try {
      await appendFile(this.path, JSON.stringify(record) + '\n');
    } catch (error) {
      this.broken = true;
      onWarning(`--log ${this.path}: a record could not be appended (${(error as NodeJS.ErrnoException).code ?? String(error)}); no more are written to it`);
    }
  }
}
