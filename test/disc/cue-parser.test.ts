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
    assert.equal(sheet.title, 'Live, at last');
    assert.equal(sheet.performer, 'The Band');
    assert.deepEqual(sheet.files.map((f) => [f.name, f.type]), [['side one.wav', 'WAVE'], ['two.bin', 'BINARY']]);
    const [one, two, three] = sheet.tracks;
    assert.deepEqual([one?.title, one?.index1, one?.file], ['Intro', 0, 0]);
    assert.deepEqual([two?.performer, two?.index0, two?.index1, two?.postgap], ['Guest', (3 * 60 + 10) * 75 + 20, (3 * 60 + 12) * 75 + 20, 75]);
    assert.deepEqual([three?.file, three?.pregap, three?.index1], [1, 150, 0]);
  });

  it('puts a track whose INDEX 01 follows a new FILE in that file, its INDEX 00 in the one before', () => {
    const sheet = parseCueSheet('FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nTRACK 02 AUDIO\nINDEX 00 00:04:00\nFILE "b.wav" WAVE\nINDEX 01 00:00:00\n');
    assert.deepEqual([sheet.tracks[1]?.index0File, sheet.tracks[1]?.file], [0, 1]);
  });

  const errors: Array<[string, string, RegExp]> = [
    ['an unknown command', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nFROBNICATE 1\n', /line 4: unknown command FROBNICATE/],
    ['a data track', 'FILE "a.bin" BINARY\nTRACK 01 MODE1/2352\n', /line 2: TRACK 01 is MODE1\/2352; an audio CD holds AUDIO tracks only/],
    ['a track with no INDEX 01', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nTRACK 02 AUDIO\nINDEX 01 00:00:00\n', /line 2: TRACK 01 has no INDEX 01/],
    ['frames out of range', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:80\n', /line 3: "00:00:80" is out of range/],
    ['an unclosed quote', 'FILE "a.wav WAVE\n', /line 1: a quoted text is not closed/],
    ['MP3 files', 'FILE "a.mp3" MP3\n', /line 1: MP3 files are not supported/],
    ['big-endian raw audio', 'FILE "a.raw" MOTOROLA\n', /line 1: big-endian \(MOTOROLA\)/],
    ['tracks out of order', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nTRACK 03 AUDIO\nINDEX 01 00:05:00\n', /line 4: TRACK 03 follows TRACK 01/],
    ['no tracks at all', 'REM nothing\n', /no TRACK/],
    ['INDEX 00 after INDEX 01', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:05:00\nINDEX 00 00:07:00\n', /line 2: TRACK 01: INDEX 00 comes after INDEX 01/],
    ['an INDEX given twice', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nINDEX 01 00:01:00\n', /line 4: INDEX 01 given twice in TRACK 01/],
  ];
  for (const [name, text, message] of errors) {
    it(`refuses ${name}, naming the line`, () => {
      assert.throws(() => parseCueSheet(text), (error: unknown) => error instanceof CueSyntaxError && message.test(error.message));
    });
  }
});
