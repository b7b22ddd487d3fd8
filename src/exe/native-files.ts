/**
 * The native files burn-audio.exe carries as assets of its single executable application (the
 * IMAPI shim DLL and ffi-rs's addon): Windows loads a DLL only from a file, so each is written
 * once per version to %LOCALAPPDATA%\burn-audio\<version>\ (the temporary folder's burn-audio\
 * <version>\ where that cannot be written), never to the current folder, and checked by hash
 * before it is loaded: a file that differs from the one carried (damaged, replaced) is written
 * again.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAsset } from 'node:sea';
import { DeviceError } from '../errors.js';
import { standalone, type NativeFile } from '../standalone.js';

/** The asset of each native file, also its name on disk (the names the package and ffi-rs give them). */
export const NATIVE_ASSETS: Record<NativeFile, string> = { shim: 'burn_audio_imapi.dll', 'ffi-rs': 'ffi-rs.win32-x64-msvc.node' };

/** The folders tried, in order: the user's cache, then the temporary folder. */
export function cacheFolders(version: string): string[] {
  const local = process.env.LOCALAPPDATA;
  return [...(local ? [join(local, 'burn-audio', version)] : []), join(tmpdir(), 'burn-audio', version)];
}

/** The path of `file` in the first folder that holds it or can be given it, checked by hash. */
export function placeNativeFile(file: NativeFile, version: string): string {
  const name = NATIVE_ASSETS[file];
  const bytes = Buffer.from(getAsset(name));
  const expected = sha256(bytes);
  const failures: string[] = [];
  for (const folder of cacheFolders(version)) {
    const path = join(folder, name);
    if (hashOf(path) === expected) return path;
    try {
      mkdirSync(folder, { recursive: true });
      writeAtomically(path, bytes);
      return path;
    } catch (error) {
      failures.push(`${folder} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  throw new DeviceError(`burn-audio.exe cannot write ${name}, which it needs to use IMAPI, to ${failures.join(' nor to ')}`, 'ENATIVE');
}

/**
 * ffi-rs's addon, as ffi-rs's own `require` of its win32 package gives it (the bundler points
 * that require here): loaded from the cache folder.
 */
export function ffiRsAddon(): unknown {
  const addon = { exports: {} };
  process.dlopen(addon, standalone()!.nativeFile('ffi-rs'));
  return addon.exports;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function hashOf(path: string): string | undefined {
  try {
    return sha256(readFileSync(path));
  } catch {
    return undefined;
  }
}

/** Written beside its place, then renamed into it: another run never loads half a file. */
function writeAtomically(path: string, bytes: Buffer): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}
