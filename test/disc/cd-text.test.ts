import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BLOCK_PACKS, PACK_BYTES, cdTextFile, cdTextPacks, packCrc } from '../../src/disc/cd-text.js';
import { planDisc, type PlanOptions } from '../../src/disc/plan.js';
import type { TrackFacts } from '../../src/disc/layout.js';

const SECONDS_4 = 2352 * 300;

function layout(tracks: Array<Partial<TrackFacts>>, options: Partial<PlanOptions> = {}) {
  return planDisc(
    tracks.map((track, i) => ({ path: `${i + 1}.wav`, audioBytes: SECONDS_4, ...track })),
    { gapSectors: 150, capacityMinutes: 80, ...options },
  );
}

/** The text bytes of the packs of one type, joined. */
function payload(packs: Buffer, type: number): string {
  const texts = rows(packs).filter((row) => row.startsWith(type.toString(16))).map((row) => row.slice(12, 12 + 12 * 3 - 1).replace(/ /g, ''));
  return Buffer.from(texts.join(''), 'hex').toString('latin1');
}

/** Text filled with zeros to whole packs. */
function filled(text: string): string {
  return text.padEnd(Math.ceil(text.length / 12) * 12, '\0');
}

/** Packs as hex rows of 18 bytes. */
function rows(packs: Buffer): string[] {
  return Array.from({ length: packs.length / PACK_BYTES }, (_, i) => packs.subarray(i * PACK_BYTES, (i + 1) * PACK_BYTES).toString('hex').replace(/(..)(?!$)/g, '$1 '));
}

describe('CD-TEXT packs', () => {
  it('checks packs published with their CRCs (cdrecord cdtext.c, libburn doc/cdtext.txt)', () => {
    for (const published of [
      '8F 00 2B 00 01 01 0D 03 0C 0C 00 00 00 00 01 00 7B 3D',
      '8F 01 2C 00 00 00 00 00 00 00 12 03 2D 00 00 00 DA B7',
      '8F 02 2D 00 00 00 00 00 09 00 00 00 00 00 00 00 6A 24',
      '8f 00 2a 00 01 01 03 00 06 05 04 05 07 06 01 02 48 65',
      '88 01 24 00 00 02 00 04 0b 19 08 02 32 0b 2f 3e 67 2d',
    ]) {
      const pack = Buffer.from(published.replace(/ /g, ''), 'hex');
      assert.equal(packCrc(pack), pack.readUInt16BE(16), published);
    }
  });

  it('encodes a two-track disc as the packs worked out by hand from MMC-3 Annex J', () => {
    const disc = layout([{ title: 'Track One!' }, { title: 'B' }], { title: 'Disc', performer: 'Band' });
    // Titles: "Disc\0Track One!\0B\0", 18 bytes in two packs. The second pack starts inside track
    // 1's title, 7 characters ("Track O") in. Performers: the disc's for both tracks, track 2's as
    // a TAB (the previous track's again). Then the size information: 2 + 1 + 3 packs, the last
    // numbered 5, language 0x09. CRC: CCITT x^16 + x^12 + x^5 + 1 from 0, inverted (as Python's
    // binascii.crc_hqx(pack[:16], 0) ^ 0xFFFF gives it).
    assert.deepEqual(rows(cdTextPacks(disc)), [
      '80 00 00 00 44 69 73 63 00 54 72 61 63 6b 20 4f 48 04',
      '80 01 01 07 6e 65 21 00 42 00 00 00 00 00 00 00 03 f2',
      '81 00 02 00 42 61 6e 64 00 42 61 6e 64 00 09 00 0a 75',
      '8f 00 03 00 00 01 02 00 02 01 00 00 00 00 00 00 32 33',
      '8f 01 04 00 00 00 00 00 00 00 00 03 05 00 00 00 8f 5a',
      '8f 02 05 00 00 00 00 00 09 00 00 00 00 00 00 00 1c 80',
    ]);
    assert.equal(disc.cdTextPacks, 6);
  });

  it('counts characters up to 15 across packs, in ISO 8859-1, one byte each', () => {
    const title = `Été ${'x'.repeat(40)}`;
    const packs = cdTextPacks(layout([{ title }]));
    const titles = rows(packs).filter((row) => row.startsWith('80'));
    // "\0" for the disc, then the title: packs start 11, 23 and 35 characters into it.
    assert.deepEqual(titles.map((row) => row.slice(3, 11)), ['00 00 00', '01 01 0b', '01 02 0f', '01 03 0f']);
    assert.equal(packs[4 + 1], 0xc9, '"É" is one byte, 0xC9');
    const size = rows(packs).find((row) => row.startsWith('8f 00'))!;
    assert.equal(size.slice(8 * 3, 10 * 3 - 1), '04 00', '4 title packs and no performer');
  });

  it('gives the disc its UPC/EAN (or MCN), the tracks their ISRCs, and the genre its code', () => {
    const codes = { flags: [], indexes: [], text: {}, rems: [] };
    const disc = layout(
      [{ title: 'A', codes: { ...codes, isrc: 'USRC17607839' } }, { title: 'B', codes }],
      { codes: { catalog: '0123456789012', text: { genre: 'rock', discId: 'ID1' }, rems: [] } },
    );
    const packs = cdTextPacks(disc);
    assert.equal(payload(packs, 0x8e), filled('0123456789012\0USRC17607839\0\0'));
    assert.equal(payload(packs, 0x86), filled('ID1\0'));
    assert.equal(payload(packs, 0x87), filled('\u0000\u0017rock\0'), 'Rock Music is genre 0x0017');
    const other = cdTextPacks(layout([{ title: 'A' }], { codes: { text: { genre: 'Shoegaze' }, rems: [] } }));
    assert.equal(payload(other, 0x87), filled('\u0000\u0001Shoegaze\0'), 'a genre not in the list is 0x0001, not defined');
  });

  it('refuses more packs than a block holds, and the plan says the disc gets none', () => {
    const long = Array.from({ length: 20 }, (_, i) => ({ title: `${i} ${'t'.repeat(150)}` }));
    const disc = layout(long);
    assert.throws(() => cdTextPacks(disc), /needs 259 packs of 18 bytes, more than the 256 a CD-TEXT block holds/);
    assert.equal(disc.cdTextPacks, 0);
    assert.ok(disc.warnings.some((w) => /the disc gets no CD-TEXT \(an image no \.cdt file; its cue sheet keeps the text\)/.test(w)), disc.warnings.join('\n'));
    assert.equal(cdTextPacks(layout(long.slice(0, 18))).length / PACK_BYTES <= BLOCK_PACKS, true);
  });

  it('writes a .cdt as cdrskin does: the length + 2 in a 4-byte header, then the packs', () => {
    const packs = cdTextPacks(layout([{ title: 'A' }]));
    const file = cdTextFile(packs);
    assert.deepEqual([...file.subarray(0, 4)], [0, packs.length + 2, 0, 0]);
    assert.ok(file.subarray(4).equals(packs));
  });
});
