/**
 * The image folder, or the temporary folder the decoded audio goes to, filling up mid-write: a
 * real ENOSPC from a small tmpfs the test mounts (root
 * only: `mount -t tmpfs -o size=1m`). A file system cannot be turned read-only under an open
 * file (Linux refuses `remount,ro` while a file is open for writing), so EROFS mid-write is not
 * caused here.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { soxTone, tool } from '../helpers/codecs.js';
import { tempDir, writeTracks } from '../helpers/wav.js';

function mount(dir: string, options: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const canMount = process.getuid?.() === 0;

describe('disk trouble while writing an image', { skip: canMount ? false : 'needs root to mount a small tmpfs' }, () => {
  let dir: { path: string; remove: () => Promise<void> };
  let small: string;
  before(async () => {
    dir = await tempDir();
    small = join(dir.path, 'small');
    await mkdir(small);
  });
  after(async () => {
    try {
      execFileSync('umount', [small], { stdio: 'ignore' });
    } catch {
      // not mounted
    }
    await dir.remove();
  });

  it('a full disk (ENOSPC from a 1 MB tmpfs): exit 5, the partial image removed', async (t) => {
    if (!mount(small, 'size=1m')) return t.skip('mount is not permitted here');
    const [track] = await writeTracks(dir.path, { 'ten.wav': 10 });
    const result = await runCli(['--image', join(small, 'd.cue'), track!.path]);
    execFileSync('umount', [small]);
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /d\.bin: cannot write the image \(the disk is full\); nothing was left behind/);
    assert.ok(!mount(small, 'size=1m') || (await readdir(small)).length === 0);
  });

  it('a temporary folder too small for the decoded audio: exit 5, naming it and the fix, nothing left in it', async (t) => {
    if (!mount(small, 'size=1m')) return t.skip('mount is not permitted here');
    soxTone(join(dir.path, 'song.wav'), 10);
    tool('flac', ['-s', '-f', join(dir.path, 'song.wav'), '-o', join(dir.path, 'song.flac')]);
    const result = await runCli(['--image', join(dir.path, 'd.cue'), join(dir.path, 'song.flac')], { env: { TMPDIR: small } });
    const left = await readdir(small);
    execFileSync('umount', [small]);
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, new RegExp(`${small}/burn-audio-\\d+-[0-9a-f]+\\.pcm: cannot hold the decoded audio of .*song\\.flac \\(the disk is full\\); set TMPDIR to a folder with room for it`));
    assert.deepEqual(left, []);
    assert.deepEqual((await readdir(dir.path)).filter((name) => name.startsWith('d.')), []);
  });
});
