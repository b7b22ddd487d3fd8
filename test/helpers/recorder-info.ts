import type { RecorderInfo } from '../../src/recorders/description.js';

/** Recorder `index` of the simulator as the devices listing gives it (IMAPI2's index the same), for opening its drive. */
export function simRecorder(index = 0, vendor = 'BURNAUD', product = 'SIM CD-RW'): RecorderInfo {
  const media = { result: 0, present: true, blank: false, writable: false, rewritable: false, freeBlocks: 0, label: 'used CD-R' };
  const imapi2 = { index, uniqueId: '', vendor, product, revision: '1.00', volumePaths: [`${String.fromCharCode(68 + index)}:\\`], mediaType: 2, mediaSupported: true, blank: false, writeSpeeds: [], exclusiveAccessOwner: null, calls: [] };
  return { index, vendor, product, revision: '1.00', path: '', media, imapi2 };
}
