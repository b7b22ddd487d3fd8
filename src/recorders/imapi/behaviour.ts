/**
 * What IMAPI v1 really does on the Windows it runs on, and the policy that follows, as data.
 * The shim reports the behaviour (ba_platform: the OS version on Windows, the configuration in
 * the simulator); everything the session does differently follows from this one table.
 * Facts: reference/imapi-v1-on-modern-windows.md.
 */
import { SECTORS_PER_SECOND } from '../../disc/red-book.js';
import type { ImapiBehaviour, ImapiBehaviourName, ImapiPlatform } from '../description.js';

export const IMAPI_BEHAVIOURS: Record<ImapiBehaviourName, ImapiBehaviour> = {
  modern: {
    name: 'modern',
    testWrite: false,
    fixedGapSectors: 2 * SECTORS_PER_SECOND,
    speedSettable: false,
    blockTotalsCountGaps: false,
    concurrentRecorders: true,
    why: 'IMAPI v1 on Windows Vista and later runs on IMAPI2 Track-at-Once, which has no test write and ignores AudioGapSize and WriteSpeed',
  },
  xp: {
    name: 'xp',
    testWrite: true,
    speedSettable: true,
    blockTotalsCountGaps: true,
    // "In version 1.0, only one recorder on the system could be used by IMAPI at one time" (IMAPI 2.0, What's new).
    concurrentRecorders: false,
    why: 'IMAPI v1 as Windows XP implements it',
  },
};

export function behaviourOf(platform: ImapiPlatform): ImapiBehaviour {
  return IMAPI_BEHAVIOURS[platform.behaviour];
}
