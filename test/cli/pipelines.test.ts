import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { BIN, jsonLines, pausedAt } from '../helpers/cli.js';
import { tempDir, writeLongTrack, writeTracks } from '../helpers/wav.js';

const exec = promisify(execFile);

/** Runs a shell pipeline ending in burn-audio; TMPDIR is the test's own, to see what is left there. */
async function shell(command: string, cwd: string, tmp: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec('bash', ['-o', 'pipefail', '-c', command], {
      cwd,
      env: { ...process.env, BURN_AUDIO: `${process.execPath} ${BIN}`, TMPDIR: tmp, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('pipelines', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let tmp: string;
  before(async () => {
    dir = await tempDir();
    tmp = join(dir.path, 'tmp');
    await mkdir(tmp);
    await mkdir(join(dir.path, 'album'));
    await writeTracks(join(dir.path, 'album'), { 'track2.wav': 4, 'track10.wav': 4, 'track 1.wav': 4 });
  });
  after(() => dir.remove());

  it('burns a WAV that sox writes to a pipe (`-`), and removes the spool', async () => {
    const result = await shell('sox -n -r 48000 -b 24 -c 1 -t wav - synth 5 sine 440 vol 0.5 2>/dev/null | $BURN_AUDIO --image d.cue -', dir.path, tmp);
    assert.equal(result.code, 0, result.stderr);
    const bin = await readFile(join(dir.path, 'd.bin'));
    assert.equal(bin.length, 375 * 2352, '5 s at 44.1 kHz');
    assert.match(await readFile(join(dir.path, 'd.cue'), 'utf8'), /TITLE "stdin"/);
    assert.deepEqual(await readdir(tmp), []);
  });

  it('--copies from a pipe: standard input is read once, each copy written from the audio staged once; spool and staged audio removed', async () => {
    const result = await shell('sox -n -r 44100 -b 16 -c 2 -t wav - synth 4 sine 440 vol 0.5 2>/dev/null | $BURN_AUDIO --copies 2 --image copies.cue -', dir.path, tmp);
    assert.equal(result.code, 0, result.stderr);
    const [first, second] = await Promise.all([readFile(join(dir.path, 'copies-1.bin')), readFile(join(dir.path, 'copies-2.bin'))]);
    assert.equal(first.length, 300 * 2352);
    assert.ok(first.equals(second));
    assert.deepEqual(await readdir(tmp), []);
  });

  it('names standard input "-" in errors, and removes the spool then too', async () => {
    const result = await shell('echo "not audio at all" | $BURN_AUDIO plan -', dir.path, tmp);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /burn-audio: -: not a WAV file/);
    assert.deepEqual(await readdir(tmp), []);
  });

  it('reads a NUL-separated list from find | sort -z with --files-from - -0', async () => {
    const result = await shell("find album -name '*.wav' -print0 | sort -z | $BURN_AUDIO --json plan --files-from - -0", dir.path, tmp);
    assert.equal(result.code, 0, result.stderr);
    const plan = jsonLines(result.stdout).find((e) => e.type === 'plan') as unknown as { layout: { tracks: Array<{ path: string }> } };
    assert.deepEqual(plan.layout.tracks.map((t) => t.path), ['album/track 1.wav', 'album/track10.wav', 'album/track2.wav']);
  });

  it('reads a list file, one path per line, names with spaces taken literally', async () => {
    await writeFile(join(dir.path, 'list.txt'), 'album/track2.wav\nalbum/track 1.wav\n\n');
    const result = await shell('$BURN_AUDIO --json plan --files-from list.txt', dir.path, tmp);
    assert.equal(result.code, 0, result.stderr);
    const plan = jsonLines(result.stdout).find((e) => e.type === 'plan') as unknown as { layout: { tracks: Array<{ path: string }> } };
    assert.deepEqual(plan.layout.tracks.map((t) => t.path), ['album/track2.wav', 'album/track 1.wav']);
  });

  it('removes the spool when interrupted while staging', async () => {
    const long = join(dir.path, 'long.wav');
    await writeLongTrack(long, 4);
    // Held after the first staged blocks: the signal lands in staging, however fast it is.
    const child = spawn(process.execPath, [BIN, '--json', '--image', join(dir.path, 'int.cue'), '-'], {
      env: { ...process.env, TMPDIR: tmp, ...pausedAt('staging') },
      stdio: [openSync(long, 'r'), 'pipe', 'pipe'],
    });
    let sent = false;
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      if (!sent && text.includes('"addProgress"')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.ok(sent);
    assert.equal(code, 130);
    assert.deepEqual(await readdir(tmp), [], 'no spool left');
    assert.ok(!(await readdir(dir.path)).some((name) => name.startsWith('int.') || name.startsWith('.int.')), 'no image left');
  });

  it('keeps standard input in its place among the other tracks', async () => {
    const result = await shell("cat 'album/track2.wav' | $BURN_AUDIO --json plan 'album/track1*.wav' - 'album/track 1.wav'", dir.path, tmp);
    assert.equal(result.code, 0, result.stderr);
    const plan = jsonLines(result.stdout).find((e) => e.type === 'plan') as unknown as { layout: { tracks: Array<{ path: string }> } };
    assert.deepEqual(plan.layout.tracks.map((t) => t.path), ['album/track10.wav', '-', 'album/track 1.wav']);
  });

  it('refuses to read standard input twice', async () => {
    const result = await shell('echo x | $BURN_AUDIO plan --files-from - -', dir.path, tmp);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /standard input can be read once/);
  });
});
