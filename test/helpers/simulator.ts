import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUILD = fileURLToPath(new URL('../../../native-bindings/build.sh', import.meta.url));

/** Builds the shim linked with the IMAPI simulator (`npm run build:native`). */
export function buildNative(): void {
  execFileSync('sh', [BUILD], { stdio: 'ignore' });
}

export type SimMedia = 'blank-cdr' | 'used-cdr' | 'blank-cdrw' | 'used-cdrw';

export interface SimFaults {
  noRecorder?: boolean;
  deviceBusy?: boolean;
  lossOfStreamingAtBlock?: number;
  removedAtBlock?: number;
  /** The recorder is unplugged between calls, before the `call`-th (default 1st) call of `method`. */
  removedBefore?: { method: string; call?: number };
  fail?: { method: string; hresult: string; call?: number } | Array<{ method: string; hresult: string; call?: number }>;
  /** IMAPI2: another program holds the recorder's exclusive access, under this client name. */
  lockedBy?: string;
  /** Read-back: these sectors (LBAs) never read (READ CD fails with a medium error). */
  unreadable?: number[];
  /** Read-back: the first read of each of these sectors fails; later reads succeed. */
  unreadableOnce?: number[];
  /** The disc is recorded with every sample of this sector (LBA) changed, as a failing burn would. */
  corruptAtBlock?: number;
  /** The burn reports success and the disc reads back blank. */
  blankDisc?: boolean;
  /** Read-back: the drive refuses READ CD of CD-DA sectors (it cannot read audio). */
  cannotReadAudio?: boolean;
  /** Read-back: the first this many commands find the drive becoming ready (sense 02/04/01). */
  notReadyCommands?: number;
}

/** A disc of a recorder's `discs`: its media, and faults that strike only while it is in the drive. */
export type SimDisc = SimMedia | { media: SimMedia; faults?: Omit<SimFaults, 'noRecorder'>; image?: string };

export interface SimPause {
  block: number;
  reached: string;
  resume: string;
  /** A cancel does not end this hold: it ends the burn once `resume` exists. */
  ignoreCancel?: boolean;
}

export interface SimRecorder {
  vendor?: string;
  product?: string;
  media?: 'none' | SimMedia;
  /** Instead of `media`: the discs inserted one after another, the first in the drive; kept across processes. */
  discs?: SimDisc[];
  /** Milliseconds from an eject until the next of `discs` is in the drive (default 0). */
  insertDelayMs?: number;
  /**
   * At `block` of each burn: create the file `reached`, then wait until the file `resume` exists
   * (a cancel meanwhile ends the burn, unless `ignoreCancel`); a list holds at each block in turn.
   */
  pauseAtBlock?: SimPause | SimPause[];
  minutes?: 74 | 80;
  speed?: number;
  /** IMAPI2: where the disc's lead-in starts (ATIP, MSF from 90:00:00; default 97:26:66). */
  leadIn?: string;
  /** IMAPI2: the raw sector types the drive writes (1 PQ only, 2 cooked, 3 raw; default all three). */
  sectorTypes?: number[];
  /** Read-back: what was recorded at sample n reads back at n + readOffsetSamples (stereo samples). */
  readOffsetSamples?: number;
  /** With `media`: the BIN/CUE image (its cue sheet) the disc holds until something is recorded on it. */
  image?: string;
}

export interface SimConfig {
  /** The IMAPI v1 the simulator behaves like: over IMAPI2 (Vista and later, the default) or XP's. */
  windows?: 'modern' | 'xp';
  /** A file that gets one line per IMAPI method called, the method's name first. */
  callLog?: string;
  /** A JSON file written after each successful burn: tracks and gaps as written. */
  /** `{recorder}` and `{disc}` (as in discOut) are replaced. */
  discLayoutOut?: string;
  recorders?: SimRecorder[];
  /** The audio of each recorded disc; `{recorder}` becomes the recorder's index, `{disc}` 1, 2, ... per recorder. */
  discOut?: string;
  speed?: number;
  timeScale?: number;
  faults?: SimFaults;
  /** IMAPI2 on "xp" (XP SP2's update): present; on "modern" it always is. */
  imapi2?: boolean;
  /** How IMAPI2 calls the progress sink: IDispatch::Invoke (the default) or the vtable's Update. */
  imapi2Events?: 'invoke' | 'vtable';
  /** IMAPI2: each recorded disc's Q frames, 12 bytes a sector from LBA -150 to the lead-out. */
  discSubOut?: string;
  /** IMAPI2: the CD-TEXT packs the recorded lead-in's R-W carried, 18 bytes each. */
  discTextOut?: string;
  /** Read-back, every recorder's unless its own says otherwise. */
  readOffsetSamples?: number;
}

/** The IMAPI methods the simulator logged (callLog), one entry per call: the method name and its arguments. */
export async function calledMethods(callLog: string): Promise<string[]> {
  const text = await readFile(callLog, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** Writes a simulator configuration into `dir`; returns the environment that selects it. */
export async function simulator(dir: string, config: SimConfig, name = 'sim.json'): Promise<Record<string, string>> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify({ discOut: join(dir, 'disc.raw'), recorders: [{ vendor: 'BURNAUD', product: 'SIM CD-RW' }], ...config }));
  return { BURN_AUDIO_IMAPI_SIM: path };
}
