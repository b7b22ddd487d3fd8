/**
 * The CLI against the two IMAPI v1 behaviours the simulator plays: "modern" (Windows Vista and
 * later, where RecordDisc ignores bSimulate, AudioGapSize and WriteSpeed for audio) and "xp".
 * Each run's callLog shows which IMAPI methods were really called.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonLines, runCli } from '../helpers/cli.js';
import { buildNative, calledMethods, simulator, type SimConfig } from '../helpers/simulator.js';
import { cdAudio, discAudio, tempDir, wavFile, writeTracks } from '../helpers/wav.js';

describe('IMAPI behaviour: modern and XP', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let tracks: Array<{ path: string; audio: Buffer }>;
  let disc: string;
  let callLog: string;
  before(async () => {
    buildNative();
    dir = await tempDir();
    tracks = await writeTracks(dir.path, { 'a.wav': 6.5, 'b.wav': 2, 'c.wav': 5 });
    disc = join(dir.path, 'disc.raw');
    callLog = join(dir.path, 'calls.log');
  });
  after(() => dir.remove());

  async function burn(config: SimConfig, args: string[] = [], json = true) {
    await rm(disc, { force: true });
    await rm(callLog, { force: true });
    const env = await simulator(dir.path, { callLog, ...config });
    return runCli([...(json ? ['--json'] : []), ...args, ...tracks.map((t) => t.path)], { env });
  }
  const methods = async () => (await calledMethods(callLog)).map((line) => line.split(' ')[0]);

  it('modern: --simulate is a dry run that never calls RecordDisc, and says so', async () => {
    const result = await burn({ windows: 'modern' }, ['--simulate']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(existsSync(disc), false, 'no disc written');
    const called = await methods();
    assert.ok(!called.includes('RecordDisc'), `RecordDisc never called: ${called.join(' ')}`);
    assert.ok(called.includes('QueryMediaType') && called.includes('CloseAudioTrack'), 'the media was checked and every track staged');
    assert.equal(called.filter((m) => m === 'CloseAudioTrack').length, 3);
    assert.ok(called.includes('ClearFormatContent'), 'the stash was cleared');
    const events = jsonLines(result.stdout);
    const done = events.find((e) => e.type === 'done');
    assert.equal(done?.dryRun, true);
    assert.equal(done?.simulate, true);
    assert.ok(!events.some((e) => e.type === 'preparingBurn' || e.type === 'burnComplete'));
    const plain = await burn({ windows: 'modern' }, ['--simulate'], false);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stderr, /Dry run complete, without the laser: .*nothing was recorded, because IMAPI on this Windows cannot do a test write/);
  });

  it('xp: --simulate still calls RecordDisc with the laser off', async () => {
    const result = await burn({ windows: 'xp' }, ['--simulate']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(existsSync(disc), false);
    assert.ok((await calledMethods(callLog)).some((line) => /^RecordDisc simulate=1\b/.test(line)));
    const done = jsonLines(result.stdout).find((e) => e.type === 'done');
    assert.equal(done?.dryRun, false);
  });

  it('modern: a real burn holds the input audio byte for byte, its plan shows 2-second gaps, and progress ends at 100%', async () => {
    const layoutOut = join(dir.path, 'layout.json');
    const result = await burn({ windows: 'modern', discLayoutOut: layoutOut });
    assert.equal(result.code, 0, result.stderr);
    assert.ok((await readFile(disc)).equals(discAudio(tracks)), 'disc audio equals the input');
    const events = jsonLines(result.stdout);
    const plan = events.find((e) => e.type === 'plan') as unknown as { layout: { tracks: Array<{ pregapSectors: number; start: number }> } };
    assert.deepEqual(plan.layout.tracks.slice(1).map((t) => t.pregapSectors), [150, 150]);
    const written = JSON.parse(await readFile(layoutOut, 'utf8')) as { recorded: boolean; tracks: Array<{ gapBefore: number; start: number }> };
    assert.equal(written.recorded, true);
    assert.deepEqual(written.tracks.slice(1).map((t) => t.gapBefore), [150, 150], 'the simulator wrote 150-sector gaps');
    assert.deepEqual(written.tracks.map((t) => t.start), plan.layout.tracks.map((t) => t.start), 'the plan shows the disc as written');
    const blocks = events.filter((e) => e.type === 'blockProgress');
    assert.equal(blocks.at(-1)?.completed, blocks.at(-1)?.total, 'block progress ends at its total');
    assert.deepEqual(events.filter((e) => e.type === 'trackProgress').at(-1), { type: 'trackProgress', completed: 3, total: 3 });
    assert.equal(events.find((e) => e.type === 'done')?.dryRun, false);
  });

  it('modern, --tao: --gap 0 and uneven cue-sheet gaps are refused with exit 2 before anything is staged (without --tao they go disc-at-once)', async () => {
    const gapless = await burn({ windows: 'modern' }, ['--tao', '--gap', '0']);
    assert.equal(gapless.code, 2, gapless.stderr);
    assert.match(gapless.stderr, /a gap of 0 s cannot be burned here: IMAPI v1 on this Windows .* always writes 2 s between tracks.*--image/);
    assert.ok(!(await methods()).includes('CreateAudioTrack'), 'nothing staged');
    assert.ok(!jsonLines(gapless.stdout).some((e) => e.type === 'plan'), 'no plan shown for a disc that cannot be written');
    assert.equal(existsSync(disc), false);
    const xp = await burn({ windows: 'xp' }, ['--gap', '0']);
    assert.equal(xp.code, 0, 'XP applies AudioGapSize');
    const sheet = (gaps: string[]) =>
      ['a', 'b', 'c'].map((name, i) => `FILE "${name}.wav" WAVE\n  TRACK 0${i + 1} AUDIO\n${i > 0 ? `    PREGAP ${gaps[i - 1]}\n` : ''}    INDEX 01 00:00:00\n`).join('');
    for (const [gaps, code] of [[['00:01:00', '00:02:00'], 2], [['00:01:00', '00:01:00'], 2], [['00:02:00', '00:02:00'], 0]] as const) {
      const cue = join(dir.path, 'album.cue');
      await writeFile(cue, sheet([...gaps]));
      await rm(callLog, { force: true });
      const env = await simulator(dir.path, { callLog, windows: 'modern' });
      const result = await runCli(['--json', '--tao', cue], { env });
      assert.equal(result.code, code, `${gaps.join(', ')}: ${result.stderr}`);
      if (code === 2) {
        assert.match(result.stderr, /--image/);
        assert.ok(!(await methods()).includes('CreateAudioTrack'), 'nothing staged');
      }
    }
    const dao = await burn({ windows: 'modern' }, ['--gap', '0']);
    assert.equal(dao.code, 0, dao.stderr);
    assert.match(dao.stderr, /gapless tracks 1-3: recording disc-at-once through IMAPI2/);
  });

  it('modern: a rip whose pregaps are 2 s of digital silence burns track-at-once, the silence written as IMAPI\'s own gaps; audible pregap audio goes disc-at-once, and with --tao is refused naming the sheet', async () => {
    const second = 75 * 588 * 4;
    const [one, two, three] = [cdAudio(10 * 75 * 588, 1), cdAudio(8 * 75 * 588, 2), cdAudio(8 * 75 * 588, 3)];
    const rip = (gap: Buffer) => Buffer.concat([one!, gap, two!, gap, three!]);
    const sheet = (wav: string) =>
      `FILE "${wav}" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n  TRACK 02 AUDIO\n    INDEX 00 00:10:00\n    INDEX 01 00:12:00\n` +
      `  TRACK 03 AUDIO\n    INDEX 00 00:20:00\n    INDEX 01 00:22:00\n`;
    await writeFile(join(dir.path, 'quiet.wav'), wavFile(rip(Buffer.alloc(2 * second))));
    await writeFile(join(dir.path, 'quiet.cue'), sheet('quiet.wav'));
    await writeFile(join(dir.path, 'loud.wav'), wavFile(rip(cdAudio(2 * 75 * 588, 4))));
    await writeFile(join(dir.path, 'loud.cue'), sheet('loud.wav'));
    const layoutOut = join(dir.path, 'rip-layout.json');
    for (const [cue, code] of [['quiet.cue', 0], ['loud.cue', 2]] as const) {
      await rm(disc, { force: true });
      await rm(callLog, { force: true });
      const env = await simulator(dir.path, { callLog, windows: 'modern', discLayoutOut: layoutOut });
      const result = await runCli(['--json', '--tao', join(dir.path, cue)], { env });
      assert.equal(result.code, code, `${cue}: ${result.stderr}`);
      if (code === 2) {
        assert.match(result.stderr, /loud\.cue: its tracks follow each other with no silence between them .* always writes 2 s between tracks.*--image/);
        assert.ok(!(await methods()).includes('CreateAudioTrack'), 'nothing staged');
        const dao = await runCli(['--json', join(dir.path, cue)], { env });
        assert.equal(dao.code, 0, dao.stderr);
        assert.match(dao.stderr, /the pregap audio of track 2 and 3: recording disc-at-once through IMAPI2/);
        continue;
      }
      const events = jsonLines(result.stdout);
      const plan = events.find((e) => e.type === 'plan') as unknown as { layout: { tracks: Array<{ pregapSectors: number; pregapAudioSectors: number; tailSectors: number }> } };
      assert.deepEqual(plan.layout.tracks.map((t) => [t.pregapSectors, t.pregapAudioSectors, t.tailSectors]), [[150, 0, 0], [150, 0, 0], [150, 0, 0]]);
      assert.ok(!events.some((e) => e.type === 'warning' && /moves/.test(String(e.message))), 'no pregap audio moved');
      const written = JSON.parse(await readFile(layoutOut, 'utf8')) as { tracks: Array<{ gapBefore: number }> };
      assert.deepEqual(written.tracks.slice(1).map((t) => t.gapBefore), [150, 150]);
      assert.ok((await readFile(disc)).equals(Buffer.concat([one!, two!, three!])), 'the tracks recorded as ripped, the silence as gaps');
    }
  });

  it('modern, --tao: --speed is not set and a warning says so; the recorder event does not claim a speed (without --tao it goes disc-at-once)', async () => {
    const result = await burn({ windows: 'modern', recorders: [{ speed: 52 }] }, ['--tao', '--speed', '16']);
    assert.equal(result.code, 0, result.stderr);
    const events = jsonLines(result.stdout);
    const recorder = events.find((e) => e.type === 'recorder');
    assert.equal(recorder?.writeSpeed, null);
    assert.equal(recorder?.maxWriteSpeed, 52);
    assert.match(result.stderr, /--speed 16: IMAPI v1 on this Windows .* cannot set the write speed .* at most 52×/);
    assert.ok(!(await calledMethods(callLog)).some((line) => line.startsWith('SetRecorderProperties')), 'WriteSpeed left alone');
  });

  it('finds the free blocks with GetAvailableAudioTrackBlocks when QueryMediaInfo fails', async () => {
    const result = await burn({ windows: 'modern', faults: { fail: { method: 'QueryMediaInfo', hresult: '0x8004020E' } } });
    assert.equal(result.code, 0, result.stderr);
    assert.ok((await readFile(disc)).equals(discAudio(tracks)));
    assert.ok((await methods()).includes('GetAvailableAudioTrackBlocks'));
  });

  it('reports a disc as absent on IMAPI_E_MEDIUM_NOTPRESENT from QueryMediaType', async () => {
    const result = await burn({ windows: 'modern', faults: { fail: { method: 'QueryMediaType', hresult: '0x8004020F' } } });
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /no disc in the recorder/);
    assert.equal(existsSync(disc), false);
  });

  it('doctor prints the raw values and HRESULTs IMAPI gives, and never writes', async () => {
    const env = await simulator(dir.path, { callLog, windows: 'modern', recorders: [{ vendor: 'ALPHA', product: 'ONE', media: 'blank-cdr', speed: 40 }, { media: 'none' }] });
    await rm(callLog, { force: true });
    const json = await runCli(['doctor', '--json'], { env });
    assert.equal(json.code, 0, json.stderr);
    const report = jsonLines(json.stdout).find((e) => e.type === 'doctor') as unknown as {
      platform: { behaviour: string; simulator: boolean };
      behaviour: { testWrite: boolean };
      recorders: Array<{ vendor: string; mediaFlags: number; freeBlocks: number; availableAudioTrackBlocks: number; properties: Array<{ name: string; vt: number; value: unknown }>; calls: Array<{ method: string; hresult: number }> }>;
    };
    assert.equal(report.platform.behaviour, 'modern');
    assert.equal(report.platform.simulator, true);
    assert.equal(report.behaviour.testWrite, false);
    const [first, second] = report.recorders;
    assert.equal(first?.vendor, 'ALPHA');
    assert.equal(first?.mediaFlags, 0x5, 'MEDIA_BLANK | MEDIA_WRITABLE');
    assert.equal(first?.freeBlocks, 359_850);
    assert.equal(first?.availableAudioTrackBlocks, 359_850);
    const property = (name: string) => first?.properties.find((p) => p.name === name);
    assert.equal(property('EnableBufferUnderrunFree')?.vt, 3, 'EnableBufferUnderrunFree is VT_I4');
    assert.equal(property('BufferUnderrunFreeCapable')?.vt, 11, 'BufferUnderrunFreeCapable is VT_BOOL');
    assert.equal(property('MaxWriteSpeed')?.value, 40);
    assert.ok(first?.calls.every((c) => c.hresult >= 0), JSON.stringify(first?.calls));
    assert.deepEqual(first?.calls.map((c) => c.method).slice(0, 3), ['GetDisplayNames', 'GetPath', 'GetBasePnPID']);
    assert.equal(second?.mediaFlags, 0);
    const called = await methods();
    for (const writer of ['RecordDisc', 'CreateAudioTrack', 'AddAudioTrackBlocks', 'Erase', 'Eject', 'SetRecorderProperties']) assert.ok(!called.includes(writer), `${writer} never called`);
    const out = join(dir.path, 'report.txt');
    const saved = await runCli(['doctor', '--out', out], { env });
    assert.equal(saved.code, 0, saved.stderr);
    const text = await readFile(out, 'utf8');
    assert.match(text, /IMAPI v1 behaviour assumed: modern/);
    assert.match(text, /^ {4}EnableBufferUnderrunFree +\d+ +VT_I4 /m);
    assert.match(text, /QueryMediaType: type 1, flags 0x5/);
    assert.match(text, /^ {4}QueryMediaInfo +0x00000000 S_OK$/m);
    assert.equal(saved.stdout, '', 'the report went to the file');
    const help = await runCli(['--help']);
    assert.match(help.stdout, /doctor \[options\] +report the raw values IMAPI gives/);
  });
});
