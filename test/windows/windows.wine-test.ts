/**
 * The Windows build, proven under Wine: Windows node.exe + ffi-rs's win32 binary + the MinGW shim
 * DLL from the installed package + real COM activation of the IMAPI simulator registered under
 * CLSID_MSDiscMasterObj. Run by `npm run test:windows`.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonLines } from '../helpers/cli.js';
import type { SimConfig } from '../helpers/simulator.js';
import { discAudio, tempDir, writeTracks } from '../helpers/wav.js';
import { SHIM_DLL_IN_PACKAGE, prepareWine, runWindowsCli, stopWine, windowsPath } from './wine.js';

describe('the Windows build under Wine', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let tracks: Array<{ path: string; audio: Buffer }>;
  let disc: string;

  before(async () => {
    prepareWine();
    dir = await tempDir();
    tracks = await writeTracks(dir.path, { 'track 1.wav': 4.5, 'chanson été 2.wav': 5, 'track 10.wav': 4 });
    disc = join(dir.path, 'disc.raw');
  });
  after(async () => {
    stopWine();
    await dir.remove();
  });

  async function sim(config: SimConfig = {}): Promise<Record<string, string>> {
    const path = join(dir.path, 'sim.json');
    // XP's IMAPI: a laser-off simulation and untranslated fault codes.
    await writeFile(path, JSON.stringify({ windows: 'xp', discOut: windowsPath(disc), recorders: [{ vendor: 'WINE', product: 'SIM CD-RW' }], ...config }));
    await rm(disc, { force: true });
    return { BURN_AUDIO_IMAPI_SIM: windowsPath(path) };
  }

  it('ships the prebuilt shim DLL in the installed package', () => {
    assert.ok(existsSync(SHIM_DLL_IN_PACKAGE), SHIM_DLL_IN_PACKAGE);
  });

  it('lists the simulated recorder with devices', async () => {
    const result = await runWindowsCli(['devices'], { cwd: dir.path, env: await sim() });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^0 +WINE +SIM CD-RW +1\.00 +\\Device\\CdRom0 +blank CD-R, 79:58 free/m);
  });

  it('burns: the disc equals the input, NotifyTrackProgress 0..N in order; *.wav expanded and sorted by the CLI, names with spaces and accents', async () => {
    const result = await runWindowsCli(['--json', '*.wav'], { cwd: dir.path, env: await sim() });
    assert.equal(result.code, 0, result.stderr);
    const events = jsonLines(result.stdout);
    const plan = events.find((e) => e.type === 'plan') as unknown as { layout: { tracks: Array<{ path: string }> } };
    assert.deepEqual(plan.layout.tracks.map((t) => t.path), ['chanson été 2.wav', 'track 1.wav', 'track 10.wav']);
    assert.deepEqual(events.filter((e) => e.type === 'trackProgress').map((e) => e.completed), [0, 1, 2, 3]);
    assert.deepEqual(events.find((e) => e.type === 'burnComplete'), { type: 'burnComplete', status: 0 });
    const order = [tracks[1]!, tracks[0]!, tracks[2]!];
    assert.ok((await readFile(disc)).equals(discAudio(order)), 'disc audio equals the input');
  });

  it('simulates, then a real burn stages again and records', async () => {
    const env = await sim();
    const simulated = await runWindowsCli(['--simulate', 'track 1.wav'], { cwd: dir.path, env });
    assert.equal(simulated.code, 0, simulated.stderr);
    assert.equal(existsSync(disc), false, 'a simulation writes no disc');
    const real = await runWindowsCli(['--json', 'track 1.wav'], { cwd: dir.path, env });
    assert.equal(real.code, 0, real.stderr);
    assert.ok(jsonLines(real.stdout).some((e) => e.type === 'addProgress'), 'staged again');
    assert.ok((await readFile(disc)).equals(discAudio([tracks[0]!])));
  });

  it('reports an injected fault with its IMAPI name and exit code', async () => {
    const env = await sim({ faults: { lossOfStreamingAtBlock: 100 } });
    const result = await runWindowsCli(['track 1.wav'], { cwd: dir.path, env });
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /IMAPI_E_LOSS_OF_STREAMING, 0x80040227/);
    assert.equal(existsSync(disc), false);
  });

  it('cancels during recording on Ctrl-C: exit 130, no disc', async () => {
    const env = await sim({ timeScale: 1, recorders: [{ vendor: 'WINE', product: 'SLOW', speed: 4 }] });
    const result = await runWindowsCli(['--json', '*.wav'], { cwd: dir.path, env, interruptWhen: (out) => out.includes('"blockProgress"') });
    assert.equal(result.code, 130, result.stderr);
    assert.match(result.stderr, /IMAPI stopped the burn: a CD-R is now unusable/);
    assert.equal(existsSync(disc), false);
  });

  it('writes an image too, with plain output when stdout and stderr are files', async () => {
    const result = await runWindowsCli(['--image', 'win.cue', 'track 1.wav'], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /\u001b\[/, 'no cursor or colour codes');
    assert.match(result.stderr, /Wrote win\.cue and win\.bin/);
    const bin = await readFile(join(dir.path, 'win.bin'));
    assert.ok(bin.subarray(0, tracks[0]!.audio.length).equals(tracks[0]!.audio));
  });

  it('says plainly that IMAPI is not available where nothing is registered, and exits 4', async () => {
    const result = await runWindowsCli(['track 1.wav'], { cwd: dir.path, prefix: 'bare', env: await sim() });
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /IMAPI is not available on this system \(its COM class is not registered\); write a BIN\/CUE disc image instead with --image disc\.cue/);
  });
});
