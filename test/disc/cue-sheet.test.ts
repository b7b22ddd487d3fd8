import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cueSheet } from '../../src/disc/cue-sheet.js';
import { planDisc } from '../../src/disc/plan.js';

describe('cueSheet', () => {
  it('writes disc and track text, INDEX 00 for gaps and INDEX 01 for starts', () => {
    const layout = planDisc(
      [
        { path: 'a.wav', audioBytes: 2352 * 400, title: 'First', performer: 'Band' },
        { path: 'b.wav', audioBytes: 2352 * 300, title: 'Second' },
      ],
      { gapSectors: 150, capacityMinutes: 80, title: 'Album', performer: 'Band' },
    );
    assert.equal(
      cueSheet(layout, 'disc.bin'),
      [
        'TITLE "Album"',
        'PERFORMER "Band"',
        'FILE "disc.bin" BINARY',
        '  TRACK 01 AUDIO',
        '    TITLE "First"',
        '    PERFORMER "Band"',
        '    INDEX 01 00:00:00',
        '  TRACK 02 AUDIO',
        '    TITLE "Second"',
        '    PERFORMER "Band"',
        '    INDEX 00 00:05:25',
        '    INDEX 01 00:07:25',
        '',
      ].join('\n'),
    );
  });

  it('has no INDEX 00 when gapless', () => {
    const layout = planDisc(
      [
        { path: 'a.wav', audioBytes: 2352 * 400 },
        { path: 'b.wav', audioBytes: 2352 * 300 },
      ],
      { gapSectors: 0, capacityMinutes: 80 },
    );
    assert.doesNotMatch(cueSheet(layout, 'x.bin'), /INDEX 00/);
    assert.match(cueSheet(layout, 'x.bin'), /TRACK 02 AUDIO\n {4}INDEX 01 00:05:25/);
  });

  it('cannot be broken by quotes, newlines or escape sequences in text', () => {
    const layout = planDisc([{ path: 'a.wav', audioBytes: 2352 * 400, title: 'Say "hi"\nFILE "evil.bin" BINARY\u001b[2J' }], {
      gapSectors: 150,
      capacityMinutes: 80,
    });
    const lines = cueSheet(layout, 'd.bin').split('\n');
    assert.equal(lines.filter((l) => l.startsWith('FILE')).length, 1);
    assert.ok(lines.includes(`    TITLE "Say 'hi' FILE 'evil.bin' BINARY [2J"`));
    assert.ok(lines.every((l) => !/[\u0000-\u001f]/.test(l)));
  });
});
