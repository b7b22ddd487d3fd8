import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSource } from '../../src/audio/source.js';
import { WAVE_FORMAT_IEEE_FLOAT } from '../../src/audio/wav-format.js';
import { BIN, jsonLines, runCli } from '../helpers/cli.js';
import { soxTone, tool } from '../helpers/codecs.js';
import { flacReference } from '../helpers/flac.js';
import { buildNative, simulator } from '../helpers/simulator.js';
import { tempDir, wavFile } from '../helpers/wav.js';

/** The PCM burn-audio decodes a file to, read the way staging read it before (decoded again), written as a WAV of that format. */
async function decodedAsWav(path: string, wav: string): Promise<void> {
  const source = await openSource(path);
  const { format, dataBytes } = source.pcm;
  const pieces: Buffer[] = [];
  for await (const piece of source.read(0, dataBytes, 1 << 20)) pieces.push(Buffer.from(piece));
  const float = format.formatTag === WAVE_FORMAT_IEEE_FLOAT;
  await writeFile(wav, wavFile(Buffer.concat(pieces), { channels: format.channels, sampleRate: format.sampleRate, bitsPerSample: format.bitsPerSample, formatTag: float ? 3 : 1 }));
}

describe('compressed tracks decoded once, on every core', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const at = (name: string): string => join(dir.path, name);
  /** Every format and conversion the codecs have: CD audio, hi-res, mono, 5.1 at 48 kHz, lossy at 44.1 and 48 kHz. */
  const sources = ['cd.flac', 'hires.flac', 'mono.flac', 'six.flac', 'cd.mp3', 'mono.mp3', 'k48.mp3', 'cd.ogg', 'cd.opus'];
  before(async () => {
    dir = await tempDir();
    soxTone(at('cd.wav'), 6);
    soxTone(at('hires.wav'), 4, { rate: 96_000, bits: 24 });
    soxTone(at('mono.wav'), 5, { channels: 1 });
    soxTone(at('six.wav'), 4, { rate: 48_000, bits: 24, channels: 6 });
    soxTone(at('k48.wav'), 5, { rate: 48_000 });
    for (const name of ['cd', 'hires', 'mono', 'six']) tool('flac', ['-s', '-f', at(`${name}.wav`), '-o', at(`${name}.flac`)]);
    for (const name of ['cd', 'mono', 'k48']) tool('lame', ['--quiet', at(`${name}.wav`), at(`${name}.mp3`)]);
    tool('oggenc', ['-Q', at('cd.wav'), '-o', at('cd.ogg')]);
    tool('opusenc', ['--quiet', at('cd.wav'), at('cd.opus')]);
    for (const name of sources) await decodedAsWav(at(name), at(`${name}.wav`));
  });
  after(() => dir.remove());

  /** The BIN of an image of `tracks` made with `options`. */
  async function image(name: string, tracks: string[], options: string[] = []): Promise<Buffer> {
    const result = await runCli(['--quiet', '--image', at(`${name}.cue`), ...options, ...tracks.map(at)]);
    assert.equal(result.code, 0, result.stderr);
    return readFile(at(`${name}.bin`));
  }

  for (const [what, options] of [['as they are', []], ['normalised track by track', ['--normalize']], ['normalised as an album', ['--normalize', 'album']], ['with a fixed gain', ['--gain', '4']]] as const) {
    it(`an album of every codec and conversion, ${what}, is the image of the same audio read from WAVs`, async () => {
      const fromWavs = await image('wavs', sources.map((name) => `${name}.wav`), [...options]);
      const decoded = await image('decoded', sources, [...options]);
      assert.equal(decoded.length, fromWavs.length);
      assert.ok(decoded.equals(fromWavs), 'the same bytes, every track');
    });
  }

  it('the tracks of a cue sheet over a FLAC and over an MP3 are cut from the audio decoded once, as from a WAV', async () => {
    const sheet = (file: string): string => `FILE "${file}" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n  TRACK 02 AUDIO\n    INDEX 00 00:02:00\n    INDEX 01 00:03:10\n  TRACK 03 AUDIO\n    INDEX 01 00:04:33\n`;
    for (const file of ['cd.flac', 'cd.mp3']) {
      await writeFile(at(`${file}.cue`), sheet(file));
      await writeFile(at(`${file}.wav.cue`), sheet(`${file}.wav`));
      for (const options of [[], ['--normalize']]) {
        const decoded = await image('sheet', [`${file}.cue`], options);
        assert.ok(decoded.equals(await image('sheet-wav', [`${file}.wav.cue`], options)), `${file} ${options.join(' ')}`);
      }
    }
  });

  it('events and warnings come in input order, and the error is the first track\'s, whichever decode ends first', async () => {
    // A long 5.1 FLAC (a warning: mixed down) damaged at its end, then a short one damaged at its start.
    soxTone(at('long.wav'), 40, { rate: 48_000, bits: 24, channels: 6 });
    tool('flac', ['-s', '-f', at('long.wav'), '-o', at('long.flac')]);
    const long = await readFile(at('long.flac'));
    await writeFile(at('long-cut.flac'), long.subarray(0, long.length - 20_000));
    const short = await readFile(at('cd.flac'));
    await writeFile(at('short-bad.flac'), Buffer.concat([short.subarray(0, 8_400), Buffer.alloc(4_000, 0x5a), short.subarray(12_400)]));
    const both = await runCli(['--json', 'plan', at('long-cut.flac'), at('short-bad.flac')]);
    assert.equal(both.code, 3, both.stderr);
    const events = jsonLines(both.stdout).map((e) => (e.type === 'probe' ? `probe ${e.path as string}` : e.type === 'error' ? `error ${e.message as string}` : e.type));
    assert.deepEqual(events.slice(0, 1), [`probe ${at('long-cut.flac')}`]);
    assert.match(events.at(-1)!, new RegExp(`^error ${at('long-cut.flac')}: damaged FLAC`));
    assert.ok(!events.some((e) => e.includes('short-bad')), 'nothing of the second track before the first has failed');

    const later = await runCli(['--json', 'plan', at('long.flac'), at('short-bad.flac')]);
    assert.equal(later.code, 3, later.stderr);
    const shown = jsonLines(later.stdout).map((e) => (e.type === 'probe' ? `probe ${e.path as string}` : e.type === 'warning' ? 'warning' : e.type === 'error' ? `error ${String(e.message).split(':')[0]}` : e.type));
    assert.deepEqual(shown, [`probe ${at('long.flac')}`, 'warning', `probe ${at('short-bad.flac')}`, `error ${at('short-bad.flac')}`]);
  });

  it('a burn stages the audio decoded while probing: the files can change once the disc is planned', async () => {
    buildNative();
    const env = await simulator(dir.path, {});
    const tracks = [at('burn.flac'), at('burn.mp3')];
    await copyFile(at('cd.flac'), tracks[0]!);
    await copyFile(at('cd.mp3'), tracks[1]!);
    const reference = flacReference(at('cd.flac'), at('cd-reference.wav'));
    // The burn asks on a terminal before it stages: there, every input is overwritten.
    const quoted = [process.execPath, BIN, ...tracks].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qfec', `stty cols 100 rows 24; ${quoted}`, '/dev/null'], { env: { ...process.env, ...env, NO_COLOR: '1', CI: '', TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let answered = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      screen += text;
      if (answered || !screen.includes('[y/N]')) return;
      answered = true;
      void Promise.all(tracks.map(async (track) => writeFile(track, Buffer.alloc((await stat(track)).size, 0x55)))).then(() => child.stdin.write('y\r'));
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.ok(answered, screen);
    assert.equal(code, 0, screen);
    const disc = await readFile(at('disc.raw'));
    assert.ok(disc.indexOf(reference) >= 0, 'the disc holds the FLAC as it was when it was probed');
  });

  for (const [when, twice, normalize] of [
    ['while the tracks are decoding', false, false],
    ['while the tracks are decoding, a second one (which stops at once) after it', true, false],
    ['while the tracks are made CD audio at their levels (--normalize)', false, true],
  ] as const) {
    it(`Ctrl-C (SIGINT) ${when} leaves no temporary file and no image`, async () => {
      const tmp = at(`tmp-${twice}-${normalize}`);
      await mkdir(tmp);
      const out = at(`out-${twice}-${normalize}`);
      await mkdir(out);
      const levels = normalize ? ['--normalize'] : [];
      const child = spawn(process.execPath, [BIN, '--json', '--image', join(out, 'disc.cue'), ...levels, ...['cd.flac', 'hires.flac', 'cd.mp3', 'cd.ogg'].map(at)], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
      let sent = false;
      // The first file made for a decode's audio (with --normalize, for a track's CD audio at its level) is the moment to stop.
      const watcher = watch(tmp, (_event, name) => {
        if (sent || (normalize && !String(name).endsWith('.cdda'))) return;
        sent = true;
        child.kill('SIGINT');
      });
      let stdout = '';
      let again = false;
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        stdout += text;
        // The second once the first is taken (signals sent together arrive as one).
        if (twice && !again && stdout.includes('"stopping"')) {
          again = true;
          child.kill('SIGINT');
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', (status, signal) => resolve(status ?? (signal === 'SIGINT' ? 130 : null))));
      watcher.close();
      assert.ok(sent, 'a decode wrote its audio into the temporary folder');
      assert.equal(again, twice);
      assert.equal(code, 130, stdout);
      assert.deepEqual(await readdir(tmp), []);
      assert.deepEqual(await readdir(out), []);
    });
  }
});
