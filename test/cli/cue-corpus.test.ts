import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SECTOR_BYTES as SECTOR } from '../../src/disc/red-book.js';
import { jsonLines, runCli } from '../helpers/cli.js';
import { buildNative, simulator } from '../helpers/simulator.js';
import { cdAudio, tempDir, wavFile } from '../helpers/wav.js';

const exec = promisify(execFile);
const CORPUS = fileURLToPath(new URL('../../../test/fixtures/cue-corpus/', import.meta.url));

/**
 * A cue sheet of the corpus (test/fixtures/cue-corpus, written as EAC, XLD, whipper, CUETools,
 * foobar2000 and other tools write them), the audio files it names (lengths in sectors; the test
 * generates distinct audio for each), and what the image must hold. Positions are sectors from
 * the start of the BIN.
 */
interface Sheet {
  name: string;
  files: Record<string, number>;
  /** What the BIN holds, in order: a file's audio, or from a sector on (to a sector), or sectors of silence. Default: every file. */
  bin?: Array<string | number | [string, number, number?]>;
  index00: Array<number | null>;
  index01: number[];
  /** INDEX 02 and later of each track. */
  later?: number[][];
  catalog?: string;
  isrc?: Array<string | null>;
  flags?: string[][];
  /** Lines the output cue sheet holds. */
  kept?: string[];
  warnings?: RegExp[];
}

