/**
 * `npm run build:exe` (after `npm run build` and `npm run build:windows`, which the npm script
 * runs first): on Linux, with no Windows machine,
 * - dist/burn-audio-<version>.tgz, the npm package, packed from this tree;
 * - dist/burn-audio.exe, a Node single executable application: the application bundled into one
 *   CommonJS script by esbuild (from dist/src/exe/main.js), with the shim DLL and ffi-rs's win32
 *   addon as its assets (src/exe/native-files.ts writes them out), injected with postject into
 *   the pinned Windows node.exe, whose Authenticode signature is removed first (the injection
 *   would leave it broken);
 * - dist/SHA256SUMS, for both, in the format `sha256sum -c` reads.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { ffiRsWin32Addon, NODE_WINDOWS_VERSION, ROOT, windowsNodeExe } from './windows-packages.js';

const DIST = join(ROOT, 'dist');
const WORK = join(DIST, 'exe');
export const EXE = join(DIST, 'burn-audio.exe');
const SHIM_DLL = join(ROOT, 'native-bindings', 'build', 'win32-x64', 'burn_audio_imapi.dll');
/** The marker postject looks for in node.exe (Node's own, documented with its SEA). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

type Inject = (file: string, resource: string, data: Buffer, options: { sentinelFuse: string }) => Promise<void>;

/**
 * ffi-rs requires the addon package of its platform (or a .node file beside it, never there):
 * the win32 one is pointed at the asset burn-audio.exe writes out; the others stay outside the
 * bundle, unused on Windows.
 */
const ffiRsAddon: Plugin = {
  name: 'ffi-rs-addon',
  setup(bundler) {
    bundler.onResolve({ filter: /^@yuuang\/ffi-rs-/ }, (args) => (args.path === '@yuuang/ffi-rs-win32-x64-msvc' ? { path: 'ffi-rs-addon', namespace: 'exe' } : { path: args.path, external: true }));
    bundler.onResolve({ filter: /\.node$/ }, (args) => ({ path: args.path, external: true }));
    bundler.onLoad({ filter: /.*/, namespace: 'exe' }, () => ({
      contents: `module.exports = require(${JSON.stringify(join(DIST, 'src', 'exe', 'native-files.js'))}).ffiRsAddon();`,
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};

async function main(): Promise<void> {
  // Node writes a blob only its own version reads.
  if (process.version !== `v${NODE_WINDOWS_VERSION}`) throw new Error(`build:exe runs on Node ${NODE_WINDOWS_VERSION}, the version of the Windows node.exe it uses (this is ${process.version})`);
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  for (const old of readdirSync(DIST).filter((f) => f.endsWith('.tgz'))) rmSync(join(DIST, old));
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', DIST], { cwd: ROOT, stdio: 'ignore' });
  const tarball = `burn-audio-${version}.tgz`;

  const script = join(WORK, 'burn-audio.cjs');
  await build({
    entryPoints: [join(DIST, 'src', 'exe', 'main.js')],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${NODE_WINDOWS_VERSION.split('.')[0]}`,
    // ES modules bundled as CommonJS: import.meta.url is the program's own (dependencies make
    // a require from it; burn-audio's modules ask src/standalone.ts instead).
    banner: { js: 'var __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { BURN_AUDIO_VERSION: JSON.stringify(version), 'import.meta.url': '__importMetaUrl' },
    plugins: [ffiRsAddon],
    // ogg-opus-decoder's speech enhancement (4 MB of WebAssembly), which burn-audio never turns
    // on: left out of the bundle, its import never made.
    external: ['@wasm-audio-decoders/opus-ml'],
    logLevel: 'warning',
  });
  const config = join(WORK, 'sea-config.json');
  const blob = join(WORK, 'sea.blob');
  const assets = { 'burn_audio_imapi.dll': SHIM_DLL, 'ffi-rs.win32-x64-msvc.node': ffiRsWin32Addon() };
  writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, assets }, null, 2));
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'ignore' });

  writeFileSync(EXE, withoutSignature(readFileSync(windowsNodeExe())));
  const inject = (createRequire(import.meta.url)('postject') as { inject: Inject }).inject;
  await inject(EXE, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE });

  const sums = ['burn-audio.exe', tarball].map((name) => `${createHash('sha256').update(readFileSync(join(DIST, name))).digest('hex')}  ${name}\n`);
  writeFileSync(join(DIST, 'SHA256SUMS'), sums.join(''));
  process.stdout.write(`built dist/burn-audio.exe, dist/${tarball} and dist/SHA256SUMS\n`);
}

/**
 * A PE32+ image without its Authenticode signature: the security directory (a file offset and
 * a size, PE/COFF "Attribute Certificate Table") cleared and the certificates cut off its end.
 */
function withoutSignature(exe: Buffer): Buffer {
  const optionalHeader = exe.readUInt32LE(0x3c) + 4 + 20;
  if (exe.readUInt16LE(optionalHeader) !== 0x20b) throw new Error('node.exe is not a PE32+ image');
  const security = optionalHeader + 112 + 4 * 8;
  const offset = exe.readUInt32LE(security);
  const size = exe.readUInt32LE(security + 4);
  if (offset === 0) return exe;
  if (offset + size !== exe.length) throw new Error("node.exe's signature is not at its end");
  exe.writeUInt32LE(0, security);
  exe.writeUInt32LE(0, security + 4);
  return exe.subarray(0, offset);
}

await main();
