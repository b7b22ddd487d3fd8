/**
 * One staging run for the benchmark: hands `minutes` of CD audio, 256 sectors per call, to a
 * recorder and prints {seconds, bytes, maxRssKb} as JSON. Backend `imapi` stages through ffi-rs
 * into the IMAPI simulator (BURN_AUDIO_IMAPI_SIM must name its configuration); backend `image`
 * writes the same blocks into a BIN/CUE image, the reference.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECTOR_BYTES, SECTORS_PER_SECOND } from '../../src/disc/red-book.js';
import { planDisc } from '../../src/disc/plan.js';
import { ImageRecorder } from '../../src/recorders/image-recorder.js';
import { Imapi } from '../../src/recorders/imapi/imapi.js';
import { ImapiRecorder } from '../../src/recorders/imapi/imapi-recorder.js';
import type { Recorder } from '../../src/recorders/recorder.js';
import { STAGE_SECTORS } from '../../src/jobs/stage.js';
import { cdAudio } from '../helpers/wav.js';

const [backend = 'imapi', minutesArg = '10'] = process.argv.slice(2);
const sectors = Number(minutesArg) * 60 * SECTORS_PER_SECOND;
const layout = planDisc([{ path: 'bench.wav', audioBytes: sectors * SECTOR_BYTES }], { gapSectors: 150, capacityMinutes: 80 });
const dir = mkdtempSync(join(tmpdir(), 'burn-audio-stage-'));

async function recorder(): Promise<Recorder> {
  if (backend === 'image') return new ImageRecorder(join(dir, 'bench.cue'), layout, () => undefined);
  const imapi = await Imapi.open(() => undefined);
  const [info] = await imapi.recorders();
  if (!info) throw new Error('the simulator has no recorder');
  return new ImapiRecorder(imapi, info, { gapSectors: 150, stagedTotal: sectors });
}

const target = await recorder();
const block = cdAudio(STAGE_SECTORS * 588, 5);
try {
  await target.open();
  const start = process.hrtime.bigint();
  await target.createTrack(sectors);
  for (let done = 0; done < sectors; done += STAGE_SECTORS) {
    const n = Math.min(STAGE_SECTORS, sectors - done);
    await target.addBlocks(n === STAGE_SECTORS ? block : block.subarray(0, n * SECTOR_BYTES));
  }
  await target.closeTrack();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(JSON.stringify({ seconds, bytes: sectors * SECTOR_BYTES, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
} finally {
  await target.close();
  rmSync(dir, { recursive: true, force: true });
}
