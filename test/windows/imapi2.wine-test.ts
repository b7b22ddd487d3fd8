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
import { EVENT2 } from '../../src/recorders/imapi/shim-contract.js';
import type { Event2 } from '../helpers/shim2.js';
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
  const staged = () => join(dir.path, 'staged.raw');

  before(async () => {
    prepareWine();
    driver = installTestModules(['windows/imapi2-burn.js', 'helpers/shim2.js'])[0]!;
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

  it('says IMAPI2 is not there (REGDB_E_CLASSNOTREG) in a prefix where nothing is registered', async () => {
    const run = await runWindowsNode(driver, ['available'], { cwd: dir.path, prefix: 'bare', env: await sim('bare', {}) });
    waitForWineProcesses('bare');
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { available: number }).available, 0x80040154 - 2 ** 32);
  });
});
