/**
 * Music-like signals for the loudness tests, the same every run (a seeded generator): a quiet
 * piano piece with loud chords, a pop track, and a loud master clipped so that its true peaks
 * pass 0 dBTP. Stereo, 44.1 kHz; levels as ffmpeg's ebur128 reads them (the tests check).
 */
import { wavFile } from './wav.js';

const RATE = 44_100;

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** A decaying note of a few harmonics added into `out` from `at` (seconds). */
function note(out: Float64Array, at: number, hz: number, amplitude: number, decay: number): void {
  const start = Math.round(at * RATE);
  const end = Math.min(out.length, start + Math.round(decay * 5 * RATE));
  for (let i = start; i < end; i += 1) {
    const t = (i - start) / RATE;
    const envelope = Math.min(1, t / 0.005) * Math.exp(-t / decay);
    let sum = 0;
    for (let h = 1; h <= 5; h += 1) sum += Math.sin(2 * Math.PI * hz * h * t) / (h * h);
    out[i]! += amplitude * envelope * sum;
  }
}

/** A quiet piano piece at about -30 LUFS: soft notes, and every few seconds a loud chord (true peak about -13 dBTP). */
export function classical(seconds: number): Float64Array[] {
  const next = random(1);
  const [left, right] = [new Float64Array(seconds * RATE), new Float64Array(seconds * RATE)];
  const scale = [196, 220, 247, 262, 294, 330, 349, 392, 440, 494, 523];
  for (let t = 0.1; t < seconds - 1; t += 0.25 + next() * 0.5) {
    const hz = scale[Math.floor(next() * scale.length)]!;
    const pan = next();
    const loud = next() < 0.06;
    for (const [k, step] of (loud ? [1, 1.26, 1.5] : [1]).entries()) {
      const amplitude = (loud ? 0.08 : 0.018 + next() * 0.0135) * (k === 0 ? 1 : 0.8);
      note(left, t, hz * step, amplitude * (1 - pan * 0.5), 0.8);
      note(right, t, hz * step, amplitude * (0.5 + pan * 0.5), 0.8);
    }
  }
  return [left, right];
}

/** A pop track at about -20 LUFS: kick, bass, chords and hi-hats. */
export function pop(seconds: number): Float64Array[] {
  const next = random(2);
  const [left, right] = [new Float64Array(seconds * RATE), new Float64Array(seconds * RATE)];
  const beat = 0.5;
  for (let b = 0; b * beat < seconds - 1; b += 1) {
    const t = b * beat;
    for (const x of [left, right]) note(x, t, 55, 0.27, 0.12);
    const bass = [55, 55, 73, 65][Math.floor(b / 4) % 4]! * 2;
    note(left, t, bass, 0.12, 0.3);
    note(right, t, bass, 0.12, 0.3);
    if (b % 2 === 0) for (const hz of [262, 330, 392]) {
      note(left, t, hz, 0.036, 0.6);
      note(right, t, hz * 1.002, 0.036, 0.6);
    }
    // A hi-hat: a burst of noise, high-passed by taking differences.
    const start = Math.round((t + beat / 2) * RATE);
    let previous = 0;
    for (let i = 0; i < 0.03 * RATE && start + i < left.length; i += 1) {
      const n = next() - 0.5;
      const hat = 0.06 * Math.exp(-i / (0.008 * RATE)) * (n - previous);
      previous = n;
      left[start + i]! += hat;
      right[start + i]! += hat * 0.8;
    }
  }
  return [left, right];
}

/**
 * The pop track mastered loud, about -8 LUFS: a bright shimmer at a quarter of the sample rate
 * added, then 10.4 dB of gain into a hard clip just under full scale; between the clipped
 * samples the waveform passes 0 dBTP.
 */
export function loudMaster(seconds: number): Float64Array[] {
  return pop(seconds).map((x) => x.map((v, i) => Math.max(-0.99, Math.min(0.99, (v + 0.05 * Math.sin((Math.PI * i) / 2 + Math.PI / 4)) * 10 ** (10.4 / 20)))));
}

/** Channels as a 16-bit stereo WAV file, rounded. */
export function wav16(channels: Float64Array[]): Buffer {
  const frames = channels[0]!.length;
  const data = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames; i += 1) {
    for (const [c, x] of channels.entries()) data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(x[i]! * 32768))), i * 4 + c * 2);
  }
  return wavFile(data);
}
