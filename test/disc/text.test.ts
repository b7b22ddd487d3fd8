import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cdText, plainText } from '../../src/disc/text.js';

describe('text for terminals and CD-TEXT', () => {
  it('removes control characters and escape sequences, folding white space', () => {
    assert.equal(plainText('a\u001b[2J\nb\t\tc\u0085d'), 'a [2J b c d');
  });

  const cases: Array<[string, string, boolean]> = [
    ['Café Müller', 'Café Müller', false],
    ['Cafe\u0301 (decomposed, as macOS names files)', 'Café (decomposed, as macOS names files)', false],
    ['Чайковский – Лебединое озеро', 'Chaykovskiy - Lebedinoe ozero', true],
    ['Ωδή στη Χαρά', 'Odi sti Chara', true],
    ['“Quoted” … it’s', '"Quoted" ... it\'s', true],
    ['Ősz, Łódź', 'Osz, Lódz', true],
    ['心 🎵', '? ?', true],
  ];
  for (const [input, expected, transliterated] of cases) {
    it(`carries "${input}" as "${expected}"`, () => {
      assert.deepEqual(cdText(input), { text: expected, transliterated, truncated: false });
    });
  }

  it('cuts text longer than 160 characters', () => {
    const result = cdText('x'.repeat(170));
    assert.equal(result.text.length, 160);
    assert.ok(result.truncated);
  });
});
