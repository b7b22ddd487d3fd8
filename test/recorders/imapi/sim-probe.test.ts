import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { simulator, type SimConfig } from '../../helpers/simulator.js';
import { tempDir } from '../../helpers/wav.js';

const NATIVE = fileURLToPath(new URL('../../../../native-bindings/', import.meta.url));
const PROBE_SOURCE = fileURLToPath(new URL('../../../../test/recorders/imapi/sim-probe.c', import.meta.url));
const VT_I4 = 3;
const VT_BOOL = 11;
const E_NOINTERFACE = '0x80004002';
const IMAPI_S_PROPERTIESIGNORED = '0x00040200';

type Line = Record<string, string | number | boolean>;

/** The simulator's COM objects driven directly by a small C program (sim-probe.c), without the shim. */
describe('IMAPI simulator objects, seen from a COM client', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let probe: string;
  before(async () => {
    dir = await tempDir();
    probe = join(dir.path, 'sim-probe');
    const sources = execFileSync('sh', ['build.sh', 'sources'], { cwd: NATIVE, encoding: 'utf8' }).trim().split(/\s+/);
    execFileSync('cc', ['-std=c11', '-Wall', '-Wextra', '-Werror', '-D_GNU_SOURCE', '-pthread', '-o', probe, PROBE_SOURCE, ...sources], { cwd: NATIVE });
  });
  after(() => dir.remove());

  async function run(config: SimConfig, ...args: string[]): Promise<Line[]> {
    const env = { ...process.env, ...(await simulator(dir.path, config)) };
    const out = execFileSync(probe, args, { env, encoding: 'utf8' });
    return out.trim().split('\n').map((line) => JSON.parse(line) as Line);
  }

  it('answers QueryInterface only for the interface each object implements and IUnknown: E_NOINTERFACE and NULL otherwise', async () => {
    const lines = await run({}, 'interfaces');
    const objects = ['IDiscMaster', 'IRedbookDiscMaster', 'IDiscRecorder', 'IEnumDiscRecorders', 'IEnumDiscMasterFormats', 'IPropertyStorage'];
    assert.deepEqual([...new Set(lines.map((l) => l.object))], objects);
    for (const line of lines) {
      const own = line.iid === 'own' || line.iid === 'IUnknown' || line.iid === line.object;
      assert.deepEqual([line.hresult, line.null], own ? ['0x00000000', false] : [E_NOINTERFACE, true], `${line.object} asked for ${line.iid}`);
    }
    assert.ok(lines.some((l) => l.iid === 'IMarshal' && l.object === 'IEnumDiscRecorders'), 'COM asks for IMarshal once marshalled');
  });

  it('lists every recorder property with its type: EnableBufferUnderrunFree is VT_I4, BufferUnderrunFreeCapable VT_BOOL', async () => {
    const lines = await run({ recorders: [{ speed: 40 }] }, 'properties');
    assert.equal(lines[0]?.enum, '0x00000000');
    assert.ok(lines.filter((l) => l.object === 'IEnumSTATPROPSTG' && l.iid === 'IMarshal').every((l) => l.hresult === E_NOINTERFACE));
    const properties = Object.fromEntries(lines.filter((l) => l.property).map((l) => [l.property, [l.vt, l.value]]));
    assert.deepEqual(properties, {
      WriteSpeed: [VT_I4, 40],
      MaxWriteSpeed: [VT_I4, 40],
      AudioGapSize: [VT_I4, 150],
      BufferUnderrunFreeCapable: [VT_BOOL, -1],
      EnableBufferUnderrunFree: [VT_I4, 1],
    });
  });

  function propertiesAfterSet(lines: Line[]): { set: unknown; values: Record<string, unknown> } {
    return { set: lines[0]?.set, values: Object.fromEntries(lines.filter((l) => l.property).map((l) => [l.property, l.value])) };
  }

  it('modern: stores WriteSpeed -1 and any gap up to 225 as given and echoes them back', async () => {
    const { set, values } = propertiesAfterSet(await run({ recorders: [{ speed: 52 }] }, 'set', 'WriteSpeed=3:-1', 'AudioGapSize=3:0', 'EnableBufferUnderrunFree=3:0'));
    assert.equal(set, '0x00000000');
    assert.deepEqual([values.WriteSpeed, values.AudioGapSize, values.EnableBufferUnderrunFree], [-1, 0, 0]);
    const echoed = propertiesAfterSet(await run({ recorders: [{ speed: 52 }] }, 'set', 'WriteSpeed=3:20'));
    assert.equal(echoed.values.WriteSpeed, 20, 'not lowered to a speed the drive offers: never applied');
  });

  it('modern: anything but VT_I4 within the limits gives IMAPI_S_PROPERTIESIGNORED and keeps the old value', async () => {
    const cases: Array<[string, string, number]> = [
      ['AudioGapSize=3:226', 'AudioGapSize', 150],
      ['AudioGapSize=11:0', 'AudioGapSize', 150],
      ['WriteSpeed=3:53', 'WriteSpeed', 52],
      ['WriteSpeed=3:-2', 'WriteSpeed', 52],
      ['EnableBufferUnderrunFree=11:0', 'EnableBufferUnderrunFree', 1],
      ['EnableBufferUnderrunFree=3:2', 'EnableBufferUnderrunFree', 1],
      ['MaxWriteSpeed=3:60', 'MaxWriteSpeed', 52],
    ];
    for (const [write, name, kept] of cases) {
      const { set, values } = propertiesAfterSet(await run({ recorders: [{ speed: 52 }] }, 'set', write));
      assert.equal(set, IMAPI_S_PROPERTIESIGNORED, write);
      assert.equal(values[name], kept, write);
    }
  });

  it('xp: lowers WriteSpeed to a speed the drive offers and applies the gap', async () => {
    const { set, values } = propertiesAfterSet(await run({ windows: 'xp', recorders: [{ speed: 52 }] }, 'set', 'WriteSpeed=3:20', 'AudioGapSize=3:0'));
    assert.equal(set, '0x00000000');
    assert.deepEqual([values.WriteSpeed, values.AudioGapSize], [16, 0]);
    const ignored = propertiesAfterSet(await run({ windows: 'xp' }, 'set', 'AudioGapSize=11:0'));
    assert.equal(ignored.set, IMAPI_S_PROPERTIESIGNORED);
  });

  it('media: no disc gives type and flags 0 and IMAPI_E_MEDIUM_NOTPRESENT; a failing QueryMediaInfo leaves GetAvailableAudioTrackBlocks', async () => {
    const [none] = await run({ recorders: [{ media: 'none' }] }, 'media');
    assert.deepEqual([none?.mediaType, none?.type, none?.flags, none?.mediaInfo], ['0x00000000', 0, 0, '0x8004020F']);
    const [blank] = await run({ recorders: [{ minutes: 74 }] }, 'media');
    assert.deepEqual([blank?.mediaInfo, blank?.freeBlocks, blank?.available, blank?.availableBlocks], ['0x00000000', 74 * 60 * 75 - 150, '0x00000000', 74 * 60 * 75 - 150]);
    const [failing] = await run({ recorders: [{ minutes: 74 }], faults: { fail: { method: 'QueryMediaInfo', hresult: '0x8004020E' } } }, 'media');
    assert.deepEqual([failing?.mediaType, failing?.flags, failing?.mediaInfo], ['0x00000000', 5, '0x8004020E'], 'MEDIA_BLANK | MEDIA_WRITABLE');
    assert.deepEqual([failing?.available, failing?.availableBlocks], ['0x00000000', 74 * 60 * 75 - 150], 'the fallback still answers');
  });

  it('free blocks count the gap the burn will write: modern 150 whatever AudioGapSize says, xp AudioGapSize', async () => {
    const disc = 74 * 60 * 75 - 150;
    const [modern] = await run({ recorders: [{ minutes: 74 }] }, 'room');
    assert.deepEqual(modern, { set: '0x00000000', available: disc - 1 - 150 });
    const [xp] = await run({ windows: 'xp', recorders: [{ minutes: 74 }] }, 'room');
    assert.deepEqual(xp, { set: '0x00000000', available: disc - 1 });
  });

  it('modern: every progress callback arrives on a thread that is not the caller’s; xp: on the caller’s thread', async () => {
    const [modern] = (await run({}, 'burn')).filter((l) => 'record' in l);
    assert.deepEqual(modern, { record: '0x00000000', onCallerThread: 0, elsewhere: modern?.elsewhere });
    assert.ok(Number(modern?.elsewhere) > 5);
    const [xp] = (await run({ windows: 'xp' }, 'burn')).filter((l) => 'record' in l);
    assert.deepEqual(xp, { record: '0x00000000', onCallerThread: xp?.onCallerThread, elsewhere: 0 });
    assert.ok(Number(xp?.onCallerThread) > 5);
  });
});
