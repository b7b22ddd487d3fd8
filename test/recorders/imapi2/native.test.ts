import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { SECTOR_BYTES } from '../../../src/disc/red-book.js';
import { qFrames, type QPosition } from '../../helpers/q-frames.js';
import { imapi2Available, type Imapi2Track, type NativeShim2 } from '../../../src/recorders/imapi/native.js';
import { EVENT2, TRACK_FLAG2 } from '../../../src/recorders/imapi/shim-contract.js';
import { hr, openShim2, track2, type Event2 } from '../../helpers/shim2.js';
import { buildNative, calledMethods, simulator, type SimConfig } from '../../helpers/simulator.js';
import { index01Sectors, runCli } from '../../helpers/cli.js';
import { cdAudio, tempDir, writeTracks } from '../../helpers/wav.js';

const OK = '0x00000000';

/** Three tracks of distinct audio, staged in one file as disc-at-once burns them. */
const LENGTHS = [300, 375, 450];
const AUDIO = LENGTHS.map((sectors, i) => cdAudio(sectors * (SECTOR_BYTES / 4), i + 3));
const silence = (sectors: number): Buffer => Buffer.alloc(sectors * SECTOR_BYTES);

/** The shim driven directly, against the IMAPI2 simulator: IMAPI2's rules, call by call. */
describe('IMAPI2 shim and simulator', () => {
  let root: { path: string; remove: () => Promise<void> };
  let staged: string;
  let shim: NativeShim2 | undefined;
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

  const tracks = (): Imapi2Track[] => {
    let offset = 0;
    return LENGTHS.map((sectors) => track2({ path: staged, offset: (offset += sectors * SECTOR_BYTES) - sectors * SECTOR_BYTES, sectors }));
  };

  /** A directory of its own (state files, outputs) and the simulator configured in it. */
  async function open(config: SimConfig = {}): Promise<{ shim: NativeShim2; events: Event2[]; dir: string }> {
    const dir = await mkdtemp(join(root.path, 'run-'));
    const outputs = { discOut: join(dir, 'disc.raw'), discSubOut: join(dir, 'disc.sub'), discTextOut: join(dir, 'disc.cdt'), callLog: join(dir, 'calls.log') };
    Object.assign(process.env, await simulator(dir, { ...outputs, ...config }));
    const opened = await openShim2();
    assert.equal(hr(opened), OK, opened.result.detail);
    shim = opened.shim!;
    return { shim, events: opened.events, dir };
  }

  async function prepared(config: SimConfig = {}): Promise<{ shim: NativeShim2; events: Event2[]; dir: string }> {
    const run = await open(config);
    assert.equal(hr(await run.shim.prepare(0, -1)), OK, run.shim.lastError());
    return run;
  }

  async function burn(s: NativeShim2, list: Imapi2Track[], disableGapless = false): Promise<number[]> {
    assert.equal(hr(await s.imageBegin(disableGapless, 1)), OK, s.lastError());
    for (const t of list) assert.equal(hr(await s.imageAddTrack(t)), OK, s.lastError());
    const created = await s.imageCreate();
    assert.equal(hr(created), OK, s.lastError());
    assert.equal(hr(await s.write()), OK, s.lastError());
    assert.equal(hr(await s.releaseMedia()), OK, s.lastError());
    return [created.startOfLeadout, created.sectors, created.sectorBytes, created.lastUsedSector];
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

  for (const [gap, disableGapless] of [['0', false], ['2', true]] as const) {
    it(`records the plan --image writes with --gap ${gap} byte for byte: the program area is that BIN`, async () => {
      const { shim: s, dir } = await prepared();
      const wavs = await writeTracks(dir, { 'one.wav': 4, 'two.wav': 5.5, 'three.wav': 4.2 });
      const image = await runCli(['--image', join(dir, 'plan.cue'), '--gap', gap, ...wavs.map((w) => w.path)], { cwd: dir });
      assert.equal(image.code, 0, image.stderr);
      const bin = await readFile(join(dir, 'plan.bin'));
      const starts = index01Sectors(await readFile(join(dir, 'plan.cue'), 'utf8'));
      const ends = [...starts.slice(1).map((start) => start - (disableGapless ? 150 : 0)), bin.length / SECTOR_BYTES];
      const list = starts.map((start, i) => track2({ path: join(dir, 'plan.bin'), offset: start * SECTOR_BYTES, sectors: ends[i]! - start }));
      const [leadout] = await burn(s, list, disableGapless);
      assert.equal(leadout, bin.length / SECTOR_BYTES);
      assert.ok((await readFile(join(dir, 'disc.raw'))).equals(bin));
      assert.equal((JSON.parse((await s.describe(0)).json) as { blank: boolean }).blank, false, 'the disc is recorded');
    });
  }

  it('puts 150 sectors of silence between tracks when gapless audio is disabled, as INDEX 00 of the next track', async () => {
    const { shim: s, dir } = await prepared();
    const [leadout] = await burn(s, tracks(), true);
    assert.equal(leadout, 1125 + 2 * 150);
    assert.ok((await readFile(join(dir, 'disc.raw'))).equals(Buffer.concat([AUDIO[0]!, silence(150), AUDIO[1]!, silence(150), AUDIO[2]!])));
    const at = (lba: number) => frames[lba + 150] as QPosition;
    const frames = qFrames(await readFile(join(dir, 'disc.sub')));
    assert.deepEqual([at(300).track, at(300).index, at(300).relative], [2, 0, 150]);
    assert.deepEqual([at(450).track, at(450).index], [2, 1]);
  });

  it('records a hidden track in the special pregap: its first 150 sectors before LBA 0, track 1 starting after the rest', async () => {
    const { shim: s, dir } = await prepared();
    const hidden = cdAudio(450 * (SECTOR_BYTES / 4), 99);
    const path = join(dir, 'hidden.raw');
    await writeFile(path, hidden);
    assert.equal(hr(await s.imageBegin(false, 1)), OK);
    assert.equal(hr(await s.imageSpecialPregap(path, 0, 450)), OK, s.lastError());
    for (const t of tracks()) assert.equal(hr(await s.imageAddTrack(t)), OK);
    const image = JSON.parse((await s.imageDescribe()).json) as { tracks: Array<{ startingLba: number }> };
    assert.deepEqual(image.tracks.map((t) => t.startingLba), [300, 600, 975]);
    assert.equal(hr(await s.imageCreate()), OK);
    assert.equal(hr(await s.write()), OK, s.lastError());
    assert.ok((await readFile(join(dir, 'disc.raw'))).equals(Buffer.concat([hidden.subarray(150 * SECTOR_BYTES), ...AUDIO])));
    const frames = qFrames(await readFile(join(dir, 'disc.sub')));
    assert.deepEqual([0, 449].map((i) => [(frames[i] as QPosition).track, (frames[i] as QPosition).index]), [[1, 0], [1, 0]]);
    assert.deepEqual([(frames[450] as QPosition).track, (frames[450] as QPosition).index], [1, 1]);
  });

  it('carries ISRC, MCN, indexes, pre-emphasis and the copy bit in the Q subchannel', async () => {
    const { shim: s, dir } = await prepared();
    const [one, two, three] = tracks();
    assert.equal(hr(await s.imageBegin(false, 1)), OK);
    assert.equal(hr(await s.imageAddTrack({ ...one!, isrc: 'US-SIM-24-00001', flags: TRACK_FLAG2.PRE | TRACK_FLAG2.DCP })), OK, s.lastError());
    assert.equal(hr(await s.imageAddTrack({ ...two!, flags: 0, indexes: [75, 200] })), OK, s.lastError());
    assert.equal(hr(await s.imageAddTrack({ ...three!, flags: TRACK_FLAG2.SCMS })), OK, s.lastError());
    assert.equal(hr(await s.imageCatalog('4006381333931')), OK, s.lastError());
    assert.equal(hr(await s.imageCreate()), OK);
    assert.equal(hr(await s.write()), OK, s.lastError());
    const frames = qFrames(await readFile(join(dir, 'disc.sub')));
    const lbaOf = (i: number) => i - 150;
    const mcn = frames.filter((f) => f.adr === 2);
    assert.ok(mcn.length >= 12 && mcn.every((f) => f.adr === 2 && f.mcn === '4006381333931' && f.crcOk));
    const isrc = frames.map((f, i) => [f, lbaOf(i)] as const).filter(([f]) => f.adr === 3);
    assert.ok(isrc.length >= 2 && isrc.every(([f, lba]) => f.adr === 3 && f.isrc === 'USSIM2400001' && lba >= 0 && lba < 150));
    const position = (lba: number) => frames[lba + 150] as QPosition;
    assert.equal(position(10).control, 0x3, 'track 1: copy permitted (0x2) and pre-emphasis (0x1)');
    assert.equal(position(310).control, 0x0, 'track 2: copy prohibited');
    assert.deepEqual([300 + 74, 300 + 76, 300 + 199, 300 + 200].map((lba) => position(lba).index), [1, 2, 2, 3], "INDEX 02 and 03 at their offsets");
    const scms = [680, 684, 688, 692].map((lba) => position(lba).control & 0x2);
    assert.ok(scms.includes(0) && scms.includes(0x2), 'SCMS: the copy bit alternates');
    const positions = frames.filter((f): f is QPosition & { crcOk: boolean } => f.adr === 1);
    assert.ok(positions.every((f, i, all) => i === 0 || f.absolute > all[i - 1]!.absolute), 'absolute time always grows');
  });

  it('refuses what IMAPI2 refuses: indexes too close, a wrong MCN check digit, a malformed ISRC, a short or late special pregap', async () => {
    const { shim: s } = await prepared();
    const [one, two] = tracks();
    assert.equal(hr(await s.imageBegin(false, 1)), OK);
    assert.equal(hr(await s.imageSpecialPregap(staged, 0, 149)), '0x80070057', 'at least 150 sectors');
    assert.equal(hr(await s.imageAddTrack({ ...one!, indexes: [100, 105] })), '0x80AA0A0A', 'indexes ten sectors apart');
    assert.match(s.lastError(), /AddTrackIndex\(105\).*INDEX 03/);
    assert.equal(hr(await s.imageAddTrack({ ...two!, isrc: 'USSIM24000' })), '0x80070057');
    assert.match(s.lastError(), /put_ISRC\(USSIM24000\) failed/);
    assert.equal(hr(await s.imageSpecialPregap(staged, 0, 300)), '0x80AA0A04', 'only before the first track');
    assert.equal(hr(await s.imageCatalog('4006381333932')), '0x80070057', 'the check digit');
    assert.equal(hr(await s.imageCatalog('4006381333931')), OK);
    assert.equal(hr(await s.imageCreate()), OK);
    assert.equal(hr(await s.imageCatalog('4006381333931')), '0x80AA0A00', 'read-only once the image exists');
    assert.equal(hr(await s.imageAddTrack(one!)), '0x80AA0A00');
  });

  it('refuses an image longer than the disc (LastPossibleStartOfLeadout) before writing anything', async () => {
    const { shim: s, dir } = await prepared({ recorders: [{ minutes: 74 }] });
    assert.equal((JSON.parse((await s.describe(0)).json) as { blank: boolean }).blank, true);
    assert.equal(hr(await s.imageBegin(false, 1)), OK);
    assert.equal(hr(await s.imageAddTrack(track2({ path: staged, offset: 0, sectors: 74 * 4500 }))), OK, s.lastError());
    const created = await s.imageCreate();
    assert.equal(hr(created), '0xC0AA0609');
    assert.match(s.lastError(), /lead-out at LBA 333000, the disc's can start at LBA 332850/);
    assert.ok(!(await calledMethods(join(dir, 'calls.log'))).includes('CreateResultImage'));
  });
  it('names the program holding the recorder when PrepareMedia finds it locked, and takes nothing', async () => {
    const { shim: s, dir } = await open({ faults: { lockedBy: 'Nero Burning ROM' } });
    const prepare = await s.prepare(0, -1);
    assert.equal(hr(prepare), '0xC0AA0210', 'E_IMAPI_RECORDER_LOCKED');
    assert.deepEqual(JSON.parse(prepare.json), { exclusiveAccessOwner: 'Nero Burning ROM' });
    assert.match(s.lastError(), /PrepareMedia failed/);
    const described = JSON.parse((await s.describe(0)).json) as { exclusiveAccessOwner: string | null };
    assert.equal(described.exclusiveAccessOwner, 'Nero Burning ROM');
    assert.ok(!(await calledMethods(join(dir, 'calls.log'))).includes('ReleaseMedia'), 'nothing prepared, nothing to release');
  });

  it('reports loss of streaming at the block where it struck, keeps no disc file, spends the CD-R, and releases', async () => {
    const { shim: s, events, dir } = await prepared({ faults: { lossOfStreamingAtBlock: 500 } });
    assert.equal(hr(await s.imageBegin(false, 1)), OK);
    for (const t of tracks()) await s.imageAddTrack(t);
    await s.imageCreate();
    assert.equal(hr(await s.write()), '0xC0AA0300', 'E_IMAPI_LOSS_OF_STREAMING');
    assert.equal(hr(await s.releaseMedia()), OK);
    assert.equal((JSON.parse((await s.describe(0)).json) as { blank: boolean }).blank, false);
    await s.close(); // every event has arrived once the last one has
    shim = undefined;
    const written = events.filter(([kind]) => kind === EVENT2.update).map(([, , lba]) => lba);
    assert.ok(written.length > 0 && written.at(-1)! < 500, `the last LBA reported written (${written.at(-1)}) is before the fault`);
    await assert.rejects(readFile(join(dir, 'disc.raw')));
    assert.deepEqual((await calledMethods(join(dir, 'calls.log'))).filter((l) => /^(PrepareMedia|WriteMedia|ReleaseMedia)/.test(l)), ['PrepareMedia', 'WriteMedia', 'ReleaseMedia']);
  });

  it('finds no disc: put_Recorder refuses an empty tray, and the description says what was asked', async () => {
    const { shim: s } = await open({ recorders: [{ media: 'none' }] });
    const prepare = await s.prepare(0, -1);
    assert.equal(hr(prepare), '0xC0AA0202', 'E_IMAPI_RECORDER_MEDIA_NO_MEDIA');
    assert.match(s.lastError(), /put_Recorder failed/);
    const described = JSON.parse((await s.describe(0)).json) as { mediaType: null; blank: null; calls: Array<{ method: string; hresult: number }> };
    assert.deepEqual([described.mediaType, described.blank], [null, null]);
    assert.deepEqual(described.calls.find((c) => c.method === 'IsCurrentMediaSupported')?.hresult, 0xc0aa0202 - 2 ** 32);
  });

  it('loses the recorder mid-write (removedAtBlock): the write fails, the recorder is gone from the list', async () => {
    const { shim: s } = await prepared({ faults: { removedAtBlock: 200 } });
    assert.equal(hr(await s.imageBegin(false, 1)), OK);
    await s.imageAddTrack(tracks()[0]!);
    await s.imageCreate();
    assert.equal(hr(await s.write()), '0x80070037', 'HRESULT_FROM_WIN32(ERROR_DEV_NOT_EXIST)');
    assert.equal(hr(await s.releaseMedia()), '0x80070037');
    await s.close();
    shim = undefined;
    const again = await open({ faults: { removedAtBlock: 200 } });
    assert.equal(again.shim.recorderCount(), 1, 'a new process sees the recorder plugged in again');
  });

  it('cancels a write in progress (CancelWrite from another thread): E_IMAPI_REQUEST_CANCELLED', async () => {
    const { shim: s, events, dir } = await open({ recorders: [{ pauseAtBlock: { block: 100, reached: join(root.path, 'reached'), resume: join(root.path, 'never') } }] });
    assert.equal(hr(await s.prepare(0, -1)), OK);
    assert.equal(hr(await s.imageBegin(false, 1)), OK);
    for (const t of tracks()) await s.imageAddTrack(t);
    await s.imageCreate();
    const writing = s.write();
    while (!(await readFile(join(root.path, 'reached')).then(() => true, () => false))) await new Promise((r) => setTimeout(r, 20));
    s.cancel();
    assert.equal(hr(await writing), '0xC0AA0002');
    assert.ok((await calledMethods(join(dir, 'calls.log'))).includes('CancelWrite'));
    assert.equal(hr(await s.releaseMedia()), OK);
    await s.close(); // every event has arrived once the last one has
    shim = undefined;
    assert.deepEqual(events.at(-1), [EVENT2.returned, 0xc0aa0002 - 2 ** 32, 0]);
  });

  it('cancels before WriteMedia: ba2_write returns at once, WriteMedia never called', async () => {
    const { shim: s, dir } = await prepared();
    assert.equal(hr(await s.imageBegin(false, 1)), OK);
    await s.imageAddTrack(tracks()[0]!);
    await s.imageCreate();
    s.cancel();
    assert.equal(hr(await s.write()), '0xC0AA0002');
    assert.ok(!(await calledMethods(join(dir, 'calls.log'))).includes('WriteMedia'));
  });

  for (const mode of ['invoke', 'vtable'] as const) {
    it(`delivers progress through the sink's ${mode === 'invoke' ? 'IDispatch::Invoke (DISPID 0x200)' : 'vtable Update'}: the extent, then LBAs up to the last`, async () => {
      const { shim: s, events } = await prepared({ imapi2Events: mode, recorders: [{ leadIn: '97:00:00' }] });
      await burn(s, tracks());
      await s.close();
      shim = undefined;
      const start = 97 * 4500 - 450150;
      const end = 1125 + 6750;
      assert.deepEqual(events[0], [EVENT2.extent, start, end - start], 'StartLba is the disc lead-in, SectorCount lead-in to lead-out');
      const updates = events.filter(([kind]) => kind === EVENT2.update);
      assert.ok(updates.length > 10);
      assert.ok(updates.every(([, action]) => action === 2), 'CurrentAction WRITING');
      assert.deepEqual(updates.at(-1), [EVENT2.update, 2, end - 1]);
      assert.deepEqual(events.at(-1), [EVENT2.returned, 0, 0]);
    });
  }

  it('releases the media whatever follows a successful PrepareMedia: a failure inside ba2_prepare, and ba2_close', async () => {
    const first = await open({ faults: { fail: { method: 'put_RequestedSectorType', hresult: '0xC0AA060E' } } });
    assert.equal(hr(await first.shim.prepare(0, -1)), '0xC0AA060E');
    await first.shim.close();
    shim = undefined;
    const methods = (await calledMethods(join(first.dir, 'calls.log'))).filter((l) => /^(PrepareMedia|ReleaseMedia)/.test(l));
    assert.deepEqual(methods, ['PrepareMedia', 'ReleaseMedia']);
    const second = await prepared();
    await second.shim.close();
    shim = undefined;
    assert.deepEqual((await calledMethods(join(second.dir, 'calls.log'))).filter((l) => /^(PrepareMedia|ReleaseMedia)/.test(l)), ['PrepareMedia', 'ReleaseMedia']);
  });

  it('logs one line per IMAPI2 method, its name first', async () => {
    const { shim: s, dir } = await open();
    assert.equal(hr(await s.prepare(0, 600)), OK);
    await s.releaseMedia();
    const methods = await calledMethods(join(dir, 'calls.log'));
    for (const line of ['get_Count', 'get_Item 0', 'put_ClientName burn-audio', 'SetWriteSpeed 600', 'PrepareMedia', 'get_SupportedSectorTypes', 'put_RequestedSectorType 2', 'ReleaseMedia'])
      assert.ok(methods.includes(line), `${line} in ${methods.join(' | ')}`);
  });

  it('is absent on XP (REGDB_E_CLASSNOTREG) unless IMAPI2 is installed there', async () => {
    const dir = await mkdtemp(join(root.path, 'xp-'));
    Object.assign(process.env, await simulator(dir, { windows: 'xp' }));
    assert.equal(hr(imapi2Available()), '0x80040154');
    Object.assign(process.env, await simulator(dir, { windows: 'xp', imapi2: true }));
    assert.equal(hr(imapi2Available()), OK);
    Object.assign(process.env, await simulator(dir, { faults: { noRecorder: true } }));
    assert.equal(hr(imapi2Available()), '0x00000001', 'S_FALSE: no recorder, an unsupported environment');
  });

  it('writes the CD-TEXT packs into the lead-in R-W, where a reader of the lead-in finds them', async () => {
    const { shim: s, dir } = await prepared();
    const packs = Buffer.concat(Array.from({ length: 6 }, (_, i) => Buffer.from([0x80, i < 3 ? 0 : 1, i, 0x00, ...Buffer.from(`PACK${i}ABCDEFG`), 0x12, 0x34])));
    assert.equal(hr(await s.imageBegin(false, 1)), OK);
    await s.imageAddTrack(tracks()[0]!);
    assert.equal(hr(await s.imageCdText(packs)), OK);
    assert.equal(hr(await s.imageCreate()), OK, s.lastError());
    assert.equal(hr(await s.write()), OK, s.lastError());
    assert.ok((await readFile(join(dir, 'disc.cdt'))).equals(packs));
    assert.ok((await calledMethods(join(dir, 'calls.log'))).includes('AddSubcodeRWGenerator'));
  });

  it('falls back to PQ-only sectors when the drive writes no other: the same Q channel, and no R-W for CD-TEXT', async () => {
    const { shim: s, dir } = await open({ recorders: [{ sectorTypes: [1] }] });
    const prepare = await s.prepare(0, -1);
    assert.equal(hr(prepare), OK);
    assert.deepEqual(JSON.parse(prepare.json), { sectorTypes: [1], sectorType: 1, lastPossibleStartOfLeadout: 359850, currentWriteSpeed: 3600, mediaType: 2, speedResult: 0 });
    assert.equal(hr(await s.imageBegin(false, 1)), OK);
    await s.imageAddTrack(tracks()[0]!);
    assert.equal(hr(await s.imageCdText(Buffer.alloc(18))), OK);
    assert.equal(hr(await s.imageCreate()), '0x80AA0A02', 'AddSubcodeRWGenerator: no R-W in a PQ-only image');
    assert.equal(hr(await s.releaseMedia()), OK);
    assert.equal(hr(await s.prepare(0, -1)), OK);
    const [, , sectorBytes] = await burn(s, tracks().slice(0, 1));
    assert.equal(sectorBytes, 2368, '2352 + 16 bytes a sector');
    const frames = qFrames(await readFile(join(dir, 'disc.sub')));
    assert.ok(frames.every((f) => f.crcOk));
    assert.deepEqual([0, 150, 449].map((i) => [(frames[i] as QPosition).track, (frames[i] as QPosition).index]), [[1, 0], [1, 1], [1, 1]]);
  });

  it('burns the next disc of a recorder\'s list after an eject, and refuses the used one that follows', async () => {
    const { shim: s, dir } = await open({ discOut: join(root.path, 'disc-{disc}.raw'), recorders: [{ discs: ['blank-cdr', 'used-cdr'] }] });
    assert.equal(hr(await s.prepare(0, -1)), OK);
    await burn(s, tracks().slice(0, 1));
    assert.ok((await readFile(join(root.path, 'disc-1.raw'))).equals(AUDIO[0]!));
    assert.equal(hr(await s.eject(0)), OK);
    const next = await s.prepare(0, -1);
    assert.equal(hr(next), '0xC0AA0606', 'E_IMAPI_DF2RAW_MEDIA_IS_NOT_BLANK');
    assert.ok((await calledMethods(join(dir, 'calls.log'))).includes('EjectMedia'));
  });

  it('reads the whole image for --simulate without calling WriteMedia', async () => {
    const { shim: s, events, dir } = await prepared();
    assert.equal(hr(await s.imageBegin(false, 1)), OK);
    for (const t of tracks()) await s.imageAddTrack(t);
    const { sectors } = await s.imageCreate();
    assert.equal(hr(await s.readThrough()), OK, s.lastError());
    await s.close();
    shim = undefined;
    const reads = events.filter(([kind]) => kind === EVENT2.read);
    assert.deepEqual(reads.at(-1), [EVENT2.read, sectors, sectors]);
    assert.ok(!(await calledMethods(join(dir, 'calls.log'))).includes('WriteMedia'));
    await assert.rejects(readFile(join(dir, 'disc.raw')));
  });
});
