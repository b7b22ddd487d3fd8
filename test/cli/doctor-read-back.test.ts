/**
 * `burn-audio doctor` reads back whatever disc is in each drive, through the CLI against the
 * simulator: the TOC, the first sectors, the Q sub-channel, the codes and the CD-TEXT of a disc
 * burned earlier, in --json and as text; a drive without a disc says so; nothing is written.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { SECTOR_BYTES } from '../../src/disc/red-book.js';
import type { ReadBackReport } from '../../src/recorders/description.js';
import { jsonLines, runCli } from '../helpers/cli.js';
import { buildNative, calledMethods, simulator } from '../helpers/simulator.js';
import { tempDir, writeTracks } from '../helpers/wav.js';

const SHEET = [
  'CATALOG 4006381333931',
  'TITLE "Doctor"',
  'PERFORMER "The Drive"',
  'FILE "a.wav" WAVE',
  '  TRACK 01 AUDIO',
  '    TITLE "One"',
  '    ISRC USRC17607839',
  '    INDEX 01 00:00:00',
  '    INDEX 02 00:04:00',
  'FILE "b.wav" WAVE',
  '  TRACK 02 AUDIO',
  '    TITLE "Two"',
  '    INDEX 01 00:00:00',
  '',
].join('\n');

describe('doctor reads back the disc in each drive', () => {
  let dir: { path: string; remove: () => Promise<void> };
  before(async () => {
    buildNative();
    dir = await tempDir();
  });
  after(() => dir.remove());

  it('shows the TOC, the first sectors, the Q sub-channel, the MCN, ISRCs, indexes and CD-TEXT; a drive with no disc says so', async () => {
    const cwd = dir.path;
    await writeTracks(cwd, { 'a.wav': 8, 'b.wav': 6 });
    await writeFile(join(cwd, 'disc.cue'), SHEET);
    const recorders = [{ vendor: 'ALPHA', product: 'ONE' }, { vendor: 'BETA', product: 'TWO', media: 'none' as const }];
    const env = await simulator(cwd, { recorders, callLog: join(cwd, 'calls.log') });
    const burn = await runCli(['--cd-text', 'disc.cue'], { cwd, env });
    assert.equal(burn.code, 0, burn.stderr);
    const image = await runCli(['--image', 'image.cue', 'disc.cue'], { cwd });
    assert.equal(image.code, 0, image.stderr);
    const bin = await readFile(join(cwd, 'image.bin'));
    await writeFile(join(cwd, 'calls.log'), '');

    const doctor = await runCli(['doctor', '--json'], { cwd, env });
    assert.equal(doctor.code, 0, doctor.stderr);
    const report = jsonLines(doctor.stdout).find((e) => e.type === 'doctor') as unknown as { readBack: ReadBackReport[] };
    assert.equal(report.readBack.length, 2);
    const value = (prefix: string): unknown => {
      const found = report.readBack[0]!.steps.find((s) => s.step.startsWith(prefix));
      assert.ok(found?.ok, `${prefix}: ${JSON.stringify(found)}`);
      return found.value;
    };
    assert.deepEqual(value('open'), { route: 'imapi2' });
    assert.equal(value('READ DISC INFORMATION'), 'complete');
    assert.deepEqual(value('READ TOC format 0'), { tracks: [{ number: 1, start: 0, control: 0 }, { number: 2, start: 600, control: 0 }], leadOut: 1050 });
    assert.deepEqual(value('READ TOC format 2'), { sessions: 1, firstTrack: 1, lastTrack: 2, discType: 0, leadOut: 1050, points: 5 });
    const first = bin.subarray(0, 10 * SECTOR_BYTES);
    assert.deepEqual(value('READ CD of 10'), { bytes: first.length, nonZeroBytes: first.filter((b) => b !== 0).length, crc32: crc32(first).toString(16).padStart(8, '0').toUpperCase() });
    const q = value('READ CD with the Q') as Array<{ q: string; position: { track: number; index: number; relative: number } | null }>;
    // LBA 0 carries track 1's ISRC frame (mode 3) in place of its position.
    assert.deepEqual(q.map((f) => f.position && [f.position.track, f.position.index, f.position.relative]), [null, [1, 1, 1], [1, 1, 2], [1, 1, 3]]);
    assert.match(q[0]!.q, /^03/);
    assert.equal(value('READ SUB-CHANNEL format 2'), '4006381333931');
    assert.deepEqual(value('READ SUB-CHANNEL format 3'), [{ track: 1, isrc: 'USRC17607839' }, { track: 2, isrc: null }]);
    assert.deepEqual(value('indexes'), [{ track: 1, later: [300] }, { track: 2, pregap: 450, later: [] }]);
    const cdt = (await readFile(join(cwd, 'image.cdt'))).subarray(4);
    assert.deepEqual(value('READ TOC format 5'), { packs: cdt.length / 18, firstPack: cdt.subarray(0, 18).toString('hex') });
    assert.deepEqual(report.readBack[1]!.steps, [{ step: 'open', ok: false, value: 'there is no disc in BETA TWO: there is nothing to read' }]);
    const methods = (await calledMethods(join(cwd, 'calls.log'))).map((line) => line.split(' ')[0]);
    assert.ok(methods.includes('SendCommandGetDataFromDevice'));
    for (const writer of ['PrepareMedia', 'WriteMedia', 'AcquireExclusiveAccess', 'RecordDisc', 'EjectMedia', 'SendCommandSendDataToDevice']) assert.ok(!methods.includes(writer), `${writer} never called`);

    const text = await runCli(['doctor'], { cwd, env });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Read-back of IMAPI2 recorder 0 \(reading only\): steps: 10$/m);
    assert.match(text.stdout, /^ {4}READ SUB-CHANNEL format 2 \(MCN\) +ok +4006381333931$/m);
    assert.match(text.stdout, /^ {4}open +FAILED there is no disc in BETA TWO: there is nothing to read$/m);
  });
});
