import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseCdText, parseDiscInformation, parseFullToc, parseIsrc, parseMcn, parseQPosition, parseSense, parseToc, readCdCdb, readSubChannelCdb, readTocCdb, senseText,
} from '../../../src/recorders/imapi2/mmc.js';

/** A READ TOC format 0 descriptor in MSF: reserved, ADR/control, track, reserved, 0 M S F. */
const entry = (control: number, track: number, m: number, s: number, f: number): number[] => [0, 0x10 | control, track, 0, 0, m, s, f];

describe('MMC replies of reading a disc back (mmc.ts)', () => {
  it('READ TOC format 0 in MSF: tracks, control nibbles, the lead-out; LBA 0 is 00:02:00', () => {
    const body = [1, 2, ...entry(1, 1, 0, 2, 0), ...entry(2, 2, 4, 2, 37), ...entry(0, 0xaa, 70, 0, 1)];
    const reply = Buffer.from([0, body.length, ...body]);
    assert.deepEqual(parseToc(reply), { tracks: [{ number: 1, start: 0, control: 1 }, { number: 2, start: 4 * 60 * 75 + 37, control: 2 }], leadOut: 70 * 60 * 75 + 1 - 150 });
    assert.deepEqual([...readTocCdb(0, 804)], [0x43, 0x02, 0, 0, 0, 0, 1, 0x03, 0x24, 0]);
  });

  it('READ TOC format 2: A0 first track and disc type, A1 last track, A2 lead-out', () => {
    const point = (p: number, m: number, s: number, f: number): number[] => [1, 0x10, 0, p, 0, 0, 0, 0, m, s, f];
    const body = [1, 1, ...point(0xa0, 1, 0x00, 0), ...point(0xa1, 3, 0, 0), ...point(0xa2, 30, 2, 0), ...point(1, 0, 2, 0)];
    assert.deepEqual(parseFullToc(Buffer.from([0, body.length, ...body])), { sessions: 1, firstTrack: 1, lastTrack: 3, discType: 0, leadOut: 30 * 4500, points: 4 });
  });

  it('READ TOC format 5: the packs after the header, none for a header alone', () => {
    const packs = Buffer.alloc(36, 7);
    assert.ok(parseCdText(Buffer.concat([Buffer.from([0, 38, 0, 0]), packs]))?.equals(packs));
    assert.equal(parseCdText(Buffer.from([0, 2, 0, 0])), undefined);
  });

  it('READ SUB-CHANNEL: the MCN and an ISRC when MCVAL/TCVAL is set; all zeros is none', () => {
    const mcn = Buffer.alloc(24);
    mcn.write('4006381333931', 9, 'latin1');
    assert.equal(parseMcn(mcn), undefined, 'MCVAL clear');
    mcn[8] = 0x80;
    assert.equal(parseMcn(mcn), '4006381333931');
    mcn.write('0000000000000', 9, 'latin1');
    assert.equal(parseMcn(mcn), undefined);
    const isrc = Buffer.alloc(24);
    isrc[8] = 0x80;
    isrc.write('USRC17607839', 9, 'latin1');
    assert.equal(parseIsrc(isrc), 'USRC17607839');
    assert.deepEqual([...readSubChannelCdb(3, 2)], [0x42, 0x02, 0x40, 3, 0, 0, 2, 0, 24, 0]);
  });

  it('a formatted Q frame in BCD: track, index, relative and absolute time; MCN frames are not positions', () => {
    const q = Buffer.from([0x21, 0x12, 0x02, 0x00, 0x05, 0x10, 0, 0x04, 0x59, 0x74, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(parseQPosition(q), { control: 2, track: 12, index: 2, relative: 5 * 75 + 10, absolute: (4 * 60 + 59) * 75 + 74 });
    assert.equal(parseQPosition(Buffer.from([0x02, 0x40, 0, 0, 0, 0, 0, 0, 0, 0x25, 0, 0])), undefined);
  });

  it('READ CD of CD-DA: the LBA, the count, user data only, the formatted Q when asked', () => {
    assert.deepEqual([...readCdCdb(300, 26, true)], [0xbe, 0x04, 0, 0, 0x01, 0x2c, 0, 0, 26, 0x10, 2, 0]);
  });

  it('sense data: key, ASC, the LBA when VALID; disc information: the status', () => {
    const sense = Buffer.from([0xf0, 0, 3, 0, 0, 0x01, 0xf4, 10, 0, 0, 0, 0, 0x11, 0, 0, 0, 0, 0]);
    assert.deepEqual(parseSense(sense), { key: 3, asc: 0x11, ascq: 0, lba: 500 });
    assert.equal(senseText(parseSense(sense)), 'medium error, unrecovered read error (03/11/00)');
    assert.deepEqual(parseDiscInformation(Buffer.from([0, 32, 0x1e])), { status: 'complete', erasable: true });
    assert.deepEqual(parseDiscInformation(Buffer.from([0, 32, 0x00])), { status: 'empty', erasable: false });
  });
});
