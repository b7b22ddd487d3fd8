import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCueText } from '../../src/disc/cue-encoding.js';

describe('decodeCueText', () => {
  it('reads UTF-8, with or without a byte-order mark', () => {
    assert.equal(decodeCueText(Buffer.from('TITLE "Café ’Ø’"')), 'TITLE "Café ’Ø’"');
    assert.equal(decodeCueText(Buffer.from('\ufeffTITLE "Ø"')), 'TITLE "Ø"');
  });

  it('reads a sheet that is not valid UTF-8 as Windows-1252: 0x80-0x9F are printable, never controls', () => {
    const text = decodeCueText(Buffer.from([0x54, 0x92, 0x93, 0x94, 0x80, 0x96, 0x85, 0xe9, 0x81]));
    assert.equal(text, 'T’“”€–…é\ufffd');
    assert.doesNotMatch(text, /[\u0080-\u009f]/);
  });

  it('reads UTF-16 with a byte-order mark, little- and big-endian, and little-endian without one', () => {
    const text = 'TITLE "Jóga ヒカル"\r\n';
    const le = Buffer.from(text, 'utf16le');
    assert.equal(decodeCueText(Buffer.concat([Buffer.from([0xff, 0xfe]), le])), text);
    assert.equal(decodeCueText(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()])), text);
    assert.equal(decodeCueText(le), text);
  });
});
