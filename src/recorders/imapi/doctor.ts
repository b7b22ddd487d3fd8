/**
 * `burn-audio doctor`: the raw values IMAPI gives about each recorder and its media, with the
 * HRESULT of every call made to get them (ba_recorder_report), the Windows version and the
 * behaviour assumed. Nothing here writes to a disc: the calls are queries, OpenExclusive/Close
 * around the media queries, and SetActiveDiscRecorder for GetAvailableAudioTrackBlocks.
 */
import type { DoctorReport, RecorderReport } from '../description.js';
import type { Imapi } from './imapi.js';

export async function doctorReport(imapi: Imapi): Promise<Omit<DoctorReport, 'imapi2' | 'readBack'>> {
  const recorders: RecorderReport[] = [];
  const count = imapi.shim.recorderCount();
  for (let index = 0; index < count; index += 1) {
    const { result, json } = await imapi.shim.report(index);
    imapi.check(result, `recorder ${index}`, 'open');
    recorders.push(JSON.parse(json) as RecorderReport);
  }
  return { platform: imapi.platform, behaviour: imapi.behaviour, recorders };
}
