import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CueSyntaxError, parseCueSheet } from '../../src/disc/cue-parser.js';

describe('parseCueSheet', () => {
  it('reads files, tracks, indexes, gaps and text at disc and track level', () => {
    const sheet = parseCueSheet(
      [
        'REM GENRE Rock',
        'PERFORMER "The Band"',
        'TITLE "Live, at last"',
        'FILE "side one.wav" WAVE',
        '  TRACK 01 AUDIO',
        '    TITLE "Intro"',
        '    INDEX 01 00:00:00',
        '  TRACK 02 AUDIO',
        '    PERFORMER "Guest"',
        '    ISRC USRC17607839',
        '    INDEX 00 03:10:20',
        '    INDEX 01 03:12:20',
        '    POSTGAP 00:01:00',
        'FILE "two.bin" BINARY',
        '  TRACK 03 AUDIO',
        '    PREGAP 00:02:00',
        '    INDEX 01 00:00:00',
      ].join('\r\n'),
    );
    assert.deepEqual(sheet.text, { title: 'Live, at last', performer: 'The Band' });
    assert.deepEqual(sheet.rems, ['GENRE Rock']);
    assert.deepEqual(sheet.files.map((f) => [f.name, f.type]), [['side one.wav', 'WAVE'], ['two.bin', 'BINARY']]);
    const [one, two, three] = sheet.tracks;
    assert.deepEqual([one?.text.title, one?.index1, one?.file], ['Intro', 0, 0]);
    assert.deepEqual([two?.text.performer, two?.index0, two?.index1, two?.postgap], ['Guest', (3 * 60 + 10) * 75 + 20, (3 * 60 + 12) * 75 + 20, 75]);
    assert.deepEqual([three?.file, three?.pregap, three?.index1], [1, 150, 0]);
  });

  it('puts a track whose INDEX 01 follows a new FILE in that file, its INDEX 00 in the one before', () => {
    const sheet = parseCueSheet('FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nTRACK 02 AUDIO\nINDEX 00 00:04:00\nFILE "b.wav" WAVE\nINDEX 01 00:00:00\n');
    assert.deepEqual([sheet.tracks[1]?.index0File, sheet.tracks[1]?.file], [0, 1]);
  });

  it('keeps the MCN, ISRC, flags, every index, every CD-TEXT field and REM lines where they stand', () => {
    const sheet = parseCueSheet(
      [
        'REM DATE 1999',
        'REM COMMENT "ExactAudioCopy v1.6"',
        'CATALOG 0724384260958',
        'SONGWRITER "Disc writer"',
        'GENRE "Jazz"',
        'UPC_EAN 0724384260958',
        'DISC_ID "XY12345"',
        'FILE "a.wav" WAVE',
        '  TRACK 01 AUDIO',
        '    COMPOSER "C"',
        '    ARRANGER "A"',
        '    MESSAGE "M"',
        '    REM REPLAYGAIN_TRACK_GAIN -7.09 dB',
        '    FLAGS DCP PRE 4CH SCMS',
        '    ISRC us-rc1-76-07839',
        '    INDEX 01 00:00:00',
        '    INDEX 02 00:01:00',
        '    INDEX 03 00:02:10',
      ].join('\n'),
    );
    assert.equal(sheet.catalog, '0724384260958');
    assert.deepEqual(sheet.rems, ['DATE 1999', 'COMMENT "ExactAudioCopy v1.6"']);
    assert.deepEqual(sheet.text, { songwriter: 'Disc writer', genre: 'Jazz', upcEan: '0724384260958', discId: 'XY12345' });
    const [one] = sheet.tracks;
    assert.deepEqual(one?.text, { composer: 'C', arranger: 'A', message: 'M' });
    assert.deepEqual(one?.rems, ['REPLAYGAIN_TRACK_GAIN -7.09 dB']);
    assert.deepEqual(one?.flags, ['DCP', 'PRE', '4CH', 'SCMS']);
    assert.equal(one?.isrc, 'USRC17607839');
    assert.deepEqual(one?.indexes, [75, 160]);
    assert.deepEqual(sheet.warnings, []);
  });

  it('keeps a data track, marked by its mode, for the caller to leave out', () => {
    const sheet = parseCueSheet('FILE "a.bin" BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nTRACK 02 MODE1/2352\nINDEX 01 00:10:00\n');
    assert.deepEqual(sheet.tracks.map((t) => [t.mode, t.kind]), [['AUDIO', 'audio'], ['MODE1/2352', 'data']]);
  });

  it('takes a data track whatever its indexes: only INDEX 00 (EAC\'s MODEx/2xxx), or none', () => {
    const sheet = parseCueSheet('FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nTRACK 02 MODEx/2xxx\nINDEX 00 00:10:00\nFILE "d.bin" BINARY\nTRACK 03 MODE2/2352\n');
    assert.deepEqual(sheet.tracks.map((t) => [t.kind, t.index0, t.index1]), [['audio', undefined, 0], ['data', 750, undefined], ['data', undefined, undefined]]);
  });

  it('reads the FILE types it can burn from: WAVE and MP3 by their content, BINARY and MOTOROLA as raw CD audio', () => {
    const sheet = parseCueSheet(['wave', 'mp3', 'binary', 'motorola'].map((type, i) => `FILE "${i}" ${type}\nTRACK 0${i + 1} AUDIO\nINDEX 01 00:00:00`).join('\n'));
    assert.deepEqual(sheet.files.map((f) => f.type), ['WAVE', 'MP3', 'BINARY', 'MOTOROLA']);
  });

  const dropped: Array<[string, string, RegExp]> = [
    ['an ISRC of the wrong shape', 'ISRC US-RC1-76', /line 3: ISRC US-RC1-76 is not an ISRC .*; it is left out/],
    ['an ISRC of 13 characters', 'ISRC USRC176078390', /line 3: ISRC USRC176078390 is not an ISRC/],
    ['an unknown flag', 'FLAGS PRE LOUD', /line 3: FLAGS LOUD is not a flag \(DCP, 4CH, PRE, SCMS\); it is left out/],
    ['an MCN of 12 digits', 'CATALOG 072438426095', /line 3: CATALOG 072438426095 is not a Media Catalog Number \(13 digits\); it is left out/],
  ];
  for (const [name, line, message] of dropped) {
    it(`drops ${name} with a warning naming the line, and keeps the rest`, () => {
      const sheet = parseCueSheet(`FILE "a.wav" WAVE\nTRACK 01 AUDIO\n${line}\nINDEX 01 00:00:00\n`);
      assert.equal(sheet.warnings.length, 1);
      assert.match(sheet.warnings[0]!, message);
      assert.equal(sheet.tracks[0]?.isrc, undefined);
      assert.deepEqual(sheet.tracks[0]?.flags, line.includes('PRE') ? ['PRE'] : []);
    });
  }

  const errors: Array<[string, string, RegExp]> = [
    ['an unknown command', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nFROBNICATE 1\n', /line 4: unknown command FROBNICATE/],
    ['a track with no INDEX 01', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nTRACK 02 AUDIO\nINDEX 01 00:00:00\n', /line 2: TRACK 01 has no INDEX 01/],
    ['frames out of range', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:80\n', /line 3: "00:00:80" is out of range/],
    ['an unclosed quote', 'FILE "a.wav WAVE\n', /line 1: a quoted text is not closed/],
    ['AIFF files', 'FILE "a.aiff" AIFF\n', /line 1: a\.aiff is an AIFF file, which burn-audio does not read; convert it to FLAC or WAV/],
    ['a FILE type that does not exist', 'FILE "a.ogg" OGG\n', /line 1: OGG is not a FILE type \(WAVE, MP3, AIFF, BINARY, MOTOROLA\)/],
    ['a track mode that does not exist', 'FILE "a.bin" BINARY\nTRACK 01 AUIDO\n', /line 2: TRACK 01 AUIDO: AUIDO is not a track mode/],
    ['a first index after INDEX 01', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 03 00:00:00\n', /line 3: INDEX 03 cannot be the first index of TRACK 01/],
    ['tracks out of order', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nTRACK 03 AUDIO\nINDEX 01 00:05:00\n', /line 4: TRACK 03 follows TRACK 01/],
    ['an INDEX number skipped', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nINDEX 03 00:01:00\n', /line 4: INDEX 03 follows INDEX 01 in TRACK 01; index numbers must run on by one/],
    ['an INDEX before the one before it', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:05:00\nINDEX 02 00:04:00\n', /line 4: INDEX 02 \(00:04:00\) is not after the index before it in TRACK 01/],
    ['INDEX 00 after INDEX 01 in time', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 00 00:05:00\nINDEX 01 00:05:00\n', /line 4: INDEX 01 \(00:05:00\) is not after the index before it/],
    ['an ISRC before any TRACK', 'ISRC USRC17607839\nFILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n', /line 1: ISRC outside a TRACK/],
    ['no tracks at all', 'REM nothing\n', /no TRACK/],
    ['INDEX 00 after INDEX 01', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:05:00\nINDEX 00 00:07:00\n', /line 4: INDEX 00 given twice or out of order in TRACK 01/],
    ['an INDEX given twice', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nINDEX 01 00:01:00\n', /line 4: INDEX 01 given twice or out of order in TRACK 01/],
  ];
  for (const [name, text, message] of errors) {
    it(`refuses ${name}, naming the line`, () => {
      assert.throws(() => parseCueSheet(text), (error: unknown) => error instanceof CueSyntaxError && message.test(error.message));
    });
  }
});
