import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { probeTracks, type TrackInput } from '../../src/audio/probe.js';
import type { Loudness } from '../../src/audio/loudness/meter.js';
import { tool } from '../helpers/codecs.js';

const dir = mkdtempSync(join(tmpdir(), 'burn-audio-probe-loudness-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function measured(...inputs: TrackInput[]): Promise<Loudness[]> {
  const tracks = await probeTracks(inputs, { onEvent: () => undefined, loudness: {} });
  return tracks.map((track) => track.loudness!);
}

/** `seconds` of a sweep on the left and pink noise on the right, from sox. */
function synth(name: string, rate: number, bits: number, channels = 2): string {
  const path = join(dir, name);
  tool('sox', ['-R', '-n', '-r', String(rate), '-b', String(bits), '-c', String(channels), path, 'synth', '6', 'sine', '100-15000', 'pinknoise', 'gain', '-9']);
  return path;
}

describe('loudness measured while probing', () => {
  it('a FLAC measured in the decode that probes it reads as its WAV read through the converter, and as a cue-sheet track that covers it', async () => {
    const wav = synth('hires.wav', 48_000, 24);
    const flac = join(dir, 'hires.flac');
    tool('flac', ['-s', '-f', wav, '-o', flac]);
    const [fromWav, fromFlac, fromSlice] = await measured(
      { path: wav, label: 'hires.wav' },
      { path: flac, label: 'hires.flac' },
      { path: flac, label: 'cue#01', slice: { start: 0, binary: false } },
    );
    assert.deepEqual(fromFlac, fromWav);
    assert.deepEqual(fromSlice, fromWav);
    assert.ok(fromWav!.integrated > -30 && fromWav!.integrated < -5);
  });

  it('a 48 kHz track is measured as the 44.1 kHz audio it becomes: as sox resamples it, within 0.02 LU and 0.1 dB', async () => {
    const hires = synth('hires.wav', 48_000, 24);
    const cd = join(dir, 'resampled.wav');
    tool('sox', [hires, '-b', '24', cd, 'rate', '-v', '44100']);
    const [a, b] = await measured({ path: hires, label: 'hires.wav' }, { path: cd, label: 'resampled.wav' });
    assert.ok(Math.abs(a!.integrated - b!.integrated) < 0.02, `${a!.integrated} against ${b!.integrated}`);
    assert.ok(Math.abs(a!.truePeak - b!.truePeak) < 0.1, `${a!.truePeak} against ${b!.truePeak}`);
  });

  it('a mono track measures as the stereo it becomes, both sides playing it: 3.01 LU louder than it on one side only', async () => {
    const mono = synth('mono.wav', 44_100, 16, 1);
    const oneSide = join(dir, 'one-side.wav');
    tool('sox', [mono, oneSide, 'remix', '1', '0']);
    const [both, one] = await measured({ path: mono, label: 'mono.wav' }, { path: oneSide, label: 'one-side.wav' });
    assert.ok(Math.abs(both!.integrated - one!.integrated - 10 * Math.log10(2)) < 0.001);
  });
});
