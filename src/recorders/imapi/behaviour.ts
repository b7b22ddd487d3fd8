/**
 * What IMAPI v1 really does on the Windows it runs on, and the policy that follows, as data.
 * The shim reports the behaviour (ba_platform: the OS version on Windows, the configuration in
 * the simulator); everything the session does differently follows from this one table.
 * Facts: reference/imapi-v1-on-modern-windows.md.
 */
import { SECTORS_PER_SECOND } from '../../disc/red-book.js';

export type ImapiBehaviourName = 'modern' | 'xp';

export interface ImapiBehaviour {
  name: ImapiBehaviourName;
  /** RecordDisc(bSimulate = TRUE) keeps the laser off. Where it does not, --simulate never calls RecordDisc. */
  testWrite: boolean;
  /** The gap IMAPI writes before every track whatever AudioGapSize says, or undefined when AudioGapSize is applied. */
  fixedGapSectors?: number;
  /** WriteSpeed is applied to the burn (not only stored and echoed back). */
  speedSettable: boolean;
  /** NotifyBlockProgress totals count the gaps between tracks. */
  blockTotalsCountGaps: boolean;
  /**
   * Several recorders may record at once (one process each). Where not, a batch on several
   * recorders runs them one after another.
   */
  concurrentRecorders: boolean;
  /** Why, in words, for messages. */
  why: string;
}

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

/** What the shim reports (ba_platform). */
export interface ImapiPlatform {
  behaviour: ImapiBehaviourName;
  /** The Windows version, e.g. "10.0.22631", or the one the simulator plays. */
  windows: string;
  simulator: boolean;
}

export function behaviourOf(platform: ImapiPlatform): ImapiBehaviour {
  return IMAPI_BEHAVIOURS[platform.behaviour];
}
