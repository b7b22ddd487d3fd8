import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { SECTOR_BYTES as SECTOR } from '../../src/disc/red-book.js';
import { index01Sectors, jsonLines, runCli } from '../helpers/cli.js';
import { infoChunk, tempDir, wavFile, cdAudio, writeTracks } from '../helpers/wav.js';
import { writeFile } from 'node:fs/promises';

const exec = promisify(execFile);

describe('burn-audio --image', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let tracks: Array<{ path: string; audio: Buffer }>;
  before(async () => {
    dir = await tempDir();
    tracks = await writeTracks(dir.path, { '01 intro.wav': 5.01, '02 song.wav': 3, '03 outro.wav': 7.5 });
  });
  after(() => dir.remove());

  it('writes a BIN whose audio at each INDEX 01 equals the input samples byte for byte', async () => {
    const result = await runCli(['--image', 'disc.cue', ...tracks.map((t) => t.path)], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    const cue = await readFile(join(dir.path, 'disc.cue'), 'utf8');
    const bin = await readFile(join(dir.path, 'disc.bin'));
    const starts = index01Sectors(cue);
    assert.equal(starts.length, 3);
    for (const [i, track] of tracks.entries()) {
      const at = starts[i]! * SECTOR;
      assert.ok(bin.subarray(at, at + track.audio.length).equals(track.audio), `track ${i + 1} audio differs`);
    }
    assert.match(cue, /^FILE "disc.bin" BINARY$/m);
    // 5.01 s → 376 sectors (last one padded), gap 150; 3 s → padded to 300 sectors (with a warning).
    assert.deepEqual(starts, [0, 376 + 150, 376 + 150 + 300 + 150]);
    assert.equal(bin.length, (starts[2]! + 563) * SECTOR);
    assert.ok(bin.subarray(tracks[0]!.audio.length, starts[1]! * SECTOR).every((b) => b === 0), 'padding and gap are silence');
    assert.match(result.stderr, /warning: track 2 .*02 song\.wav.* padded with silence to 4 s/);
    assert.deepEqual((await readdir(dir.path)).sort(), ['01 intro.wav', '02 song.wav', '03 outro.wav', 'disc.bin', 'disc.cdt', 'disc.cue']);
  });

  it('is accepted by bchunk, whose tracks start with the input audio', async () => {
    const out = await tempDir();
    try {
      await runCli(['--image', join(out.path, 'd.cue'), '--gap', '0', ...tracks.map((t) => t.path)]);
      await exec('bchunk', ['-w', join(out.path, 'd.bin'), join(out.path, 'd.cue'), join(out.path, 'split')]);
      for (const [i, track] of tracks.entries()) {
        const wav = await readFile(join(out.path, `split0${i + 1}.wav`));
        const data = wav.subarray(44);
        assert.ok(data.subarray(0, track.audio.length).equals(track.audio), `bchunk track ${i + 1} differs`);
        assert.ok(data.subarray(track.audio.length).every((b) => b === 0));
      }
    } finally {
      await out.remove();
    }
  });

  it('is accepted by cdrdao show-toc with the planned track starts', async () => {
    await runCli(['--image', 'toc.cue', ...tracks.map((t) => t.path)], { cwd: dir.path });
    const { stdout } = await exec('cdrdao', ['show-toc', 'toc.cue'], { cwd: dir.path });
    const starts = [...stdout.matchAll(/START\s+\d\d:\d\d:\d\d\(\s*(\d+)\)/g)].map((m) => Number(m[1]));
    assert.deepEqual(starts, [0, 526, 976]);
    assert.equal((stdout.match(/TRACK\s+\d+\s+Mode AUDIO/g) ?? []).length, 3);
  });

  it('is little-endian CD-DA: cdrdao show-data --swap prints the input samples', async () => {
    await runCli(['--image', 'order.cue', ...tracks.map((t) => t.path)], { cwd: dir.path });
    const { stdout } = await exec('sh', ['-c', 'cdrdao show-data --swap order.cue 2>/dev/null | head -n 200'], { cwd: dir.path });
    const shown = stdout.trim().split('\n').map((line) => (/^\s*\d+:\s*(-?\d+)\s+(-?\d+)/.exec(line) ?? []).slice(1).map(Number));
    const audio = tracks[0]!.audio;
    assert.equal(shown.length, 200);
    shown.forEach(([left, right], i) => assert.deepEqual([left, right], [audio.readInt16LE(i * 4), audio.readInt16LE(i * 4 + 2)], `frame ${i}`));
  });

  it('writes disc and track CD-TEXT from tags and options', async () => {
    const tagged = join(dir.path, 'tagged.wav');
    await writeFile(tagged, wavFile(cdAudio(44100 * 4), { after: [infoChunk({ title: 'Tagged "Song"', artist: 'The Band', album: 'Album' })] }));
    const result = await runCli(['--image', 'text.cue', '--performer', 'Various', tagged, tracks[1]!.path], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    const cue = await readFile(join(dir.path, 'text.cue'), 'utf8');
    assert.match(cue, /^PERFORMER "Various"$/m);
    assert.match(cue, /TRACK 01 AUDIO\n {4}TITLE "Tagged 'Song'"\n {4}PERFORMER "The Band"/);
    assert.match(cue, /TRACK 02 AUDIO\n {4}TITLE "02 song"\n {4}PERFORMER "Various"/);
    assert.doesNotMatch(cue, /^TITLE/m, 'no disc title when the tracks do not share an album');
  });

  it('writes CD-TEXT in ISO-8859-1: accents kept, other scripts transliterated and long text cut, with warnings first', async () => {
    const tagged = join(dir.path, 'cyrillic.wav');
    await writeFile(tagged, wavFile(cdAudio(44100 * 4), { after: [infoChunk({ title: 'Чайковский – Лебединое озеро', artist: 'Orchestre de Café' })] }));
    const long = 'L'.repeat(200);
    const result = await runCli(['--json', '--image', 'latin.cue', '--title', long, tagged], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    const warnings = jsonLines(result.stdout).filter((e) => e.type === 'warning').map((e) => String(e.message));
    assert.ok(warnings.some((w) => /track 1's title has characters CD-TEXT \(ISO-8859-1\) cannot carry; the cue sheet gets "Chaykovskiy - Lebedinoe ozero"/.test(w)), warnings.join('\n'));
    assert.ok(warnings.some((w) => /the disc's title is longer than 160 characters/.test(w)));
    const bytes = await readFile(join(dir.path, 'latin.cue'));
    const cue = bytes.toString('latin1');
    assert.match(cue, /TITLE "Chaykovskiy - Lebedinoe ozero"/);
    assert.match(cue, /PERFORMER "Orchestre de Café"/);
    assert.ok(bytes.includes(Buffer.from([0x43, 0x61, 0x66, 0xe9])), '"Café" in Latin-1');
    assert.match(cue, new RegExp(`^TITLE "${'L'.repeat(160)}"$`, 'm'));
  });

  it('emits the IMAPI event sequence as NDJSON on stdout', async () => {
    const result = await runCli(['--json', '--image', 'json.cue', ...tracks.map((t) => t.path)], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    const events = jsonLines(result.stdout);
    const types = events.map((e) => e.type);
    const order = ['probe', 'plan', 'addProgress', 'preparingBurn', 'trackProgress', 'closingDisc', 'burnComplete', 'done'];
    assert.deepEqual([...new Set(types.filter((t) => order.includes(t)))], order);
    assert.deepEqual(
      events.filter((e) => e.type === 'trackProgress').map((e) => [e.completed, e.total]),
      [[0, 3], [1, 3], [2, 3], [3, 3]],
    );
    const blocks = events.filter((e) => e.type === 'blockProgress');
    assert.ok(blocks.length > 0 && blocks.every((e) => typeof e.completed === 'number' && typeof e.total === 'number'));
    assert.deepEqual(events.find((e) => e.type === 'burnComplete'), { type: 'burnComplete', status: 0 });
    assert.ok(types.indexOf('preparingBurn') > types.lastIndexOf('addProgress'));
    assert.ok(events.filter((e) => e.type === 'warning').every((e) => typeof e.message === 'string'));
    assert.doesNotMatch(result.stderr, /Staging/, 'progress text is not mixed into --json runs');
  });

  it('expands a quoted pattern itself and sorts the names naturally', async () => {
    const sorted = await tempDir();
    try {
      await writeTracks(sorted.path, { 'track10.wav': 4, 'track2.wav': 4, 'track1.wav': 4 });
      const result = await runCli(['--json', 'plan', '*.wav'], { cwd: sorted.path });
      assert.equal(result.code, 0, result.stderr);
      const plan = jsonLines(result.stdout).find((e) => e.type === 'plan') as unknown as { layout: { tracks: Array<{ path: string }> } };
      assert.deepEqual(plan.layout.tracks.map((t) => t.path), ['track1.wav', 'track2.wav', 'track10.wav']);
    } finally {
      await sorted.remove();
    }
  });

  it('simulates without leaving any file', async () => {
    const out = await tempDir();
    try {
      const result = await runCli(['--simulate', '--image', join(out.path, 's.cue'), tracks[0]!.path]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /Simulation complete/);
      assert.deepEqual(await readdir(out.path), []);
    } finally {
      await out.remove();
    }
  });
});
