import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { access } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { SECTOR_BYTES } from '../../src/disc/red-book.js';
import { hresultHex } from '../../src/recorders/imapi/hresults.js';
import { NativeShim } from '../../src/recorders/imapi/native.js';
import type { BurnReport, BurnRequest } from './shim-burn.js';
import { simulator, type SimConfig } from './simulator.js';

/** S_OK as `hresultHex` prints it. */
export const OK = '0x00000000';

/**
 * Points the shim at a simulator configured with `config` (in `dir`), opens it with every event
 * pushed to `events`, and selects recorder 0.
 */
export async function openShim(dir: string, config: SimConfig, events: Array<[number, number, number]>): Promise<NativeShim> {
  Object.assign(process.env, await simulator(dir, config));
  const opened = await NativeShim.open((kind, a, b) => events.push([kind, a, b]));
  assert.equal(hresultHex(opened.result.hresult), OK, opened.result.detail);
  const shim = opened.shim!;
  assert.equal(hresultHex((await shim.selectRecorder(0)).hresult), OK);
  return shim;
}

/** Stages `audio` (whole sectors) as one track. */
export async function stageTrack(shim: NativeShim, audio: Buffer): Promise<void> {
  assert.equal(hresultHex((await shim.createTrack(audio.length / SECTOR_BYTES)).hresult), OK);
  assert.equal(hresultHex((await shim.addBlocks(audio)).hresult), OK);
  assert.equal(hresultHex((await shim.closeTrack()).hresult), OK);
}

const BURN = fileURLToPath(new URL('./shim-burn.js', import.meta.url));
const burns = new Set<ChildProcess>();

/** Ends the burns of burnInProcess still running (a test that failed while one waited). */
export function stopBurns(): void {
  for (const child of burns) child.kill('SIGKILL');
  burns.clear();
}

/** A burn through the shim in a process of its own (shim-burn.ts); `exited` resolves with its report. */
export function burnInProcess(request: BurnRequest, env: Record<string, string>): { exited: Promise<BurnReport> } {
  const child = spawn(process.execPath, [BURN, JSON.stringify(request)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  burns.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<BurnReport>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      burns.delete(child);
      if (code === 0) resolve(JSON.parse(stdout) as BurnReport);
      else reject(new Error(`shim-burn exited with ${code}: ${stderr}`));
    });
  });
  return { exited };
}

/**
 * Waits until every file in `paths` exists (the event a burn announces, e.g. pauseAtBlock's
 * `reached`); fails as soon as one of `running` ends first, since then it never will.
 */
export async function untilCreated(paths: string[], running: Array<Promise<unknown>>): Promise<void> {
  let ended: unknown;
  for (const run of running) void run.then((report) => (ended ??= report), (error: unknown) => (ended ??= error));
  for (;;) {
    const present = await Promise.all(paths.map((path) => access(path).then(() => true, () => false)));
    if (present.every(Boolean)) return;
    if (ended !== undefined) throw new Error(`a burn ended before ${paths.join(', ')} existed: ${JSON.stringify(ended instanceof Error ? ended.message : ended)}`);
    await delay(20); // polling for the files: the order comes from them, not from this interval
  }
}
