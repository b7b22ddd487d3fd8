import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdir, open, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { jsonLines, runCli } from '../helpers/cli.js';
import { cdAudio, tempDir, wavFile, writeTracks } from '../helpers/wav.js';

const exec = promisify(execFile);

/** A writable-looking folder the process cannot write: chmod for users, a read-only mount for root. */
async function unwritableFolder(parent: string): Promise<{ path: string; release: () => Promise<void> }> {
  const path = join(parent, 'locked');
  await mkdir(path);
  if (process.getuid?.() !== 0) {
    await chmod(path, 0o555);
    return { path, release: () => chmod(path, 0o755) };
  }
  try {
    await exec('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', path]);
    return { path, release: () => exec('umount', [path]).then(() => undefined) };
  } catch {
    return { path: '/sys', release: async () => undefined };
  }
}

describe('bad input is refused before anything is written', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let good: string;
  const files: Record<string, Buffer> = {
    'empty.wav': Buffer.alloc(0),
    'picture.wav': Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'),
    'truncated.wav': wavFile(cdAudio(1000), { declaredDataBytes: 10_000_000 }),
    'adpcm.wav': wavFile(Buffer.alloc(2048), { formatTag: 0x0002, bitsPerSample: 4 }),
    'mp3.wav': wavFile(Buffer.alloc(2048), { formatTag: 0x0055, bitsPerSample: 0 }),
    'hires.wav': wavFile(Buffer.alloc(48000 * 3), { sampleRate: 48000, bitsPerSample: 24, channels: 1 }),
  };

  before(async () => {
    dir = await tempDir();
    good = (await writeTracks(dir.path, { 'good.wav': 5 }))[0]!.path;
    await mkdir(join(dir.path, 'folder.wav'));
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir.path, name), bytes);
  });
  after(() => dir.remove());

  const cases: Array<{ name: string; input: string; message: RegExp; args?: string[] }> = [
    { name: 'a missing file', input: 'missing.wav', message: /missing\.wav: no such file/ },
    { name: 'a directory', input: 'folder.wav', message: /folder\.wav: is a folder, not an audio file/ },
    { name: 'an empty file', input: 'empty.wav', message: /empty\.wav: empty file \(0 bytes\)/ },
    { name: 'a PNG renamed .wav', input: 'picture.wav', message: /picture\.wav: not a WAV file \(it looks like a PNG image\)/ },
    { name: 'a truncated WAV', input: 'truncated.wav', message: /truncated\.wav: truncated WAV: the data chunk declares 10000000 bytes but only 4000 remain/ },
    { name: 'ADPCM', input: 'adpcm.wav', message: /adpcm\.wav: compressed WAV \(Microsoft ADPCM \(format 0x0002\)/ },
    { name: 'MP3 in WAV', input: 'mp3.wav', message: /mp3\.wav: compressed WAV \(MPEG Layer 3 \(MP3\) \(format 0x0055\)/ },
    { name: 'a valid WAV that is not CD audio, with --strict', input: 'hires.wav', args: ['--strict'], message: /hires\.wav: is 48000 Hz, 24-bit, 1 channel; a CD needs 44100 Hz, 16-bit, 2 channels \(--strict refuses to convert it\)/ },
  ];

  for (const c of cases) {
    it(`refuses ${c.name} with exit 3, naming the file`, async () => {
      const before = (await readdir(dir.path)).sort();
      const result = await runCli(['--image', 'out.cue', ...(c.args ?? []), good, c.input], { cwd: dir.path });
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, c.message);
      assert.equal(result.stderr.trim().split('\n').filter((l) => l.startsWith('burn-audio:')).length, 1);
      assert.deepEqual((await readdir(dir.path)).sort(), before, 'nothing written');
    });
  }

  it('reports the error as a JSON record with --json', async () => {
    const result = await runCli(['--json', '--image', 'out.cue', 'missing.wav'], { cwd: dir.path });
    assert.equal(result.code, 3);
    const last = jsonLines(result.stdout).at(-1);
    assert.deepEqual(last, { type: 'error', code: 3, message: 'missing.wav: no such file' });
  });

  it('probing several inputs at once, reports the first bad one in order, after probe events in order', async () => {
    const inputs = [good, good, 'truncated.wav', good, 'missing.wav', 'picture.wav', good];
    const result = await runCli(['--json', '--image', 'out.cue', ...inputs], { cwd: dir.path });
    assert.equal(result.code, 3, result.stderr);
    const events = jsonLines(result.stdout);
    assert.deepEqual(events.filter((e) => e.type === 'probe').map((e) => e.index), [0, 1, 2]);
    assert.match(String(events.at(-1)?.message), /^truncated\.wav: truncated WAV/);
  });

  it('refuses 100 tracks', async () => {
    const many = await tempDir();
    try {
      const names = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`t${i + 1}.wav`, 0.05]));
      await writeTracks(many.path, names);
      const result = await runCli(['--image', 'out.cue', '*.wav'], { cwd: many.path });
      assert.equal(result.code, 3);
      assert.match(result.stderr, /100 tracks given; an audio CD holds at most 99/);
      assert.ok(!(await readdir(many.path)).some((n) => !n.endsWith('.wav')));
    } finally {
      await many.remove();
    }
  });

  it('refuses more audio than the disc holds, before reading it', async () => {
    // A sparse 81-minute WAV: the header is real, the audio reads as silence and takes no disk space.
    const path = join(dir.path, 'long.wav');
    const dataBytes = 81 * 60 * 176_400;
    const file = await open(path, 'w');
    await file.write(wavFile(Buffer.alloc(0), { declaredDataBytes: dataBytes }));
    await file.truncate(44 + dataBytes);
    await file.close();
    const result = await runCli(['--image', 'out.cue', path], { cwd: dir.path });
    assert.equal(result.code, 3);
    assert.match(result.stderr, /the tracks need 81:02 .* but a 80-minute disc holds 80:00/);
    const over74 = await runCli(['plan', '--capacity', '90', path]);
    assert.equal(over74.code, 0, over74.stderr);
    assert.match(over74.stdout, /80-minute disc: over by 1:02/);
  });

  it('refuses an output folder that does not exist', async () => {
    const result = await runCli(['--image', join(dir.path, 'nowhere', 'out.cue'), good]);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /nowhere: the output folder does not exist/);
  });

  it('refuses an output folder that cannot be written', async () => {
    const locked = await unwritableFolder(dir.path);
    try {
      const result = await runCli(['--image', join(locked.path, 'out.cue'), good]);
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /the output folder cannot be written/);
    } finally {
      await locked.release();
    }
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['no tracks', ['--image', 'x.cue'], /no tracks given/],
    ['a bad gap', ['plan', '--gap', 'abc', 'good.wav'], /--gap.*expected seconds from 0 to 60/],
    ['a bad capacity', ['plan', '--capacity', '85', 'good.wav'], /expected one of 74, 80, 90, 99/],
    ['an unknown option', ['--bogus', 'good.wav'], /unknown option '--bogus'/],
    ['a quote in the image name', ['--image', 'a"b.cue', 'good.wav'], /cannot hold double quotes/],
  ];
  for (const [name, args, message] of usage) {
    it(`exits 2 on ${name}`, async () => {
      const result = await runCli(args, { cwd: dir.path });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
    });
  }

  it('says plainly that burning to a drive needs IMAPI, and exits 4', async () => {
    const result = await runCli([good]);
    assert.equal(result.code, 4);
    assert.match(result.stderr, /no CD recorders burn-audio can use here: it records discs through Windows IMAPI, which \w+ does not have \(set BURN_AUDIO_IMAPI_SIM .*\); write a BIN\/CUE disc image instead with --image/);
  });
});
