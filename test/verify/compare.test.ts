import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InterruptedError } from '../../src/errors.js';
import type { BurnEvent } from '../../src/events.js';
import { verifyDisc } from '../../src/verify/compare.js';
import type { VerifyReport } from '../../src/verify/report.js';
import { referenceChecksums } from '../helpers/checksums.js';
import { FakeDisc, noiseDisc, programOf, type FakeDiscOptions } from '../helpers/fake-disc.js';

const SECTOR = 2352;

/** Three tracks of noise with 2-second gaps: 5 s, 6 s and 7 s. */
const disc = noiseDisc([5, 6, 7]);

async function verify(options: FakeDiscOptions, events: BurnEvent[] = [], signal?: AbortSignal): Promise<{ report: VerifyReport; fake: FakeDisc }> {
  const fake = new FakeDisc(disc.layout, disc.program, options);
  const report = await verifyDisc(programOf(disc.layout, disc.program), fake, { onEvent: (e) => events.push(e), signal });
  return { report, fake };
}

/** The audio of track `index` as rippers cut it: INDEX 01 to the next INDEX 01. */
function trackAudio(program: Buffer, index: number): Buffer {
  const { tracks, programSectors } = disc.layout;
  return program.subarray(tracks[index]!.start * SECTOR, (tracks[index + 1]?.start ?? programSectors) * SECTOR);
}

