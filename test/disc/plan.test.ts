import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LayoutError } from '../../src/errors.js';
import { planDisc, type PlanOptions } from '../../src/disc/plan.js';
import type { TrackFacts } from '../../src/disc/layout.js';

const SECTOR = 2352;
const options: PlanOptions = { gapSectors: 150, capacityMinutes: 80 };
const tracks = (...sectors: number[]): TrackFacts[] => sectors.map((s, i) => ({ path: `t${i + 1}.wav`, audioBytes: s * SECTOR }));

describe('planDisc', () => {
  const cases: Array<{ name: string; facts: TrackFacts[]; options?: Partial<PlanOptions>; starts: number[]; sectors: number[]; total: number; warnings?: number }> = [
    { name: 'one track starts at LBA 0 after the lead pregap', facts: tracks(1000), starts: [0], sectors: [1000], total: 1150 },
    { name: 'a 2-second gap between tracks', facts: tracks(1000, 500), starts: [0, 1150], sectors: [1000, 500], total: 1800 },
    { name: 'gapless', facts: tracks(1000, 500, 400), options: { gapSectors: 0 }, starts: [0, 1000, 1500], sectors: [1000, 500, 400], total: 2050 },
    { name: 'a custom gap', facts: tracks(400, 400), options: { gapSectors: 75 }, starts: [0, 475], sectors: [400, 400], total: 1025 },
    { name: 'a partial last sector takes a whole one', facts: [{ path: 'a.wav', audioBytes: 400 * SECTOR + 4 }], starts: [0], sectors: [401], total: 551 },
    { name: 'a short track is padded to 300 sectors with a warning', facts: tracks(100, 400), starts: [0, 450], sectors: [300, 400], total: 1000, warnings: 1 },
    { name: '99 tracks fit', facts: tracks(...Array<number>(99).fill(300)), options: { gapSectors: 0 }, starts: Array.from({ length: 99 }, (_, i) => i * 300), sectors: Array<number>(99).fill(300), total: 150 + 99 * 300 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const layout = planDisc(c.facts, { ...options, ...c.options });
      assert.deepEqual(layout.tracks.map((t) => t.start), c.starts);
      assert.deepEqual(layout.tracks.map((t) => t.sectors), c.sectors);
      assert.equal(layout.totalSectors, c.total);
      assert.equal(layout.programSectors, c.total - 150);
      assert.equal(layout.warnings.length, c.warnings ?? 0);
      assert.equal(layout.left[80], 360_000 - c.total);
      assert.equal(layout.left[74], 333_000 - c.total);
    });
  }

  it('gives track 1 the lead pregap and the others the gap', () => {
    const layout = planDisc(tracks(300, 300, 300), { ...options, gapSectors: 30 });
    assert.deepEqual(layout.tracks.map((t) => t.pregapSectors), [150, 30, 30]);
  });

  describe('pregap audio from the source', () => {
    // Track 1 has a hidden track of 450 sectors; track 2 has 75 sectors of audio before INDEX 01 and
    // no PREGAP; track 3 has 150 sectors of PREGAP silence and 30 of audio.
    const facts: TrackFacts[] = [
      { path: 'a', audioBytes: 400 * SECTOR, pregapAudioSectors: 450 },
      { path: 'b', audioBytes: 400 * SECTOR, pregapSectors: 0, pregapAudioSectors: 75 },
      { path: 'c', audioBytes: 400 * SECTOR, pregapSectors: 150, pregapAudioSectors: 30 },
    ];
    const pick = (layout: ReturnType<typeof planDisc>) =>
      layout.tracks.map((t) => [t.start, t.pregapSectors, t.pregapAudioSectors, t.headSectors, t.sectors, t.tailSectors]);

    it('stays in the pregap where the recorder can record it: a hidden track before track 1', () => {
      const layout = planDisc(facts, options);
      assert.deepEqual(pick(layout), [
        [450, 600, 450, 0, 400, 0],
        [450 + 400 + 75, 75, 75, 0, 400, 0],
        [925 + 400 + 180, 180, 30, 0, 400, 0],
      ]);
      assert.equal(layout.programSectors, 1505 + 400);
      assert.equal(layout.totalSectors, 150 + 1905);
    });

    it('ends the track before, and a hidden track begins track 1, where the recorder writes gaps itself', () => {
      const layout = planDisc(facts, { ...options, pregapAudio: false });
      assert.deepEqual(pick(layout), [
        [0, 150, 0, 450, 450 + 400 + 75, 75],
        [925, 0, 0, 0, 400 + 30, 30],
        [925 + 430 + 150, 150, 0, 0, 400, 0],
      ]);
      // The same disc time either way: the audio moved, none was added or lost.
      assert.equal(layout.totalSectors, planDisc(facts, options).totalSectors);
    });
  });

  const errors: Array<{ name: string; facts: TrackFacts[]; options?: Partial<PlanOptions>; code: string; message: RegExp }> = [
    { name: '100 tracks', facts: tracks(...Array<number>(100).fill(300)), code: 'ETOOMANYTRACKS', message: /100 tracks given; an audio CD holds at most 99/ },
    { name: 'one sector over 80 minutes', facts: tracks(360_000 - 150 + 1), code: 'EOVERCAPACITY', message: /80-minute disc holds 80:00/ },
    { name: 'a 74-minute disc', facts: tracks(340_000), options: { capacityMinutes: 74 }, code: 'EOVERCAPACITY', message: /74-minute disc/ },
  ];
  for (const c of errors) {
    it(`refuses ${c.name}`, () => {
      assert.throws(() => planDisc(c.facts, { ...options, ...c.options }), (error: unknown) => {
        assert.ok(error instanceof LayoutError);
        assert.equal(error.code, c.code);
        assert.match(error.message, c.message);
        return true;
      });
    });
  }

  it('fills an 80-minute disc exactly', () => {
    const layout = planDisc(tracks(360_000 - 150), options);
    assert.equal(layout.left[80], 0);
  });

  it('accepts 90-minute media when asked', () => {
    assert.equal(planDisc(tracks(380_000), { ...options, capacityMinutes: 90 }).tracks.length, 1);
  });
});
