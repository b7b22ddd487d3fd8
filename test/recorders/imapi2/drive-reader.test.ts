/**
 * The drive reader (openDriveReader) through the real ffi-rs shim against the simulator: a disc
 * burned by the CLI (IMAPI2 disc-at-once, IMAPI v1 track-at-once) read back in this process
 * (a later one), its table of contents, codes, indexes, CD-TEXT and samples checked against the
 * plan and the BIN of an image of the same inputs; the read offset, unreadable sectors, a
 * corrupted burn, a blank one, a locked drive, no disc, and a disc configured to hold an image.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { DiscLayout } from '../../../src/disc/layout.js';
import { pregapStart } from '../../../src/disc/plan.js';
import { SECTOR_BYTES } from '../../../src/disc/red-book.js';
import { DeviceError } from '../../../src/errors.js';
import { NativeShim2 } from '../../../src/recorders/imapi/native.js';
import { openDriveReader, type DriveReader } from '../../../src/recorders/imapi2/drive-reader.js';
import { SectorReadError } from '../../../src/verify/reader.js';
import { plannedToc } from '../../../src/verify/toc.js';
import { jsonLines, runCli } from '../../helpers/cli.js';
import { simRecorder } from '../../helpers/recorder-info.js';
import { buildNative, simulator, type SimConfig, type SimRecorder } from '../../helpers/simulator.js';
import { tempDir, writeTracks } from '../../helpers/wav.js';

const SIM = 'BURN_AUDIO_IMAPI_SIM';
const FRAME = 4;

/** A sheet with every code a disc can carry: MCN, ISRCs, flags, a gap, INDEX 02 and 03, CD-TEXT. */
const CODES = [
  'CATALOG 4006381333931',
  'TITLE "Read Back"',
  'PERFORMER "The Simulators"',
  'FILE "a.wav" WAVE',
  '  TRACK 01 AUDIO',
  '    TITLE "One"',
  '    FLAGS PRE',
  '    ISRC USRC17607839',
  '    INDEX 01 00:00:00',
  '    INDEX 02 00:05:00',
  'FILE "b.wav" WAVE',
  '  TRACK 02 AUDIO',
  '    TITLE "Two"',
  '    FLAGS DCP',
  '    ISRC GBAYE6900001',
  '    PREGAP 00:03:00',
  '    INDEX 01 00:00:00',
  '    INDEX 02 00:04:00',
  '    INDEX 03 00:07:10',
  'FILE "c.wav" WAVE',
  '  TRACK 03 AUDIO',
  '    TITLE "Three"',
  '    INDEX 01 00:00:00',
  '',
].join('\n');

const RECORDER: SimRecorder = { vendor: 'BURNAUD', product: 'SIM CD-RW' };

/** R[i] = E[i - shift], zeros where that lies outside E (the simulator's readOffsetSamples). */
function shifted(expected: Buffer, shift: number): Buffer {
  const out = Buffer.alloc(expected.length);
  const bytes = shift * FRAME;
  if (bytes >= 0) expected.copy(out, bytes, 0, Math.max(0, expected.length - bytes));
  else expected.copy(out, 0, -bytes);
  return out;
}

