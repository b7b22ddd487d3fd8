/**
 * The Windows build under Wine: a cached Wine prefix set to Windows 10 with the bcryptprimitives
 * stand-in, Windows node.exe from the npm registry at a pinned version (scripts/windows-packages.ts),
 * and burn-audio packed and installed for win32-x64 (so ffi-rs's win32 binary and the prebuilt
 * shim DLL are used); or burn-audio.exe (`npm run build:exe`) in a prefix of its own.
 * The prefixes live in .wine-test/ in the work tree (ignored by git).
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { windowsNodeExe } from '../../scripts/windows-packages.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CACHE = join(ROOT, '.wine-test');
const BASE_PREFIX = join(CACHE, 'prefix-base');
/**
 * registered: Windows 10, the simulator's server and its proxies registered; xp: the same, set
 * to Windows XP x64 (node runs there only with NODE_SKIP_PLATFORM_CHECK), so that the shim,
 * which reads the Windows version, assumes XP's IMAPI; bare: nothing registered.
 */
const PREFIXES = { registered: join(CACHE, 'prefix-registered'), xp: join(CACHE, 'prefix-xp'), bare: join(CACHE, 'prefix-bare'), exe: join(CACHE, 'prefix-exe') };
export type Prefix = keyof typeof PREFIXES;
const INSTALL = join(CACHE, 'install');
const BUILD = join(ROOT, 'native-bindings', 'build', 'win32-x64');
/** The simulator as an out-of-process COM server, and the proxy/stub DLL for its interfaces. */
export const SIM_EXE = join(BUILD, 'burn_audio_imapi_sim.exe');
const PROXY_DLL = join(BUILD, 'burn_audio_imapi_ps.dll');
export const SHIM_DLL_IN_PACKAGE = join(INSTALL, 'node_modules', 'burn-audio', 'native-bindings', 'build', 'win32-x64', 'burn_audio_imapi.dll');
const STAND_IN = fileURLToPath(new URL('../../../test/windows/bcryptprimitives.c', import.meta.url));
/** burn-audio.exe, as `npm run build:exe` makes it. */
export const EXE = join(ROOT, 'dist', 'burn-audio.exe');

/** A Unix path as Windows programs under Wine see it (drive Z: is /). */
export function windowsPath(path: string): string {
  return `Z:${path.replace(/\//g, '\\')}`;
}

function wine(prefix: string, args: string[], options: { cwd?: string } = {}): void {
  execFileSync('wine', args, { env: wineEnv(prefix), stdio: 'ignore', cwd: options.cwd });
}

function wineEnv(prefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', ...extra };
}

