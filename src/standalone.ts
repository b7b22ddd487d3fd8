/**
 * burn-audio.exe (a Node single executable application, src/exe/) is one file: no package
 * folder beside it holds the version or the native files. Its entry says here, before anything
 * else runs, where they come from; the npm package sets nothing and uses its own files.
 */

/** The native files burn-audio.exe carries: the IMAPI shim DLL and ffi-rs's addon. */
export type NativeFile = 'shim' | 'ffi-rs';

export interface Standalone {
  version: string;
  /**
   * The absolute path of a native file, written out of the program into a cache folder once
   * and checked by hash before it is used (a DeviceError when no folder can hold it).
   */
  nativeFile(file: NativeFile): string;
}

/** Set in a batch's worker process, which burn-audio.exe starts as itself. */
export const WORKER_VARIABLE = 'BURN_AUDIO_WORKER';

let current: Standalone | undefined;

/** What burn-audio.exe set up; undefined when burn-audio runs from its package. */
export function standalone(): Standalone | undefined {
  return current;
}

export function runStandalone(setup: Standalone): void {
  current = setup;
}
