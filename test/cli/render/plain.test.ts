import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { JsonRenderer } from '../../../src/cli/render/json.js';
import { PlainRenderer } from '../../../src/cli/render/plain.js';
import type { RenderTarget } from '../../../src/cli/render/renderer.js';
import type { BurnEvent } from '../../../src/events.js';
import { burnSequence, layoutOf, verifySequence } from '../../helpers/events.js';
import { TERMINALS, rx, type Terminal } from '../../helpers/terminals.js';

/** A clock the test moves: 100 ms before every event, so timing facts are exact. */
function steppingClock(): { now: () => number; tick: () => void } {
  let ms = 0;
  return { now: () => ms, tick: () => (ms += 100) };
}

function render(term: Terminal, events: BurnEvent[], failure?: string, target: RenderTarget = 'disc'): string[] {
  const out = new PassThrough();
  let text = '';
  out.on('data', (b: Buffer) => (text += b.toString()));
  const clock = steppingClock();
  const renderer = new PlainRenderer({ quiet: false, verbose: false, target, unicode: term.unicode }, out, clock.now);
  for (const event of events) {
    clock.tick();
    renderer.onEvent(event);
  }
  if (failure) renderer.fail(failure);
  renderer.close();
  return text.split('\n').filter((l) => l !== '');
}

/** What verifying a 2-track disc found: track 2 differs in one sector and misses one it could not read. */
const damaged = {
  verified: false,
  sameLayout: true,
  toc: [],
  offset: { samples: 6, anchors: 3, matched: 3 },
  sectors: 1350,
  reReads: 4,
  unverifiableSamples: 6,
  tracks: [
    { number: 1, status: 'exact', differing: 0, unreadable: 0, runs: [], unverifiableSamples: 0, crc32: '3E582918', crc32NoNulls: '176747F0', accurateRipV1: '38B0EA79', accurateRipV2: '0D1AEE9B' },
    {
      number: 2,
      status: 'differs',
      differing: 1,
      unreadable: 1,
      runs: [
        { lba: 837, sectors: 1, time: '0:01.37', kind: 'differs' },
        { lba: 900, sectors: 1, time: '0:02.25', kind: 'unreadable' },
      ],
      unverifiableSamples: 6,
      crc32: '10F7EC60',
      crc32NoNulls: '2F02C208',
      accurateRipV1: 'D42B84EB',
      accurateRipV2: '0390DAA2',
    },
  ],
} as const satisfies Parameters<typeof verifySequence>[1];

