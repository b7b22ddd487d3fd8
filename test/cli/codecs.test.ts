import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { index01Sectors, jsonLines, runCli } from '../helpers/cli.js';
import { soxTone, tool } from '../helpers/codecs.js';
import { wavDataOf } from '../helpers/flac.js';
import { buildNative, simulator } from '../helpers/simulator.js';
import { tempDir } from '../helpers/wav.js';

const SECTOR = 2352;

/** The sample data of a WAV as `flac -d` writes it. */
async function wavData(path: string): Promise<Buffer> {
  return wavDataOf(await readFile(path));
}

describe('FLAC, MP3, Ogg Vorbis and Opus tracks', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const at = (name: string): string => join(dir.path, name);
  before(async () => {
    dir = await tempDir();
  });
  after(() => dir.remove());

  it('a 16-bit 44.1 kHz FLAC gives exactly the samples flac -d gives, with its Vorbis-comment title', async () => {
    soxTone(at('cd.wav'), 5);
    tool('flac', ['-s', '-f', '-T', 'TITLE=Flac Song', '-T', 'ARTIST=Band', at('cd.wav'), '-o', at('cd.flac')]);
    tool('flac', ['-s', '-f', '-d', at('cd.flac'), '-o', at('cd-decoded.wav')]);
    const result = await runCli(['--image', at('cd.cue'), at('cd.flac')]);
    assert.equal(result.code, 0, result.stderr);
    const reference = await wavData(at('cd-decoded.wav'));
    const bin = await readFile(at('cd.bin'));
    assert.equal(bin.length, Math.ceil(reference.length / SECTOR) * SECTOR);
    assert.ok(bin.subarray(0, reference.length).equals(reference), 'the image holds the very samples flac -d gives');
    const cue = await readFile(at('cd.cue'), 'latin1');
    assert.match(cue, /TITLE "Flac Song"/);
    assert.match(cue, /PERFORMER "Band"/);
  });

  it('a 24-bit 96 kHz FLAC is decoded losslessly before the conversion: the same image as flac -d', async () => {
    soxTone(at('hires.wav'), 4.2, { rate: 96_000, bits: 24 });
    tool('flac', ['-s', '-f', at('hires.wav'), '-o', at('hires.flac')]);
    tool('flac', ['-s', '-f', '-d', at('hires.flac'), '-o', at('hires-decoded.wav')]);
    const plan = await runCli(['plan', at('hires.flac')]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /FLAC 24-bit 96000 Hz → 44100 Hz, 16-bit, dithered/);
    const fromFlac = await runCli(['--image', at('a.cue'), at('hires.flac')]);
    const fromWav = await runCli(['--image', at('b.cue'), at('hires-decoded.wav')]);
    assert.equal(fromFlac.code, 0, fromFlac.stderr);
    assert.equal(fromWav.code, 0, fromWav.stderr);
    assert.ok((await readFile(at('a.bin'))).equals(await readFile(at('b.bin'))));
  });

  // A gapless album: one 12-second tone cut into three 4-second tracks (300 sectors each), each
  // encoded on its own. Encoder delay and padding left in would lengthen every track.
  for (const [codec, extension, encode] of [
    ['MP3', 'mp3', (wav: string, out: string) => tool('lame', ['--quiet', wav, out])],
    ['Ogg Vorbis', 'ogg', (wav: string, out: string) => tool('oggenc', ['-Q', wav, '-o', out])],
    ['Opus', 'opus', (wav: string, out: string) => tool('opusenc', ['--quiet', wav, out])],
  ] as const) {
    it(`${codec}: encoder delay and padding are removed, each track has the source's length and the album joins without a click`, async () => {
      const album = at(`album-${extension}.wav`);
      tool('sox', ['-R', '-n', '-r', '44100', '-b', '16', '-c', '2', album, 'synth', '12', 'sine', '441', 'gain', '-6']);
      const tracks = [0, 1, 2].map((i) => at(`${extension}-${i}.${extension}`));
      for (const [i, track] of tracks.entries()) {
        const part = at(`${extension}-${i}.wav`);
        tool('sox', [album, part, 'trim', `${i * 4}`, '4']);
        encode(part, track);
      }
      const result = await runCli(['--gap', '0', '--image', at(`${extension}.cue`), ...tracks]);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(index01Sectors(await readFile(at(`${extension}.cue`), 'latin1')), [0, 300, 600]);
      const bin = await readFile(at(`${extension}.bin`));
      assert.equal(bin.length, 900 * SECTOR);
      // 441 Hz at half scale moves at most 2π·441/44100·16384 ≈ 1030 per sample; a gap or a
      // click at a track boundary jumps much further.
      for (const boundary of [300, 600]) {
        const frame = (boundary * SECTOR) / 4;
        for (let i = frame - 200; i < frame + 200; i += 1) {
          const step = Math.abs(bin.readInt16LE((i + 1) * 4) - bin.readInt16LE(i * 4));
          assert.ok(step < 2_500, `${codec}: a jump of ${step} at frame ${i}, near the start of sector ${boundary}`);
        }
      }
    });
  }

  it('plan shows each source format; --strict refuses Opus (48 kHz) but takes a 44.1 kHz stereo MP3', async () => {
    const plan = await runCli(['plan', at('mp3-0.mp3'), at('ogg-0.ogg'), at('opus-0.opus'), at('cd.flac')]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /MP3 44100 Hz → 16-bit, dithered/);
    assert.match(plan.stdout, /Ogg Vorbis 44100 Hz → 16-bit, dithered/);
    assert.match(plan.stdout, /Opus 48000 Hz → 44100 Hz, 16-bit, dithered/);
    assert.match(plan.stdout, /FLAC 16-bit 44100 Hz, as it is/);
    assert.equal((await runCli(['plan', '--strict', at('mp3-0.mp3'), at('cd.flac')])).code, 0);
    const strict = await runCli(['plan', '--strict', at('opus-0.opus')]);
    assert.equal(strict.code, 3);
    assert.match(strict.stderr, /opus-0\.opus: is Opus 48000 Hz; a CD needs 44100 Hz, 16-bit, 2 channels \(--strict refuses to convert it\)/);
  });

  it('a cue sheet whose FILE is a FLAC works exactly like one whose FILE is the WAV', async () => {
    const folder = at('rip');
    await mkdir(folder);
    soxTone(join(folder, 'album.wav'), 12, { rate: 48_000, bits: 24 });
    tool('flac', ['-s', '-f', join(folder, 'album.wav'), '-o', join(folder, 'album.flac')]);
    const sheet = (file: string): string =>
      `PERFORMER "Band"\nTITLE "Rip"\nFILE "${file}" WAVE\n  TRACK 01 AUDIO\n    TITLE "One"\n    INDEX 01 00:00:00\n  TRACK 02 AUDIO\n    TITLE "Two"\n    INDEX 01 00:05:10\n`;
    await writeFile(join(folder, 'flac.cue'), sheet('album.flac'));
    await writeFile(join(folder, 'wav.cue'), sheet('album.wav'));
    const flac = await runCli(['--image', at('rip-flac.cue'), join(folder, 'flac.cue')]);
    const wav = await runCli(['--image', at('rip-wav.cue'), join(folder, 'wav.cue')]);
    assert.equal(flac.code, 0, flac.stderr);
    assert.equal(wav.code, 0, wav.stderr);
    assert.ok((await readFile(at('rip-flac.bin'))).equals(await readFile(at('rip-wav.bin'))));
    assert.match(await readFile(at('rip-flac.cue'), 'latin1'), /TITLE "Two"/);
  });

  it('titles and performers come from ID3v2 tags (MP3) and Vorbis comments (Ogg Vorbis, Opus)', async () => {
    soxTone(at('tagged.wav'), 4);
    tool('lame', ['--quiet', '--tt', 'Mp3 Title', '--ta', 'Mp3 Artist', at('tagged.wav'), at('tagged.mp3')]);
    tool('oggenc', ['-Q', '-t', 'Ogg Title', '-a', 'Ogg Artist', at('tagged.wav'), '-o', at('tagged.ogg')]);
    tool('opusenc', ['--quiet', '--title', 'Opus Title', '--artist', 'Opus Artist', at('tagged.wav'), at('tagged.opus')]);
    const result = await runCli(['--image', at('tagged.cue'), at('tagged.mp3'), at('tagged.ogg'), at('tagged.opus')]);
    assert.equal(result.code, 0, result.stderr);
    const cue = await readFile(at('tagged.cue'), 'latin1');
    for (const codec of ['Mp3', 'Ogg', 'Opus']) {
      assert.match(cue, new RegExp(`TITLE "${codec} Title"\\s+PERFORMER "${codec} Artist"`));
    }
  });

  it('loads no decoder for --version or a WAV-only run, and only the one a file needs', async () => {
    // A module hook that reports every decoder module resolved: a package, or burn-audio's FLAC decoder.
    const hook = at('report-decoders.mjs');
    await writeFile(
      hook,
      `import { register } from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent('export async function resolve(s, c, n) { const r = await n(s, c); if (/decoder|codec-parser|audio\\\\/flac\\\\//.test(r.url)) process.stderr.write("decoder module: " + r.url + "\\\\n"); return r; }'));\n`,
    );
    const env = { NODE_OPTIONS: `--import=${hook}` };
    const loaded = (stderr: string): string[] => [...new Set([...stderr.matchAll(/decoder module: .*(?:node_modules\/((?:@[^/]+\/)?[^/]+)|src\/audio\/(flac)\/decoder)/g)].map((m) => m[1] ?? `burn-audio ${m[2]}`))].sort();
    assert.deepEqual(loaded((await runCli(['--version'], { env })).stderr), []);
    assert.deepEqual(loaded((await runCli(['plan', at('cd-decoded.wav')], { env })).stderr), []);
    const flac = await runCli(['plan', at('cd.flac')], { env });
    assert.equal(flac.code, 0, flac.stderr);
    assert.deepEqual(loaded(flac.stderr), ['burn-audio flac']);
  });

  it('burns a FLAC and an MP3 through IMAPI (the simulator): a damaged file stops the run before the recorder is opened', async () => {
    buildNative();
    const env = await simulator(dir.path, {});
    const disc = join(dir.path, 'disc.raw');
    const result = await runCli(['--json', at('cd.flac'), at('mp3-0.mp3')], { env });
    assert.equal(result.code, 0, result.stderr);
    const reference = await wavData(at('cd-decoded.wav'));
    const burned = await readFile(disc);
    assert.ok(burned.subarray(0, reference.length).equals(reference), 'the disc holds the FLAC\'s samples');
    assert.equal(burned.length, (Math.ceil(reference.length / SECTOR) + 300) * SECTOR, 'the FLAC, then 300 sectors of MP3 (the recorder makes the gaps)');
    await rm(disc);
    await writeFile(at('cut.flac'), (await readFile(at('cd.flac'))).subarray(0, 40_000));
    const damaged = await runCli(['--json', at('cd.flac'), at('cut.flac')], { env });
    assert.equal(damaged.code, 3, damaged.stderr);
    assert.match(damaged.stderr, /cut\.flac: damaged FLAC: /);
    assert.equal(jsonLines(damaged.stdout).some((e) => e.type === 'recorder' || e.type === 'addProgress'), false, 'no recorder was opened');
    assert.equal(existsSync(disc), false);
  });

  it('refuses MP4/M4A and AAC naming the format and a conversion; nothing is written', async () => {
    const m4a = Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypM4A \x00\x00\x02\x00M4A isommp42\x00\x00\x00\x08free', 'latin1')]);
    await writeFile(at('song.m4a'), m4a);
    await writeFile(at('song.aac'), Buffer.from([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc, ...Buffer.alloc(600)]));
    await mkdir(at('none'));
    for (const [file, message] of [
      ['song.m4a', /song\.m4a: is an MP4\/M4A file \(brand 'M4A', AAC or ALAC audio\), which burn-audio does not read; convert it first, e\.g\. ffmpeg -i in\.m4a out\.flac/],
      ['song.aac', /song\.aac: is an AAC file, which burn-audio does not read; convert it first, e\.g\. ffmpeg -i in\.aac out\.flac/],
    ] as const) {
      const result = await runCli(['--image', at('none/d.cue'), at(file)]);
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, message);
      assert.deepEqual(await readdir(at('none')), []);
    }
  });
});