describe('verifying a disc against what was staged', () => {
  it('a disc that reads back exactly is verified, with every track exact and its checksums', async () => {
    const events: BurnEvent[] = [];
    const { report } = await verify({}, events);
    assert.equal(report.verified, true);
    assert.deepEqual(report.offset, { samples: 0, anchors: 3, matched: 3 });
    assert.equal(report.unverifiableSamples, 0);
    assert.equal(report.reReads, 0);
    assert.deepEqual(report.tracks.map((t) => t.status), ['exact', 'exact', 'exact']);
    for (const [i, track] of report.tracks.entries()) {
      const { crc32, crc32NoNulls, accurateRipV1, accurateRipV2 } = track;
      assert.deepEqual({ crc32, crc32NoNulls, accurateRipV1, accurateRipV2 }, referenceChecksums(trackAudio(disc.program, i), i === 0, i === 2));
    }
    const progress = events.filter((e) => e.type === 'verifyProgress');
    assert.deepEqual(progress.at(0), { type: 'verifyProgress', completed: 0, total: disc.layout.programSectors });
    assert.deepEqual(progress.at(-1), { type: 'verifyProgress', completed: disc.layout.programSectors, total: disc.layout.programSectors });
  });

  for (const offset of [6, -1164, 667]) {
    it(`finds a shift of ${offset > 0 ? '+' : ''}${offset} samples, and counts the samples it pushes off the disc as unverifiable`, async () => {
      const { report } = await verify({ offset });
      assert.equal(report.offset.samples, offset);
      assert.equal(report.offset.matched, 3);
      assert.equal(report.verified, true, JSON.stringify(report.tracks));
      assert.equal(report.unverifiableSamples, Math.abs(offset));
      // Later audio on the disc: the last staged samples lie past the lead-out; earlier: the first ones before LBA 0.
      const edge = offset > 0 ? 2 : 0;
      assert.deepEqual(report.tracks.map((t) => t.unverifiableSamples), [0, 1, 2].map((i) => (i === edge ? Math.abs(offset) : 0)));
      // The checksums are of the audio read, shifted back: the samples that could not be read are zeros.
      const read = Buffer.from(disc.program);
      if (offset > 0) read.fill(0, read.length - offset * 4);
      else read.fill(0, 0, -offset * 4);
      const last = report.tracks[2]!;
      const want = referenceChecksums(trackAudio(read, 2), false, true);
      assert.deepEqual({ crc32: last.crc32, accurateRipV1: last.accurateRipV1, accurateRipV2: last.accurateRipV2 }, { crc32: want.crc32, accurateRipV1: want.accurateRipV1, accurateRipV2: want.accurateRipV2 });
    });
  }

  it('a sector that fails once is read again and passes', async () => {
    const { report, fake } = await verify({ failOnce: [800] });
    assert.equal(report.verified, true);
    assert.equal(report.reReads, 1);
    assert.equal(fake.reads.get(800), 2);
  });

  it('a sector that reads wrong once is read again and passes', async () => {
    const { report, fake } = await verify({ wrongOnce: [1000] });
    assert.equal(report.verified, true);
    assert.equal(report.reReads, 1);
    assert.equal(fake.reads.get(1000), 2);
    assert.deepEqual(report.tracks.map((t) => t.status), ['exact', 'exact', 'exact']);
  });

  it('a sector that never reads is tried 3 more times, then named with its time in the track', async () => {
    const lba = disc.layout.tracks[1]!.start + 80;
    const { report, fake } = await verify({ alwaysFail: [lba] });
    assert.equal(report.verified, false);
    assert.equal(fake.reads.get(lba), 1 + 3);
    assert.equal(report.reReads, 3);
    const track = report.tracks[1]!;
    assert.deepEqual({ status: track.status, differing: track.differing, unreadable: track.unreadable, runs: track.runs }, { status: 'differs', differing: 0, unreadable: 1, runs: [{ lba, sectors: 1, time: '0:01.05', kind: 'unreadable' }] });
    assert.deepEqual(report.tracks.map((t) => t.status), ['exact', 'differs', 'exact']);
  });

  it('a changed sample is the one sector that differs, named with its time in the track, whatever the shift', async () => {
    const track = disc.layout.tracks[2]!;
    const frame = (track.start + 300) * 588 + 17;
    const { report } = await verify({ changed: [frame], offset: -1164 });
    assert.equal(report.verified, false);
    assert.equal(report.offset.samples, -1164);
    assert.deepEqual(report.tracks[2]!.runs, [{ lba: track.start + 300, sectors: 1, time: '0:04.00', kind: 'differs' }]);
    assert.equal(report.tracks[2]!.differing, 1);
    assert.deepEqual(report.tracks.map((t) => t.status), ['exact', 'exact', 'differs']);
  });

  it('a difference in a gap belongs to the track after it, at a negative time', async () => {
    const track = disc.layout.tracks[1]!;
    const { report } = await verify({ changed: [(track.start - 75) * 588] });
    assert.deepEqual(report.tracks[1]!.runs, [{ lba: track.start - 75, sectors: 1, time: '-0:01.00', kind: 'differs' }]);
  });

  it('a blank disc is not the disc that was burned, and nothing is read', async () => {
    const { report, fake } = await verify({ blank: true });
    assert.equal(report.verified, false);
    assert.equal(report.sameLayout, false);
    assert.deepEqual(report.toc, ['its table of contents has no track (a blank disc?)']);
    assert.equal(fake.reads.size, 0);
  });

  it('a disc whose tracks start elsewhere is not the disc that was burned', async () => {
    const toc = { tracks: disc.layout.tracks.map((t) => ({ number: t.number, start: t.number === 2 ? t.start + 1 : t.start, control: 0 })), leadOut: disc.layout.programSectors };
    const { report } = await verify({ toc });
    assert.equal(report.sameLayout, false);
    assert.deepEqual(report.toc, ['track 2 starts at 00:09:01 (LBA 526), not 00:09:00 (LBA 525)']);
  });

  it('flags, an MCN and ISRCs the plan does not give are reported, and the samples still compared', async () => {
    const toc = { tracks: disc.layout.tracks.map((t) => ({ number: t.number, start: t.start, control: t.number === 3 ? 0x1 : 0 })), leadOut: disc.layout.programSectors };
    const { report } = await verify({ toc, mcn: '5099708309129', isrc: { 2: 'USRC17607839' } });
    assert.equal(report.verified, false);
    assert.deepEqual(report.toc, ["track 3's flags are PRE, not none", 'its MCN is 5099708309129, not absent', "track 2's ISRC is USRC17607839, not absent"]);
    assert.deepEqual(report.tracks.map((t) => t.status), ['exact', 'exact', 'exact']);
  });

  it('audio shifted further than drives shift it is not searched for at every shift: the wider search says where it is', async () => {
    const { report } = await verify({ offset: 20_000 });
    assert.equal(report.verified, false);
    assert.equal(report.offset.samples, null);
    assert.equal(report.offset.beyond, 20_000);
    assert.match(report.offset.note!, /\+20000 samples away/);
  });

  it('a one-track disc is aligned on several anchors in its track', async () => {
    const one = noiseDisc([10]);
    const report = await verifyDisc(programOf(one.layout, one.program), new FakeDisc(one.layout, one.program, { offset: 102 }), { onEvent: () => {} });
    assert.deepEqual(report.offset, { samples: 102, anchors: 3, matched: 3 });
    assert.equal(report.verified, true);
  });

  it('stopping mid-way says the disc itself is fine', async () => {
    const controller = new AbortController();
    const events: BurnEvent[] = [];
    const stopAt = (event: BurnEvent): void => {
      events.push(event);
      if (event.type === 'verifyProgress' && event.completed > 0) controller.abort(new InterruptedError('SIGINT'));
    };
    const fake = new FakeDisc(disc.layout, disc.program);
    await assert.rejects(verifyDisc(programOf(disc.layout, disc.program), fake, { onEvent: stopAt, signal: controller.signal }), (error) => {
      assert.ok(error instanceof InterruptedError);
      assert.match(error.message, /^interrupted by SIGINT; verifying fake disc stopped before its end; verifying only reads, so the disc itself is fine$/);
      return true;
    });
    assert.ok(Math.max(...fake.reads.keys()) < disc.layout.programSectors - 1, 'the read stopped');
  });
});
