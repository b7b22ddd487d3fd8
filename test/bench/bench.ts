/**
 * `npm run bench`: measures burn-audio against reference tools in the same run, as ratios, and
 * writes BENCHMARKS.md. Absolute times on shared machines are noisy; ratios much less so.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN } from '../helpers/cli.js';
import { buildNative } from '../helpers/simulator.js';
import { encodeSamples, wavFile, writeLongTrack } from '../helpers/wav.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAX_RSS = fileURLToPath(new URL('./max-rss.js', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

interface Timing {
  median: number;
  all: number[];
}

function time(command: string, args: string[], env: Record<string, string> = {}): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.toString()}`);
  return seconds;
}

/** Runs each contender RUNS times, interleaved so drift in the machine hits both alike. */
function race(contenders: Record<string, () => number>): Record<string, Timing> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  // Earlier steps' writes are flushed first, so that their writeback does not land in this race.
  spawnSync('sync');
  // One unmeasured round first: it fills the page cache and allocates the output files' blocks.
  for (const fn of Object.values(contenders)) fn();
  for (let run = 0; run < RUNS; run += 1) {
    for (const [name, fn] of Object.entries(contenders)) samples[name]!.push(fn());
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, all]) => [name, { median: [...all].sort((a, b) => a - b)[Math.floor(all.length / 2)]!, all }]),
  );
}

interface PairTiming {
  a: number[];
  b: number[];
  /** a / b of each pair, sorted. */
  ratios: number[];
}

/** A and B run alternately (A B A B …) RUNS times after one warm-up pair; each pair gives a ratio. */
function pairs(a: () => number, b: () => number): PairTiming {
  spawnSync('sync');
  a();
  b();
  const timing: PairTiming = { a: [], b: [], ratios: [] };
  for (let run = 0; run < RUNS; run += 1) {
    timing.a.push(a());
    timing.b.push(b());
    timing.ratios.push(timing.a[run]! / timing.b[run]!);
  }
  timing.ratios.sort((x, y) => x - y);
  return timing;
}

function ratioSummary(t: PairTiming): string {
  const median = t.ratios[Math.floor(t.ratios.length / 2)]!;
  return `**${median.toFixed(2)}×** (min ${t.ratios[0]!.toFixed(2)}×, max ${t.ratios[t.ratios.length - 1]!.toFixed(2)}×)`;
}

/**
 * Ten minutes of CD audio as FLAC and as MP3, decoded to an image by burn-audio, against flac -d
 * and mpg123 writing a WAV. Needs sox, flac, lame and mpg123.
 */
function codecSection(dir: string): string {
  const wav = join(dir, 'ten.wav');
  const flac = join(dir, 'ten.flac');
  const mp3 = join(dir, 'ten.mp3');
  const out = join(dir, 'decoded.wav');
  time('sox', ['-R', '-n', '-r', '44100', '-b', '16', '-c', '2', wav, 'synth', '600', 'sine', '100-15000', 'pinknoise', 'gain', '-6']);
  time('flac', ['-s', '-f', wav, '-o', flac]);
  time('lame', ['--quiet', wav, mp3]);
  rmSync(wav);
  const image = (input: string) => () => time(process.execPath, [BIN, '--quiet', '--image', join(dir, 'codec.cue'), input]);
  const flacRace = pairs(image(flac), () => time('flac', ['-s', '-f', '-d', flac, '-o', out]));
  const mp3Race = pairs(image(mp3), () => time('mpg123', ['-q', '-w', out, mp3]));
  rmSync(out, { force: true });
  const runs = (all: number[]): string => all.map((x) => x.toFixed(2)).join(', ');
  return `## Decoding compressed tracks: 10 minutes of CD audio as FLAC and MP3, against flac and mpg123

Interleaved pairs (burn-audio, then the reference tool), ${RUNS} after a warm-up pair; the ratio is
the median of the per-pair ratios, with the smallest and largest.

| command | runs (s) |
| --- | --- |
| \`burn-audio --quiet --image codec.cue ten.flac\` | ${runs(flacRace.a)} |
| \`flac -d ten.flac -o decoded.wav\` | ${runs(flacRace.b)} |
| \`burn-audio --quiet --image codec.cue ten.mp3\` | ${runs(mp3Race.a)} |
| \`mpg123 -w decoded.wav ten.mp3\` | ${runs(mp3Race.b)} |

burn-audio / flac -d = ${ratioSummary(flacRace)}; burn-audio / mpg123 = ${ratioSummary(mp3Race)}.
burn-audio decodes each file twice: once while probing (exact length, every frame checked before
anything is written) and once while writing the image.
`;
}

function peakRssMb(args: string[], dir: string): number {
  const file = join(dir, 'rss');
  time(process.execPath, ['--import', MAX_RSS, BIN, ...args], { BENCH_MAX_RSS_FILE: file });
  return Number(readFileSync(file, 'utf8')) / 1024;
}

