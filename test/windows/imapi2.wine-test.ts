/**
 * The IMAPI2 part of the Windows build, under Wine: Windows node.exe and ffi-rs's win32 binary
 * call the MinGW shim DLL's ba2_ exports, which create MsftDiscMaster2, MsftDiscRecorder2,
 * MsftDiscFormat2RawCD and MsftRawCDImageCreator with CoCreateInstance; COM starts the
 * simulator's EXE (registered as their LocalServer32), and every call, BSTR, SAFEARRAY, IStream
 * (the shim's track streams read by the server, the server's image stream handed back to it)
 * and progress callback (through IDispatch::Invoke or the vtable's Update) crosses processes
 * through the widl proxies of idl/imapi2.idl. Run by `npm run test:windows`.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SECTOR_BYTES } from '../../src/disc/red-book.js';
import { qFrames, type QPosition } from '../helpers/q-frames.js';
import { EVENT2, type Event2 } from '../helpers/shim2.js';
import { calledMethods } from '../helpers/simulator.js';
import { cdAudio, tempDir } from '../helpers/wav.js';
import { installTestModules, prepareWine, runWindowsNode, stopWine, waitForWineProcesses, windowsPath } from './wine.js';

const LENGTHS = [300, 450];
const AUDIO = LENGTHS.map((sectors, i) => cdAudio(sectors * (SECTOR_BYTES / 4), i + 11));

interface Burn {
  steps: Record<string, number>;
  error: string;
  recorder: { vendor: string; volumePaths: string[]; writeSpeeds: number[]; blank: boolean };
  prepared: { sectorType: number; currentWriteSpeed: number };
  image: { tracks: Array<{ number: number; startingLba: number; isrc: string | null }> };
  events: Event2[];
}

describe('IMAPI2 in the Windows build under Wine', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let driver: string;
  let reader: string;
  const staged = () => join(dir.path, 'staged.raw');

  before(async () => {
    prepareWine();
    const installed = installTestModules(['windows/imapi2-burn.js', 'windows/read-back.js', 'helpers/shim2.js', 'helpers/recorder-info.js']);
    [driver, reader] = [installed[0]!, installed[1]!];
    dir = await tempDir();
    await writeFile(staged(), Buffer.concat(AUDIO));
  });
  after(async () => {
    stopWine();
    await dir.remove();
  });

  /** A configuration with Windows paths (the server reads them), outputs named after `name`. */
  async function sim(name: string, config: Record<string, unknown>): Promise<Record<string, string>> {
    const path = join(dir.path, `${name}.json`);
    const files = {
      discOut: windowsPath(join(dir.path, `${name}.raw`)),
      discSubOut: windowsPath(join(dir.path, `${name}.sub`)),
      callLog: windowsPath(join(dir.path, `${name}.log`)),
      serverLog: windowsPath(join(dir.path, `${name}.server`)),
    };
    await writeFile(path, JSON.stringify({ ...files, recorders: [{ vendor: 'WINE', product: 'SIM CD-RW', speed: 24 }], ...config }));
    return { BURN_AUDIO_IMAPI_SIM: windowsPath(path) };
  }

  for (const mode of ['invoke', 'vtable'] as const) {
    it(`burns two tracks disc-at-once across processes, progress through ${mode === 'invoke' ? 'IDispatch::Invoke' : 'the vtable Update'}`, async () => {
      const env = await sim(mode, { imapi2Events: mode });
      const run = await runWindowsNode(driver, ['burn', windowsPath(staged()), ...LENGTHS.map(String)], { cwd: dir.path, env });
      waitForWineProcesses();
      assert.equal(run.code, 0, run.stderr);
      const burn = JSON.parse(run.stdout) as Burn;
      assert.ok(Object.values(burn.steps).every((hr) => hr === 0), `${JSON.stringify(burn.steps)}: ${burn.error}`);
      assert.equal(burn.recorder.vendor, 'WINE');
      assert.deepEqual(burn.recorder.volumePaths, ['D:\\'], 'a SAFEARRAY of BSTR VARIANTs came across');
      assert.equal(burn.recorder.writeSpeeds[0], 24 * 75);
      assert.deepEqual([burn.prepared.sectorType, burn.prepared.currentWriteSpeed], [2, 600]);
      assert.deepEqual(burn.image.tracks.map((t) => [t.number, t.startingLba, t.isrc]), [[1, 0, 'USSIM2400001'], [2, 300, null]]);
      assert.ok((await readFile(join(dir.path, `${mode}.raw`))).equals(Buffer.concat(AUDIO)), 'the disc is the staged audio, read by the server through the shim\'s streams');
      const frames = qFrames(await readFile(join(dir.path, `${mode}.sub`)));
      const at = (lba: number) => frames[lba + 150] as QPosition;
      assert.deepEqual([1, 200, 301].map((lba) => [at(lba).track, at(lba).index]), [[1, 1], [2, 0], [2, 1]]);
      const updates = burn.events.filter(([kind]) => kind === EVENT2.update);
      assert.ok(updates.length > 5, 'Update events crossed back into the client');
      assert.deepEqual(updates.at(-1), [EVENT2.update, 2, 750 + 6750 - 1]);
      assert.deepEqual(burn.events.at(-1), [EVENT2.returned, 0, 0]);
      const served = (await readFile(join(dir.path, `${mode}.server`), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { event: string; serverPid: number; serverImage?: string; clientPid?: number });
      const created = served.filter((line) => line.event === 'create');
      assert.ok(created.length >= 4 && created.every((line) => line.serverImage?.endsWith('burn_audio_imapi_sim.exe') && line.clientPid !== line.serverPid), 'served out of process');
      const methods = (await calledMethods(join(dir.path, `${mode}.log`))).map((line) => line.trim());
      assert.ok(['PrepareMedia', 'CreateResultImage', 'Advise', 'WriteMedia', 'Unadvise', 'ReleaseMedia'].every((m) => methods.includes(m)), methods.join(' | '));
    });
  }

  it('a later process reads the disc back through IDiscRecorder2Ex across processes: TOC, ISRC, indexes, samples shifted by the offset, an unreadable sector named', async () => {
    const env = await sim('readback', { readOffsetSamples: 6, faults: { unreadable: [700] } });
    const burned = await runWindowsNode(driver, ['burn', windowsPath(staged()), ...LENGTHS.map(String)], { cwd: dir.path, env });
    waitForWineProcesses();
    assert.equal(burned.code, 0, burned.stderr);
    const out = join(dir.path, 'readback.read');
    const run = await runWindowsNode(reader, [windowsPath(out), '700', '700'], { cwd: dir.path, env });
    waitForWineProcesses();
    assert.equal(run.code, 0, run.stderr);
    const read = JSON.parse(run.stdout) as { route: string; status: string; toc: { tracks: Array<{ number: number; start: number }>; leadOut: number }; mcn: string | null; isrcs: Array<string | null>; indexes: Array<{ pregap?: number; later: number[] }>; failed: { name: string; lba: number } | null };
    assert.equal(read.route, 'imapi2');
    assert.equal(read.status, 'complete');
    assert.deepEqual(read.toc.tracks.map((t) => [t.number, t.start]), [[1, 0], [2, 300]]);
    assert.equal(read.toc.leadOut, 750);
    assert.deepEqual(read.isrcs, ['USSIM2400001', null]);
    assert.equal(read.mcn, null);
    assert.deepEqual(read.indexes, [{ later: [] }, { pregap: 150, later: [] }], 'IMAPI2 marks the 2 s before track 2 as its INDEX 00');
    const disc = Buffer.concat(AUDIO);
    const expected = Buffer.concat([Buffer.alloc(6 * 4), disc.subarray(0, 700 * SECTOR_BYTES - 6 * 4)]);
    assert.ok((await readFile(out)).equals(expected), 'the samples, 6 late, read through the out-of-process server');
    assert.deepEqual(read.failed, { name: 'SectorReadError', lba: 700 }, 'the sense data crossed back');
    const methods = (await calledMethods(join(dir.path, 'readback.log'))).map((line) => line.trim().split(' ')[0]);
    assert.ok(methods.includes('SendCommandGetDataFromDevice'), methods.join(' | '));
  });

  it('says IMAPI2 is not there (REGDB_E_CLASSNOTREG) in a prefix where nothing is registered', async () => {
    const run = await runWindowsNode(driver, ['available'], { cwd: dir.path, prefix: 'bare', env: await sim('bare', {}) });
    waitForWineProcesses('bare');
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { available: number }).available, 0x80040154 - 2 ** 32);
  });
});
