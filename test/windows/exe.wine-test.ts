/**
 * burn-audio.exe (`npm run build:exe`) under Wine, as a Windows user runs it: in a prefix made
 * fresh for this file, with no Node in it or on its PATH, from `cmd /c` where a shell is what
 * the test is about. Patterns, lists and playlists of Windows paths, names with accents and CJK,
 * an image that is byte for byte the Linux build's, burns through the simulator's
 * out-of-process COM server with IMAPI v1 (track-at-once) and IMAPI2 (disc-at-once), the cache
 * folder of its native files, and Ctrl-C in a batch.
 * Run by `npm run test:windows`.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ffiRsWin32Addon } from '../../scripts/windows-packages.js';
import { jsonLines, runCli } from '../helpers/cli.js';
import { soxTone, tool } from '../helpers/codecs.js';
import { calledMethods, type SimConfig } from '../helpers/simulator.js';
import { discAudio, tempDir, writeTracks } from '../helpers/wav.js';
import { prepareExePrefix, runExe, runWindows, signalPrograms, stopWine, waitForWineProcesses, windowsPath } from './wine.js';

const ROOT = new URL('../../../', import.meta.url);
const SHIM_DLL = new URL('native-bindings/build/win32-x64/burn_audio_imapi.dll', ROOT);
const NATIVE_FILES = ['burn_audio_imapi.dll', 'ffi-rs.win32-x64-msvc.node'];

/** The track paths a `--json plan` laid out. */
function planned(stdout: string): string[] {
  const plan = jsonLines(stdout).find((e) => e.type === 'plan') as unknown as { layout: { tracks: Array<{ path: string }> } };
  return plan.layout.tracks.map((t) => t.path);
}

