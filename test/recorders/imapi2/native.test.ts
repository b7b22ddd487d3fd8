import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { SECTOR_BYTES } from '../../../src/disc/red-book.js';
import { hresultHex } from '../../../src/recorders/imapi/hresults.js';
import { decodeQ, qFrames, type QPosition } from '../../helpers/q-frames.js';
import { EVENT2, FLAG, Shim2, type Track2 } from '../../helpers/shim2.js';
import { buildNative, calledMethods, simulator, type SimConfig } from '../../helpers/simulator.js';
import { cdAudio, tempDir } from '../../helpers/wav.js';

const OK = '0x00000000';
const hex = hresultHex;

/** Three tracks of distinct audio, staged in one file as disc-at-once burns them. */
const LENGTHS = [300, 375, 450];
const AUDIO = LENGTHS.map((sectors, i) => cdAudio(sectors * (SECTOR_BYTES / 4), i + 3));
const silence = (sectors: number): Buffer => Buffer.alloc(sectors * SECTOR_BYTES);

/** The shim driven directly, against the IMAPI2 simulator: IMAPI2's rules, call by call. */
describe('IMAPI2 shim and simulator', () => {
  let root: { path: string; remove: () => Promise<void> };
  let staged: string;
  let shim: Shim2 | undefined;
  before(async () => {
    buildNative();
    root = await tempDir();
    staged = join(root.path, 'staged.raw');
    await writeFile(staged, Buffer.concat(AUDIO));
  });
  after(() => root.remove());
  afterEach(async () => {
    await shim?.close();
    shim = undefined;
  });

  const tracks = (): Track2[] => {
    let offset = 0;
    return LENGTHS.map((sectors) => ({ path: staged, offset: (offset += sectors * SECTOR_BYTES) - sectors * SECTOR_BYTES, sectors }));
  };

  /** A directory of its own (state files, outputs) and the simulator configured in it. */
  async function open(config: SimConfig = {}): Promise<{ shim: Shim2; dir: string }> {
    const dir = await mkdtemp(join(root.path, 'run-'));
    const outputs = { discOut: join(dir, 'disc.raw'), discSubOut: join(dir, 'disc.sub'), discTextOut: join(dir, 'disc.cdt'), callLog: join(dir, 'calls.log') };
    Object.assign(process.env, await simulator(dir, { ...outputs, ...config }));
    const opened = await Shim2.open();
    assert.equal(hex(opened.hresult), OK, opened.error);
    shim = opened.shim!;
    return { shim, dir };
  }

  async function prepared(config: SimConfig = {}): Promise<{ shim: Shim2; dir: string }> {
    const run = await open(config);
    const prepare = await run.shim.prepare(0);
    assert.equal(hex(prepare.hresult), OK, run.shim.lastError());
    return run;
  }

  async function burn(s: Shim2, list: Track2[], disableGapless = false): Promise<number[]> {
    assert.equal(hex(await s.imageBegin(disableGapless)), OK, s.lastError());
    for (const t of list) assert.equal(hex((await s.addTrack(t)).hresult), OK, s.lastError());
    const created = await s.create();
    assert.equal(hex(created.hresult), OK, s.lastError());
    assert.equal(hex(await s.write()), OK, s.lastError());
    assert.equal(hex(await s.release()), OK, s.lastError());
    return created.figures;
  }

  it('records three tracks gapless: the program area is the audio, back to back, with the lead-out where the image says', async () => {
    const { shim: s, dir } = await prepared();
    const [leadout, sectors, sectorBytes, lastUsed] = await burn(s, tracks());
    assert.equal(leadout, 1125, 'tracks from LBA 0: 300 + 375 + 450');
    assert.deepEqual([sectors, sectorBytes, lastUsed], [22650 + 1125 + 6750, 2448, 1124], 'cooked: 2352 + 96 bytes a sector');
    assert.ok((await readFile(join(dir, 'disc.raw'))).equals(Buffer.concat(AUDIO)));
    const frames = qFrames(await readFile(join(dir, 'disc.sub')));
    assert.equal(frames.length, 150 + 1125);
    assert.ok(frames.every((f) => f.crcOk), 'every Q frame has its CRC');
    const at = (lba: number) => frames[lba + 150] as QPosition;
    assert.deepEqual([at(-150).track, at(-150).index, at(-1).relative], [1, 0, 1], 'track 1 pregap counts down to its start');
    assert.deepEqual([at(0).track, at(0).index, at(0).relative, at(0).absolute], [1, 1, 0, 150]);
    assert.deepEqual([at(150).track, at(150).index], [2, 0], "gapless: track 2's INDEX 00 is track 1's last 150 sectors");
    assert.deepEqual([at(300).track, at(300).index, at(300).relative], [2, 1, 0]);
    assert.deepEqual([at(1124).track, at(1124).index, at(1124).absolute], [3, 1, 1274]);
  });
});