const SHEETS: Sheet[] = [
  {
    name: 'eac-image.cue',
    files: { 'Range.wav': 1500 },
    index00: [null, 375, 825],
    index01: [0, 487, 975],
    later: [[], [], [1200]],
    catalog: '5099708309129',
    isrc: ['USSM15900113', 'USSM15900114', 'USSM15900115'],
    flags: [['DCP'], [], []],
    kept: ['REM GENRE "Jazz"', 'REM DISCID 2A0A6B04', 'REM COMMENT "ExactAudioCopy v1.6"', 'TITLE "Relaxin\' at Caf\u00e9 Bohemia"', '    TITLE "You\'re My Everything"'],
    warnings: [/the disc's title has characters CD-TEXT \(ISO-8859-1\) cannot carry; the cue sheet gets "Relaxin' at Café Bohemia"/],
  },
  {
    name: 'eac-noncompliant.cue',
    files: { '01 - Life Is a Carnival.wav': 450, '02 - When I Paint My Masterpiece.wav': 450, '03 - Last of the Blacksmiths.wav': 375 },
    index00: [null, 375, 810],
    index01: [0, 450, 900],
    flags: [[], [], ['PRE']],
    kept: ['REM DATE 1971'],
  },
  {
    name: 'eac-gaps-prepended.cue',
    files: { '01 - Europa Endlos.wav': 375, '02 - Spiegelsaal.wav': 450, '03 - Trans-Europa Express.wav': 375 },
    index00: [null, 375, 825],
    index01: [0, 490, 826],
  },
  {
    name: 'eac-gaps-left-out.cue',
    files: { '01 - Gymnopédie No. 1.wav': 375, '02 - Gymnopédie No. 2.wav': 375 },
    bin: ['01 - Gymnopédie No. 1.wav', 150, '02 - Gymnopédie No. 2.wav'],
    index00: [null, 375],
    index01: [0, 525],
    kept: ['TITLE "Gymnop\u00e9dies"'],
  },
  {
    name: 'eac-hidden-track.cue',
    files: { 'Range.wav': 1200 },
    index00: [0, null],
    index01: [450, 825],
  },
  {
    name: 'hidden-no-index-00.cue',
    files: { 'Range.wav': 1050 },
    index00: [0, null],
    index01: [255, 675],
  },
  {
    name: 'xld.cue',
    files: { '宇多田ヒカル - First Love.wav': 825 },
    index00: [null, 385],
    index01: [0, 460],
    catalog: '4988006162347',
    isrc: ['JPTO09900101', 'JPTO09900102'],
    kept: ['REM REPLAYGAIN_ALBUM_GAIN -6.47 dB', 'REM COMMENT "XLD 20240511 (155.4)"'],
    warnings: [/the disc's performer has characters CD-TEXT \(ISO-8859-1\) cannot carry/],
  },
  {
    name: 'whipper.cue',
    files: { '01. Pink Floyd - Pigs on the Wing 1.wav': 450, '02. Pink Floyd - Dogs.wav': 375 },
    index00: [null, 340],
    index01: [0, 450],
    catalog: '0077774620925',
    isrc: ['GBAYE7700001', 'GBAYE7700002'],
  },
  {
    name: 'cuetools.cue',
    files: { 'Karajan - Beethoven 9.wav': 900 },
    index00: [null, 450],
    index01: [0, 525],
    later: [[150, 300], []],
    flags: [['PRE'], ['PRE']],
    kept: ['REM ACCURATERIPID 000d6d5e-0047c4f1-5d08e008'],
  },
  {
    name: 'foobar2000.cue',
    files: { 'Joni Mitchell - Blue.wav': 825 },
    index00: [null, 375],
    index01: [0, 425],
    kept: [
      'SONGWRITER "Joni Mitchell"',
      '    SONGWRITER "Joni Mitchell"',
      '    REM COMPOSER "Joni Mitchell"',
      '    REM ARRANGER "Henry Lewy"',
      '    REM MESSAGE "Recorded at A&M"',
      '    REM REPLAYGAIN_TRACK_GAIN -1.75 dB',
      'REM REPLAYGAIN_ALBUM_PEAK 0.977000',
    ],
  },
  {
    name: 'utf16.cue',
    files: { 'Homogenic.wav': 825 },
    index00: [null, 375],
    index01: [0, 450],
    kept: ['PERFORMER "Bj\u00f6rk"', '    TITLE "J\u00f3ga"'],
  },
  {
    name: 'backslash-paths.cue',
    files: { 'Dummy/01 - Mysterons.wav': 375, 'Dummy/02 - Sour Times.wav': 375 },
    index00: [null, null],
    index01: [0, 375],
    warnings: [/backslash-paths\.cue: line 7: Dummy\\02 - sour times\.wav: found as .*Dummy\/02 - Sour Times\.wav: the name differs in case/],
  },
  {
    name: 'enhanced-cd.cue',
    files: { '01 - One.wav': 375, '02 - Two.wav': 375 },
    index00: [null, null],
    index01: [0, 375],
    warnings: [/enhanced-cd\.cue: line 13: TRACK 03 is a data track \(MODE2\/2352\); it is left out and the audio tracks are burned/],
  },
  {
    // EAC's enhanced CD: the data track has only an INDEX 00, near the end of the last audio file.
    name: 'eac-enhanced-data-index-00.cue',
    files: { '01 - Music Is Math.wav': 450, '02 - Gyroscope.wav': 450 },
    bin: ['01 - Music Is Math.wav', ['02 - Gyroscope.wav', 0, 405]],
    index00: [null, 375],
    index01: [0, 450],
    warnings: [/eac-enhanced-data-index-00\.cue: line 18: TRACK 03 is a data track \(MODEX\/2XXX\); it is left out and the audio tracks are burned; the last 0\.6 s of 02 - Gyroscope\.wav, from its INDEX 00, is the data track's pregap and is left out too/],
  },
  {
    // The start of a file before its first track's INDEX 00 belongs to no other track: it is burned too.
    name: 'index-00-after-file-start.cue',
    files: { 'a.wav': 375, 'b.wav': 450 },
    index00: [null, 375],
    index01: [0, 525],
  },
  {
    name: 'mixed-mode.cue',
    files: { 'game.bin': 1350 },
    bin: [['game.bin', 600]],
    index00: [null, null],
    index01: [0, 375],
    flags: [[], ['DCP']],
    warnings: [/mixed-mode\.cue: line 3: TRACK 01 is a data track \(MODE1\/2352\); it is left out/],
  },
  {
    name: 'libcue-style.cue',
    files: { 'The Specials - 01 - Gangsters.wav': 375, 'The Specials - 02 - Rudi, A Message To You.wav': 375, 'The Specials - 03 - Too Much Too Young.wav': 375 },
    bin: ['The Specials - 01 - Gangsters.wav', 'The Specials - 02 - Rudi, A Message To You.wav', 28, 'The Specials - 03 - Too Much Too Young.wav'],
    index00: [null, 375, 750],
    index01: [0, 403, 778],
  },
];

/** MM:SS:FF → sectors. */
function sectors(msf: string): number {
  const [m, s, f] = msf.split(':').map(Number) as [number, number, number];
  return (m * 60 + s) * 75 + f;
}

/** The INDEX lines of each TRACK of a cue sheet: index number → position. */
function trackIndexes(cue: string): Array<Map<number, number>> {
  return cue
    .split(/^\s*TRACK /m)
    .slice(1)
    .map((track) => new Map([...track.matchAll(/INDEX (\d\d) (\d\d:\d\d:\d\d)/g)].map(([, n, msf]) => [Number(n), sectors(msf!)])));
}

describe('a corpus of real rippers\' cue sheets, burned to an image as they were', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const audio = new Map<string, Buffer>();
  before(async () => {
    dir = await tempDir();
    let seed = 1;
    for (const sheet of SHEETS) {
      const folder = join(dir.path, sheet.name.replace(/\.cue$/, ''));
      await mkdir(folder);
      await copyFile(join(CORPUS, sheet.name), join(folder, sheet.name));
      for (const [name, length] of Object.entries(sheet.files)) {
        const data = cdAudio(length * 588, seed++);
        audio.set(`${sheet.name}/${name}`, data);
        await mkdir(dirname(join(folder, name)), { recursive: true });
        await writeFile(join(folder, name), name.endsWith('.bin') ? data : wavFile(data));
      }
    }
  });
  after(() => dir.remove());

  /** Every sample of the sheet's files, in order, with silence where the sheet asks for it. */
  function expectedBin(sheet: Sheet): Buffer {
    const parts = sheet.bin ?? Object.keys(sheet.files);
    return Buffer.concat(
      parts.map((part) => {
        if (typeof part === 'number') return Buffer.alloc(part * SECTOR);
        const [name, from, to] = typeof part === 'string' ? [part, 0] : part;
        return audio.get(`${sheet.name}/${name}`)!.subarray(from * SECTOR, to === undefined ? undefined : to * SECTOR);
      }),
    );
  }

  for (const sheet of SHEETS) {
    it(`${sheet.name}: every sample, index, code and text field reaches the image, and third-party readers agree`, async () => {
      const cwd = join(dir.path, sheet.name.replace(/\.cue$/, ''));
      const result = await runCli(['--json', '--image', 'out.cue', sheet.name], { cwd });
      assert.equal(result.code, 0, result.stderr);
      for (const warning of sheet.warnings ?? []) assert.match(result.stderr, warning);

      // The BIN: the source's own audio in every pregap and before track 1, sample for sample.
      const bin = await readFile(join(cwd, 'out.bin'));
      assert.ok(bin.equals(expectedBin(sheet)), `the BIN holds the sheet's audio (${bin.length} bytes)`);

      // The cue sheet: indexes where the source has them, and the codes kept.
      const cue = (await readFile(join(cwd, 'out.cue'))).toString('latin1');
      const tracks = trackIndexes(cue);
      assert.deepEqual(tracks.map((t) => t.get(0) ?? null), sheet.index00, 'INDEX 00');
      assert.deepEqual(tracks.map((t) => t.get(1)), sheet.index01, 'INDEX 01');
      assert.deepEqual(tracks.map((t) => [...t].filter(([n]) => n >= 2).map(([, at]) => at)), sheet.later ?? tracks.map(() => []), 'INDEX 02+');
      assert.equal(/^CATALOG (\d+)$/m.exec(cue)?.[1], sheet.catalog);
      const trackText = cue.split(/^\s*TRACK /m).slice(1);
      assert.deepEqual(trackText.map((t) => /ISRC (\S+)/.exec(t)?.[1] ?? null), sheet.isrc ?? trackText.map(() => null));
      assert.deepEqual(trackText.map((t) => /FLAGS (.+)/.exec(t)?.[1]!.trim().split(' ') ?? []), sheet.flags ?? trackText.map(() => []));
      for (const line of sheet.kept ?? []) assert.ok(cue.split('\n').includes(line), `the cue sheet keeps ${line}\n${cue}`);

      // The plan event carries the same.
      const plan = jsonLines(result.stdout).find((e) => e.type === 'plan') as unknown as { layout: { catalog?: string; tracks: Array<{ isrc?: string; flags: string[] }> } };
      assert.equal(plan.layout.catalog, sheet.catalog);
      assert.deepEqual(plan.layout.tracks.map((t) => t.isrc ?? null), sheet.isrc ?? sheet.index01.map(() => null));

      // cdrdao reads the MCN, ISRCs, pre-emphasis, copy permission, pregaps and starts. cdrdao
      // 1.2.4 misreads INDEX 02 and later in a CUE file (it adds the track's start to some and
      // refuses others as "beyond track end"), so it reads a copy without them.
      await writeFile(join(cwd, 'cdrdao.cue'), cue.replace(/^ +INDEX (0[2-9]|[1-9]\d) .*\n/gm, ''), 'latin1');
      const toc = (await exec('cdrdao', ['show-toc', 'cdrdao.cue'], { cwd })).stdout;
      const blocks = toc.split(/^TRACK\s+\d+\s+Mode AUDIO:/m).slice(1);
      assert.equal(blocks.length, sheet.index01.length, toc);
      assert.equal(/CATALOG NUMBER: (\d+)/.exec(toc)?.[1], sheet.catalog);
      blocks.forEach((block, i) => {
        assert.equal(Number(/START\s+\S+\(\s*(\d+)\)/.exec(block)?.[1]), sheet.index01[i], `cdrdao: track ${i + 1} starts`);
        const pregap = /PREGAP\s+\S+\(\s*(\d+)\)/.exec(block)?.[1];
        const index0 = sheet.index00[i];
        assert.equal(pregap === undefined ? null : Number(pregap), index0 === null || index0 === undefined ? null : sheet.index01[i]! - index0, `cdrdao: track ${i + 1} pregap`);
        const isrc = /ISRC (.+)/.exec(block)?.[1]?.replace(/ /g, '');
        assert.equal(isrc ?? null, sheet.isrc?.[i] ?? null, `cdrdao: track ${i + 1} ISRC`);
        const flags = sheet.flags?.[i] ?? [];
        assert.match(block, flags.includes('PRE') ? /^\s+PRE-EMPHASIS$/m : /NO PRE-EMPHASIS/);
        assert.match(block, flags.includes('DCP') ? /^\s+COPY PERMITTED$/m : /COPY NOT PERMITTED/);
      });

      // bchunk cuts each track from its INDEX 01 to the next track's first index: the same samples.
      // It takes the last INDEX of a track as its start, and any line holding "TRACK" as a track
      // (REM REPLAYGAIN_TRACK_GAIN), so it reads a copy without INDEX 02+ and REM lines.
      await writeFile(join(cwd, 'bchunk.cue'), (await readFile(join(cwd, 'cdrdao.cue'), 'latin1')).replace(/^ *REM .*\n/gm, ''), 'latin1');
      await exec('bchunk', ['-w', 'out.bin', 'bchunk.cue', 'bchunk-'], { cwd });
      for (const [i, start] of sheet.index01.entries()) {
        const end = sheet.index00[i + 1] ?? sheet.index01[i + 1] ?? bin.length / SECTOR;
        const wav = await readFile(join(cwd, `bchunk-${String(i + 1).padStart(2, '0')}.wav`));
        assert.ok(wav.subarray(44).equals(bin.subarray(start * SECTOR, end * SECTOR)), `bchunk: track ${i + 1}`);
      }

      // cueprint (libcue) reads the text and ISRCs.
      const printed = (await exec('cueprint', ['out.cue'], { cwd })).stdout;
      assert.equal([...printed.matchAll(/^Track \d+ Information/gm)].length, sheet.index01.length);
      for (const isrc of sheet.isrc ?? []) if (isrc) assert.match(printed, new RegExp(`ISRC:\\s+${isrc}`));

      // Read back as input, the image gives the same image: nothing was lost on the way.
      const again = await runCli(['--image', 'again.cue', 'out.cue'], { cwd });
      assert.equal(again.code, 0, again.stderr);
      assert.ok((await readFile(join(cwd, 'again.bin'))).equals(bin), 'the same BIN again');
      assert.equal((await readFile(join(cwd, 'again.cue'))).toString('latin1'), cue.replace('"out.cdt"', '"again.cdt"').replace('"out.bin"', '"again.bin"'));
    });
  }

  it('refuses with --strict what it would leave out, naming the line: a data track', async () => {
    const cwd = join(dir.path, 'enhanced-cd');
    const result = await runCli(['--strict', '--image', 'strict.cue', 'enhanced-cd.cue'], { cwd });
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /--strict refuses .*enhanced-cd\.cue: line 13: TRACK 03 is a data track/);
    await assert.rejects(readFile(join(cwd, 'strict.bin')));
  });

  it('shows in `plan` what each track carries and the MCN', async () => {
    const result = await runCli(['plan', 'eac-image.cue'], { cwd: join(dir.path, 'eac-image') });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^ {4}ISRC USSM15900113, flags DCP$/m);
    assert.match(result.stdout, /^ {4}ISRC USSM15900115, INDEX 02 at 00:18:00, 2 s of audio before INDEX 01$/m);
    assert.match(result.stdout, /^MCN \(CATALOG\): 5099708309129$/m);
  });

  describe('over IMAPI v1 (the simulator), which writes every gap as silence', () => {
    before(() => buildNative());

    const cases: Array<[string, RegExp[]]> = [
      ['eac-noncompliant.cue', [/IMAPI v1 writes every gap as silence, so the pregap audio moves: track 2's pregap audio \(1 s\) is appended to the end of track 1; track 3's pregap audio \(1\.2 s\) is appended to the end of track 2/, /IMAPI v1 cannot record the flags \(PRE\) of track 3, the CD-TEXT \(TITLE, PERFORMER\)/]],
      ['eac-hidden-track.cue', [/IMAPI v1 cannot record the hidden track before track 1 \(6 s; it begins track 1 instead\)/]],
      ['eac-image.cue', [/IMAPI v1 cannot record .*the MCN 5099708309129, the ISRC of track 1, 2 and 3, the flags \(DCP\) of track 1, INDEX 02 and later of track 3, the CD-TEXT/]],
    ];
    for (const [name, warnings] of cases) {
      it(`${name}: no sample is lost, and one warning says what moved and what is left out`, async () => {
        const sheet = SHEETS.find((s) => s.name === name)!;
        const cwd = join(dir.path, name.replace(/\.cue$/, ''));
        // XP IMAPI writes the sheet's gaps (AudioGapSize); modern IMAPI's fixed 2 s refuses them (exit 2, tested with the IMAPI behaviours).
        const env = await simulator(cwd, { windows: 'xp' });
        const result = await runCli(['--json', name], { cwd, env });
        assert.equal(result.code, 0, result.stderr);
        for (const warning of warnings) assert.match(result.stderr, warning);
        // The simulator's disc holds the staged tracks, gaps left out: every sample of the source, in order.
        assert.ok((await readFile(join(cwd, 'disc.raw'))).equals(expectedBin(sheet)), 'the disc holds every sample');
        await rm(join(cwd, 'disc.raw'));

        const strict = await runCli(['--strict', name], { cwd, env });
        assert.equal(strict.code, 3, strict.stderr);
        assert.match(strict.stderr, /--strict refuses/);
        await assert.rejects(readFile(join(cwd, 'disc.raw')), 'nothing is recorded');
      });
    }
  });
});
