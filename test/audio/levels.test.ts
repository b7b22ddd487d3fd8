import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planLevels, type LevelFacts } from '../../src/audio/loudness/levels.js';
import type { Loudness } from '../../src/audio/loudness/meter.js';
import type { LevelRequest } from '../../src/disc/layout.js';

/** A track measured at `integrated` LUFS (ten identical blocks) with a true peak of `truePeak` dBTP. */
function measured(integrated: number, truePeak: number, range = 5): LevelFacts {
  const blocks = new Float64Array(10).fill(10 ** ((integrated + 0.691) / 10));
  return { measured: { integrated, truePeak, range, blocks } satisfies Loudness };
}

const silent: LevelFacts = { measured: { integrated: -Infinity, truePeak: -Infinity, range: 0, blocks: new Float64Array(0) } };

const normalize = (changes: Partial<LevelRequest> = {}): LevelRequest => ({ source: 'measure', mode: 'track', target: -14, gain: 0, ceiling: -1, limiter: true, ...changes });

describe('the gain each track gets', () => {
  it('reaches the target with a constant gain when the true peak allows it', () => {
    const [level] = planLevels([measured(-20, -8)], normalize()).tracks;
    assert.deepEqual(level, { loudness: -20, truePeak: -8, loudnessRange: 5, gain: 6, limiterReduction: 0, shortfall: 0 });
  });

  it('lets the limiter take the peaks that stand in the way, up to 6 dB', () => {
    const [level] = planLevels([measured(-30, -12)], normalize()).tracks;
    assert.equal(level!.gain, 16);
    assert.equal(level!.limiterReduction, 5);
    assert.equal(level!.limit, -1);
    assert.equal(level!.shortfall, 0);
  });

  it('stops where the limiter would take more than 6 dB, and says how far short it stays', () => {
    const [level] = planLevels([measured(-30, -5)], normalize()).tracks;
    assert.deepEqual([level!.gain, level!.limiterReduction, level!.shortfall], [10, 6, 6]);
  });

  it('makes up for the loudness the limiter took, as the track measured through it says, within the 6 dB', () => {
    const limited = (lost: number): LevelFacts => ({ ...measured(-30, -12), limited: { gain: 16, blocks: measured(-30 + 16 - lost, 0).measured!.blocks } });
    const [level] = planLevels([limited(0.8)], normalize()).tracks;
    assert.deepEqual([level!.gain, level!.limiterReduction, level!.shortfall], [16.8, 5.8, 0]);
    const [capped] = planLevels([limited(1.5)], normalize()).tracks;
    assert.deepEqual([capped!.gain, capped!.limiterReduction, capped!.shortfall], [17, 6, 0.5]);
  });

  it('with --limiter off, stops at the ceiling, short of the target', () => {
    const [level] = planLevels([measured(-30, -12)], normalize({ limiter: false })).tracks;
    assert.deepEqual([level!.gain, level!.limiterReduction, level!.shortfall, level!.limit], [11, 0, 5, undefined]);
  });

  it('turns a loud master down, whatever its peaks', () => {
    const [level] = planLevels([measured(-8, 0.5)], normalize()).tracks;
    assert.deepEqual([level!.gain, level!.limiterReduction, level!.limit], [-6, 0, undefined]);
  });

  it('leaves a track that cannot be measured as it is, with a note', () => {
    const [level] = planLevels([silent], normalize()).tracks;
    assert.equal(level!.gain, 0);
    assert.equal(level!.loudness, null);
    assert.match(level!.note!, /cannot be measured .*: its level is kept/);
  });

  it('album: one gain for every track, from the pooled blocks, capped by the highest peak; a track too short to measure shares it', () => {
    const plan = planLevels([measured(-20, -3), measured(-30, -20), silent], normalize({ mode: 'album' }));
    assert.ok(Math.abs(plan.loudness! - -22.6) < 0.05, `${plan.loudness}`);
    const gains = plan.tracks.map((track) => track.gain);
    assert.deepEqual(gains, [8, 8, 8]);
    assert.deepEqual(plan.tracks.map((track) => track.limiterReduction), [6, 0, 0]);
    assert.ok(plan.tracks[0]!.shortfall > 0.3);
  });

  it('album: the gain that reaches the target when nothing stands in the way, the balance of the tracks kept', () => {
    const plan = planLevels([measured(-16, -6), measured(-26, -14)], normalize({ mode: 'album' }));
    const [a, b] = plan.tracks;
    assert.equal(a!.gain, b!.gain);
    assert.ok(Math.abs(plan.loudness! + a!.gain - -14) <= 0.02);
  });

  it('ReplayGain: a track tagged at -10 LUFS with a peak goes down 4 dB unmeasured, the limiter watching its peaks', () => {
    const [level] = planLevels([{ tagged: { loudness: -10, peak: -0.5 } }], normalize({ source: 'replaygain' })).tracks;
    assert.deepEqual([level!.gain, level!.loudness, level!.truePeak, level!.loudnessRange, level!.limit], [-4, -10, -0.5, null, -1]);
  });

  it('ReplayGain album: each tagged track gets its album gain, the untagged ones make an album of their own', () => {
    const facts: LevelFacts[] = [{ tagged: { loudness: -12, peak: -3 } }, { tagged: { loudness: -12, peak: -3 } }, measured(-20, -10), measured(-22, -10)];
    const plan = planLevels(facts, normalize({ source: 'replaygain', mode: 'album' }));
    const gains = plan.tracks.map((track) => track.gain);
    assert.deepEqual(gains.slice(0, 2), [-2, -2]);
    assert.equal(gains[2], gains[3]);
    assert.ok(gains[2]! > 6 && gains[2]! < 8);
  });

  it('--gain: the same gain for every track, the limiter (auto) holding the ceiling on peaks nobody measured', () => {
    const plan = planLevels([{}, {}], normalize({ source: 'fixed', gain: -3.25 }));
    for (const level of plan.tracks) assert.deepEqual([level.gain, level.limit, level.limiterReduction, level.loudness], [-3.25, -1, null, null]);
    assert.equal(planLevels([{}], normalize({ source: 'fixed', gain: 2, limiter: false })).tracks[0]!.limit, undefined);
  });
});
