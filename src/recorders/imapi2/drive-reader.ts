/**
 * The recorder's drive opened for reading, after a burn released it: the reader the verifier
 * reads a disc back through. (Interface only, until the shim's read path is in.)
 */
import { DeviceError } from '../../errors.js';
import type { DiscReader } from '../../verify/reader.js';
import { recorderName } from '../imapi/imapi.js';
import type { RecorderInfo } from '../description.js';

export interface DriveReader extends DiscReader {
  /** The CD-TEXT packs of the lead-in (18 bytes each, CRC included), or undefined where the disc has none or the drive cannot read them. */
  cdText(): Promise<Buffer | undefined>;
}

/** Opens the recorder's drive for reading (after the burn released it). Throws a DeviceError (exit 4) for a drive that is locked, has no disc or cannot read audio. Writes nothing. */
export async function openDriveReader(recorder: RecorderInfo, _options?: { signal?: AbortSignal }): Promise<DriveReader> {
  throw new DeviceError(`${recorderName(recorder)}: this build cannot read a disc back`, 'ENOREADER');
}
