/**
 * Run by Windows node under Wine (imapi2.wine-test.ts), from inside the installed package: burns
 * the staged audio through the shim's IMAPI2 exports, or only asks whether IMAPI2 is there, and
 * prints what each step returned and the events, as one JSON object.
 *   imapi2-burn available
 *   imapi2-burn burn STAGED SECTORS...
 */
import { SECTOR_BYTES } from '../../src/disc/red-book.js';
import { imapi2Available } from '../../src/recorders/imapi/native.js';
import { openShim2, track2 } from '../helpers/shim2.js';

const [mode, staged, ...lengths] = process.argv.slice(2);

async function burn(): Promise<Record<string, unknown>> {
  const steps: Record<string, number> = {};
  const opened = await openShim2();
  steps.open = opened.result.hresult;
  if (!opened.shim) return { steps, error: opened.result.detail };
  const s = opened.shim;
  const described = await s.describe(0);
  const prepared = await s.prepare(0, 600);
  steps.prepare = prepared.result.hresult;
  steps.begin = (await s.imageBegin(false, 1)).hresult;
  let offset = 0;
  for (const [i, sectors] of lengths.map(Number).entries()) {
    steps[`track${i + 1}`] = (await s.imageAddTrack(track2({ path: staged!, offset, sectors, isrc: i === 0 ? 'USSIM2400001' : '' }))).hresult;
    offset += sectors * SECTOR_BYTES;
  }
  const image = await s.imageDescribe();
  const created = await s.imageCreate();
  steps.create = created.result.hresult;
  steps.write = (await s.write()).hresult;
  steps.release = (await s.releaseMedia()).hresult;
  const error = s.lastError();
  await s.close();
  return { steps, error, recorder: JSON.parse(described.json), prepared: JSON.parse(prepared.json), image: JSON.parse(image.json), events: opened.events };
}

const result = mode === 'available' ? { available: imapi2Available().hresult } : await burn();
process.stdout.write(`${JSON.stringify(result)}\n`);
