/**
 * Run by Windows node under Wine (imapi2.wine-test.ts), from inside the installed package: burns
 * the staged audio through the shim's IMAPI2 exports, or only asks whether IMAPI2 is there, and
 * prints what each step returned and the events, as one JSON object.
 *   imapi2-burn available
 *   imapi2-burn burn STAGED SECTORS...
 */
import { SECTOR_BYTES } from '../../src/disc/red-book.js';
import { Shim2 } from '../helpers/shim2.js';

const [mode, staged, ...lengths] = process.argv.slice(2);

async function burn(): Promise<Record<string, unknown>> {
  const steps: Record<string, number> = {};
  const opened = await Shim2.open();
  steps.open = opened.hresult;
  if (!opened.shim) return { steps, error: opened.error };
  const s = opened.shim;
  const described = await s.describe(0);
  const prepared = await s.prepare(0, 600);
  steps.prepare = prepared.hresult;
  steps.begin = await s.imageBegin(false);
  let offset = 0;
  for (const [i, sectors] of lengths.map(Number).entries()) {
    steps[`track${i + 1}`] = (await s.addTrack({ path: staged!, offset, sectors, isrc: i === 0 ? 'USSIM2400001' : '' })).hresult;
    offset += sectors * SECTOR_BYTES;
  }
  const image = await s.imageDescribe();
  const created = await s.create();
  steps.create = created.hresult;
  steps.write = await s.write();
  steps.release = await s.release();
  const error = s.lastError();
  await s.close();
  return { steps, error, recorder: JSON.parse(described.json), prepared: JSON.parse(prepared.json), image: JSON.parse(image.json), figures: created.figures, events: s.events };
}

const result = mode === 'available' ? { available: Shim2.available() } : await burn();
process.stdout.write(`${JSON.stringify(result)}\n`);