/** Builds the base prefix once: Windows 10, plus the bcryptprimitives stand-in. */
function prepareBasePrefix(): void {
  const stamp = join(BASE_PREFIX, '.burn-audio-ready');
  if (existsSync(stamp)) return;
  rmSync(BASE_PREFIX, { recursive: true, force: true });
  wine(BASE_PREFIX, ['wineboot', '--init']);
  wine(BASE_PREFIX, ['winecfg', '/v', 'win10']);
  execFileSync('x86_64-w64-mingw32-gcc', ['-O2', '-shared', '-s', '-o', join(BASE_PREFIX, 'drive_c/windows/system32/bcryptprimitives.dll'), STAND_IN, '-ladvapi32']);
  execFileSync('wineserver', ['-w'], { env: wineEnv(BASE_PREFIX) });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

function preparePrefix(prefix: string, windowsVersion?: string): void {
  const stamp = join(prefix, '.burn-audio-ready');
  if (existsSync(stamp)) return;
  rmSync(prefix, { recursive: true, force: true });
  cpSync(BASE_PREFIX, prefix, { recursive: true, verbatimSymlinks: true });
  if (windowsVersion) wine(prefix, ['winecfg', '/v', windowsVersion]);
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

/** Packs the project as published (dist + the prebuilt DLL) and installs it for win32-x64. */
function installPackage(): void {
  rmSync(INSTALL, { recursive: true, force: true });
  mkdirSync(INSTALL, { recursive: true });
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', INSTALL], { cwd: ROOT, stdio: 'ignore' });
  const tarball = readdirSync(INSTALL).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  writeFileSync(join(INSTALL, 'package.json'), '{"name":"burn-audio-wine-test","private":true}\n');
  execFileSync('npm', ['install', '--os=win32', '--cpu=x64', '--prefer-offline', '--no-audit', '--no-fund', `./${tarball}`], { cwd: INSTALL, stdio: 'ignore' });
}

/**
 * Prepares everything; afterwards the registered prefix has the simulator's EXE as the
 * LocalServer32 of CLSID_MSDiscMasterObj and of the four IMAPI2 classes, and the proxies and
 * stubs of their interfaces.
 */
export function prepareWine(): void {
  mkdirSync(CACHE, { recursive: true });
  prepareBasePrefix();
  preparePrefix(PREFIXES.registered);
  preparePrefix(PREFIXES.xp, 'winxp64');
  preparePrefix(PREFIXES.bare);
  for (const prefix of [PREFIXES.registered, PREFIXES.xp]) registerSimulator(prefix);
  windowsNodeExe();
  installPackage();
}

function registerSimulator(prefix: string): void {
  wine(prefix, ['regsvr32', '/s', windowsPath(PROXY_DLL)]);
  wine(prefix, [windowsPath(SIM_EXE), '/RegServer']);
}

/**
 * For burn-audio.exe: a prefix copied anew from the base on every call (so nothing of an
 * earlier run, no cache folder, is in it; Node is in no prefix), with the simulator's server
 * and proxies registered. Returns the prefix's folder.
 */
export function prepareExePrefix(): string {
  mkdirSync(CACHE, { recursive: true });
  prepareBasePrefix();
  rmSync(PREFIXES.exe, { recursive: true, force: true });
  cpSync(BASE_PREFIX, PREFIXES.exe, { recursive: true, verbatimSymlinks: true });
  registerSimulator(PREFIXES.exe);
  return PREFIXES.exe;
}

/**
 * Waits until every Windows process of the prefix has ended (wineserver then exits too): a COM
 * server that outlives its client would make this wait forever, and the test time out.
 */
export function waitForWineProcesses(prefix: Prefix = 'registered'): void {
  execFileSync('wineserver', ['-w'], { env: wineEnv(PREFIXES[prefix]), stdio: 'ignore' });
}

/**
 * Runs a Windows program to its end under Wine in `prefix`, stdio on /dev/null, and returns its
 * wall-clock seconds (for the benchmark; start `wineserver` first with keepWineServer, so that
 * a run is a process start, not the start of Wine itself).
 */
export function timeWindows(prefix: Prefix, command: string[]): number {
  const start = process.hrtime.bigint();
  execFileSync('wine', command, { env: wineEnv(PREFIXES[prefix]), stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Keeps the prefix's wineserver running until stopWine(). */
export function keepWineServer(prefix: Prefix): void {
  // A server still lingering after the last process would refuse to be made persistent.
  waitForWineProcesses(prefix);
  execFileSync('wineserver', ['-p'], { env: wineEnv(PREFIXES[prefix]), stdio: 'ignore' });
}

export function stopWine(): void {
  for (const prefix of Object.values(PREFIXES)) {
    try {
      execFileSync('wineserver', ['-k'], { env: wineEnv(prefix), stdio: 'ignore' });
    } catch {
      // no wineserver running for it
    }
  }
}

export interface WineResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface WineRun {
  cwd: string;
  /** 'registered' (the default), 'xp', 'bare' or 'exe' (see PREFIXES). */
  prefix?: Prefix;
  env?: Record<string, string>;
  /** Polled with stdout so far; return true to send SIGINT (or `signal`) to the program (or to call `onInterrupt`). */
  interruptWhen?: (stdout: string) => boolean;
  signal?: NodeJS.Signals;
  onInterrupt?: () => void;
}

/**
 * Runs the installed burn-audio with Windows node under Wine. Windows node cannot use Unix
 * pipes for stdio, so stdout and stderr go to files in `cwd`.
 */
export function runWindowsCli(args: string[], run: WineRun): Promise<WineResult> {
  const bin = join(INSTALL, 'node_modules', 'burn-audio', 'bin', 'burn-audio.js');
  return runWindows([windowsNodeExe(), windowsPath(bin), ...args], run);
}

/**
 * Copies the compiled test modules `files` (paths under dist/test/) into the installed package,
 * where Windows node finds ffi-rs's win32 binary and the package's own DLL; returns where each is.
 */
export function installTestModules(files: string[]): string[] {
  return files.map((file) => {
    const target = join(INSTALL, 'node_modules', 'burn-audio', 'dist', 'test', file);
    mkdirSync(join(target, '..'), { recursive: true });
    cpSync(join(ROOT, 'dist', 'test', file), target);
    return target;
  });
}

/** Runs the script `script` (a Unix path) with Windows node under Wine, as runWindowsCli does. */
export function runWindowsNode(script: string, args: string[], run: WineRun): Promise<WineResult> {
  return runWindows([windowsNodeExe(), windowsPath(script), ...args], run);
}

/** Runs burn-audio.exe (in the 'exe' prefix unless told), or with `viaCmd`, `cmd /c burn-audio.exe ...` as typed at a prompt. */
export function runExe(args: string[], run: WineRun & { viaCmd?: boolean }): Promise<WineResult> {
  const command = [windowsPath(EXE), ...args];
  return runWindows(run.viaCmd ? ['cmd', '/c', ...command] : command, { prefix: 'exe', ...run });
}

/**
 * Sends `signal` to every process of the prefix whose program is `image` (burn-audio.exe: the
 * CLI and its workers), as a console's Ctrl-C reaches every program on that console; not to the
 * simulator's COM server, which stands for a Windows service, on no console. Returns how many.
 */
export function signalPrograms(prefix: Prefix, image: RegExp, signal: NodeJS.Signals = 'SIGINT'): number {
  const pids = readdirSync('/proc').filter((pid) => /^\d+$/.test(pid) && ofPrefix(pid, PREFIXES[prefix]) && image.test(readProc(pid, 'cmdline')));
  for (const pid of pids) process.kill(Number(pid), signal);
  return pids.length;
}

function ofPrefix(pid: string, prefix: string): boolean {
  return readProc(pid, 'environ').split('\0').includes(`WINEPREFIX=${prefix}`);
}

function readProc(pid: string, file: string): string {
  try {
    return readFileSync(join('/proc', pid, file), 'utf8');
  } catch {
    return ''; // gone, or not ours to read
  }
}

/** Runs a Windows program under Wine, stdout and stderr on files in `cwd` (never Unix pipes). */
export function runWindows(command: string[], run: WineRun): Promise<WineResult> {
  const out = join(run.cwd, '.stdout.txt');
  const err = join(run.cwd, '.stderr.txt');
  const fds = [openSync(out, 'w'), openSync(err, 'w')] as const;
  const child = spawn('wine', command, {
    cwd: run.cwd,
    env: wineEnv(PREFIXES[run.prefix ?? 'registered'], { ...(run.prefix === 'xp' ? { NODE_SKIP_PLATFORM_CHECK: '1' } : {}), ...run.env }),
    stdio: ['ignore', fds[0], fds[1]],
  });
  let poll: NodeJS.Timeout | undefined;
  if (run.interruptWhen) {
    poll = setInterval(() => {
      if (run.interruptWhen!(readFileSync(out, 'utf8'))) {
        clearInterval(poll);
        if (run.onInterrupt) run.onInterrupt();
        else child.kill(run.signal ?? 'SIGINT');
      }
    }, 20);
  }
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      fds.forEach((fd) => closeSync(fd));
      resolve({ code, stdout: readFileSync(out, 'utf8'), stderr: readFileSync(err, 'utf8') });
      rmSync(out, { force: true });
      rmSync(err, { force: true });
    });
  });
}
