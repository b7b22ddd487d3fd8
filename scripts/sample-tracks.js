#!/usr/bin/env node
// Writes three 20-second CD-audio WAVs (44.1 kHz, 16-bit, stereo) into samples/, to try
// burn-audio with: plucked-string tones at 110, 220 and 330 Hz that fade out. Needs only Node.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RATE = 44_100;
const SECONDS = 20;
const folder = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', 'samples');

/** A Karplus-Strong plucked string: a burst of noise through a delay line with a damped average. */
function pluck(frequency, frames) {
  const period = Math.round(RATE / frequency);
  const line = Float64Array.from({ length: period }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
  const out = new Float64Array(frames);
  for (let i = 0; i < frames; i += 1) {
    const j = i % period;
    const next = (j + 1) % period;
    out[i] = line[j];
    line[j] = 0.998 * 0.5 * (line[j] + line[next]);
    // Pluck again every two seconds so the whole track sounds.
    if (i % (2 * RATE) === 2 * RATE - 1) for (let k = 0; k < period; k += 1) line[k] = Math.sin((i + k) * 78.233) * 43758.5453 % 1;
  }
  return out;
}

function wav(samples) {
  const data = Buffer.alloc(samples.length * 4);
  samples.forEach((value, i) => {
    const fade = Math.min(1, (samples.length - i) / (2 * RATE));
    const sample = Math.round(Math.max(-1, Math.min(1, value * 0.5 * fade)) * 32767);
    data.writeInt16LE(sample, i * 4);
    data.writeInt16LE(sample, i * 4 + 2);
  });
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(2, 22); // stereo
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

mkdirSync(folder, { recursive: true });
for (const n of [1, 2, 3]) {
  const path = join(folder, `track${n}.wav`);
  writeFileSync(path, wav(pluck(n * 110, SECONDS * RATE)));
  console.log(`wrote ${path}`);
}
