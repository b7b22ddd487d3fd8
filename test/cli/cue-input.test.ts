import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { SECTOR_BYTES as SECTOR } from '../../src/disc/red-book.js';
import { index01Sectors, jsonLines, runCli } from '../helpers/cli.js';
import { sine } from '../helpers/signal.js';
import { encodeSamples, tempDir, wavFile, writeTracks } from '../helpers/wav.js';

const exec = promisify(execFile);

describe('cue sheets as input', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let tracks: Array<{ path: string; audio: Buffer }>;
  before(async () => {
    dir = await tempDir();
    // Whole sectors, so a joined file splits exactly at the track boundaries.
    tracks = await writeTracks(dir.path, { 'a.wav': 5, 'b.wav': 6, 'c.wav': 4.2 });
  });
  after(() => dir.remove());

  it('burns a cue sheet shntool wrote for a joined WAV: each track holds its part of the audio', async () => {
    await exec('shntool', ['join', '-q', '-O', 'always', '-d', dir.path, ...tracks.map((t) => t.path)]);
    const { stdout } = await exec('shntool', ['cue', ...tracks.map((t) => t.path)]);
    await writeFile(join(dir.path, 'joined.cue'), stdout);
    const result = await runCli(['--json', '--image', 'out.cue', 'joined.cue'], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    const bin = await readFile(join(dir.path, 'out.bin'));
    const cue = await readFile(join(dir.path, 'out.cue'), 'utf8');
    const starts = index01Sectors(cue).map((sectors) => sectors * SECTOR);
    assert.equal(starts.length, 3);
    for (const [i, track] of tracks.entries()) {
      assert.ok(bin.subarray(starts[i]!, starts[i]! + track.audio.length).equals(track.audio), `track ${i + 1}`);
    }
    const plan = jsonLines(result.stdout).find((e) => e.type === 'plan') as unknown as { layout: { tracks: Array<{ pregapSectors: number }> } };
    assert.deepEqual(plan.layout.tracks.map((t) => t.pregapSectors), [150, 0, 0], 'the cue sheet says gapless');

    // The same sheet rewritten by cuetools' cueconvert gives the same disc.
    const converted = await exec('cueconvert', ['-i', 'cue', '-o', 'cue', join(dir.path, 'joined.cue')]);
    await writeFile(join(dir.path, 'converted.cue'), converted.stdout);
    const again = await runCli(['--image', 'out2.cue', 'converted.cue'], { cwd: dir.path });
    assert.equal(again.code, 0, again.stderr);
    assert.ok((await readFile(join(dir.path, 'out2.bin'))).equals(bin));
  });

  it('reads its own images back: the same BIN again, gaps, text and all', async () => {
    const first = await runCli(['--image', 'first.cue', '--title', 'Album', '--performer', 'Band', ...tracks.map((t) => t.path)], { cwd: dir.path });
    assert.equal(first.code, 0, first.stderr);
    const again = await runCli(['--image', 'again.cue', 'first.cue'], { cwd: dir.path });
    assert.equal(again.code, 0, again.stderr);
    assert.ok((await readFile(join(dir.path, 'first.bin'))).equals(await readFile(join(dir.path, 'again.bin'))));
    const [a, b] = await Promise.all(['first.cue', 'again.cue'].map((f) => readFile(join(dir.path, f), 'utf8')));
    assert.equal(b, a!.replace('first.cdt', 'again.cdt').replace('first.bin', 'again.bin'));
  });

  it('takes PREGAP, POSTGAP, quoted names with spaces and REM lines', async () => {
    await writeFile(
      join(dir.path, 'gaps.cue'),
      'REM made by hand\nTITLE "Gaps"\nFILE "a.wav" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n    POSTGAP 00:01:00\nFILE "b.wav" WAVE\n  TRACK 02 AUDIO\n    TITLE "Second one"\n    PREGAP 00:03:00\n    INDEX 01 00:00:00\n',
    );
    const result = await runCli(['--json', 'plan', 'gaps.cue'], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    const plan = jsonLines(result.stdout).find((e) => e.type === 'plan') as unknown as { layout: { title: string; tracks: Array<{ sectors: number; pregapSectors: number; title: string }> } };
    assert.equal(plan.layout.title, 'Gaps');
    assert.deepEqual(plan.layout.tracks.map((t) => [t.sectors, t.pregapSectors, t.title]), [[375 + 75, 150, 'a'], [450, 225, 'Second one']]);
  });

  it('keeps every sample of the last track of a file, whole frames or not', async () => {
    const odd = await writeTracks(dir.path, { 'odd.wav': 10.0068 }); // 441,300 frames: 750 sectors and 300 frames
    await writeFile(join(dir.path, 'odd.bin'), Buffer.concat([odd[0]!.audio, Buffer.from([1, 2, 3, 4])]));
    await writeFile(join(dir.path, 'odd.cue'), 'FILE "odd.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nFILE "odd.bin" BINARY\nTRACK 02 AUDIO\nINDEX 01 00:00:00\n');
    const result = await runCli(['--image', 'odd-out.cue', '--gap', '0', 'odd.cue'], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    const bin = await readFile(join(dir.path, 'odd-out.bin'));
    const audio = odd[0]!.audio;
    assert.equal(bin.length, 751 * 2 * SECTOR);
    assert.ok(bin.subarray(0, audio.length).equals(audio), 'the WAVE track whole');
    assert.ok(bin.subarray(751 * SECTOR, 751 * SECTOR + audio.length + 4).equals(Buffer.concat([audio, Buffer.from([1, 2, 3, 4])])), 'the BINARY track whole');
  });

  it('writes the pregap audio of a file into the image\'s pregap, converted like the track', async () => {
    const wave = sine(48_000 * 10, 48_000, 1_000, 0.5);
    await writeFile(join(dir.path, 'gap48.wav'), wavFile(encodeSamples([wave, wave], { bitsPerSample: 24 }), { sampleRate: 48_000, bitsPerSample: 24 }));
    await writeFile(join(dir.path, 'gap48.cue'), 'FILE "gap48.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nTRACK 02 AUDIO\nINDEX 00 00:04:00\nINDEX 01 00:05:30\n');
    const split = await runCli(['--image', 'gap48-split.cue', 'gap48.cue'], { cwd: dir.path });
    const whole = await runCli(['--image', 'gap48-whole.cue', 'gap48.wav'], { cwd: dir.path });
    assert.equal(split.code, 0, split.stderr);
    assert.equal(whole.code, 0, whole.stderr);
    const cue = await readFile(join(dir.path, 'gap48-split.cue'), 'utf8');
    assert.match(cue, /TRACK 02 AUDIO\n(?:.*\n)*? {4}INDEX 00 00:04:00\n {4}INDEX 01 00:05:30\n/);
    // Every sector of the source is in the image, the pregap's too: the same audio as the whole file.
    const [a, b] = await Promise.all(['gap48-split.bin', 'gap48-whole.bin'].map((f) => readFile(join(dir.path, f))));
    assert.equal(a!.length, b!.length);
    let worst = 0;
    for (let i = 0; i < a!.length; i += 2) worst = Math.max(worst, Math.abs(a!.readInt16LE(i) - b!.readInt16LE(i)));
    assert.ok(worst <= 2, `largest difference ${worst} LSB (dither alone differs by up to 2)`);
  });

  it('drops a malformed ISRC with a warning naming the line, and refuses it with --strict', async () => {
    await writeFile(join(dir.path, 'isrc.cue'), 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nISRC US-RC1-76\nFLAGS PRE\nINDEX 01 00:00:00\n');
    const result = await runCli(['--image', 'isrc-out.cue', 'isrc.cue'], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /isrc\.cue: line 3: ISRC US-RC1-76 is not an ISRC \(12 characters: country, owner, year, serial, e\.g\. USRC17607839\); it is left out/);
    const cue = await readFile(join(dir.path, 'isrc-out.cue'), 'utf8');
    assert.doesNotMatch(cue, /ISRC/);
    assert.match(cue, /FLAGS PRE/);
    const strict = await runCli(['--strict', '--image', 'isrc-strict.cue', 'isrc.cue'], { cwd: dir.path });
    assert.equal(strict.code, 3, strict.stderr);
    assert.match(strict.stderr, /--strict refuses .*line 3: ISRC US-RC1-76/);
  });

  it('joins gapless tracks cut from one 48 kHz file without a click at the boundary', async () => {
    const wave = sine(48_000 * 20, 48_000, 1_000, 0.5);
    await writeFile(join(dir.path, 'hi.wav'), wavFile(encodeSamples([wave, wave], { bitsPerSample: 24 }), { sampleRate: 48_000, bitsPerSample: 24 }));
    await writeFile(join(dir.path, 'hi.cue'), 'FILE "hi.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nTRACK 02 AUDIO\nINDEX 01 00:10:00\n');
    const split = await runCli(['--image', 'split.cue', 'hi.cue'], { cwd: dir.path });
    const whole = await runCli(['--image', 'whole.cue', 'hi.wav'], { cwd: dir.path });
    assert.equal(split.code, 0, split.stderr);
    assert.equal(whole.code, 0, whole.stderr);
    const [a, b] = await Promise.all(['split.bin', 'whole.bin'].map((f) => readFile(join(dir.path, f))));
    assert.equal(a!.length, b!.length);
    let worst = 0;
    for (let i = 0; i < a!.length; i += 2) worst = Math.max(worst, Math.abs(a!.readInt16LE(i) - b!.readInt16LE(i)));
    assert.ok(worst <= 2, `largest difference ${worst} LSB (dither alone differs by up to 2)`);
  });

  const broken: Array<[string, string, RegExp]> = [
    ['a missing FILE', 'FILE "nowhere.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n', /bad\.cue: line 1: nowhere\.wav: no such file/],
    ['an unknown command', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nPLAY LOUDLY\n', /bad\.cue: line 4: unknown command PLAY/],
    ['an INDEX 02 before INDEX 01', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:02:00\nINDEX 02 00:01:00\n', /bad\.cue: line 4: INDEX 02 \(00:01:00\) is not after the index before it in TRACK 01/],
    ['an INDEX 02 past the end of its track', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nINDEX 02 00:06:00\n', /bad\.cue: line 4: INDEX 02 of TRACK 01 \(00:06:00\) is not before the end of the track \(00:05:00, the end of a\.wav\)/],
    ['an INDEX past the end of its file', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:09:00\n', /bad\.cue: line 3: INDEX 01 of TRACK 01 \(00:09:00\) is at or past the end of a\.wav, which lasts 00:05:00; the sheet does not fit this file/],
    ['a track that starts after the next', 'FILE "a.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:03:00\nTRACK 02 AUDIO\nINDEX 01 00:01:00\n', /bad\.cue: line 3: INDEX 01 of TRACK 01 \(00:03:00\) is not before the next track's first index \(00:01:00\)/],
  ];
  for (const [name, text, message] of broken) {
    it(`refuses ${name} with exit 3, naming the line`, async () => {
      await writeFile(join(dir.path, 'bad.cue'), text);
      const result = await runCli(['plan', 'bad.cue'], { cwd: dir.path });
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, message);
    });
  }
});
