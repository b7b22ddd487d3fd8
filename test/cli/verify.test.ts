import assert from 'node:assert/strict';
import { copyFile, open, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { index01Sectors, jsonLines, pausedAt, runCli } from '../helpers/cli.js';
import { soxTone, tool } from '../helpers/codecs.js';
import { tempDir, writeLongTrack, writeTracks } from '../helpers/wav.js';
import { readFile } from 'node:fs/promises';

const SECTOR = 2352;

/** Every file of a folder with its size and modification time: what "unchanged" means. */
async function snapshot(folder: string): Promise<string[]> {
  const names = (await readdir(folder)).sort();
  return Promise.all(names.map(async (name) => {
    const { size, mtimeMs } = await stat(join(folder, name));
    return `${name} ${size} ${mtimeMs}`;
  }));
}

describe('burn-audio verify --image', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let tracks: string[];
  before(async () => {
    dir = await tempDir();
    tracks = (await writeTracks(dir.path, { '01 intro.wav': 5.01, '02 song.wav': 6, '03 outro.wav': 7.5 })).map((t) => t.path);
    const made = await runCli(['--image', 'disc.cue', ...tracks], { cwd: dir.path });
    assert.equal(made.code, 0, made.stderr);
  });
  after(() => dir.remove());

  it('an image made by --image from the tracks verifies exact, and nothing is written', async () => {
    const before = await snapshot(dir.path);
    const result = await runCli(['verify', '--image', 'disc.cue', ...tracks], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stderr.split('\n');
    assert.ok(lines.includes('Verified image disc.cue: every sample reads back as staged'), result.stderr);
    assert.ok(lines.includes('  offset 0 samples (none); 0 re-reads'), result.stderr);
    assert.equal(lines.filter((line) => /^ {2}track \d: exact; CRC32 [0-9A-F]{8} \(without null samples [0-9A-F]{8}\), AccurateRip v1 [0-9A-F]{8}, v2 [0-9A-F]{8}$/.test(line)).length, 3, result.stderr);
    assert.deepEqual(await snapshot(dir.path), before);
  });

  it('--json gives the progress and a verified record with each track and its checksums', async () => {
    const result = await runCli(['verify', '--json', '--image', 'disc', ...tracks], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    const records = jsonLines(result.stdout);
    const progress = records.filter((r) => r.type === 'verifyProgress');
    assert.ok(progress.length >= 2);
    assert.equal(progress.at(-1)!.completed, progress.at(-1)!.total);
    const verified = records.find((r) => r.type === 'verified') as unknown as Record<string, unknown> & { tracks: Array<Record<string, unknown>> };
    assert.equal(verified.verified, true);
    assert.deepEqual(verified.offset, { samples: 0, anchors: 3, matched: 3 });
    assert.deepEqual(verified.tracks.map((t) => t.status), ['exact', 'exact', 'exact']);
    assert.match(String(verified.tracks[0]!.accurateRipV2), /^[0-9A-F]{8}$/);
    assert.equal(records.at(-1)!.type, 'verified');
  });

  it('the same image with one sample changed exits 7, naming the track and the time in it; still nothing is written', async () => {
    const changed = await tempDir();
    try {
      await copyFile(join(dir.path, 'disc.cue'), join(changed.path, 'disc.cue'));
      await copyFile(join(dir.path, 'disc.bin'), join(changed.path, 'disc.bin'));
      await copyFile(join(dir.path, 'disc.cdt'), join(changed.path, 'disc.cdt'));
      // One sample of track 2, 1.37 s (1 s and 37 sectors) after its INDEX 01.
      const start = index01Sectors(await readFile(join(changed.path, 'disc.cue'), 'latin1'))[1]!;
      const bin = await open(join(changed.path, 'disc.bin'), 'r+');
      const at = (start + 75 + 37) * SECTOR + 401 * 4;
      const sample = Buffer.alloc(2);
      await bin.read(sample, 0, 2, at);
      sample.writeInt16LE(sample.readInt16LE(0) ^ 1);
      await bin.write(sample, 0, 2, at);
      await bin.close();
      const before = await snapshot(changed.path);
      const result = await runCli(['verify', '--image', join(changed.path, 'disc.cue'), ...tracks]);
      assert.equal(result.code, 7, result.stderr);
      assert.match(result.stderr, /^burn-audio: image .*disc\.cue does not read back as staged: track 2: 1 sector differs at 0:01\.37$/m);
      assert.match(result.stderr, /^ {2}track 1: exact; /m);
      assert.match(result.stderr, /^ {2}track 2: 1 sector differs at 0:01\.37; CRC32 /m);
      assert.deepEqual(await snapshot(changed.path), before);
    } finally {
      await changed.remove();
    }
  });

  it('an image without the CD-TEXT file its plan gives it exits 7, saying so', async () => {
    const bare = await tempDir();
    try {
      await copyFile(join(dir.path, 'disc.cue'), join(bare.path, 'disc.cue'));
      await copyFile(join(dir.path, 'disc.bin'), join(bare.path, 'disc.bin'));
      const result = await runCli(['verify', '--image', join(bare.path, 'disc.cue'), ...tracks]);
      assert.equal(result.code, 7, result.stderr);
      assert.match(result.stderr, /^burn-audio: image .*disc\.cue does not read back as staged: it has no CD-TEXT file \(NAME\.cdt\), though the plan gives the disc CD-TEXT$/m);
    } finally {
      await bare.remove();
    }
  });

  it('a different track list, or the same tracks laid out otherwise, exits 7: not the disc that was burned', async () => {
    const fewer = await runCli(['verify', '--image', 'disc.cue', tracks[0]!, tracks[2]!], { cwd: dir.path });
    assert.equal(fewer.code, 7);
    assert.match(fewer.stderr, /^burn-audio: image disc\.cue: not the disc that was burned: it has 3 tracks, the tracks given make 2$/m);
    const gapless = await runCli(['verify', '--gap', '0', '--image', 'disc.cue', ...tracks], { cwd: dir.path });
    assert.equal(gapless.code, 7);
    assert.match(gapless.stderr, /not the disc that was burned: track 2 starts at 00:09:01 \(LBA 526\), not 00:07:01 \(LBA 376\); track 3 starts at .*; its lead-out is at /);
    const reordered = await runCli(['verify', '--image', 'disc.cue', tracks[1]!, tracks[0]!, tracks[2]!], { cwd: dir.path });
    assert.equal(reordered.code, 7);
    assert.match(reordered.stderr, /not the disc that was burned: track 2 starts/);
  });

  it('an image that is not there, or whose sheet is not an image\'s, is bad input: exit 3, naming it', async () => {
    const result = await runCli(['verify', '--image', 'gone.cue', ...tracks], { cwd: dir.path });
    assert.equal(result.code, 3);
    assert.match(result.stderr, /^burn-audio: gone\.cue: no such file$/m);
    await writeFile(join(dir.path, 'album.cue'), `FILE "${tracks[0]}" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n`);
    const sheet = await runCli(['verify', '--image', 'album.cue', ...tracks], { cwd: dir.path });
    assert.equal(sheet.code, 3);
    assert.match(sheet.stderr, /^burn-audio: album\.cue: line 1: FILE .*01 intro\.wav is WAVE, not BINARY; a disc image's sheet names one BINARY file that holds the whole disc, as --image writes it$/m);
  });

  it('verify without --image reads the disc in a drive: where there is no recorder, exit 4 before any track is read', async () => {
    const result = await runCli(['verify', ...tracks], { cwd: dir.path, env: { BURN_AUDIO_IMAPI_SIM: undefined } });
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /^burn-audio: there are no CD recorders burn-audio can use here: /m);
    assert.doesNotMatch(result.stderr, /Disc: /);
  });
});

describe('burn-audio verify --image: a FLAC album and its image', () => {
  let dir: { path: string; remove: () => Promise<void> };
  before(async () => {
    dir = await tempDir();
    // 24-bit 48 kHz: resampled and dithered while staged, the same way each time.
    soxTone(join(dir.path, 'album.wav'), 14, { rate: 48_000, bits: 24 });
    tool('flac', ['-s', '-f', join(dir.path, 'album.wav'), '-o', join(dir.path, 'album.flac')]);
    const sheet = [
      'FILE "album.flac" WAVE',
      '  TRACK 01 AUDIO',
      '    INDEX 01 00:00:00',
      '  TRACK 02 AUDIO',
      '    INDEX 00 00:04:00',
      '    INDEX 01 00:05:10',
      '  TRACK 03 AUDIO',
      '    ISRC USRC17607839',
      '    INDEX 01 00:09:00',
      '    INDEX 02 00:11:00',
      '',
    ].join('\n');
    await writeFile(join(dir.path, 'album.cue'), sheet);
    const made = await runCli(['--image', 'disc.cue', 'album.cue'], { cwd: dir.path });
    assert.equal(made.code, 0, made.stderr);
  });
  after(() => dir.remove());

  it('verifies exact: the pregap audio, the ISRC and the indexes read back as the sheet gives them', async () => {
    const before = await snapshot(dir.path);
    const result = await runCli(['verify', '--json', '--image', 'disc.cue', 'album.cue'], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    const verified = jsonLines(result.stdout).find((r) => r.type === 'verified')!;
    assert.equal(verified.verified, true);
    assert.deepEqual(verified.toc, []);
    assert.deepEqual(await snapshot(dir.path), before);
  });

  it('the WAV the FLAC was made from is the same album: its image verifies too', async () => {
    const sheet = (await readFile(join(dir.path, 'album.cue'), 'latin1')).replace('album.flac', 'album.wav');
    await writeFile(join(dir.path, 'wav.cue'), sheet);
    const result = await runCli(['verify', '--image', 'disc.cue', 'wav.cue'], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
  });

  it('the album without its ISRC is not what was burned: the table of contents says so', async () => {
    const sheet = (await readFile(join(dir.path, 'album.cue'), 'latin1')).replace('    ISRC USRC17607839\n', '');
    await writeFile(join(dir.path, 'no-isrc.cue'), sheet);
    const result = await runCli(['verify', '--image', 'disc.cue', 'no-isrc.cue'], { cwd: dir.path });
    assert.equal(result.code, 7);
    // The image's CD-TEXT carries the ISRC too.
    assert.match(result.stderr, /^burn-audio: image disc\.cue does not read back as staged: track 3's ISRC is USRC17607839, not absent; its CD-TEXT differs from pack 2 of 4 on: UPC_EAN\/ISRC of the disc where size information of the disc was recorded$/m);
  });
});

describe('interrupting burn-audio verify', () => {
  let dir: { path: string; remove: () => Promise<void> };
  before(async () => {
    dir = await tempDir();
    await writeLongTrack(join(dir.path, 'long.wav'), 600);
    const made = await runCli(['--image', 'disc.cue', 'long.wav'], { cwd: dir.path });
    assert.equal(made.code, 0, made.stderr);
  });
  after(() => dir.remove());

  it('Ctrl-C stops the reading, exits 130 and says the disc itself is fine; nothing is written', async () => {
    const before = await snapshot(dir.path);
    let sent = false;
    const result = await runCli(['verify', '--json', '--image', 'disc.cue', 'long.wav'], {
      cwd: dir.path,
      env: pausedAt('verifying'),
      onStdout: (child, text) => {
        if (!sent && /"verifyProgress"/.test(text)) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    assert.ok(sent, 'verifying began');
    assert.equal(result.code, 130, result.stderr);
    const records = jsonLines(result.stdout);
    assert.ok(!records.some((r) => r.type === 'verified'));
    assert.deepEqual(records.at(-1), { type: 'error', code: 130, message: 'interrupted by SIGINT; verifying image disc.cue stopped before its end; verifying only reads, so the disc itself is fine' });
    assert.deepEqual(await snapshot(dir.path), before);
  });
});