interface StageRun {
  seconds: number;
  bytes: number;
  maxRssKb: number;
}

const STAGE = fileURLToPath(new URL('./stage-throughput.js', import.meta.url));

function stage(backend: 'imapi' | 'image', minutes: number, env: Record<string, string>): StageRun {
  const result = spawnSync(process.execPath, [STAGE, backend, String(minutes)], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`staging into ${backend} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as StageRun;
}

async function makeDisc(dir: string, tracks: number, seconds: number): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 1; i <= tracks; i += 1) {
    const path = join(dir, `track${String(i).padStart(2, '0')}.wav`);
    await writeLongTrack(path, seconds);
    paths.push(path);
  }
  return paths;
}

/** Ten minutes of 48 kHz 24-bit stereo (a tone sweep in each channel), written a second at a time. */
async function makeHiRes(path: string): Promise<void> {
  const { open } = await import('node:fs/promises');
  const file = await open(path, 'w');
  const rate = 48_000;
  const seconds = 600;
  await file.write(wavFile(Buffer.alloc(0), { sampleRate: rate, bitsPerSample: 24, declaredDataBytes: rate * 6 * seconds }));
  for (let s = 0; s < seconds; s += 1) {
    const f = 100 + ((s * 97) % 19_000);
    const left = Float64Array.from({ length: rate }, (_, i) => 0.5 * Math.sin((2 * Math.PI * f * (s * rate + i)) / rate));
    const right = Float64Array.from({ length: rate }, (_, i) => 0.4 * Math.sin((2 * Math.PI * (f / 2) * (s * rate + i)) / rate));
    await file.write(encodeSamples([left, right], { bitsPerSample: 24 }));
  }
  await file.close();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'burn-audio-bench-'));
  if (process.env.BENCH_ONLY === 'codecs') {
    // Only the compressed-track rows, printed and not written to BENCHMARKS.md.
    try {
      process.stdout.write(codecSection(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  try {
    // 15 × 5:16 = 79 minutes of audio: with gaps and the lead pregap, a full 80-minute disc.
    const full = await makeDisc(join(dir, '.'), 15, 316);
    const shortDisc = full.slice(0, 2).map((p) => p);
    const image = join(dir, 'image.cue');
    const catOut = join(dir, 'cat.raw');
    const imageArgs = (tracks: string[]): string[] => ['--quiet', '--image', image, ...tracks];

    const startup = race({
      burnAudio: () => time(process.execPath, [BIN, '--version']),
      node: () => time(process.execPath, ['-e', '0']),
    });
    const planDir = join(dir, 'plan99');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(planDir);
    for (let i = 1; i <= 99; i += 1) await writeLongTrack(join(planDir, `t${String(i).padStart(2, '0')}.wav`), 4);
    const plan99 = race({ plan: () => time(process.execPath, [BIN, 'plan', join(planDir, '*.wav')]) });

    const timings = race({
      burnAudio: () => time(process.execPath, [BIN, ...imageArgs(full)]),
      cat: () => time('sh', ['-c', `cat "$@" > '${catOut}'`, 'cat', ...full]),
      catSync: () => time('sh', ['-c', `cat "$@" > '${catOut}' && sync '${catOut}'`, 'cat', ...full]),
    });
    rmSync(catOut, { force: true });
    const rss10 = peakRssMb(imageArgs(shortDisc), dir);
    const rss80 = peakRssMb(imageArgs(full), dir);

    const hires = join(dir, 'hires.wav');
    await makeHiRes(hires);
    const soxOut = join(dir, 'sox.wav');
    const conversion = race({
      burnAudio: () => time(process.execPath, [BIN, '--quiet', '--image', join(dir, 'converted.cue'), hires]),
      sox: () => time('sox', [hires, '-r', '44100', '-b', '16', soxOut, 'rate', '-v', 'dither']),
    });
    rmSync(soxOut, { force: true });

    buildNative();
    const sim = join(dir, 'sim.json');
    writeFileSync(sim, JSON.stringify({ recorders: [{ media: 'blank-cdr', minutes: 80 }], timeScale: 0 }));
    const simEnv = { BURN_AUDIO_IMAPI_SIM: sim };
    const stagings = { imapi: [] as StageRun[], image: [] as StageRun[] };
    stage('imapi', 79, simEnv);
    stage('image', 79, simEnv);
    for (let run = 0; run < RUNS; run += 1) {
      stagings.imapi.push(stage('imapi', 79, simEnv));
      stagings.image.push(stage('image', 79, simEnv));
    }
    const medianOf = (runs: StageRun[]): StageRun => [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)]!;
    const imapiStage = medianOf(stagings.imapi);
    const imageStage = medianOf(stagings.image);
    const mbps = (r: StageRun): number => r.bytes / 1e6 / r.seconds;
    const imapiRss10 = stage('imapi', 10, simEnv).maxRssKb / 1024;
    const imapiRss79 = imapiStage.maxRssKb / 1024;

    const b = timings.burnAudio!;
    const c = timings.cat!;
    const cs = timings.catSync!;
    const fmt = (t: Timing): string => `${t.median.toFixed(2)} s (runs: ${t.all.map((x) => x.toFixed(2)).join(', ')})`;
    const ratio = b.median / c.median;
    const report = `# Benchmarks

Produced by \`npm run bench\` (test/bench/bench.ts) on ${new Date().toISOString().slice(0, 10)}:
${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${process.platform}.
Before each comparison pending writes are flushed (\`sync\`); after one unmeasured warm-up round, each contender ran ${RUNS} times, interleaved; the figure is the median. Audio is generated
(CD audio, 15 tracks of 5:16 = 79 minutes, ${(full.length * 316 * 176_400 / 1e6).toFixed(0)} MB), written to ${tmpdir()}.

## Start-up and planning

| command | median |
| --- | --- |
| \`burn-audio --version\` | ${fmt(startup.burnAudio!)} |
| \`node -e 0\` | ${fmt(startup.node!)} |
| \`burn-audio plan t*.wav\` (99 tracks of 4 s) | ${fmt(plan99.plan!)} |

Start-up is **${(startup.burnAudio!.median / startup.node!.median).toFixed(2)}×** bare node (target: within 2×; ffi-rs, music-metadata, ora and log-update
load only when needed). \`plan\` of 99 tracks takes **${plan99.plan!.median.toFixed(2)} s** (target: under 0.5 s), reading every header and tag.

## Image writing, 80-minute disc, against \`cat\`

| command | median |
| --- | --- |
| \`burn-audio --quiet --image image.cue track*.wav\` | ${fmt(b)} |
| \`cat track*.wav > cat.raw\` | ${fmt(c)} |
| \`cat track*.wav > cat.raw && sync cat.raw\` | ${fmt(cs)} |

burn-audio / cat = **${ratio.toFixed(2)}×** (target: at most 1.5×).
burn-audio / (cat + sync) = **${(b.median / cs.median).toFixed(2)}×**.
burn-audio's time includes Node start-up, reading every header and tag, and flushing the BIN
to disk (fdatasync) before it is renamed into place, which plain \`cat\` does not do.

## Peak memory (maximum resident set size of the burn-audio process)

| disc | peak RSS |
| --- | --- |
| 10 minutes (2 tracks) | ${rss10.toFixed(0)} MB |
| 79 minutes (15 tracks) | ${rss80.toFixed(0)} MB |

Target: under 150 MB and the same for both lengths (audio is streamed, never held whole).
Measured with \`node --import test/bench/max-rss.js\`, which records \`process.resourceUsage().maxRSS\` at exit.

## Staging through ffi-rs into the IMAPI simulator, against writing an image

\`test/bench/stage-throughput.js\` hands 79 minutes of CD audio (${(imapiStage.bytes / 1e6).toFixed(0)} MB), 256 sectors per call,
to a recorder: through ffi-rs, the shim's COM thread and the simulator's AddAudioTrackBlocks into
its stash file; and, as the reference in the same run, into a BIN image with the image recorder.
Medians of ${RUNS} interleaved runs, after one warm-up each.

| backend | median | throughput |
| --- | --- | --- |
| IMAPI (ffi-rs → shim → simulator) | ${imapiStage.seconds.toFixed(2)} s (runs: ${stagings.imapi.map((r) => r.seconds.toFixed(2)).join(', ')}) | **${mbps(imapiStage).toFixed(0)} MB/s** |
| image | ${imageStage.seconds.toFixed(2)} s (runs: ${stagings.image.map((r) => r.seconds.toFixed(2)).join(', ')}) | ${mbps(imageStage).toFixed(0)} MB/s |

IMAPI staging takes **${(imapiStage.seconds / imageStage.seconds).toFixed(2)}×** the time of image writing. Target: at least 300 MB/s
(a 52× writer consumes 9.2 MB/s). Peak RSS while staging: ${imapiRss10.toFixed(0)} MB for 10 minutes, ${imapiRss79.toFixed(0)} MB for 79 minutes.

## Conversion: 10 minutes of 48 kHz 24-bit stereo to CD audio, against sox

| command | median |
| --- | --- |
| \`burn-audio --quiet --image converted.cue hires.wav\` (resample, dither, write the image) | ${fmt(conversion.burnAudio!)} |
| \`sox hires.wav -r 44100 -b 16 sox.wav rate -v dither\` | ${fmt(conversion.sox!)} |

burn-audio / sox = **${(conversion.burnAudio!.median / conversion.sox!.median).toFixed(2)}×** (target: at most 2×). The resampler keeps 0–20 kHz flat
within 0.1 dB and attenuates from 22.05 kHz by at least 90 dB (test/audio/resampler.test.ts measures both);
sox's \`rate -v\` is its "very high" quality setting.

${codecSection(dir)}`;
    writeFileSync(join(ROOT, 'BENCHMARKS.md'), report);
    process.stdout.write(report);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
