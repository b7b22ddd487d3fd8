/**
 * Mutation fuzzing of the inputs: valid WAVs and cue sheets, mutated with a fixed seed, go through
 * the same code the CLI runs for `burn-audio --image`. Each case must end in success (a whole
 * image) or a typed error that exits 3, within a time limit, leaving no other file behind.
 */
import assert from 'node:assert/strict';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { burnCommand } from '../../src/cli/commands/burn.js';
import { exitCodeFor } from '../../src/exit-codes.js';
import type { BurnOptions } from '../../src/cli/options.js';
import { BurnAudioError } from '../../src/errors.js';
import { cdAudio, chunk, encodeSamples, infoChunk, tempDir, wavFile } from '../helpers/wav.js';
import { sine } from '../helpers/signal.js';

export const SEED = 0x5eed2026;
const WAV_CASES = Number(process.env.FUZZ_WAV_CASES ?? 3000);
const CUE_CASES = Number(process.env.FUZZ_CUE_CASES ?? 2000);
const CASE_TIMEOUT_MS = 5000;

/** mulberry32: a small seeded generator, the same cases on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 2352, 44100, 48000];

function mutateBytes(seedBytes: Buffer, rnd: () => number): Buffer {
  let bytes = Buffer.from(seedBytes);
  const pick = (n: number): number => Math.floor(rnd() * n);
  for (let k = 0, edits = 1 + pick(4); k < edits; k += 1) {
    switch (pick(7)) {
      case 0: // truncate
        bytes = bytes.subarray(0, pick(bytes.length + 1));
        break;
      case 1: // flip bytes
        for (let i = 0; i < 1 + pick(8) && bytes.length > 0; i += 1) bytes[pick(bytes.length)] = pick(256);
        break;
      case 2: // an interesting 32-bit value at a 4-byte boundary (sizes, rates)
        if (bytes.length >= 4) bytes.writeUInt32LE(INTERESTING[pick(INTERESTING.length)]! >>> 0, pick(Math.floor(bytes.length / 4)) * 4);
        break;
      case 3: // an interesting 16-bit value (tags, channels, bits, block align)
        if (bytes.length >= 2) bytes.writeUInt16LE(INTERESTING[pick(INTERESTING.length)]! & 0xffff, pick(Math.floor(bytes.length / 2)) * 2);
        break;
      case 4: { // duplicate a slice (chunks twice)
        const from = pick(bytes.length + 1);
        const to = Math.min(bytes.length, from + pick(64));
        bytes = Buffer.concat([bytes.subarray(0, to), bytes.subarray(from, to), bytes.subarray(to)]);
        break;
      }
      case 5: // insert garbage
        bytes = Buffer.concat([bytes.subarray(0, pick(bytes.length + 1)), Buffer.from(Array.from({ length: 1 + pick(16) }, () => pick(256))), bytes]);
        break;
      default: // append garbage after the data
        bytes = Buffer.concat([bytes, Buffer.from(Array.from({ length: 1 + pick(32) }, () => pick(256)))]);
    }
  }
  return bytes;
}

const CUE_TOKENS = ['FILE', 'TRACK', 'INDEX', 'PREGAP', 'POSTGAP', 'TITLE', 'PERFORMER', 'REM', 'WAVE', 'BINARY', 'AUDIO', 'MODE1/2352', '"', '01', '00', '99', '00:00:00', '00:02:00', '99:59:74', '00:00:75', '-1:00:00', '"../seed.cue"', '"seed.wav"', '"missing.wav"', '"."', '\u001b[2J', '\t'];

function mutateCue(text: string, rnd: () => number): string {
  const lines = text.split('\n');
  const pick = (n: number): number => Math.floor(rnd() * n);
  for (let k = 0, edits = 1 + pick(4); k < edits; k += 1) {
    const at = pick(lines.length);
    switch (pick(5)) {
      case 0:
        lines.splice(at, 1);
        break;
      case 1:
        lines.splice(at, 0, lines[pick(lines.length)] ?? '');
        break;
      case 2: {
        const words = (lines[at] ?? '').split(' ');
        words[pick(words.length)] = CUE_TOKENS[pick(CUE_TOKENS.length)]!;
        lines[at] = words.join(' ');
        break;
      }
      case 3:
        lines[at] = (lines[at] ?? '').slice(0, pick((lines[at] ?? '').length + 1));
        break;
      default:
        lines.splice(at, 0, `${CUE_TOKENS[pick(CUE_TOKENS.length)]} ${CUE_TOKENS[pick(CUE_TOKENS.length)]}`);
    }
  }
  return lines.join('\n');
}

interface Outcome {
  code: number;
  message: string;
}

async function runCase(args: string[], image: string): Promise<Outcome> {
  const options: BurnOptions = { image, gap: 150, capacity: 80, strict: false, null: false, json: false, quiet: true, verbose: false, simulate: false, eject: false, yes: true, reject: true, stopOnError: false };
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`hung for ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS)));
  try {
    await Promise.race([burnCommand(args, options, () => undefined, controller.signal), timeout]);
    return { code: 0, message: '' };
  } catch (error) {
    if (!(error instanceof BurnAudioError)) throw error; // a crash: not a typed error
    return { code: exitCodeFor(error), message: error.message };
  } finally {
    clearTimeout(timer);
  }
}

describe(`fuzzing (seed ${SEED.toString(16)})`, () => {
  let dir: { path: string; remove: () => Promise<void> };
  before(async () => (dir = await tempDir()));
  after(() => dir.remove());

  async function check(kind: string, index: number, inputName: string, args: string[], tally: Record<number, number>): Promise<void> {
    const out = join(dir.path, 'out');
    await rm(out, { recursive: true, force: true });
    await mkdir(out);
    const outcome = await runCase(args, join(out, 'disc.cue'));
    tally[outcome.code] = (tally[outcome.code] ?? 0) + 1;
    assert.ok(outcome.code === 0 || outcome.code === 3, `${kind} case ${index}: exit ${outcome.code}: ${outcome.message}`);
    const left = (await readdir(out)).sort();
    assert.deepEqual(left, outcome.code === 0 ? ['disc.bin', 'disc.cdt', 'disc.cue'] : [], `${kind} case ${index}: files left: ${left.join(', ')}`);
    if (outcome.code === 3) assert.ok(outcome.message.includes(inputName), `${kind} case ${index}: the message names the input: ${outcome.message}`);
  }

  it(`${WAV_CASES} mutated WAVs end in an image or exit 3, never a crash, hang or leftover`, async () => {
    const rnd = random(SEED);
    const stereo = wavFile(cdAudio(2_000), { after: [infoChunk({ title: 'Seed', artist: 'Fuzz' })] });
    const hires = wavFile(encodeSamples([sine(3_000, 48_000, 1_000, 0.5)], { bitsPerSample: 24 }), { sampleRate: 48_000, bitsPerSample: 24, channels: 1, extensible: true });
    const float = wavFile(encodeSamples([sine(1_000, 96_000, 500, 0.5), sine(1_000, 96_000, 700, 0.5)], { bitsPerSample: 32, float: true }), { sampleRate: 96_000, bitsPerSample: 32, formatTag: 3 });
    const rf64Data = cdAudio(500);
    const ds64 = Buffer.alloc(28);
    ds64.writeBigUInt64LE(BigInt(rf64Data.length), 8);
    const rf64 = Buffer.concat([Buffer.from('RF64\xff\xff\xff\xffWAVE', 'latin1'), chunk('ds64', ds64), chunk('fmt ', Buffer.from(stereo.subarray(20, 36))), chunk('data', rf64Data)]);
    const seeds = [stereo, hires, float, rf64];
    const tally: Record<number, number> = {};
    const path = join(dir.path, 'fuzz.wav');
    for (let i = 0; i < WAV_CASES; i += 1) {
      await writeFile(path, mutateBytes(seeds[i % seeds.length]!, rnd));
      await check('WAV', i, 'fuzz.wav', [path], tally);
    }
    process.stdout.write(`# WAV fuzz: ${WAV_CASES} cases, ${tally[0] ?? 0} images, ${tally[3] ?? 0} refused with exit 3\n`);
  });

  it(`${CUE_CASES} mutated cue sheets end in an image or exit 3, never a crash, hang or leftover`, async () => {
    const rnd = random(SEED ^ 0xc0e);
    await writeFile(join(dir.path, 'seed.wav'), wavFile(cdAudio(44_100 * 6)));
    await writeFile(join(dir.path, 'seed.bin'), cdAudio(44_100 * 5));
    const seed = [
      'REM seed',
      'TITLE "Fuzz"',
      'PERFORMER "Seed"',
      'FILE "seed.wav" WAVE',
      '  TRACK 01 AUDIO',
      '    TITLE "One"',
      '    INDEX 01 00:00:00',
      '  TRACK 02 AUDIO',
      '    INDEX 00 00:02:00',
      '    INDEX 01 00:03:00',
      'FILE "seed.bin" BINARY',
      '  TRACK 03 AUDIO',
      '    PREGAP 00:01:00',
      '    INDEX 01 00:00:00',
      '    POSTGAP 00:00:30',
    ].join('\n');
    const tally: Record<number, number> = {};
    const path = join(dir.path, 'fuzz.cue');
    for (let i = 0; i < CUE_CASES; i += 1) {
      await writeFile(path, mutateCue(seed, rnd));
      await check('cue', i, 'fuzz.cue', [path], tally);
    }
    process.stdout.write(`# cue fuzz: ${CUE_CASES} cases, ${tally[0] ?? 0} images, ${tally[3] ?? 0} refused with exit 3\n`);
  });
});
