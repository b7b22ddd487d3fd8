/**
 * `burn-audio doctor`: the raw values IMAPI gives about each recorder and its media, with the
 * HRESULT of every call made to get them (ba_recorder_report), the Windows version and the
 * behaviour assumed. Nothing here writes to a disc: the calls are queries, OpenExclusive/Close
 * around the media queries, and SetActiveDiscRecorder for GetAvailableAudioTrackBlocks.
 */
import type { ImapiBehaviour, ImapiPlatform } from './behaviour.js';
import type { Imapi } from './imapi.js';

/** One recorder property as IPropertyStorage enumerates and reads it. */
export interface RawProperty {
  name: string | null;
  propid: number;
  /** VARTYPE (VT_I4 = 3, VT_BOOL = 11, ...). */
  vt: number;
  /** The value as IMAPI gave it (VT_BOOL as -1 or 0), or null for types not shown. */
  value: number | string | null;
}

/** What ba_recorder_report returns for one recorder. */
export interface RecorderReport {
  index: number;
  vendor: string | null;
  product: string | null;
  revision: string | null;
  path: string | null;
  pnpId: string | null;
  recorderType: number;
  recorderState: number;
  properties: RawProperty[];
  mediaType: number;
  mediaFlags: number;
  sessions: number;
  lastTrack: number;
  startAddress: number;
  nextWritable: number;
  freeBlocks: number;
  availableAudioTrackBlocks: number;
  /** Every IMAPI call made, in order, with its HRESULT (signed, as IMAPI returns it). */
  calls: Array<{ method: string; hresult: number }>;
}

export interface DoctorReport {
  platform: ImapiPlatform;
  behaviour: ImapiBehaviour;
  recorders: RecorderReport[];
}

export async function doctorReport(imapi: Imapi): Promise<DoctorReport> {
  const recorders: RecorderReport[] = [];
  const count = imapi.shim.recorderCount();
  for (let index = 0; index < count; index += 1) {
    const { result, json } = await imapi.shim.report(index);
    imapi.check(result, `recorder ${index}`, 'open');
    recorders.push(JSON.parse(json) as RecorderReport);
  }
  return { platform: imapi.platform, behaviour: imapi.behaviour, recorders };
}
