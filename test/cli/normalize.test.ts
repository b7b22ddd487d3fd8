import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonLines, runCli } from '../helpers/cli.js';
import { tool } from '../helpers/codecs.js';
import { classical, loudMaster, pop, wav16 } from '../helpers/music.js';

/*
 * Loudness normalisation through the CLI, every result read back by a meter that is not
 * burn-audio's: FFmpeg's ebur128 filter (BS.1770, true peak at 192 kHz).
 */

const dir = mkdtempSync(join(tmpdir(), 'burn-audio-normalize-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const SECONDS = 20;
const [quiet, popTrack, loud] = ['classical.wav', 'pop.wav', 'loud.wav'].map((name) => join(dir, name));

before(() => {
  writeFileSync(quiet!, wav16(classical(SECONDS)));
  writeFileSync(popTrack!, wav16(pop(SECONDS)));
  writeFileSync(loud!, wav16(loudMaster(SECONDS)));
});

interface Reading {
  integrated: number;
  truePeak: number;
}

/** FFmpeg's reading of a file, or of raw CD audio. */
function ffmpeg(input: string | Buffer): Reading {
  const raw = typeof input !== 'string';
  const path = raw ? join(dir, 'track.raw') : input;
  if (raw) writeFileSync(path, input);
  const format = raw ? ['-f', 's16le', '-ar', '44100', '-ac', '2'] : [];
  const result = spawnSync('ffmpeg', ['-nostats', '-hide_banner', ...format, '-i', path, '-af', 'ebur128=peak=true:framelog=verbose', '-f', 'null', '-'], { encoding: 'utf8' });
  const summary = result.stderr.slice(result.stderr.lastIndexOf('Summary:'));
  const value = (label: string): number => Number(new RegExp(`${label}:\\s+(-?[\\d.]+|-inf)`).exec(summary)![1]);
  return { integrated: value('I'), truePeak: value('Peak') };
}

type Track = { path: string; start: number; audioSectors: number; loudness: number; truePeak: number; loudnessRange: number; gain: number; limiterReduction: number; shortfall: number; conversion: string[] };

/** Writes an image of the three tracks with `options`; its plan's tracks, and each track's audio as FFmpeg reads it. */
async function image(options: string[]): Promise<{ tracks: Track[]; loudness: number; readings: Reading[] }> {
  const cue = join(dir, 'disc.cue');
  const result = await runCli(['--json', '--image', cue, ...options, quiet!, popTrack!, loud!]);
  assert.equal(result.code, 0, result.stderr);
  const layout = jsonLines(result.stdout).find((event) => event.type === 'plan')!.layout as { tracks: Track[]; loudness: number };
  const bin = readFileSync(join(dir, 'disc.bin'));
  const readings = layout.tracks.map((track) => ffmpeg(bin.subarray(track.start * 2352, (track.start + track.audioSectors) * 2352)));
  return { tracks: layout.tracks, loudness: layout.loudness, readings };
}

describe('--normalize, read back by FFmpeg', () => {
  it('the tracks are a quiet piece at -30 LUFS, a pop track at -20 and a loud master at -8 whose true peaks pass 0 dBTP', () => {
    const [a, b, c] = [quiet!, popTrack!, loud!].map((path) => ffmpeg(path));
    assert.ok(Math.abs(a!.integrated - -30) <= 0.6 && Math.abs(b!.integrated - -20) <= 0.6 && Math.abs(c!.integrated - -8) <= 0.6, JSON.stringify([a, b, c]));
    assert.ok(c!.truePeak > 0, `${c!.truePeak}`);
  });

  it('track: every track reads -14 LUFS (±0.3) with true peaks at or under -1 dBTP (+0.3); the quiet one through the limiter', async () => {
    const { tracks, readings } = await image(['--normalize']);
    for (const [i, reading] of readings.entries()) {
      assert.ok(Math.abs(reading.integrated - -14) <= 0.3, `track ${i + 1}: ${reading.integrated} LUFS`);
      assert.ok(reading.truePeak <= -0.7, `track ${i + 1}: ${reading.truePeak} dBTP`);
    }
    assert.ok(tracks[0]!.limiterReduction > 3 && tracks[0]!.limiterReduction <= 6, `${tracks[0]!.limiterReduction}`);
    assert.ok(tracks[2]!.gain < -5, 'the loud master is turned down');
    // CD audio that needed no conversion is converted, and dithered.
    for (const track of tracks) assert.ok(track.conversion.some((step) => step.includes('dithered')), track.conversion.join(', '));
  });

  it('album: every track gets the same gain, so each keeps its place against the others', async () => {
    const sources = [quiet!, popTrack!, loud!].map((path) => ffmpeg(path));
    const { tracks, loudness, readings } = await image(['--normalize', 'album']);
    const gain = tracks[0]!.gain;
    assert.ok(tracks.every((track) => track.gain === gain), tracks.map((track) => track.gain).join(', '));
    assert.ok(Math.abs(loudness + gain - -14) <= 0.05, `${loudness} ${gain}`);
    for (const [i, reading] of readings.entries()) assert.ok(Math.abs(reading.integrated - (sources[i]!.integrated + gain)) <= 0.15, `track ${i + 1}: ${reading.integrated} from ${sources[i]!.integrated}`);
  });

  it('--limiter off: the peaky track stays under the ceiling, short of the target by what plan says', async () => {
    const { tracks, readings } = await image(['--normalize', '--limiter', 'off']);
    assert.ok(tracks[0]!.shortfall > 3, `${tracks[0]!.shortfall}`);
    assert.equal(tracks[0]!.limiterReduction, 0);
    for (const [i, reading] of readings.entries()) {
      assert.ok(reading.truePeak <= -0.7, `track ${i + 1}: ${reading.truePeak} dBTP`);
      assert.ok(Math.abs(reading.integrated - (-14 - tracks[i]!.shortfall)) <= 0.3, `track ${i + 1}: ${reading.integrated}, ${tracks[i]!.shortfall} short`);
    }
  });

  it('verify with the same options finds the image exact; without them, not', async () => {
    await image(['--normalize', 'album']);
    const cue = join(dir, 'disc.cue');
    const levelled = await runCli(['verify', '--image', cue, '--normalize', 'album', quiet!, popTrack!, loud!]);
    assert.equal(levelled.code, 0, levelled.stderr);
    const plain = await runCli(['verify', '--image', cue, quiet!, popTrack!, loud!]);
    assert.equal(plain.code, 7);
  });

  it('--gain: every track moves by the gain, the limiter holding the ceiling', async () => {
    const sources = [quiet!, popTrack!].map((path) => ffmpeg(path));
    const { tracks, readings } = await image(['--gain', '-2.5']);
    assert.ok(tracks.every((track) => track.gain === -2.5));
    for (const i of [0, 1]) assert.ok(Math.abs(readings[i]!.integrated - (sources[i]!.integrated - 2.5)) <= 0.1, `track ${i + 1}: ${readings[i]!.integrated}`);
    assert.ok(readings[2]!.truePeak <= -0.7, `${readings[2]!.truePeak}`);
  });
});

describe('plan --normalize', () => {
  it('prints each track\'s loudness, true peak, range and gain, what the limiter takes or how short a track stays, and the album\'s loudness', async () => {
    const result = await runCli(['plan', '--normalize', '--limiter', 'off', quiet!, popTrack!, loud!]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.match(lines[0]!, /Loudness\s+Peak\s+Range\s+Gain\s+Conversion$/);
    assert.match(lines[1]!, /^01 +classical\.wav .* -30\.\d LUFS +-1\d\.\d dBTP +\d+\.\d LU +\+1\d\.\d dB +gain \+1\d\.\d dB, dithered$/);
    assert.match(lines[2]!, /^ {4}\d\.\d LU under the target: its true peak allows no more gain$/);
    assert.match(result.stdout, /^03 +loud\.wav .* -[78]\.\d LUFS +0\.\d dBTP .* -[56]\.\d dB +gain -[56]\.\d dB, dithered$/m);
    assert.match(result.stdout, /^Loudness: -1\d\.\d LUFS, the tracks together \(BS\.1770-5, their blocks pooled\)$/m);
    assert.match(result.stdout, /^Levelled: each track to -14\.0 LUFS, with a gain of its own; true peaks at most -1\.0 dBTP, no limiter$/m);
  });

  it('with the limiter, says what it takes off the peaks', async () => {
    const result = await runCli(['plan', '--normalize', '--target', '-16', '--ceiling', '-2', quiet!]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^ {4}the limiter takes up to \d\.\d dB off its peaks$/m);
    assert.match(result.stdout, /to -16\.0 LUFS, with a gain of its own; true peaks at most -2\.0 dBTP, the limiter taking up to 6 dB off the peaks in the way$/m);
  });

  it('leaves a track too short to measure as it is, with a note', async () => {
    const short = join(dir, 'short.wav');
    writeFileSync(short, wav16(pop(SECONDS).map((x) => x.subarray(0, 13_000))));
    const result = await runCli(['plan', '--json', '--normalize', short, popTrack!]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /track 1 \(.*short\.wav\) cannot be measured \(digital silence, or under 400 ms\): its level is kept/);
    const [first] = (jsonLines(result.stdout).find((event) => event.type === 'plan')!.layout as { tracks: Array<Track & { note: string }> }).tracks;
    assert.deepEqual([first!.loudness, first!.gain, first!.conversion], [null, 0, []]);
  });
});

describe('--replaygain', () => {
  it('takes the level from the tags (FLAC Vorbis comments, MP3 TXXX in lower case, Opus R128), measuring a track without them', async () => {
    const flac = join(dir, 'tagged.flac');
    tool('flac', ['-s', '-f', popTrack!, '-o', flac]);
    tool('metaflac', ['--set-tag=REPLAYGAIN_TRACK_GAIN=-6.00 dB', '--set-tag=REPLAYGAIN_TRACK_PEAK=0.500000', flac]);
    const mp3 = join(dir, 'tagged.mp3');
    tool('ffmpeg', ['-y', '-v', 'error', '-i', popTrack!, '-metadata', 'replaygain_track_gain=-3.50 dB', mp3]);
    const opus = join(dir, 'tagged.opus');
    tool('opusenc', ['--quiet', '--comment', 'R128_TRACK_GAIN=-1536', popTrack!, opus]);
    const result = await runCli(['plan', '--json', '--replaygain', flac, mp3, opus, popTrack!]);
    assert.equal(result.code, 0, result.stderr);
    const { tracks } = jsonLines(result.stdout).find((event) => event.type === 'plan')!.layout as { tracks: Track[] };
    // -18 LUFS less the gain (RG 2.0); -23 less the R128 gain in 1/256 dB; the untagged track measured.
    assert.deepEqual(tracks.slice(0, 3).map((track) => [track.loudness, track.gain]), [[-12, -2], [-14.5, 0.5], [-17, 3]]);
    assert.equal(tracks[0]!.truePeak, -6.02);
    assert.equal(tracks[0]!.loudnessRange, null);
    assert.ok(Math.abs(tracks[3]!.loudness - ffmpeg(popTrack!).integrated) <= 0.1);
  });

  it('refuses a ReplayGain tag that is not a number, naming the file and the tag, and writes nothing', async () => {
    const flac = join(dir, 'bad-tag.flac');
    tool('flac', ['-s', '-f', popTrack!, '-o', flac]);
    tool('metaflac', ['--set-tag=replaygain_track_gain=loud', flac]);
    const cue = join(dir, 'bad.cue');
    const result = await runCli(['--image', cue, '--replaygain', flac]);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /bad-tag\.flac: its REPLAYGAIN_TRACK_GAIN tag is "loud", not decibels, e\.g\. -7\.02 dB/);
    assert.ok(!existsSync(cue) && !existsSync(join(dir, 'bad.bin')));
  });
});

describe('level options that cannot be', () => {
  const refusals: Array<[string[], RegExp]> = [
    [['--target', '-5', '--normalize'], /option '--target <LUFS>' argument '-5' is invalid\. expected LUFS from -23 to -9, e\.g\. -14/],
    [['--target', '-24', '--normalize'], /expected LUFS from -23 to -9/],
    [['--ceiling', '0.5', '--normalize'], /option '--ceiling <dBTP>' argument '0\.5' is invalid\. expected dBTP from -10 to 0, e\.g\. -1/],
    [['--gain', '31'], /option '--gain <dB>' argument '31' is invalid\. expected dB from -30 to 30/],
    [['--gain', 'loud'], /expected dB from -30 to 30/],
    [['--normalize', '--strict'], /--strict keeps the audio as it is, and --normalize changes its level: give one or the other/],
    [['--gain', '-3', '--strict'], /--strict keeps the audio as it is, and --gain changes its level/],
    [['--normalize', '--gain', '2'], /--normalize and --gain each set the tracks' level: give one/],
    [['--target', '-16'], /--target applies only with --normalize or --replaygain/],
    [['--gain', '2', '--target', '-16'], /--target applies to --normalize and --replaygain, not to a fixed --gain/],
    [['--limiter', 'off'], /--limiter applies only with --normalize, --replaygain or --gain/],
    [['--normalize', '--limiter', 'maybe'], /argument 'maybe' is invalid\. Allowed choices are auto, off/],
    [['--normalize=loud'], /option '--normalize \[mode\]' argument 'loud' is invalid\. expected track or album/],
  ];
  for (const [options, message] of refusals) {
    it(`${options.join(' ')}: a usage error, before anything is read or written`, async () => {
      const cue = join(dir, 'refused.cue');
      const result = await runCli(['--image', cue, ...options, join(dir, 'missing.wav')]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /missing\.wav/);
      assert.ok(!existsSync(cue));
    });
  }

  it('a word after --normalize that is no mode is a track, not swallowed: "--normalize loud.wav pop.wav" burns both', async () => {
    const result = await runCli(['plan', '--json', '--normalize', loud!, popTrack!]);
    assert.equal(result.code, 0, result.stderr);
    const layout = jsonLines(result.stdout).find((event) => event.type === 'plan')!.layout as { tracks: Track[]; level: { mode: string } };
    assert.deepEqual([layout.tracks.length, layout.level.mode], [2, 'track']);
    const missing = await runCli(['plan', '--normalize', 'lowd', popTrack!]);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /lowd: no such file/);
  });
});