for (const term of TERMINALS) {
  describe(`PlainRenderer (${term.name})`, () => {
    it('prints one line per step of a one-track burn, with speed and timing', () => {
      const lines = render(term, burnSequence(layoutOf(1)));
      assert.deepEqual(lines.slice(0, 2), ['Disc: 1 track, 0:10 (750 sectors), 79:50 left on an 80-minute disc', 'Staging track 1 of 1: Song 1 (0:00 elapsed)']);
      assert.match(lines[2]!, rx`^Staged 1 track, \d+\.\d${term.times} \(\d+\.\d MB\/s\), 0:00 elapsed$`);
      assert.deepEqual(lines.slice(3, 5), ['Preparing to record', 'Recording track 1 of 1: Song 1']);
      assert.match(lines[5]!, /^Track 1 of 1 written \(0:00 elapsed\)$/);
      assert.deepEqual(lines.slice(6, 8), ['Closing the disc', 'Wrote d.cue and d.bin']);
      assert.match(lines[8]!, rx`^ {2}1 track, 0:10, recorded in 0:00 at \d+\.\d${term.times} \(\d+\.\d MB\/s\) on average; 0:01 in all$`);
      assert.equal(lines.length, 9);
    });

    it('says an image is written, not recorded', () => {
      const lines = render(term, burnSequence(layoutOf(2)), undefined, 'image');
      assert.equal(lines[1], 'Writing track 1 of 2: Song 1 (0:00 elapsed)');
      assert.ok(!lines.some((l) => /record|Closing the disc|Staging/i.test(l)), lines.join('\n'));
      assert.match(lines.at(-1)!, rx`2 tracks, 0:2\d, written in 0:\d\d at [\d.]+${term.times} \([\d.]+ MB\/s\) on average`);
    });

    it('gives the speed and the time left once a phase has run half a second', () => {
      const layout = layoutOf(3, 7500);
      const events: BurnEvent[] = [{ type: 'plan', layout }, { type: 'addProgress', completed: 0, total: 22_500 }];
      // 100 ms per event, 750 blocks (10 s of audio) each: 100×.
      for (let done = 750; done <= 22_500; done += 750) events.push({ type: 'addProgress', completed: done, total: 22_500 });
      const lines = render(term, events);
      assert.equal(lines.at(-1), `Staging track 3 of 3: Song 3 (100${term.times} (17.6 MB/s), 0:02 elapsed, 0:01 left)`);
    });

    it('follows NotifyTrackProgress through 99 tracks without a track 100', () => {
      const lines = render(term, burnSequence(layoutOf(99, 300)));
      assert.equal(lines.filter((l) => /^Track \d+ of 99 written/.test(l)).length, 99);
      assert.equal(lines.filter((l) => /^Recording track \d+ of 99/.test(l)).length, 99);
      assert.ok(!lines.some((l) => l.includes('track 100')));
      assert.equal(lines.filter((l) => l.startsWith('Staging track')).length, 99);
    });

    it('stops at the track a cancel interrupted, then reports the error', () => {
      const lines = render(term, burnSequence(layoutOf(5), 2), 'interrupted by SIGINT');
      assert.match(lines.at(-3)!, /^Track 2 of 5 written/);
      assert.deepEqual(lines.slice(-2), ['Recording track 3 of 5: Song 3', 'burn-audio: interrupted by SIGINT']);
      assert.ok(!lines.some((l) => l.startsWith('Track 3 of 5 written')));
      assert.ok(!lines.includes('Closing the disc'));
    });

    it('counts the warnings again at the end', () => {
      const [plan, ...rest] = burnSequence(layoutOf(1));
      const lines = render(term, [plan!, { type: 'warning', message: 'one' }, { type: 'warning', message: 'two' }, ...rest]);
      assert.equal(lines.at(-1), '  2 warnings (above)');
    });

    it('strips escape sequences and newlines from titles and messages', () => {
      const layout = layoutOf(1);
      layout.tracks[0]!.title = 'Evil\u001b[2J\nTrack 1 of 1 written';
      const lines = render(term, [...burnSequence(layout), { type: 'warning', message: 'x\u001b]0;pwned\u0007y' }]);
      assert.ok(lines.every((l) => !/[\u0000-\u001f]/.test(l)));
      assert.equal(lines.filter((l) => l.startsWith('Track 1 of 1 written')).length, 1);
    });
  });

  describe(`PlainRenderer, verifying (${term.name})`, () => {
    it('names each track as it is verified, then what matched: the shift, re-reads, and each track with its checksums', () => {
      const lines = render(term, verifySequence(layoutOf(2), damaged), 'image d.cue does not read back as staged: track 2: ...', 'image');
      assert.deepEqual(lines.slice(1, 3), ['Verifying track 1 of 2: Song 1 (0:00 elapsed)', 'Verifying track 2 of 2: Song 2 (0:00 elapsed)']);
      assert.deepEqual(lines.slice(3), [
        'Not verified: image d.cue does not read back as staged',
        "  offset +6 samples; 4 re-reads; 6 samples past the disc's edges at this offset, not verifiable",
        '  track 1: exact; CRC32 3E582918 (without null samples 176747F0), AccurateRip v1 38B0EA79, v2 0D1AEE9B',
        '  track 2: 1 sector differs at 0:01.37; 1 sector cannot be read at 0:02.25; CRC32 10F7EC60 (without null samples 2F02C208), AccurateRip v1 D42B84EB, v2 0390DAA2',
        'burn-audio: image d.cue does not read back as staged: track 2: ...',
      ]);
    });

    it('says when the disc is not the one that was burned, and why', () => {
      const other = { ...damaged, sameLayout: false, toc: ['it has 3 tracks, the tracks given make 2'], offset: { samples: null, anchors: 0, matched: 0 }, tracks: [] };
      const lines = render(term, verifySequence(layoutOf(2), other));
      assert.deepEqual(lines.slice(-2), ['Not verified: image d.cue is not the disc that was burned', '  it has 3 tracks, the tracks given make 2']);
    });
  });
}

describe('JsonRenderer', () => {
  it('adds speed and timing to verifyProgress, and gives the report as the verified record', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (b: Buffer) => (text += b.toString()));
    const renderer = new JsonRenderer(out, steppingClock().now, 'image');
    for (const event of verifySequence(layoutOf(2), damaged)) renderer.onEvent(event);
    const records = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(Object.keys(records.find((r) => r.type === 'verifyProgress')!), ['type', 'completed', 'total', 'elapsedSeconds', 'speed', 'bytesPerSecond', 'secondsLeft']);
    assert.deepEqual(records.at(-1), { type: 'verified', name: 'image d.cue', ...damaged });
  });

  it('adds speed and timing to progress records and the average to done', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (b: Buffer) => (text += b.toString()));
    const clock = steppingClock();
    const renderer = new JsonRenderer(out, clock.now, 'disc');
    for (const event of burnSequence(layoutOf(2, 3750))) {
      clock.tick();
      renderer.onEvent(event);
    }
    const records = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const blocks = records.filter((r) => r.type === 'blockProgress');
    assert.deepEqual(Object.keys(blocks[0]!), ['type', 'completed', 'total', 'elapsedSeconds', 'speed', 'bytesPerSecond', 'secondsLeft']);
    assert.equal(blocks[0]!.speed, null, 'no speed before half a second');
    assert.ok(blocks.some((r) => typeof r.speed === 'number' && typeof r.secondsLeft === 'number'));
    const done = records.at(-1)!;
    assert.equal(done.type, 'done');
    assert.equal(typeof done.elapsedSeconds, 'number');
    assert.equal(typeof done.speed, 'number');
    assert.equal(done.warnings, 0);
  });
});
