/**
 * Cue sheets in the shapes rippers (EAC, whipper, XLD, cdrdao's toc2cue) and the test suites of
 * libcdio and flac write them, generated here: each burns as it was meant, or is refused with
 * words that name the line and the fix.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SECTOR_BYTES as SECTOR } from '../../src/disc/red-book.js';
import { runCli } from '../helpers/cli.js';
import { tool } from '../helpers/codecs.js';
import { cdAudio, tempDir, writeTracks } from '../helpers/wav.js';

/** CD frames (1/75 s) → bytes of CD audio. */
const frames = (n: number): number => n * SECTOR;

describe('cue sheets as rippers write them', () => {
  let dir: { path: string; remove: () => Promise<void> };
  /** one.wav (5 s) and two.wav (6 s): CD audio, distinct in every sample. */
  let one: Buffer;
  let two: Buffer;
  /** raw.bin: 5 s of raw CD audio, little-endian; raw.be.bin the same audio big-endian. */
  const raw = cdAudio(5 * 44_100, 9);
  before(async () => {
    dir = await tempDir();
    [one, two] = (await writeTracks(dir.path, { 'one.wav': 5, 'two.wav': 6 })).map((t) => t.audio) as [Buffer, Buffer];
    await writeFile(join(dir.path, 'raw.bin'), raw);
    await writeFile(join(dir.path, 'raw.be.bin'), Buffer.from(raw).swap16());
    tool('lame', ['--quiet', '-b', '320', join(dir.path, 'one.wav'), join(dir.path, 'one.mp3')]);
  });
  after(() => dir.remove());

  /** Writes `lines` as the cue sheet `name` (CRLF, as Windows rippers write them) and runs burn-audio on it. */
  async function run(name: string, lines: string[], args: string[] = ['plan']): Promise<Awaited<ReturnType<typeof runCli>>> {
    await writeFile(join(dir.path, name), lines.join('\r\n') + '\r\n');
    return runCli([...args, name], { cwd: dir.path });
  }

  it('burns an enhanced CD whose data track has only an INDEX 00 (EAC, whipper): the audio up to it, the data left out', async () => {
    const sheet = [
      'REM GENRE "Hip Hop"',
      'REM DISCID A90D2E0D',
      'REM COMMENT "ExactAudioCopy v0.99pb4"',
      'PERFORMER "The Band"',
      'TITLE "Enhanced"',
      'FILE "one.wav" WAVE',
      '  TRACK 01 AUDIO',
      '    TITLE "One"',
      '    INDEX 01 00:00:00',
      '  TRACK 02 AUDIO',
      '    TITLE "Two"',
      '    INDEX 00 00:04:00',
      'FILE "two.wav" WAVE',
      '    INDEX 01 00:00:00',
      '  TRACK 03 MODEx/2xxx',
      '    TITLE "Data Track"',
      '    PERFORMER "The Band"',
      '    INDEX 00 00:05:00',
    ];
    const result = await run('enhanced.cue', sheet, ['--image', 'enhanced-out.cue']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /enhanced\.cue: line 15: TRACK 03 is a data track \(MODEX\/2XXX\); it is left out and the audio tracks are burned; the last 1 s of two\.wav, from its INDEX 00, is the data track's pregap and is left out too/);
    const bin = await readFile(join(dir.path, 'enhanced-out.bin'));
    assert.ok(bin.equals(Buffer.concat([one, two.subarray(0, frames(375))])), 'track 1, track 2 with its pregap from one.wav, up to the data track');
    const cue = await readFile(join(dir.path, 'enhanced-out.cue'), 'latin1');
    assert.equal(cue.match(/TRACK \d\d/g)?.length, 2);
    assert.match(cue, /TRACK 02 AUDIO\n(?:.*\n)*? {4}INDEX 00 00:04:00\n {4}INDEX 01 00:05:00\n/);
  });

  it('leaves out a data track with no INDEX at all, in a FILE that is not there', async () => {
    const result = await run('no-index.cue', ['FILE "one.wav" WAVE', '  TRACK 01 AUDIO', '    INDEX 01 00:00:00', 'FILE "data.bin" BINARY', '  TRACK 02 MODE1/2352']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /no-index\.cue: line 5: TRACK 02 is a data track \(MODE1\/2352\); it is left out/);
  });

  it('reads an MP3 named as an MP3 FILE as it reads one named WAVE', async () => {
    const result = await run('mp3.cue', ['FILE "one.mp3" MP3', '  TRACK 01 AUDIO', '    INDEX 01 00:00:00']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /MP3 44100 Hz → 16-bit, dithered/);
    assert.match(result.stdout, /Total: 1 track, 0:07/);
  });

  it('reads big-endian raw audio (MOTOROLA) as the same samples as little-endian BINARY', async () => {
    const big = await run('motorola.cue', ['FILE "raw.be.bin" MOTOROLA', '  TRACK 01 AUDIO', '    INDEX 01 00:00:00'], ['--image', 'motorola-out.cue']);
    assert.equal(big.code, 0, big.stderr);
    const little = await run('binary.cue', ['FILE "raw.bin" BINARY', '  TRACK 01 AUDIO', '    INDEX 01 00:00:00'], ['--image', 'binary-out.cue']);
    assert.equal(little.code, 0, little.stderr);
    const [a, b] = await Promise.all(['motorola-out.bin', 'binary-out.bin'].map((f) => readFile(join(dir.path, f))));
    assert.ok(a!.subarray(0, raw.length).equals(raw), 'the samples of raw.be.bin, in CD byte order');
    assert.ok(a!.equals(b!));
  });

  it('takes EAC\'s all-zero CATALOG and ISRC for what they mean, no code: no warning, nothing written, --strict burns', async () => {
    const sheet = ['CATALOG 0000000000000', 'FILE "one.wav" WAVE', '  TRACK 01 AUDIO', '    ISRC 000000000000', '    INDEX 01 00:00:00'];
    const result = await run('zeros.cue', sheet, ['--strict', '--image', 'zeros-out.cue']);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /warning/);
    assert.doesNotMatch(await readFile(join(dir.path, 'zeros-out.cue'), 'latin1'), /CATALOG|ISRC/);
  });

  it('reads a UTF-16 big-endian sheet without a byte-order mark', async () => {
    const text = 'FILE "one.wav" WAVE\r\n  TRACK 01 AUDIO\r\n    TITLE "Jóga"\r\n    INDEX 01 00:00:00\r\n';
    await writeFile(join(dir.path, 'utf16be.cue'), Buffer.from(text, 'utf16le').swap16());
    const result = await runCli(['--image', 'utf16be-out.cue', 'utf16be.cue'], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    assert.match(await readFile(join(dir.path, 'utf16be-out.cue'), 'latin1'), /TITLE "J\u00f3ga"/);
  });

  const refused: Array<[string, string[], RegExp]> = [
    [
      'a sheet of data tracks only (a Video CD)',
      ['FILE "raw.bin" BINARY', '  TRACK 01 MODE2/2352', '    INDEX 01 00:00:00', '  TRACK 02 MODE2/2352', '    INDEX 00 00:02:00', '    INDEX 01 00:03:00'],
      /bad\.cue: the cue sheet has no AUDIO track: TRACK 01 \(line 2\) and TRACK 02 \(line 4\) are data tracks \(MODE2\/2352\); burn-audio burns AUDIO tracks and leaves data tracks \(MODE1\/2048, MODE1\/2352, MODE2\/2048, MODE2\/2324, MODE2\/2336, MODE2\/2352, CDI\/2336, CDI\/2352\) out: burn a data disc with a data CD tool such as cdrdao/,
    ],
    [
      'a track mode that does not exist',
      ['FILE "raw.bin" BINARY', '  TRACK 01 MODE3/2352', '    INDEX 01 00:00:00'],
      /bad\.cue: line 2: TRACK 01 MODE3\/2352: MODE3\/2352 is not a track mode; a track is AUDIO, or data \(MODE1\/2048, MODE1\/2352, MODE2\/2048, MODE2\/2324, MODE2\/2336, MODE2\/2352, CDI\/2336, CDI\/2352\), which is left out; write AUDIO if the track is audio/,
    ],
    [
      'a CD+G karaoke track',
      ['FILE "raw.bin" BINARY', '  TRACK 01 CDG', '    INDEX 01 00:00:00'],
      /bad\.cue: line 2: TRACK 01 is CDG \(audio with CD\+G graphics, 2448 bytes a sector\), which burn-audio cannot read/,
    ],
    [
      'a first index of INDEX 02',
      ['FILE "one.wav" WAVE', '  TRACK 01 AUDIO', '    FLAGS PRE', '    INDEX 02 00:00:00'],
      /bad\.cue: line 4: INDEX 02 cannot be the first index of TRACK 01: a track's first index is INDEX 00 \(where its pregap starts\) or INDEX 01 \(where it starts\)/,
    ],
    ['track number 0', ['FILE "one.wav" WAVE', '  TRACK 0 AUDIO'], /bad\.cue: line 2: TRACK 0: track numbers run from 01 to 99/],
    ['track number 100', ['FILE "one.wav" WAVE', '  TRACK 100 AUDIO'], /bad\.cue: line 2: TRACK 100: track numbers run from 01 to 99/],
    ['index number 100', ['FILE "one.wav" WAVE', '  TRACK 01 AUDIO', '    INDEX 01 00:00:00', '    INDEX 100 00:01:00'], /bad\.cue: line 4: INDEX 100: index numbers run from 00 to 99/],
    [
      'a TRACK before any FILE',
      ['TRACK 01 AUDIO', '  INDEX 01 00:00:00'],
      /bad\.cue: line 1: TRACK 01 comes before any FILE: a cue sheet names the audio file first, e\.g\. FILE "album\.wav" WAVE/,
    ],
    [
      'an AIFF FILE',
      ['FILE "one.aiff" AIFF', '  TRACK 01 AUDIO', '    INDEX 01 00:00:00'],
      /bad\.cue: line 1: one\.aiff is an AIFF file, which burn-audio does not read; convert it to FLAC or WAV \(e\.g\. flac one\.aiff, which writes one\.flac\) and name that: FILE "one\.flac" WAVE/,
    ],
    [
      'a FILE type that does not exist',
      ['FILE "one.flac" FLAC', '  TRACK 01 AUDIO', '    INDEX 01 00:00:00'],
      /bad\.cue: line 1: FLAC is not a FILE type \(WAVE, MP3, AIFF, BINARY, MOTOROLA\); a WAV, FLAC, MP3, Ogg Vorbis or Opus file is named WAVE, raw CD audio BINARY: FILE "one\.flac" WAVE/,
    ],
    [
      'a FILE type that does not exist, for raw audio (libcdio\'s AUDIO)',
      ['FILE raw.bin AUDIO', '  TRACK 01 AUDIO', '    INDEX 01 00:00:00'],
      /bad\.cue: line 1: AUDIO is not a FILE type .*: FILE "raw\.bin" BINARY/,
    ],
    [
      'an INDEX 01 past the end of its file',
      ['FILE "one.wav" WAVE', '  TRACK 01 AUDIO', '    INDEX 01 00:00:00', '  TRACK 02 AUDIO', '    INDEX 00 00:04:00', '    INDEX 01 00:07:00'],
      /bad\.cue: line 6: INDEX 01 of TRACK 02 \(00:07:00\) is at or past the end of one\.wav, which lasts 00:05:00; the sheet does not fit this file/,
    ],
    [
      'an INDEX 02 past the start of the next track',
      ['FILE "one.wav" WAVE', '  TRACK 01 AUDIO', '    INDEX 01 00:00:00', '    INDEX 02 00:02:00', '  TRACK 02 AUDIO', '    INDEX 01 00:01:74'],
      /^burn-audio: bad\.cue: line 4: INDEX 02 of TRACK 01 \(00:02:00\) is not before the end of the track \(00:01:74, where TRACK 02 begins\)$/m,
    ],
  ];
  for (const [name, lines, message] of refused) {
    it(`refuses ${name} with exit 3, naming the line and the fix`, async () => {
      const result = await run('bad.cue', lines);
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, message);
    });
  }
});