describe('burn-audio.exe under Wine, with no Node in the prefix', () => {
  let prefix: string;
  let dir: { path: string; remove: () => Promise<void> };
  let version: string;
  let tracks: Array<{ path: string; audio: Buffer }>;
  /** The user's folders in the prefix. */
  const profile = () => join(prefix, 'drive_c', 'users', userInfo().username);
  const cache = () => join(profile(), 'AppData', 'Local', 'burn-audio', version);
  const exe = (args: string[], options: { viaCmd?: boolean; env?: Record<string, string>; cwd?: string } = {}) => runExe(args, { cwd: dir.path, ...options });

  before(async () => {
    prefix = prepareExePrefix();
    dir = await tempDir();
    version = (JSON.parse(await readFile(new URL('package.json', ROOT), 'utf8')) as { version: string }).version;
    tracks = await writeTracks(dir.path, { 'track 1.wav': 4.5, 'chanson été 2.wav': 5, 'track 10.wav': 4 });
  });
  after(async () => {
    stopWine();
    await dir.remove();
  });

  /** The simulator's folder: its configuration, the state it keeps beside it, the disc it records. */
  const simFolder = () => join(dir.path, 'simulator');
  const disc = () => join(simFolder(), 'disc.raw');
  /** The IMAPI methods the server was called with since the last sim(). */
  const methods = async () => (await calledMethods(join(simFolder(), 'calls.log'))).map((line) => line.trim().split(' ')[0]);

  /** A simulator configuration (Windows paths: the COM server reads them); returns the variable that names it. */
  async function sim(config: SimConfig = {}): Promise<Record<string, string>> {
    await rm(simFolder(), { recursive: true, force: true });
    await mkdir(simFolder());
    const path = join(simFolder(), 'sim.json');
    const files = { discOut: windowsPath(disc()), callLog: windowsPath(join(simFolder(), 'calls.log')) };
    await writeFile(path, JSON.stringify({ ...files, recorders: [{ vendor: 'WINE', product: 'SIM CD-RW' }], ...config }));
    return { BURN_AUDIO_IMAPI_SIM: windowsPath(path) };
  }

  it('starts where no Node is: cmd finds no node, --version and --help answer, and nothing is written', async () => {
    const node = await runWindows(['cmd', '/c', 'node', '--version'], { cwd: dir.path, prefix: 'exe' });
    assert.notEqual(node.code, 0, 'no node on the PATH of the prefix');
    const shown = await exe(['--version'], { viaCmd: true });
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(shown.stdout, `${version}\n`);
    const help = await exe(['--help']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage: burn-audio \[options\] \[command\]/);
    assert.match(help.stdout, /Exit codes: 0 done/);
    assert.equal(existsSync(cache()), false, 'the native files are written only when IMAPI is used');
  });

  it('is listed in dist/SHA256SUMS with the npm tarball, each hash that of the file', () => {
    const sums = readFileSync(new URL('dist/SHA256SUMS', ROOT), 'utf8');
    assert.deepEqual(sums.trim().split('\n').map((line) => line.split(/\s+\*?/)[1]), ['burn-audio.exe', `burn-audio-${version}.tgz`]);
    execFileSync('sha256sum', ['--check', '--quiet', 'SHA256SUMS'], { cwd: new URL('dist/', ROOT) });
  });

  it('expands patterns typed in cmd: *.wav, album\\**\\*.flac, braces on a drive-letter path, any case; sorted naturally', async () => {
    for (const name of ['album/cd1/t2', 'album/cd1/t10', 'album/cd2/t1']) {
      await mkdir(join(dir.path, name, '..'), { recursive: true });
      soxTone(join(dir.path, `${name}.wav`), 4);
      tool('flac', ['-s', '-f', '--delete-input-file', join(dir.path, `${name}.wav`), '-o', join(dir.path, `${name}.flac`)]);
    }
    const plan = async (pattern: string): Promise<string[]> => {
      const result = await exe(['--json', 'plan', pattern], { viaCmd: true });
      assert.equal(result.code, 0, result.stderr);
      return planned(result.stdout);
    };
    assert.deepEqual(await plan('*.wav'), ['chanson été 2.wav', 'track 1.wav', 'track 10.wav']);
    assert.deepEqual(await plan('album\\**\\*.flac'), ['album\\cd1\\t2.flac', 'album\\cd1\\t10.flac', 'album\\cd2\\t1.flac']);
    const album = windowsPath(join(dir.path, 'album'));
    assert.deepEqual(await plan(`${album}\\{cd2,cd1}\\t1*.flac`), [`${album}\\cd1\\t10.flac`, `${album}\\cd2\\t1.flac`]);
    assert.deepEqual(await plan('ALBUM\\CD1\\*.FLAC'), ['ALBUM\\CD1\\t2.flac', 'ALBUM\\CD1\\t10.flac']);
  });

  it('reads --files-from a list of Windows paths (CRLF), and a playlist of C:\\ paths', async () => {
    const list = join(dir.path, 'list.txt');
    await writeFile(list, `${tracks.map((t) => windowsPath(t.path)).join('\r\n')}\r\n`);
    const fromList = await exe(['--json', 'plan', '--files-from', 'list.txt']);
    assert.equal(fromList.code, 0, fromList.stderr);
    assert.deepEqual(planned(fromList.stdout), tracks.map((t) => windowsPath(t.path)));

    const music = join(profile(), 'Music');
    await writeTracks(music, { 'Été.wav': 4, '中文 歌曲.wav': 4 });
    const entries = [`C:\\users\\${userInfo().username}\\Music\\中文 歌曲.wav`, `C:\\users\\${userInfo().username}\\Music\\Été.wav`];
    await writeFile(join(dir.path, 'mix.m3u8'), `#EXTM3U\r\n#EXTINF:4,Chinese\r\n${entries[0]}\r\n${entries[1]}\r\n`);
    const fromPlaylist = await exe(['--json', 'plan', 'mix.m3u8']);
    assert.equal(fromPlaylist.code, 0, fromPlaylist.stderr);
    assert.deepEqual(planned(fromPlaylist.stdout), entries);
  });

  it("writes an image byte for byte the Linux build's: WAV, FLAC, MP3, Opus and a converted 48 kHz WAV, names with accents", async () => {
    const codecs = join(dir.path, 'codecs');
    await mkdir(codecs);
    await writeTracks(codecs, { 'un été.wav': 4.5, 'deux.wav': 5 });
    soxTone(join(codecs, 'hires.wav'), 4.2, { rate: 48_000, bits: 24 });
    tool('flac', ['-s', '-f', join(codecs, 'deux.wav'), '-o', join(codecs, 'deux.flac')]);
    tool('lame', ['--quiet', join(codecs, 'deux.wav'), join(codecs, 'deux.mp3')]);
    tool('opusenc', ['--quiet', join(codecs, 'un été.wav'), join(codecs, 'un été.opus')]);
    const inputs = ['un été.wav', 'hires.wav', 'deux.flac', 'deux.mp3', 'un été.opus'];
    await mkdir(join(dir.path, 'linux'));
    await mkdir(join(dir.path, 'windows'));
    const linux = await runCli(['--image', '../linux/disc.cue', ...inputs], { cwd: codecs });
    assert.equal(linux.code, 0, linux.stderr);
    const windows = await exe(['--image', '..\\windows\\disc.cue', ...inputs], { cwd: codecs });
    assert.equal(windows.code, 0, windows.stderr);
    assert.match(windows.stderr, /written in \d+:\d\d at [\d.]+x \(/, 'x for ×: a console that is not Windows Terminal cannot show Unicode');
    assert.doesNotMatch(windows.stderr, /[×→…·✔✖⚠]/);
    for (const file of ['disc.bin', 'disc.cue', 'disc.cdt']) {
      assert.ok((await readFile(join(dir.path, 'windows', file))).equals(await readFile(join(dir.path, 'linux', file))), `${file}: the same bytes`);
    }
    assert.equal(existsSync(cache()), false, 'plan and --image use no IMAPI: no native files written');
  });

  it('burns track-at-once through IMAPI v1, served out of process: the disc equals the input; the two native files land in the cache folder, and nothing in the current one', async () => {
    const env = await sim();
    const before = await readdir(dir.path);
    const result = await exe(['--json', '*.wav'], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(jsonLines(result.stdout).find((e) => e.type === 'burnComplete'), { type: 'burnComplete', status: 0 });
    assert.ok((await readFile(disc())).equals(discAudio([tracks[1]!, tracks[0]!, tracks[2]!])), 'disc audio equals the input');
    waitForWineProcesses('exe');
    assert.ok((await methods()).includes('RecordDisc'), 'track-at-once through IMAPI v1');
    assert.deepEqual(await readdir(dir.path), before, 'nothing new in the current folder');
    assert.deepEqual((await readdir(cache())).sort(), NATIVE_FILES);
    assert.ok((await readFile(join(cache(), NATIVE_FILES[0]!))).equals(await readFile(SHIM_DLL)), 'the shim DLL the build made');
    assert.ok((await readFile(join(cache(), NATIVE_FILES[1]!))).equals(await readFile(ffiRsWin32Addon())), "ffi-rs's win32 addon");
  });

  it("burns disc-at-once through IMAPI2 (--dao, 2-second gaps), served out of process: the disc equals the Linux build's image BIN", async () => {
    const env = await sim();
    await mkdir(join(dir.path, 'linux-dao'));
    const linux = await runCli(['--image', join('linux-dao', 'disc.cue'), '*.wav'], { cwd: dir.path });
    assert.equal(linux.code, 0, linux.stderr);
    const result = await exe(['--json', '--dao', '*.wav'], { env });
    assert.equal(result.code, 0, result.stderr);
    waitForWineProcesses('exe');
    const called = await methods();
    assert.ok(called.includes('WriteMedia') && !called.includes('RecordDisc'), `IMAPI2, not IMAPI v1: ${called.join(' ')}`);
    assert.ok((await readFile(disc())).equals(await readFile(join(dir.path, 'linux-dao', 'disc.bin'))), 'disc audio equals the BIN, gaps included');
    await rm(join(dir.path, 'linux-dao'), { recursive: true });
  });

  it('burns a gapless plan (--gap 0) disc-at-once through IMAPI2 with no flag: the disc is the tracks abutting', async () => {
    const env = await sim();
    const result = await exe(['--json', '--gap', '0', '*.wav'], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /gapless tracks 1-3: recording disc-at-once through IMAPI2/);
    waitForWineProcesses('exe');
    assert.ok((await methods()).includes('WriteMedia'));
    assert.ok((await readFile(disc())).equals(discAudio([tracks[1]!, tracks[0]!, tracks[2]!])), 'disc audio equals the input, tracks abutting');
  });

  it('reuses the cached files in a second run, writes again one that was changed, and falls back to the temporary folder when the cache cannot be written', async () => {
    const env = await sim();
    const [dll, addon] = NATIVE_FILES.map((name) => join(cache(), name));
    const stamps = async () => Promise.all([dll!, addon!].map(async (path) => (await stat(path)).mtimeMs));
    const first = await stamps();
    const devices = async () => {
      const result = await exe(['devices'], { env });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^0 +WINE +SIM CD-RW/m);
      waitForWineProcesses('exe');
    };
    await devices();
    assert.deepEqual(await stamps(), first, 'the same files, not written again');

    await writeFile(dll!, 'not the shim');
    await devices();
    assert.ok((await readFile(dll!)).equals(await readFile(SHIM_DLL)), 'the changed DLL is written again before it is loaded');

    // A file where the cache folder should be: no folder can be made there.
    const local = join(profile(), 'AppData', 'Local', 'burn-audio');
    await rm(local, { recursive: true });
    await writeFile(local, '');
    try {
      await devices();
      assert.deepEqual((await readdir(join(profile(), 'Temp', 'burn-audio', version))).sort(), NATIVE_FILES);
    } finally {
      await rm(local);
    }
  });

  it("Ctrl-C in a batch reaches the CLI and its worker, as a console's does: the worker waits to be told, the copy is stopped, exit 130, no disc", async () => {
    // The first copy is held at block 150 until cancelled; Ctrl-C once the simulator says it is there.
    const held = join(dir.path, 'batch.reached');
    await rm(held, { force: true });
    const pauseAtBlock = { block: 150, reached: windowsPath(held), resume: windowsPath(join(dir.path, 'never')) };
    const env = await sim({ recorders: [{ vendor: 'WINE', product: 'SLOW', discs: ['blank-cdr', 'blank-cdr'], pauseAtBlock }] });
    let signalled = 0;
    const result = await runExe(['--json', '--copies', '2', '*.wav'], {
      cwd: dir.path,
      env,
      interruptWhen: () => existsSync(held),
      onInterrupt: () => (signalled = signalPrograms('exe', /burn-audio\.exe/i)),
    });
    assert.equal(signalled, 2, 'the CLI and its worker process');
    assert.equal(result.code, 130, result.stderr);
    const discs = jsonLines(result.stdout).filter((e) => e.type === 'disc');
    assert.deepEqual(discs.map((e) => [e.copy, e.status, e.code]), [[1, 'interrupted', 130]]);
    assert.match(result.stderr, /copy 1 was being recorded: that disc is probably unusable/);
    assert.equal(existsSync(disc()), false);
    waitForWineProcesses('exe');
  });
});