describe('the drive reader (openDriveReader) against the simulator', () => {
  let root: { path: string; remove: () => Promise<void> };
  let runs = 0;
  let reader: DriveReader | undefined;
  before(async () => {
    buildNative();
    root = await tempDir();
  });
  after(() => root.remove());
  afterEach(async () => {
    await reader?.close();
    reader = undefined;
    delete process.env[SIM];
  });

  async function folder(): Promise<string> {
    const path = join(root.path, `run-${(runs += 1)}`);
    await mkdir(path);
    await writeTracks(path, { 'a.wav': 12, 'b.wav': 10, 'c.wav': 9 });
    await writeFile(join(path, 'codes.cue'), CODES);
    return path;
  }

  /** Burns `args` through the CLI (another process) under `config`; the plan's layout and the BIN of an image of the same inputs. */
  async function burned(cwd: string, args: string[], config: SimConfig = {}): Promise<{ layout: DiscLayout; bin: Buffer; env: Record<string, string> }> {
    const env = await simulator(cwd, { recorders: [RECORDER], ...config });
    const burn = await runCli(['--json', ...args], { cwd, env });
    assert.equal(burn.code, 0, burn.stderr);
    const plan = jsonLines(burn.stdout).find((e) => e.type === 'plan') as unknown as { layout: DiscLayout };
    const image = await runCli(['--image', 'image.cue', ...args.filter((a) => !['--tao', '--dao', '--cd-text'].includes(a))], { cwd });
    assert.equal(image.code, 0, image.stderr);
    return { layout: plan.layout, bin: await readFile(join(cwd, 'image.bin')), env };
  }

  async function open(env: Record<string, string>): Promise<DriveReader> {
    process.env[SIM] = env[SIM];
    reader = await openDriveReader(simRecorder());
    return reader;
  }

  it('reads back an IMAPI2 disc-at-once burn: its TOC, MCN, ISRCs, indexes and CD-TEXT as planned, every sample as staged', async () => {
    const cwd = await folder();
    const { layout, bin, env } = await burned(cwd, ['--cd-text', 'codes.cue']);
    const drive = await open(env);
    assert.equal(drive.route, 'imapi2');
    const toc = await drive.toc();
    assert.deepEqual(toc, plannedToc(layout));
    assert.deepEqual(toc.tracks.map((t) => t.control), [1, 2, 0], 'PRE, DCP, none');
    assert.equal(await drive.mcn(), '4006381333931');
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => drive.isrc(n))), ['USRC17607839', 'GBAYE6900001', undefined]);
    for (const track of layout.tracks) {
      const read = await drive.indexes(track.number);
      assert.deepEqual(read.later, track.indexes.map((offset) => track.start + offset), `track ${track.number}'s INDEX 02 and later`);
      // IMAPI2 marks the 2 s before every later track as INDEX 00, whatever the gap (track 2's is 3 s).
      assert.equal(read.pregap, track.number === 1 ? undefined : track.start - 150, `track ${track.number}'s INDEX 00`);
    }
    assert.equal(layout.tracks[1]!.pregapSectors, 225, 'the sheet\'s 3 s gap');
    const packs = await drive.cdText();
    assert.ok(packs && packs.equals((await readFile(join(cwd, 'image.cdt'))).subarray(4)), 'the CD-TEXT packs of the image\'s .cdt');
    assert.ok((await drive.read(0, toc.leadOut)).equals(bin), 'the program area equals the image\'s BIN');
  });

  for (const [offset, how] of [[6, '--dao'], [-1164, '--dao'], [6, '--tao'], [-1164, '--tao']] as const) {
    it(`with readOffsetSamples ${offset > 0 ? '+' : ''}${offset} a ${how === '--dao' ? 'disc-at-once' : 'track-at-once'} disc reads back shifted by exactly that, zeros past the edges`, async () => {
      const cwd = await folder();
      const { bin, env } = await burned(cwd, [how, 'a.wav', 'b.wav'], { recorders: [{ ...RECORDER, readOffsetSamples: offset }] });
      const drive = await open(env);
      const { leadOut } = await drive.toc();
      const read = await drive.read(0, leadOut);
      assert.ok(read.equals(shifted(bin, offset)), `the disc reads ${offset} samples off`);
      assert.ok(!read.equals(bin));
      const sector = await drive.read(400, 1);
      assert.ok(sector.equals(shifted(bin, offset).subarray(400 * SECTOR_BYTES, 401 * SECTOR_BYTES)), 'a single sector is shifted alike');
    });
  }

  it('reads back an IMAPI v1 track-at-once burn: its 2 s gaps as each later track\'s INDEX 00, and every sample', async () => {
    const cwd = await folder();
    const { layout, bin, env } = await burned(cwd, ['--tao', 'a.wav', 'b.wav', 'c.wav']);
    const drive = await open(env);
    const toc = await drive.toc();
    assert.deepEqual(toc, plannedToc(layout));
    assert.deepEqual(toc.tracks.map((t) => t.start - (toc.tracks[t.number - 2]?.start ?? 0)), [0, 12 * 75 + 150, 10 * 75 + 150]);
    for (const track of layout.tracks) assert.deepEqual(await drive.indexes(track.number), { ...(track.number > 1 && { pregap: track.start - 150 }), later: [] });
    assert.equal(await drive.mcn(), undefined);
    assert.equal(await drive.isrc(1), undefined);
    assert.equal(await drive.cdText(), undefined);
    assert.ok((await drive.read(0, toc.leadOut)).equals(bin), 'the program area, gaps of silence included, equals the image\'s BIN');
  });

  it('a sector that never reads throws SectorReadError naming it every time; one that fails once reads the second time', async () => {
    const cwd = await folder();
    const { bin, env } = await burned(cwd, ['a.wav', 'b.wav'], { faults: { unreadable: [500], unreadableOnce: [700] } });
    const drive = await open(env);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await assert.rejects(drive.read(490, 26), (error: unknown) => error instanceof SectorReadError && error.lba === 500);
    }
    await assert.rejects(drive.read(690, 20), (error: unknown) => error instanceof SectorReadError && error.lba === 700);
    assert.ok((await drive.read(690, 20)).equals(bin.subarray(690 * SECTOR_BYTES, 710 * SECTOR_BYTES)), 'read again, it holds what was staged');
  });

  it('corruptAtBlock: the disc holds changed samples in that sector only', async () => {
    const cwd = await folder();
    const { bin, env } = await burned(cwd, ['--dao', 'a.wav', 'b.wav'], { faults: { corruptAtBlock: 1000 } });
    const drive = await open(env);
    const read = await drive.read(0, (await drive.toc()).leadOut);
    const differing = [];
    for (let lba = 0; lba * SECTOR_BYTES < bin.length; lba += 1) {
      if (!read.subarray(lba * SECTOR_BYTES, (lba + 1) * SECTOR_BYTES).equals(bin.subarray(lba * SECTOR_BYTES, (lba + 1) * SECTOR_BYTES))) differing.push(lba);
    }
    assert.deepEqual(differing, [1000]);
  });

  it('blankDisc: the burn succeeds and the disc reads back with no table of contents', async () => {
    const cwd = await folder();
    const { env } = await burned(cwd, ['a.wav', 'b.wav'], { faults: { blankDisc: true } });
    const drive = await open(env);
    assert.equal(await drive.discStatus(), 'empty');
    assert.deepEqual(await drive.toc(), { tracks: [], leadOut: 0 });
    assert.equal(await drive.cdText(), undefined);
  });

  it('a drive another program holds, or a burn in this process still holds, refuses to be read: DeviceError naming the holder', async () => {
    const cwd = await folder();
    await open(await simulator(cwd, { recorders: [RECORDER], faults: { lockedBy: 'Nero Burning ROM' } })).catch((error: unknown) => {
      assert.ok(error instanceof DeviceError && /is locked by "Nero Burning ROM"/.test(error.message), String(error));
    });
    assert.equal(reader, undefined, 'not opened');
    process.env[SIM] = (await simulator(cwd, { recorders: [{ ...RECORDER, media: 'blank-cdr' }] }, 'blank.json'))[SIM];
    const { shim } = await NativeShim2.open(() => {});
    try {
      assert.equal((await shim!.prepare(0, -1)).result.hresult, 0, 'PrepareMedia takes the lock');
      await assert.rejects(openDriveReader(simRecorder()), (error: unknown) => error instanceof DeviceError && /is locked by "burn-audio"/.test(error.message));
      await shim!.releaseMedia();
      reader = await openDriveReader(simRecorder());
      assert.deepEqual(await reader.toc(), { tracks: [], leadOut: 0 }, 'released, the blank disc can be read');
    } finally {
      await shim!.close();
    }
  });

  it('a drive that cannot read CD audio: DeviceError saying so; a drive still becoming ready is waited for', async () => {
    const cwd = await folder();
    const { bin } = await burned(cwd, ['a.wav', 'b.wav']);
    // The same configuration file, so the same disc, in a drive that now refuses READ CD of CD-DA.
    process.env[SIM] = (await simulator(cwd, { recorders: [RECORDER], faults: { cannotReadAudio: true } }))[SIM];
    await assert.rejects(openDriveReader(simRecorder()), (error: unknown) => error instanceof DeviceError && /BURNAUD SIM CD-RW cannot read CD audio: it refuses READ CD of CD-DA sectors.*\(illegal request, invalid field in CDB \(05\/24\/00\)\)/.test(error.message));
    process.env[SIM] = (await simulator(cwd, { recorders: [RECORDER], faults: { notReadyCommands: 3 } }))[SIM];
    reader = await openDriveReader(simRecorder());
    assert.ok((await reader.read(0, 10)).equals(bin.subarray(0, 10 * SECTOR_BYTES)));
  });

  it('no disc in the drive: DeviceError saying so', async () => {
    const cwd = await folder();
    process.env[SIM] = (await simulator(cwd, { recorders: [{ ...RECORDER, media: 'none' }] }))[SIM];
    await assert.rejects(openDriveReader(simRecorder()), (error: unknown) => error instanceof DeviceError && /no disc in BURNAUD SIM CD-RW/.test(error.message));
  });

  it('a disc configured to hold a BIN/CUE image reads as that image: its TOC, codes, indexes and samples', async () => {
    const cwd = await folder();
    const image = await runCli(['--json', '--image', 'held.cue', 'codes.cue'], { cwd });
    assert.equal(image.code, 0, image.stderr);
    const layout = (jsonLines(image.stdout).find((e) => e.type === 'plan') as unknown as { layout: DiscLayout }).layout;
    const env = await simulator(cwd, { recorders: [{ ...RECORDER, discs: [{ media: 'used-cdr', image: join(cwd, 'held.cue') }] }] });
    const drive = await open(env);
    assert.deepEqual(await drive.toc(), plannedToc(layout));
    assert.equal(await drive.mcn(), '4006381333931');
    assert.equal(await drive.isrc(2), 'GBAYE6900001');
    assert.deepEqual(await drive.indexes(2), { pregap: pregapStart(layout.tracks[1]!), later: layout.tracks[1]!.indexes.map((o) => layout.tracks[1]!.start + o) });
    assert.ok((await drive.read(0, layout.programSectors)).equals(await readFile(join(cwd, 'held.bin'))));
  });
});
