import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { PlainRenderer } from '../../../src/cli/render/plain.js';
import type { BurnEvent } from '../../../src/events.js';
import { burnSequence, layoutOf } from '../../helpers/events.js';

function render(events: BurnEvent[], failure?: string): string[] {
  const out = new PassThrough();
  let text = '';
  out.on('data', (b: Buffer) => (text += b.toString()));
  const renderer = new PlainRenderer({ quiet: false, verbose: false }, out);
  for (const event of events) renderer.onEvent(event);
  if (failure) renderer.fail(failure);
  renderer.close();
  return text.split('\n').filter((l) => l !== '');
}

describe('PlainRenderer', () => {
  it('prints one line per step of a one-track burn', () => {
    assert.deepEqual(render(burnSequence(layoutOf(1))), [
      'Disc: 1 track, 0:10 (750 sectors), 79:50 left on an 80-minute disc',
      'Staging track 1 of 1: Song 1',
      'Preparing to record',
      'Recording track 1 of 1: Song 1',
      'Track 1 of 1 written',
      'Closing the disc',
      'Wrote d.cue and d.bin',
    ]);
  });

  it('follows NotifyTrackProgress through 99 tracks without a track 100', () => {
    const lines = render(burnSequence(layoutOf(99, 300)));
    assert.equal(lines.filter((l) => /^Track \d+ of 99 written$/.test(l)).length, 99);
    assert.equal(lines.filter((l) => /^Recording track \d+ of 99/.test(l)).length, 99);
    assert.ok(lines.includes('Track 99 of 99 written'));
    assert.ok(!lines.some((l) => l.includes('track 100')));
    assert.equal(lines.filter((l) => l.startsWith('Staging track')).length, 99);
  });

  it('stops at the track a cancel interrupted, then reports the error', () => {
    const lines = render(burnSequence(layoutOf(5), 2), 'interrupted by SIGINT');
    assert.deepEqual(lines.slice(-3), ['Track 2 of 5 written', 'Recording track 3 of 5: Song 3', 'burn-audio: interrupted by SIGINT']);
    assert.ok(lines.includes('Track 2 of 5 written'));
    assert.ok(!lines.includes('Track 3 of 5 written'));
    assert.equal(lines.at(-1), 'burn-audio: interrupted by SIGINT');
    assert.ok(!lines.includes('Closing the disc'));
  });

  it('strips escape sequences and newlines from titles and messages', () => {
    const layout = layoutOf(1);
    layout.tracks[0]!.title = 'Evil\u001b[2J\nTrack 1 of 1 written';
    const lines = render([...burnSequence(layout), { type: 'warning', message: 'x\u001b]0;pwned\u0007y' }]);
    assert.ok(lines.every((l) => !/[\u0000-\u001f]/.test(l)));
    assert.equal(lines.filter((l) => l === 'Track 1 of 1 written').length, 1);
  });
});
