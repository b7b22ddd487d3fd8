/**
 * The disc-at-once recorder and the session over a stand-in for the shim's IMAPI2 (no native
 * code): the calls it makes and their order, what it writes, its events, and how each failure
 * and a cancel end, always with the media released.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { probeTracks, type ProbedTrack } from '../../../src/audio/probe.js';
import { planDisc } from '../../../src/disc/plan.js';
import { trackFacts } from '../../../src/disc/text.js';
import type { DiscLayout } from '../../../src/disc/layout.js';
import { InterruptedError } from '../../../src/errors.js';
import { runForcedExitHooks } from '../../../src/exit-hooks.js';
import type { BurnEvent } from '../../../src/events.js';
import { burnDisc } from '../../../src/jobs/session.js';
import { RECORDERS } from '../../../src/recorders/capabilities.js';
import { ImageRecorder } from '../../../src/recorders/image-recorder.js';
import { ImapiError } from '../../../src/recorders/imapi/imapi-error.js';
import { Imapi2 } from '../../../src/recorders/imapi2/imapi2.js';
import { Imapi2Recorder } from '../../../src/recorders/imapi2/imapi2-recorder.js';
import { FakeImapi2, type FakeOptions } from '../../helpers/fake-imapi2.js';
import { tempDir, writeTracks } from '../../helpers/wav.js';

describe('the IMAPI2 disc-at-once recorder (over a stand-in shim)', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let probed: ProbedTrack[];
  let layout: DiscLayout;
  let bin: Buffer;
  const tmp = (): string => join(dir.path, 'tmp');
  before(async () => {
    dir = await tempDir();
    await mkdir(tmp());
    process.env.TMPDIR = tmp();
    const tracks = await writeTracks(dir.path, { 'a.wav': 5, 'b.wav': 4.5, 'c.wav': 6 });
    probed = await probeTracks(tracks.map((t) => ({ path: t.path, label: t.path })), { onEvent: () => undefined });
    // 1-second gaps: IMAPI v1 could not write them on modern Windows.
    layout = planDisc(trackFacts(probed), { gapSectors: 75, capacityMinutes: 80 });
    const image = join(dir.path, 'image.cue');
    await burnDisc(layout, probed, new ImageRecorder(image, layout, () => undefined), { simulate: false, eject: false });
    bin = await readFile(join(dir.path, 'image.bin'));
  });
  after(() => dir.remove());

  async function burn(options: FakeOptions, run: { speed?: number; dryRun?: boolean; signal?: AbortSignal } = {}) {
    const fake = new FakeImapi2(options);
    const events: BurnEvent[] = [];
    const imapi2 = await Imapi2.open((event) => events.push(event), fake.opener);
    const [info] = await imapi2.recorders();
    const recorder = new Imapi2Recorder(imapi2, info!, { layout, capabilities: RECORDERS.imapi2, speed: run.speed, signal: run.signal });
    const done = burnDisc(layout, probed, recorder, { simulate: run.dryRun ?? false, eject: true, dryRun: run.dryRun ?? false, signal: run.signal, onEvent: (event) => events.push(event) });
    return { fake, events, done };
  }

  it('writes the whole disc at once from the staged audio: what it writes equals the image\'s BIN', async () => {
    const { fake, events, done } = await burn({});
    await done;
    assert.ok(fake.disc?.equals(bin), 'the disc written equals the BIN');
    assert.deepEqual(fake.calls, [
      'open', 'describe 0', 'prepare 0 -1', 'imageBegin false 1',
      `imageAddTrack 150 ${layout.tracks[1]!.start} - 0 []`,
      `imageAddTrack ${150 + layout.tracks[1]!.start} ${layout.tracks[2]!.start - layout.tracks[1]!.start} - 0 []`,
      `imageAddTrack ${150 + layout.tracks[2]!.start} ${layout.tracks[2]!.sectors} - 0 []`,
      'imageCreate', 'write', 'release', 'eject 0', 'close',
    ]);
    const recorder = events.find((e) => e.type === 'recorder');
    assert.deepEqual(recorder, { type: 'recorder', index: 0, name: 'FAKE DAO WRITER', media: 'blank CD-R, 79:58 free', writeSpeed: 48, maxWriteSpeed: 48, recording: 'disc-at-once' });
    const tracks = events.filter((e) => e.type === 'trackProgress').map((e) => (e.type === 'trackProgress' ? e.completed : -1));
    assert.deepEqual(tracks, [0, 1, 2, 3]);
    const staged = events.filter((e) => e.type === 'addProgress');
    assert.ok(staged.length > 0 && staged.at(-1)?.type === 'addProgress' && staged.at(-1)!.completed === staged.at(-1)!.total, 'staging progress ends at its total');
    assert.deepEqual(events.filter((e) => e.type === 'closingDisc' || e.type === 'burnComplete').map((e) => e.type), ['closingDisc', 'burnComplete']);
    assert.deepEqual(await readdir(tmp()), [], 'the staged disc is removed');
  });

  it('asks for --speed through SetWriteSpeed and reports the speed the drive took', async () => {
    const exact = await burn({}, { speed: 20 });
    await exact.done;
    assert.ok(exact.fake.calls.includes('prepare 0 1500'));
    assert.equal(exact.events.find((e) => e.type === 'recorder' && e.writeSpeed === 20)?.type, 'recorder');
    const slower = await burn({}, { speed: 32 });
    await slower.done;
    assert.ok(slower.events.some((e) => e.type === 'warning' && /does not write at 32×; it will write at 24×/.test(e.message)));
  });

  it('a dry run builds the image and reads it through once; it never writes and releases the media', async () => {
    const { fake, done } = await burn({}, { dryRun: true });
    await done;
    assert.deepEqual(fake.calls.slice(-4), ['imageCreate', 'readThrough', 'release', 'close']);
    assert.equal(fake.disc, undefined);
  });

  it('a recorder another program holds: exit 4, naming the program; nothing to release', async () => {
    const { fake, done } = await burn({ prepareFails: { hresult: 0xc0aa0210 | 0, owner: 'Nero Burning ROM' } });
    await assert.rejects(done, (error) => error instanceof ImapiError && error.kind === 'device' && /another program holds the recorder: "Nero Burning ROM"/.test(error.message) && /E_IMAPI_RECORDER_LOCKED, 0xC0AA0210/.test(error.message));
    assert.deepEqual(fake.calls, ['open', 'describe 0', 'prepare 0 -1', 'close']);
  });

  it('loss of streaming: exit 5, the disc said to be spent, the media released', async () => {
    const { fake, done } = await burn({ writeFails: { hresult: 0xc0aa0300 | 0, atLba: 500 } });
    await assert.rejects(done, (error) => error instanceof ImapiError && error.kind === 'burn' && /E_IMAPI_LOSS_OF_STREAMING/.test(error.message) && /probably unusable/.test(error.message));
    assert.deepEqual(fake.calls.slice(-3), ['write', 'release', 'close'], 'no eject of a failed disc');
  });

  it('a forced exit (a second Ctrl-C) while the media is prepared releases it there and then; once released, nothing is left to do', async () => {
    const { fake, done } = await burn({ onLba: { lba: 200, then: runForcedExitHooks } });
    await done;
    runForcedExitHooks();
    assert.equal(fake.calls.filter((call) => call === 'releaseNow').length, 1);
    assert.ok(fake.calls.indexOf('releaseNow') > fake.calls.indexOf('write'));
  });

  it('Ctrl-C while writing: CancelWrite, then the media released, and the run ends as interrupted', async () => {
    const controller = new AbortController();
    const { fake, done } = await burn({ onLba: { lba: 200, then: () => controller.abort(new InterruptedError('SIGINT')) } }, { signal: controller.signal });
    await assert.rejects(done, (error) => error instanceof InterruptedError && /a CD-R is now unusable/.test(error.message));
    assert.deepEqual(fake.calls.slice(-4), ['write', 'cancel', 'release', 'close']);
  });
});
