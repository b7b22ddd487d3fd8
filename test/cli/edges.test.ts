/** The edges of the command line: options that do not apply, image names, help, Ctrl-C at the end. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import stringWidth from 'string-width';
import { jsonLines, runCli } from '../helpers/cli.js';
import { tempDir, writeTracks } from '../helpers/wav.js';

describe('command-line edges', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let track: string;
  before(async () => {
    dir = await tempDir();
    track = (await writeTracks(dir.path, { 'a.wav': 4 }))[0]!.path;
  });
  after(() => dir.remove());

  it('refuses the options for a recorder with --image: exit 2, nothing written', async () => {
    const result = await runCli(['--image', join(dir.path, 'x.cue'), '--speed', '16', '--eject', '-d', '3', track]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--device, --speed, --eject apply to a recorder, not to --image/);
    assert.equal(existsSync(join(dir.path, 'x.cue')) || existsSync(join(dir.path, 'x.bin')), false);
  });

  it('takes --image disc.bin to mean disc.cue + disc.bin', async () => {
    const result = await runCli(['--json', '--image', join(dir.path, 'bin.bin'), track]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(jsonLines(result.stdout).at(-1)!.outputs, [join(dir.path, 'bin.cue'), join(dir.path, 'bin.bin'), join(dir.path, 'bin.cdt')]);
    assert.deepEqual((await readdir(dir.path)).filter((f) => f.startsWith('bin.')).sort(), ['bin.bin', 'bin.cdt', 'bin.cue']);
  });

  it('refuses an image named like one of its inputs, before touching it', async () => {
    const sheet = join(dir.path, 'album.cue');
    const text = `FILE "a.wav" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n`;
    await writeFile(sheet, text);
    for (const image of [sheet, join(dir.path, 'album')]) {
      const result = await runCli(['--image', image, sheet]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /album\.cue: that is one of the inputs; choose another name for the image/);
    }
  });

  it('aligns the plan table by display width: wide characters take two columns', async () => {
    const tracks = await writeTracks(dir.path, { '中文标题歌曲.wav': 4, 'latin.wav': 4 });
    const { stdout, code } = await runCli(['plan', ...tracks.map((t) => t.path)]);
    assert.equal(code, 0);
    const rows = stdout.split('\n').filter((l) => /^0\d /.test(l));
    // The Length column ends at the same terminal column in every row.
    const lengthEnd = (row: string): number => stringWidth(row.slice(0, row.indexOf('0:04') + 4));
    assert.equal(rows.length, 2, stdout);
    assert.equal(lengthEnd(rows[0]!), lengthEnd(rows[1]!), stdout);
  });

  it('finishes with exit 0 and the image in place when Ctrl-C comes as the image is completed', async () => {
    let sent = false;
    const result = await runCli(['--json', '--image', join(dir.path, 'late.cue'), track], {
      onStdout: (child, text) => {
        if (!sent && text.includes('"burnComplete"')) sent = child.kill('SIGINT') || true;
      },
    });
    assert.ok(sent);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /interrupted/);
    assert.ok(existsSync(join(dir.path, 'late.cue')) && existsSync(join(dir.path, 'late.bin')));
  });

  it('says what is true on a system without IMAPI: devices exits 4, naming --image and the simulator', async () => {
    const result = await runCli(['devices'], { env: { BURN_AUDIO_IMAPI_SIM: undefined } });
    assert.equal(result.code, 4);
    assert.match(result.stderr, /no CD recorders burn-audio can use here.*BURN_AUDIO_IMAPI_SIM.*--image disc\.cue/);
  });

  it('shows complete help: output options in every command, no (default: false), cue sheets, quoted patterns', async () => {
    for (const args of [['--help'], ['burn', '--help'], ['plan', '--help'], ['erase', '--help']]) {
      const { stdout, code } = await runCli(args);
      assert.equal(code, 0);
      assert.doesNotMatch(stdout, /default: false/, args.join(' '));
      for (const option of ['--json', '-q, --quiet', '-v, --verbose']) assert.ok(stdout.includes(option), `${args.join(' ')}: ${option}`);
      if (args[0] !== 'erase') {
        assert.match(stdout.replace(/\s+/g, ' '), /cue sheets/, args.join(' '));
        assert.doesNotMatch(stdout, /[^'"]\*\.wav(?!')/, `${args.join(' ')}: patterns are quoted`);
      }
    }
  });
});
