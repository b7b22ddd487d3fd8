/**
 * A disc read back after it was recorded (`--verify`), or a disc or image read back later
 * (`verify`), and compared with the audio staged for it: a burn's own staged file where it is
 * still there (never decoded a second time), else the session's staging of the sources.
 */
import { open } from 'node:fs/promises';
import { cdTextPacks } from '../disc/cd-text.js';
import { SECTOR_BYTES } from '../disc/red-book.js';
import type { DiscLayout } from '../disc/layout.js';
import { DeviceError, VerifyError } from '../errors.js';
import type { RecorderCapabilities } from '../recorders/capabilities.js';
import type { RecorderInfo } from '../recorders/description.js';
import { recorderName } from '../recorders/imapi/imapi.js';
import { openDriveReader } from '../recorders/imapi2/drive-reader.js';
import type { StagedDisc } from '../recorders/recorder.js';
import { verifyDisc, type VerifyOptions } from '../verify/compare.js';
import type { DiscReader, ExpectedProgram } from '../verify/reader.js';
import type { VerifyReport } from '../verify/report.js';
import { verifyFailure } from '../verify/summary.js';
import { STAGE_SECTORS } from './stage.js';

/** What a disc was recorded with, beyond its audio: the recorder's capabilities and the CD-TEXT packs it was given. */
export interface RecordedWith {
  recorder: RecorderCapabilities;
  cdText?: Buffer;
}

/**
 * The program area of a disc staged whole for a disc-at-once recorder (from LBA -150): the
 * file read from LBA 0 on, a piece at a time in one buffer.
 */
export function stagedDiscProgram(layout: DiscLayout, staged: StagedDisc, recorded: RecordedWith): ExpectedProgram {
  const lead = staged.sectors - layout.programSectors;
  async function* sectors(lba: number): AsyncGenerator<Buffer> {
    const file = await open(staged.path, 'r');
    const piece = Buffer.alloc(STAGE_SECTORS * SECTOR_BYTES);
    try {
      for (let at = lba; at < layout.programSectors; at += STAGE_SECTORS) {
        const count = Math.min(STAGE_SECTORS, layout.programSectors - at);
        const { bytesRead } = await file.read(piece, 0, count * SECTOR_BYTES, (lead + at) * SECTOR_BYTES);
        // A file cut short reads as silence, which the comparison then shows.
        piece.fill(0, bytesRead, count * SECTOR_BYTES);
        yield piece.subarray(0, count * SECTOR_BYTES);
      }
    } finally {
      await file.close();
    }
  }
  return { layout, sectors, ...recorded };
}

/** The CD-TEXT packs an image of `layout` carries in its NAME.cdt (none when the plan has no text). */
export function imageCdText(layout: DiscLayout): Buffer | undefined {
  return layout.cdTextPacks > 0 ? cdTextPacks(layout) : undefined;
}

/** Compares; the report as a `verified` event, and a VerifyError (exit 7) when the disc does not hold what was staged. */
export async function checkDisc(expected: ExpectedProgram, reader: DiscReader, options: VerifyOptions): Promise<VerifyReport> {
  const report = await verifyDisc(expected, reader, options);
  options.onEvent({ type: 'verified', ...report });
  if (!report.verified) throw new VerifyError(verifyFailure(report), report.sameLayout ? 'EVERIFY' : 'ENOTTHEDISC');
  return report;
}

/**
 * The recorder as the reader opens it, refused (before anything is recorded) where no reader can
 * exist: the drive is read through IMAPI2's own handle, so IMAPI2 must see it.
 */
export function readableDrive(recorder: RecorderInfo): RecorderInfo {
  if (recorder.imapi2) return recorder;
  throw new DeviceError(`--verify: recorder ${recorder.index} (${recorderName(recorder)}) is not seen by IMAPI2, through which a disc is read back, so the disc could not be verified; leave --verify out (nothing was recorded)`, 'ENOREADER');
}

/** Reads the disc in `recorder`'s drive back (the burn has released it) and compares it; the reader is closed after. */
export async function readDriveBack(expected: ExpectedProgram, recorder: RecorderInfo, options: VerifyOptions): Promise<VerifyReport> {
  return withReader(await openDriveReader(recorder, { signal: options.signal }), (reader) => checkDisc(expected, reader, options));
}

/** Runs `fn` with `reader`, closing it whatever happens. */
export async function withReader<T>(reader: DiscReader, fn: (reader: DiscReader) => Promise<T>): Promise<T> {
  try {
    return await fn(reader);
  } finally {
    await reader.close?.();
  }
}
