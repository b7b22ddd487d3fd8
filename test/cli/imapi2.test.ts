/**
 * Disc-at-once through IMAPI2, through the CLI against the simulator (ffi-rs → shim → IMAPI2
 * simulator): which IMAPI a plan goes to, what the disc holds (discOut against an image's BIN),
 * what its Q subchannel says (discSubOut, decoded by the test's own reader), the speed, the dry
 * run, CD-TEXT, devices and doctor. Each run's callLog shows which IMAPI methods were called.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonLines, runCli } from '../helpers/cli.js';
import { qFrames, type QFrame, type QPosition } from '../helpers/q-frames.js';
import { buildNative, calledMethods, simulator, type SimConfig } from '../helpers/simulator.js';
import { tempDir, writeLongTrack, writeTracks } from '../helpers/wav.js';

/** LBA -150 is discSubOut's first frame. */
const LEAD_PREGAP = 150;

interface PlannedTrack {
  number: number;
  start: number;
  pregapSectors: number;
  indexes: number[];
  isrc?: string;
  flags: string[];
}

describe('disc-at-once through IMAPI2 (the simulator)', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let runs = 0;
  before(async () => {
    buildNative();
    dir = await tempDir();
  });
  after(() => dir.remove());

  /** A folder of its own per run, with the sheet's WAVs written in it: each file `seconds` of audio unlike the others. */
  async function folder(files: Record<string, number>): Promise<string> {
    const path = join(dir.path, `run-${(runs += 1)}`);
    await mkdir(path);
    await writeTracks(path, files);
    return path;
  }

  async function burn(cwd: string, args: string[], config: SimConfig = {}) {
    const env = await simulator(cwd, { callLog: join(cwd, 'calls.log'), discSubOut: join(cwd, 'disc.sub'), discTextOut: join(cwd, 'disc.cdt'), ...config });
    const result = await runCli(['--json', ...args], { cwd, env });
    const methods = (await calledMethods(join(cwd, 'calls.log'))).map((line) => line.split(' ')[0]!);
    return { result, events: jsonLines(result.stdout), methods, calls: await calledMethods(join(cwd, 'calls.log')) };
  }

  /** The BIN an image of the same inputs gets: the program area as a disc holds it, from LBA 0. */
  async function imageBin(cwd: string, args: string[]): Promise<Buffer> {
    const result = await runCli(['--image', 'image.cue', ...args], { cwd });
    assert.equal(result.code, 0, result.stderr);
    return readFile(join(cwd, 'image.bin'));
  }

  const plannedTracks = (events: Array<Record<string, unknown>>): PlannedTrack[] =>
    (events.find((e) => e.type === 'plan') as unknown as { layout: { tracks: PlannedTrack[] } }).layout.tracks;

  /**
   * Where the Q channel's position frames first say track `track`, index `index`: the LBA of the
   * first such frame, and of the last position frame before it (an MCN or ISRC frame between the
   * two leaves the boundary somewhere in that range).
   */
  function boundary(frames: QFrame[], track: number, index: number): { before: number; first: number } {
    const first = frames.findIndex((f) => f.adr === 1 && f.track === track && f.index === index);
    let before = first - 1;
    while (before >= 0 && frames[before]!.adr !== 1) before -= 1;
    return { before: before - LEAD_PREGAP, first: first - LEAD_PREGAP };
  }

  /** Asserts that track `track`'s index `index` begins at `lba`. */
  function indexAt(frames: QFrame[], track: number, index: number, lba: number): void {
    const { before, first } = boundary(frames, track, index);
    assert.ok(before < lba && lba <= first, `track ${track}, index ${index} at LBA ${lba}: the Q channel changes between ${before} and ${first}`);
  }

  /** Where track `track` starts, from its INDEX 01 frames' relative time: exact whatever frames lie around the boundary. */
  function trackStart(frames: QFrame[], track: number): number {
    const at = frames.findIndex((f) => f.adr === 1 && f.track === track && f.index === 1);
    const frame = frames[at] as QPosition;
    assert.equal(frame.absolute, at, 'the absolute time counts from LBA -150');
    return at - LEAD_PREGAP - frame.relative;
  }

  // One file per track, each track's INDEX 00 (its pregap audio) at the end of the file before: EAC's default "noncompliant" sheet of a gapless album.
  const EAC_GAPLESS = [
    'REM COMMENT "ExactAudioCopy v1.6"',
    'FILE "01.wav" WAVE',
    '  TRACK 01 AUDIO',
    '    INDEX 01 00:00:00',
    '  TRACK 02 AUDIO',
    '    INDEX 00 00:08:00',
    'FILE "02.wav" WAVE',
    '    INDEX 01 00:00:00',
    '  TRACK 03 AUDIO',
    '    INDEX 00 00:06:30',
    'FILE "03.wav" WAVE',
    '    INDEX 01 00:00:00',
    '',
  ].join('\r\n');

  it('a gapless EAC rip burns on modern Windows with no flag: disc-at-once, and the disc equals its image\'s BIN', async () => {
    const cwd = await folder({ '01.wav': 10, '02.wav': 8, '03.wav': 9 });
    await writeFile(join(cwd, 'album.cue'), EAC_GAPLESS);
    const { result, events, methods } = await burn(cwd, ['album.cue']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^warning: gapless tracks 1-3 and the pregap audio of track 2 and 3: recording disc-at-once through IMAPI2$/m);
    assert.ok(methods.includes('WriteMedia') && !methods.includes('RecordDisc'), methods.join(' '));
    assert.ok((await readFile(join(cwd, 'disc.raw'))).equals(await imageBin(cwd, ['album.cue'])), 'discOut equals the BIN');
    assert.deepEqual(events.find((e) => e.type === 'recorder')?.recording, 'disc-at-once');
    assert.deepEqual(events.filter((e) => e.type === 'trackProgress').map((e) => e.completed), [0, 1, 2, 3]);
    const blocks = events.filter((e) => e.type === 'blockProgress');
    assert.equal(blocks.at(-1)?.completed, blocks.at(-1)?.total);
    assert.deepEqual(events.find((e) => e.type === 'done')?.recording, 'disc-at-once');
  });

  it('the Q subchannel holds the plan: every track start and index, the MCN, the ISRCs, pre-emphasis and copy permission', async () => {
    const cwd = await folder({ 'a.wav': 12, 'b.wav': 10, 'c.wav': 9 });
    const sheet = [
      'CATALOG 4006381333931',
      'FILE "a.wav" WAVE',
      '  TRACK 01 AUDIO',
      '    FLAGS PRE',
      '    ISRC USRC17607839',
      '    INDEX 01 00:00:00',
      '    INDEX 02 00:05:00',
      'FILE "b.wav" WAVE',
      '  TRACK 02 AUDIO',
      '    FLAGS DCP',
      '    ISRC GBAYE6900001',
      '    PREGAP 00:03:00',
      '    INDEX 01 00:00:00',
      '    INDEX 02 00:04:00',
      '    INDEX 03 00:07:10',
      'FILE "c.wav" WAVE',
      '  TRACK 03 AUDIO',
      '    FLAGS PRE DCP',
      '    INDEX 01 00:00:00',
      '',
    ].join('\n');
    await writeFile(join(cwd, 'codes.cue'), sheet);
    const { result, events } = await burn(cwd, ['codes.cue']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /a gap of 3 s before track 2, the MCN, the ISRCs, the flags \(PRE, DCP\) and INDEX 02 and later: recording disc-at-once through IMAPI2/);
    const frames = qFrames(await readFile(join(cwd, 'disc.sub')));
    assert.ok(frames.every((f) => f.crcOk), 'every Q frame\'s CRC is right');
    const tracks = plannedTracks(events);
    for (const track of tracks) {
      assert.equal(trackStart(frames, track.number), track.start, `track ${track.number}'s INDEX 01`);
      indexAt(frames, track.number, 1, track.start);
      track.indexes.forEach((offset, i) => indexAt(frames, track.number, i + 2, track.start + offset));
      // IMAPI2 marks the 2 s before each later track as its pregap.
      if (track.number > 1) indexAt(frames, track.number, 0, track.start - 150);
      const own = frames.slice(track.start + LEAD_PREGAP, track.start + LEAD_PREGAP + 600);
      const controls = new Set(own.map((f) => f.control));
      assert.deepEqual([...controls], [(track.flags.includes('PRE') ? 1 : 0) | (track.flags.includes('DCP') ? 2 : 0)], `track ${track.number}'s control bits`);
      const isrcs = new Set(own.filter((f) => f.adr === 3).map((f) => (f.adr === 3 ? f.isrc : '')));
      assert.deepEqual([...isrcs], track.isrc ? [track.isrc] : [], `track ${track.number}'s ISRC`);
    }
    const mcns = new Set(frames.filter((f) => f.adr === 2).map((f) => (f.adr === 2 ? f.mcn : '')));
    assert.deepEqual([...mcns], ['4006381333931']);
    assert.deepEqual(tracks.map((t) => t.indexes.length), [1, 2, 0], 'the plan had every index');
  });

  it('a hidden track lies where the image puts it, before track 1\'s INDEX 01, after the 2 s of lead pregap', async () => {
    const cwd = await folder({ 'hidden.wav': 15, 'two.wav': 6 });
    await writeFile(join(cwd, 'hidden.cue'), 'FILE "hidden.wav" WAVE\n  TRACK 01 AUDIO\n    INDEX 00 00:00:00\n    INDEX 01 00:05:00\nFILE "two.wav" WAVE\n  TRACK 02 AUDIO\n    INDEX 01 00:00:00\n');
    const { result, events, calls } = await burn(cwd, ['hidden.cue']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /the hidden track before track 1: recording disc-at-once through IMAPI2/);
    assert.ok(calls.includes(`AddSpecialPregap ${150 + 375}`), calls.join('\n'));
    assert.ok((await readFile(join(cwd, 'disc.raw'))).equals(await imageBin(cwd, ['hidden.cue'])), 'discOut equals the BIN: the hidden track at its start');
    const frames = qFrames(await readFile(join(cwd, 'disc.sub')));
    assert.equal(plannedTracks(events)[0]!.start, 375);
    indexAt(frames, 1, 0, -150);
    assert.equal(trackStart(frames, 1), 375, 'track 1 starts after the 5 s hidden track');
  });

  it('--speed 8 reaches the recorder: SetWriteSpeed 600 sectors/s, and the drive\'s speed read back (IMAPI v1 on modern Windows could not set it)', async () => {
    const cwd = await folder({ 'a.wav': 5, 'b.wav': 5 });
    const { result, events, calls } = await burn(cwd, ['--speed', '8', 'a.wav', 'b.wav'], { recorders: [{ speed: 24 }] });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^warning: --speed 8: recording disc-at-once through IMAPI2$/m);
    assert.ok(calls.includes('SetWriteSpeed 600'), calls.filter((c) => c.startsWith('SetWriteSpeed')).join(', '));
    const recorder = events.find((e) => e.type === 'recorder');
    assert.equal(recorder?.writeSpeed, 8);
    assert.equal(recorder?.maxWriteSpeed, 24);
  });

  it('--simulate is a dry run: prepared, the image built and read through, released; no WriteMedia, no disc, and it says so', async () => {
    const cwd = await folder({ 'a.wav': 5, 'b.wav': 5 });
    const { result, events, methods } = await burn(cwd, ['--gap', '0', '--simulate', 'a.wav', 'b.wav']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!methods.includes('WriteMedia') && !methods.includes('WriteMedia2'), methods.join(' '));
    for (const method of ['PrepareMedia', 'CreateResultImage', 'ReleaseMedia']) assert.ok(methods.includes(method), `${method} was called`);
    assert.ok(methods.indexOf('ReleaseMedia') > methods.indexOf('CreateResultImage'));
    assert.equal(existsSync(join(cwd, 'disc.raw')), false);
    const done = events.find((e) => e.type === 'done');
    assert.equal(done?.dryRun, true);
    assert.equal(done?.recording, 'disc-at-once');
    const plain = await runCli(['--gap', '0', '--simulate', 'a.wav', 'b.wav'], { cwd, env: await simulator(cwd, {}) });
    assert.match(plain.stderr, /Dry run complete, without the laser: the disc was prepared and checked, the disc-at-once image built and read through once, then the disc released; nothing was recorded \(WriteMedia was never called\), because IMAPI2 has no test write/);
  });

  it('a plan IMAPI v1 writes exactly (2-second gaps of silence) still goes track-at-once through IMAPI v1', async () => {
    const cwd = await folder({ 'a.wav': 5, 'b.wav': 5, 'c.wav': 5 });
    const { result, events, methods } = await burn(cwd, ['a.wav', 'b.wav', 'c.wav']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(methods.includes('RecordDisc'), methods.join(' '));
    // IMAPI2 is not even asked whether it is there (ba2_available's IsSupportedEnvironment).
    for (const method of ['PrepareMedia', 'WriteMedia', 'InitializeDiscRecorder', 'get_IsSupportedEnvironment']) assert.ok(!methods.includes(method), `${method} was not called`);
    assert.doesNotMatch(result.stderr, /disc-at-once/);
    assert.equal(events.find((e) => e.type === 'recorder')?.recording, 'track-at-once');
  });

  it('--dao records disc-at-once whatever the plan; --tao track-at-once, with its refusals; not both', async () => {
    const cwd = await folder({ 'a.wav': 5, 'b.wav': 5 });
    const dao = await burn(cwd, ['--dao', 'a.wav', 'b.wav']);
    assert.equal(dao.result.code, 0, dao.result.stderr);
    assert.match(dao.result.stderr, /--dao: recording disc-at-once through IMAPI2/);
    assert.ok(dao.methods.includes('WriteMedia') && !dao.methods.includes('RecordDisc'));
    assert.ok((await readFile(join(cwd, 'disc.raw'))).equals(await imageBin(cwd, ['a.wav', 'b.wav'])), 'the 2-second gap written as silence in track 1\'s data');
    await rm(join(cwd, 'calls.log'));
    const tao = await burn(cwd, ['--tao', '--gap', '0', 'a.wav', 'b.wav']);
    assert.equal(tao.result.code, 2, tao.result.stderr);
    assert.match(tao.result.stderr, /a gap of 0 s cannot be burned here: IMAPI v1 on this Windows .* always writes 2 s between tracks/);
    assert.ok(!tao.methods.includes('CreateAudioTrack') && !tao.methods.includes('PrepareMedia'), 'nothing staged');
    const both = await runCli(['--tao', '--dao', 'a.wav'], { cwd, env: await simulator(cwd, {}) });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--tao and --dao: give one/);
  });

  it('without IMAPI2 (XP): IMAPI v1 as before, and a plan that needs disc-at-once says why it cannot have it; --dao is refused', async () => {
    const cwd = await folder({ 'a.wav': 5, 'b.wav': 5 });
    await writeFile(join(cwd, 'isrc.cue'), 'FILE "a.wav" WAVE\n  TRACK 01 AUDIO\n    ISRC USRC17607839\n    INDEX 01 00:00:00\nFILE "b.wav" WAVE\n  TRACK 02 AUDIO\n    INDEX 01 00:00:00\n');
    const xp = await burn(cwd, ['isrc.cue'], { windows: 'xp' });
    assert.equal(xp.result.code, 0, xp.result.stderr);
    assert.match(xp.result.stderr, /the ISRC: these need disc-at-once, but IMAPI2 is not available here \(ba2_available: REGDB_E_CLASSNOTREG\): recording track-at-once through IMAPI v1/);
    assert.match(xp.result.stderr, /IMAPI v1 cannot record the ISRC of track 1/);
    assert.ok(xp.methods.includes('RecordDisc'));
    const dao = await burn(cwd, ['--dao', 'isrc.cue'], { windows: 'xp' });
    assert.equal(dao.result.code, 4, dao.result.stderr);
    assert.match(dao.result.stderr, /--dao records disc-at-once through IMAPI2, but IMAPI2 is not available here/);
  });

  it('what IMAPI2 cannot take is said in the plan phase (--strict refuses): 4CH, an index too close, a wrong MCN check digit', async () => {
    const cwd = await folder({ 'a.wav': 8, 'b.wav': 5 });
    await writeFile(join(cwd, 'odd.cue'), 'CATALOG 5099708309129\nFILE "a.wav" WAVE\n  TRACK 01 AUDIO\n    FLAGS 4CH DCP\n    INDEX 01 00:00:00\n    INDEX 02 00:00:05\nFILE "b.wav" WAVE\n  TRACK 02 AUDIO\n    INDEX 01 00:00:00\n');
    const { result, calls } = await burn(cwd, ['odd.cue']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^warning: IMAPI2 cannot record the MCN 5099708309129 \(its check digit is wrong\), the flags \(4CH\) of track 1, INDEX 02 of track 1 \(5 sectors after the index before it; IMAPI2 needs 10\); the disc is burned without them$/m);
    assert.ok(!calls.some((c) => c.startsWith('AddTrackIndex') || c.startsWith('put_MediaCatalogNumber')), 'neither was handed to IMAPI2');
    const strict = await runCli(['--strict', 'odd.cue'], { cwd, env: await simulator(cwd, {}) });
    assert.equal(strict.code, 3, strict.stderr);
    assert.match(strict.stderr, /--strict refuses .*IMAPI2 cannot record the MCN/);
  });

  it('--cd-text puts the image\'s CD-TEXT packs in the lead-in; without it the CD-TEXT is said to be left out', async () => {
    const cwd = await folder({ 'a.wav': 5, 'b.wav': 5 });
    await writeFile(join(cwd, 'text.cue'), 'TITLE "The Album"\nPERFORMER "The Band"\nFILE "a.wav" WAVE\n  TRACK 01 AUDIO\n    TITLE "One"\n    INDEX 01 00:00:00\nFILE "b.wav" WAVE\n  TRACK 02 AUDIO\n    TITLE "Two"\n    INDEX 01 00:00:00\n');
    const without = await burn(cwd, ['text.cue']);
    assert.equal(without.result.code, 0, without.result.stderr);
    assert.match(without.result.stderr, /^warning: IMAPI2 cannot record the CD-TEXT \(TITLE, PERFORMER\); the disc is burned without it$/m);
    assert.ok(!without.methods.includes('AddSubcodeRWGenerator'));
    const withText = await burn(cwd, ['--cd-text', 'text.cue']);
    assert.equal(withText.result.code, 0, withText.result.stderr);
    assert.match(withText.result.stderr, /gapless tracks 1-2 and the CD-TEXT: recording disc-at-once through IMAPI2/);
    assert.doesNotMatch(withText.result.stderr, /cannot record/);
    assert.ok(withText.methods.includes('AddSubcodeRWGenerator'));
    await imageBin(cwd, ['text.cue']);
    const cdt = await readFile(join(cwd, 'image.cdt'));
    assert.ok((await readFile(join(cwd, 'disc.cdt'))).equals(cdt.subarray(4)), 'the lead-in carried the packs of the image\'s .cdt');
  });

  it('no disc, or a disc that is not blank: exit 4 with IMAPI2\'s name for it, nothing staged', async () => {
    const cwd = await folder({ 'a.wav': 5, 'b.wav': 5 });
    for (const [media, words] of [['none', /E_IMAPI_RECORDER_MEDIA_NO_MEDIA/], ['used-cdr', /not blank/]] as const) {
      const { result, methods } = await burn(cwd, ['--gap', '0', 'a.wav', 'b.wav'], { recorders: [{ media }] });
      assert.equal(result.code, 4, result.stderr);
      assert.match(result.stderr, words);
      assert.ok(!methods.includes('WriteMedia'));
      await rm(join(cwd, 'calls.log'));
    }
  });

  it('not enough room: the plan against the prepared disc\'s LastPossibleStartOfLeadout, exit 4 before anything is staged or written', async () => {
    const cwd = await folder({});
    // 75 minutes of audio: fits 80-minute media, not the 74-minute disc in the recorder.
    await writeLongTrack(join(cwd, 'long.wav'), 75 * 60);
    const { result, methods, events } = await burn(cwd, ['--dao', 'long.wav'], { recorders: [{ minutes: 74 }] });
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /the disc has 73:58 free but the tracks need 75:00/);
    assert.ok(!methods.includes('WriteMedia') && !methods.includes('CreateResultImage'), methods.join(' '));
    assert.ok(methods.indexOf('ReleaseMedia') > methods.indexOf('PrepareMedia'), 'released');
    assert.ok(!events.some((e) => e.type === 'addProgress'), 'nothing staged');
    await rm(join(cwd, 'long.wav'));
  });

  it('devices shows each recorder once, with what IMAPI2 says of it; doctor gives every IMAPI2 query and writes nothing', async () => {
    const cwd = await folder({});
    const config: SimConfig = { callLog: join(cwd, 'calls.log'), recorders: [{ vendor: 'ALPHA', product: 'ONE', media: 'blank-cdr', speed: 40 }, { vendor: 'BETA', product: 'TWO', media: 'none' }] };
    const env = await simulator(cwd, config);
    const table = await runCli(['devices'], { env });
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^#  Vendor  Product  Rev  +Path +Media +Drive +IMAPI2 \(disc-at-once\)$/m);
    assert.match(table.stdout, /^0 +ALPHA +ONE +1\.00 +\\Device\\CdRom0 +blank CD-R, 79:58 free +D:\\ +blank CD-R, \d+×(–40×)?$/m);
    assert.match(table.stdout, /^1 +BETA +TWO +1\.00 +\\Device\\CdRom1 +no disc +E:\\ +no disc$/m);
    const json = jsonLines((await runCli(['devices', '--json'], { env })).stdout).find((e) => e.type === 'devices') as unknown as { recorders: Array<{ imapi2?: { uniqueId: string; blank: boolean } }> };
    assert.match(json.recorders[0]?.imapi2?.uniqueId ?? '', /^\\\\\?\\/);
    assert.equal(json.recorders[0]?.imapi2?.blank, true);
    await rm(join(cwd, 'calls.log'));
    const doctor = await runCli(['doctor', '--json'], { env });
    assert.equal(doctor.code, 0, doctor.stderr);
    const report = jsonLines(doctor.stdout).find((e) => e.type === 'doctor') as unknown as { imapi2: { available: number; recorders: Array<{ queries: Array<{ method: string; hresult: number; value: unknown }> }> } };
    assert.equal(report.imapi2.available, 0);
    assert.equal(report.imapi2.recorders.length, 2);
    const query = (name: string) => report.imapi2.recorders[0]?.queries.find((q) => q.method === name);
    assert.equal(query('VendorId')?.value, 'ALPHA');
    assert.equal(query('MediaPhysicallyBlank')?.value, true);
    const methods = (await calledMethods(join(cwd, 'calls.log'))).map((line) => line.split(' ')[0]);
    for (const writer of ['PrepareMedia', 'WriteMedia', 'AcquireExclusiveAccess', 'RecordDisc', 'SetWriteSpeed', 'EjectMedia']) assert.ok(!methods.includes(writer), `${writer} never called`);
    const text = await runCli(['doctor'], { env });
    assert.match(text.stdout, /^IMAPI2 \(disc-at-once\): ba2_available 0x00000000 S_OK; recorders: 2$/m);
    assert.match(text.stdout, /^ {4}VendorId +0x00000000 S_OK +"ALPHA"$/m);
  });
});
