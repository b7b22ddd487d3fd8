/**
 * `npm run bench`: measures burn-audio against a reference in the same run and writes
 * BENCHMARKS.md. Every timed row is a series of interleaved pairs (A B A B …) after one warm-up
 * pair; its figure is the median of the per-pair ratios A/B, with the smallest and largest, so a
 * machine that slows down or speeds up during the run hits both sides of each pair alike.
 *
 * BENCH_PAIRS=n sets the number of pairs (default 7); BENCH_ONLY=row,row runs only those rows
 * (see ROWS) and prints them instead of writing BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN } from '../helpers/cli.js';
import { buildNative } from '../helpers/simulator.js';
import { writeLongTrack } from '../helpers/wav.js';
import { windowsNodeExe } from '../../scripts/windows-packages.js';
import { EXE, keepWineServer, prepareExePrefix, stopWine, timeWindows, windowsPath } from '../windows/wine.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const STAGE = fileURLToPath(new URL('./stage-throughput.js', import.meta.url));
const FLAC_DECODE = fileURLToPath(new URL('./flac-decode.js', import.meta.url));
const PAIRS = Number(process.env.BENCH_PAIRS ?? 7);
const ONLY = process.env.BENCH_ONLY?.split(',').map((row) => row.trim()).filter((row) => row !== '');
const NODE = process.execPath;

/** Runs a command to its end and returns its wall-clock seconds; throws when it fails. */
function time(command: string, args: string[], env: Record<string, string> = {}): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.toString()}`);
  return seconds;
}

/** A shell command line, timed as a whole (`sh -c`). */
function shell(line: string): () => number {
  return () => time('sh', ['-c', line]);
}

interface Pairs {
  a: number[];
  b: number[];
  /** a / b of each pair, sorted. */
  ratios: number[];
}

/** A and B alternately, PAIRS times after one warm-up pair (which fills the page cache); `before` runs ahead of each. */
function pairs(a: () => number, b: () => number, before: () => void = () => undefined): Pairs {
  // Earlier rows' writes are flushed first, so that their writeback does not land in this row.
  spawnSync('sync');
  before();
  a();
  before();
  b();
  const result: Pairs = { a: [], b: [], ratios: [] };
  for (let run = 0; run < PAIRS; run += 1) {
    before();
    result.a.push(a());
    before();
    result.b.push(b());
    result.ratios.push(result.a[run]! / result.b[run]!);
  }
  result.ratios.sort((x, y) => x - y);
  return result;
}

const median = (sorted: number[]): number => sorted[Math.floor(sorted.length / 2)]!;
const seconds = (all: number[]): string => all.map((x) => x.toFixed(2)).join(', ');

/** A row of the report: what ran against what, the runs, the ratio and its target. */
function row(what: string, reference: string, result: Pairs, target?: number): string {
  const ratio = median(result.ratios);
  const goal = target === undefined ? '—' : `≤ ${target}× (${ratio <= target ? 'met' : 'not met'})`;
  return `| ${what} | ${reference} | **${ratio.toFixed(2)}×** (${result.ratios[0]!.toFixed(2)}–${result.ratios.at(-1)!.toFixed(2)}) | ${goal} | ${seconds(result.a)} / ${seconds(result.b)} |`;
}

const TABLE_HEAD = '| measure | reference, same run | median ratio (min–max) | target | runs, s (A / B) |\n| --- | --- | --- | --- | --- |';

/** Peak resident set size in MB of a command, from /usr/bin/time (the kernel's maxrss). */
function peakRss(command: string, args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return Number(result.stderr.trim().split('\n').at(-1)) / 1024;
}

/** The audio the rows use, made once, on demand. */
class Audio {
  private made = new Map<string, unknown>();
  constructor(readonly dir: string) {}

  private once<T>(key: string, make: () => T): T {
    if (!this.made.has(key)) this.made.set(key, make());
    return this.made.get(key) as T;
  }

  /** CD audio: `tracks` WAVs of `seconds` each, in a folder of their own. */
  async cd(tracks: number, seconds: number): Promise<string[]> {
    return this.once(`cd${tracks}x${seconds}`, async () => {
      const folder = join(this.dir, `cd-${tracks}x${seconds}`);
      mkdirSync(folder);
      const paths: string[] = [];
      for (let i = 1; i <= tracks; i += 1) {
        const path = join(folder, `track${String(i).padStart(2, '0')}.wav`);
        await writeLongTrack(path, seconds);
        paths.push(path);
      }
      return paths;
    });
  }

  /** 48 kHz 24-bit stereo of `seconds` (a sweep and pink noise), written by sox. */
  hiRes(seconds: number): string {
    return this.once(`hires${seconds}`, () => {
      const path = join(this.dir, `hires-${seconds}.wav`);
      time('sox', ['-R', '-n', '-r', '48000', '-b', '24', '-c', '2', path, 'synth', String(seconds), 'sine', '100-19000', 'pinknoise', 'gain', '-6']);
      return path;
    });
  }

  /** Ten minutes of CD audio as a WAV, as FLAC and as MP3. */
  compressed(): { wav: string; flac: string; mp3: string } {
    return this.once('compressed', () => {
      const wav = join(this.dir, 'ten.wav');
      const flac = join(this.dir, 'ten.flac');
      const mp3 = join(this.dir, 'ten.mp3');
      time('sox', ['-R', '-n', '-r', '44100', '-b', '16', '-c', '2', wav, 'synth', '600', 'sine', '100-15000', 'pinknoise', 'gain', '-6']);
      time('flac', ['-s', '-f', wav, '-o', flac]);
      time('lame', ['--quiet', wav, mp3]);
      return { wav, flac, mp3 };
    });
  }

  /**
   * An album of 12 tracks of 5 minutes of CD audio (a sweep and pink noise, the same in each) as
   * FLAC and as MP3, each encoded once and copied, in folders of their own.
   */
  album(): { flac: string[]; mp3: string[] } {
    return this.once('album', () => {
      const folder = join(this.dir, 'album');
      mkdirSync(folder);
      const wav = join(folder, 'track.wav');
      time('sox', ['-R', '-n', '-r', '44100', '-b', '16', '-c', '2', wav, 'synth', '300', 'sine', '100-15000', 'pinknoise', 'gain', '-6']);
      time('flac', ['-s', '-f', wav, '-o', join(folder, 'track.flac')]);
      time('lame', ['--quiet', wav, join(folder, 'track.mp3')]);
      rmSync(wav);
      const copies = (ext: string): string[] =>
        Array.from({ length: 12 }, (_, i) => {
          const path = join(folder, `t${String(i + 1).padStart(2, '0')}.${ext}`);
          copyFileSync(join(folder, `track.${ext}`), path);
          return path;
        });
      return { flac: copies('flac'), mp3: copies('mp3') };
    });
  }

  /** Ten minutes of CD audio encoded with `flac -8`. */
  flac8(): string {
    return this.once('flac8', () => {
      const wav = join(this.dir, 'ten8.wav');
      const flac = join(this.dir, 'ten8.flac');
      time('sox', ['-R', '-n', '-r', '44100', '-b', '16', '-c', '2', wav, 'synth', '600', 'sine', '100-15000', 'pinknoise', 'gain', '-6']);
      time('flac', ['-s', '-f', '-8', wav, '-o', flac]);
      rmSync(wav);
      return flac;
    });
  }

  /** A simulator configuration: one blank 80-minute CD-R, no waiting, the disc not copied out. */
  simulator(): Record<string, string> {
    return this.once('sim', () => {
      buildNative();
      const path = join(this.dir, 'sim.json');
      writeFileSync(path, JSON.stringify({ recorders: [{ media: 'blank-cdr', minutes: 80 }], timeScale: 0 }));
      return { BURN_AUDIO_IMAPI_SIM: path };
    });
  }
}

/** Images are written over the same names each run; removing them first keeps the unlink of the last one out of the timing. */
function removeImage(dir: string, name: string): () => void {
  return () => {
    for (const ext of ['cue', 'bin']) rmSync(join(dir, `${name}.${ext}`), { force: true });
  };
}

type Row = (audio: Audio) => Promise<string>;

const burnAudio = (...args: string[]): (() => number) => () => time(NODE, [BIN, ...args]);
const bareNode = (): number => time(NODE, ['-e', '0']);

const ROWS: Record<string, { title: string; how: string; run: Row }> = {
  version: {
    title: 'Start-up',
    how: '`node bin/burn-audio.js --version` against `node -e 0`.',
    run: async () => row('`burn-audio --version`', '`node -e 0`', pairs(burnAudio('--version'), bareNode), 1.4),
  },
  exe: {
    title: 'burn-audio.exe start-up, under Wine',
    how: '`wine burn-audio.exe --version` against `wine node.exe -e 0`, the Windows node.exe it is made from, in a fresh Wine prefix whose wineserver is kept running (`wineserver -p`), so that each run is the start of a Windows process, not of Wine. The row builds the exe first (`npm run build:windows`, then scripts/build-exe.ts); it needs Wine and MinGW.',
    run: async () => {
      // `npm run bench` builds dist/ anew, without the exe: it is made here then.
      if (!existsSync(EXE)) spawnSync('sh', ['-c', 'npm run build:windows && node dist/scripts/build-exe.js'], { cwd: ROOT, stdio: 'ignore' });
      prepareExePrefix();
      keepWineServer('exe');
      try {
        const exe = () => timeWindows('exe', [windowsPath(EXE), '--version']);
        const node = () => timeWindows('exe', [windowsPath(windowsNodeExe()), '-e', '0']);
        return row('`burn-audio.exe --version`', '`node.exe -e 0`', pairs(exe, node), 1.5);
      } finally {
        stopWine();
      }
    },
  },
  plan: {
    title: 'Planning 99 tracks',
    how: "`node bin/burn-audio.js plan 'folder/*.wav'` (99 WAVs of 4 s, the pattern expanded by burn-audio, every header read) against `node -e 0`.",
    run: async (audio) => {
      const [first] = await audio.cd(99, 4);
      const pattern = join(first!, '..', '*.wav');
      return row('`burn-audio plan` of 99 tracks', '`node -e 0`', pairs(burnAudio('plan', pattern), bareNode), 3);
    },
  },
  image40: {
    title: 'Image writing, 40 minutes',
    how: "`node bin/burn-audio.js --quiet --image image.cue track*.wav` (8 WAVs of 5 min, 423 MB) against `cat track*.wav > cat.raw && sync cat.raw`; both outputs are removed, and `sync` run, before each run. The image is flushed to disk (fdatasync) before it is renamed into place, so `cat` followed by `sync` of its output is the fair floor.",
    run: async (audio) => imageRow(audio, '40 minutes', await audio.cd(8, 300)),
  },
  image80: {
    title: 'Image writing, 80 minutes',
    how: 'As for 40 minutes, with 15 WAVs of 5:16 (79 minutes, 836 MB: with the gaps, a full 80-minute disc).',
    run: async (audio) => imageRow(audio, '80 minutes', await audio.cd(15, 316)),
  },
  convert: {
    title: 'Conversion',
    how: '`node bin/burn-audio.js --quiet --image converted.cue hires.wav` (10 minutes of 48 kHz 24-bit stereo: resampled, dithered, written as an image) against `sox hires.wav -b 16 -r 44100 sox.wav rate -v dither`.',
    run: async (audio) => {
      const hires = audio.hiRes(600);
      const soxOut = join(audio.dir, 'sox.wav');
      const result = pairs(burnAudio('--quiet', '--image', join(audio.dir, 'converted.cue'), hires), () => time('sox', [hires, '-b', '16', '-r', '44100', soxOut, 'rate', '-v', 'dither']), () => {
        removeImage(audio.dir, 'converted')();
        rmSync(soxOut, { force: true });
      });
      return row('conversion, 10 min 48 kHz/24-bit → image', '`sox … rate -v dither`', result, 0.7);
    },
  },
  stage: {
    title: 'Staging through ffi-rs into the IMAPI simulator',
    how: '`node dist/test/bench/stage-throughput.js imapi 79` against `… image 79`: each hands 79 minutes of CD audio, 256 sectors per call, to a recorder and reports the seconds from the first block to the last (`BURN_AUDIO_IMAPI_SIM` names a simulator with a blank 80-minute CD-R and `timeScale` 0). `imapi` goes through ffi-rs, the shim\'s COM thread and the simulator\'s AddAudioTrackBlocks into its stash file; `image` writes the same blocks with the image recorder, which flushes its BIN in the background as it goes (the simulator does not flush its stash).',
    run: async (audio) => {
      const env = audio.simulator();
      const staged = (backend: string) => (): number => {
        const result = spawnSync(NODE, [STAGE, backend, '79'], { env: { ...process.env, ...env }, encoding: 'utf8' });
        if (result.status !== 0) throw new Error(`staging into ${backend} failed: ${result.stderr}`);
        return (JSON.parse(result.stdout) as { seconds: number }).seconds;
      };
      return row('staging 79 min through ffi-rs into the simulator', 'image writing (the image recorder, same blocks)', pairs(staged('imapi'), staged('image')), 1.2);
    },
  },
  codecs: {
    title: 'Decoding compressed tracks',
    how: '`node bin/burn-audio.js --quiet --image codec.cue ten.flac` (10 minutes of CD audio) against `flac -d ten.flac -o decoded.wav`, and the same with `ten.mp3` against `mpg123 -w decoded.wav ten.mp3`. burn-audio decodes each file once, while probing (the exact length, every frame checked before anything is written), into a temporary file of CD audio that writing the image copies; one file is decoded on one thread.',
    run: async (audio) => {
      const { flac, mp3 } = audio.compressed();
      const out = join(audio.dir, 'decoded.wav');
      const image = (input: string) => burnAudio('--quiet', '--image', join(audio.dir, 'codec.cue'), input);
      const flacRow = row('FLAC, 10 min → image', '`flac -d`', pairs(image(flac), () => time('flac', ['-s', '-f', '-d', flac, '-o', out])), 2);
      const mp3Row = row('MP3, 10 min → image', '`mpg123 -w`', pairs(image(mp3), () => time('mpg123', ['-q', '-w', out, mp3])));
      return `${flacRow}\n${mp3Row}`;
    },
  },
  album: {
    title: 'Decoding an album on every core',
    how: "`node bin/burn-audio.js --quiet --image album.cue t*.flac` (12 FLACs of 5 minutes of CD audio, 60 minutes) against `flac -d` of the 12 files one after another, and the same with 12 MP3s against `mpg123 -w`. The tracks are decoded on `min(tracks, cores)` threads while they are probed, each into a temporary file of CD audio (an MP3's float samples are converted and dithered by its thread right after its decode, from a first temporary file still in the page cache); writing the image copies those files, with the gaps, into the BIN. That costs what writing the BIN directly would: 635 MB copied from the page cache and flushed took 0.86–1.28 s, against 0.85–1.01 s for writing as many zeros and flushing them (`head -c … /dev/zero > o && sync o`, 3 runs each on this machine); and the threads could not write the BIN themselves, whose layout needs every track's length before its first block.",
    run: async (audio) => {
      const { flac, mp3 } = audio.album();
      const out = join(audio.dir, 'album-decoded.wav');
      const image = (tracks: string[]) => burnAudio('--quiet', '--image', join(audio.dir, 'album.cue'), ...tracks);
      const remove = removeImage(audio.dir, 'album');
      const each = (command: string) => shell(`for f in ${command === 'flac' ? flac.join(' ') : mp3.join(' ')}; do ${command === 'flac' ? `flac -s -f -d "$f" -o '${out}'` : `mpg123 -q -w '${out}' "$f"`} || exit 1; done`);
      const flacRow = row('FLAC album, 12 × 5 min → image', '`flac -d` of the 12 files, one after another', pairs(image(flac), each('flac'), remove), 1.2);
      const mp3Row = row('MP3 album, 12 × 5 min → image', '`mpg123 -w` of the 12 files, one after another', pairs(image(mp3), each('mpg123'), remove), 1.5);
      rmSync(out, { force: true });
      return `${flacRow}\n${mp3Row}`;
    },
  },
  normalizeAlbum: {
    title: 'Normalising an album',
    how: "`node bin/burn-audio.js --quiet --image album.cue --normalize t*.flac` against the same without `--normalize` (the 12 FLACs of the album row). Normalising measures each track in the decode that probes it, on its thread (K-weighting and the 4× true peak, in float after the mix and the resampling): about 0.25 s of CPU for 5 minutes of this audio, against about 0.6 s for decoding them. The gain depends on the whole track (in album mode, on every track), so it cannot be applied while the track decodes: each thread keeps the decoded audio in a temporary file (16-bit here, the size of the CD audio; an MP3's 32-bit float, twice that), and once every gain is known the threads make CD audio of each track at its gain, a track a thread (the gain, the limiter where a peak needs it, the TPDF dither: about 0.15 s of CPU for 5 minutes, reading a file still in the page cache instead of decoding again), which staging copies. Without `--normalize` the thread writes the CD audio itself, undithered, and nothing is measured. Normalising so adds about two thirds of the decode's work, shared by the cores as the decodes are: the ratio stays near 1 + 0.4/0.6 whatever the number of cores, and only a cheaper meter (its true-peak interpolation is most of it) or dither would bring it down. Until every gain is known the decoded audio and, after, the CD audio both stay in `$TMPDIR`: twice the disc's size for CD-audio FLACs.",
    run: async (audio) => {
      const { flac } = audio.album();
      const image = (...args: string[]) => burnAudio('--quiet', '--image', join(audio.dir, 'levelled-album.cue'), ...args);
      return row('`--normalize`, FLAC album → image', 'the same without `--normalize`', pairs(image('--normalize', ...flac), image(...flac), removeImage(audio.dir, 'levelled-album')), 1.15);
    },
  },
  burnAlbum: {
    title: 'Burning an album through the IMAPI simulator',
    how: '`node bin/burn-audio.js --quiet t*.flac` (the 12 FLACs of the album row, burned track-at-once through ffi-rs into the IMAPI simulator: a blank 80-minute CD-R, `timeScale` 0, the disc not written out) against `--image` of the same album: the whole run of each, from start to exit.',
    run: async (audio) => {
      const { flac } = audio.album();
      const env = audio.simulator();
      const burn = (): number => time(NODE, [BIN, '--quiet', ...flac], env);
      return row('burn of the FLAC album (IMAPI simulator)', 'image of the same album', pairs(burn, burnAudio('--quiet', '--image', join(audio.dir, 'burned.cue'), ...flac), removeImage(audio.dir, 'burned')), 1.3);
    },
  },
  normalize: {
    title: 'Loudness normalisation',
    how: "`node bin/burn-audio.js --quiet --image levelled.cue --normalize ten.wav` against the same without `--normalize` (10 minutes of CD audio: a sweep and pink noise, -7.3 LUFS, turned down 6.7 dB), then the same with `ten.flac`. Normalising reads a WAV's samples once more while it is probed, on a decoding thread (without `--normalize` a CD-audio WAV is only walked for its chunks, then copied while the image is written), measures the track in float after the mix and the resampling (K-weighting, 4× true peak), and then converts and dithers audio that would otherwise be copied as it is; a FLAC is measured in the decode that probes it, the one decode it gets, and its decoded audio kept in a temporary file until the gain is known (the gain depends on the whole track), then made CD audio at that gain on a thread, which staging copies. Where the time goes, measured once with `--cpu-prof` on the FLAC run (CPU seconds for the 10 minutes): the meter in the probe's decode, 0.4 s (K-weighting and the sums of squares 0.08 s; the true-peak interpolation 0.3 s: it skips windows that cannot exceed the peak found so far, but dense pink noise near its peak leaves few to skip, where music with sparse peaks skips most); laying the FLAC's samples out for the meter, 0.1 s; and converting CD audio that would have been copied (while the image is written, for a WAV; on a decoding thread before it, for a FLAC): decoding to float and quantising with TPDF dither, 0.3 s (the dither's xorshift32 draws, four per frame one after another, set that floor). A WAV of CD audio is otherwise copied as it is (0.3 s in all here), so for it the same work weighs four times its time. The probe now hands its decode's audio to staging, so neither side decodes a file twice; what normalising adds is the meter and the gain-and-dither pass, about 0.25 s and 0.15 s of CPU for every 5 minutes against 0.6 s for the decode of a 5-minute FLAC, which for one file on one thread is that much more time, and for an album on every core that much more work shared by the cores. A track the limiter acts on is measured once or twice more (README, \"Loudness\"); this row's track, turned down, is not.",
    run: async (audio) => {
      const { wav, flac } = audio.compressed();
      const image = (...args: string[]) => burnAudio('--quiet', '--image', join(audio.dir, 'levelled.cue'), ...args);
      const remove = removeImage(audio.dir, 'levelled');
      const wavRow = row('`--normalize`, 10 min WAV → image', 'the same without `--normalize`', pairs(image('--normalize', wav), image(wav), remove), 1.15);
      const flacRow = row('`--normalize`, 10 min FLAC → image', 'the same without `--normalize`', pairs(image('--normalize', flac), image(flac), remove), 1.15);
      return `${wavRow}\n${flacRow}`;
    },
  },
  flac8: {
    title: 'The FLAC decoder',
    how: '`node dist/test/bench/flac-decode.js ten8.flac decoded.wav` against `flac -d ten8.flac -o decoded.wav`: 10 minutes of CD audio encoded with `flac -8`, decoded to a WAV\'s PCM with every frame\'s CRC and the MD5 signature checked, as `flac -d` does.',
    run: async (audio) => {
      const flac = audio.flac8();
      const out = join(audio.dir, 'decoded8.wav');
      return row('FLAC -8, 10 min → WAV', '`flac -d`', pairs(() => time(NODE, [FLAC_DECODE, flac, out]), () => time('flac', ['-s', '-f', '-d', flac, '-o', out])));
    },
  },
  rss: {
    title: 'Peak memory',
    how: 'The maximum resident set size (`/usr/bin/time -f %M`) of one run of each: an image of 10 minutes (2 WAVs of 5 min) and of 79 minutes (15 WAVs of 5:16); conversion of 10 and 79 minutes of 48 kHz 24-bit stereo to an image; and a burn of the same CD audio through IMAPI (the simulator, `--quiet`). Target: at most 70 MB, and the same for both lengths. What a 79-minute run adds to a 10-minute one (2 to 8 MB) is V8\'s heap, not audio data: under the allocation rate of a long run the collector grows its young generation (for IMAPI, heap total 10.7 MB after 10 minutes, 15.5 MB after 79), while what the heap holds stays the same (7.0 and 8.0 MB in use at the end); run with `node --max-semi-space-size=1`, the two lengths differ by 2 MB. The node binary\'s own pages (file-backed) are the same for both lengths.',
    run: async (audio) => {
      const ten = await audio.cd(2, 300);
      const full = await audio.cd(15, 316);
      const sim = audio.simulator();
      const image = (inputs: string[]): number => {
        removeImage(audio.dir, 'rss')();
        return peakRss(NODE, [BIN, '--quiet', '--image', join(audio.dir, 'rss.cue'), ...inputs]);
      };
      const imapi = (inputs: string[]): number => peakRss(NODE, [BIN, '--quiet', ...inputs], sim);
      const rows: Array<[string, number, number]> = [
        ['image', image(ten), image(full)],
        ['conversion (48 kHz 24-bit → image)', image([audio.hiRes(600)]), image([audio.hiRes(4740)])],
        ['IMAPI (ffi-rs → shim → simulator)', imapi(ten), imapi(full)],
      ];
      removeImage(audio.dir, 'rss')();
      return rows.map(([what, short, long]) => `| peak RSS, ${what} | ${short.toFixed(0)} MB | ${long.toFixed(0)} MB | ${Math.max(short, long) <= 70 ? 'met' : 'not met'} |`).join('\n');
    },
  },
  rssFlac: {
    title: 'Peak memory, decoding FLAC on every core',
    how: 'The maximum resident set size (`/usr/bin/time -f %M`) of an image of one FLAC of the album row (decoded by the process itself), of two (the process and one thread), and of the whole album (the process and `min(12, cores) - 1` threads). Each thread is a V8 isolate of its own with the FLAC decoder\'s working memory; what it adds is the difference between the first two rows. Target: 70 MB for one track, and what each added thread costs on top.',
    run: flacRssRows,
  },
};

/** Peak memory of images of FLAC albums: one track (decoded by the process itself), two (the process and a thread), and the 12-track album on every core. */
async function flacRssRows(audio: Audio): Promise<string> {
  const { flac } = audio.album();
  const image = (tracks: string[]): number => {
    removeImage(audio.dir, 'rss-flac')();
    return peakRss(NODE, [BIN, '--quiet', '--image', join(audio.dir, 'rss-flac.cue'), ...tracks]);
  };
  const one = image(flac.slice(0, 1));
  const two = image(flac.slice(0, 2));
  const all = image(flac);
  removeImage(audio.dir, 'rss-flac')();
  const threads = Math.min(flac.length, availableParallelism());
  const perThread = two - one;
  const target = (mb: number, workers: number): string => (mb <= 70 + (workers - 1) * perThread ? 'met' : 'not met');
  return [
    `| peak RSS, FLAC → image, 1 track (decoded in the process) | ${one.toFixed(0)} MB | ≤ 70 MB (${one <= 70 ? 'met' : 'not met'}) |`,
    `| peak RSS, FLAC → image, 2 tracks (the process and 1 thread) | ${two.toFixed(0)} MB | each thread: ${perThread.toFixed(0)} MB |`,
    `| peak RSS, FLAC album 12 × 5 min → image (the process and ${threads - 1} thread${threads === 2 ? '' : 's'}) | ${all.toFixed(0)} MB | ≤ 70 MB + ${threads - 1} × ${perThread.toFixed(0)} MB (${target(all, threads)}) |`,
  ].join('\n');
}

async function imageRow(audio: Audio, length: string, tracks: string[]): Promise<string> {
  const catOut = join(audio.dir, 'cat.raw');
  const catAndSync = shell(`cat ${tracks.map((t) => `'${t}'`).join(' ')} > '${catOut}' && sync '${catOut}'`);
  const result = pairs(burnAudio('--quiet', '--image', join(audio.dir, 'image.cue'), ...tracks), catAndSync, () => {
    removeImage(audio.dir, 'image')();
    rmSync(catOut, { force: true });
    // Freeing the last output's blocks is flushed too, so that it lands in neither side's time.
    spawnSync('sync');
  });
  rmSync(catOut, { force: true });
  return row(`image writing, ${length}`, '`cat t*.wav > o && sync o`', result, 1.1);
}

function header(): string {
  const node = pairs(bareNode, bareNode);
  return `# Benchmarks

Produced by \`npm run bench\` (test/bench/bench.ts) on ${new Date().toISOString().slice(0, 10)}:
${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${process.platform};
${availableParallelism()} cores available to burn-audio's decoding threads; \`node -e 0\` takes ${median([...node.a].sort((x, y) => x - y)).toFixed(3)} s here; load average ${loadavg()[0]!.toFixed(2)} when the run began.
Audio is generated, into ${tmpdir()}.

Every timed row is ${PAIRS} interleaved pairs (A B A B …) after one warm-up pair: the ratio is the
median of the per-pair ratios A/B, with the smallest and largest; the runs are listed in order.
Before each row pending writes are flushed (\`sync\`). Reproduce one row with
\`BENCH_ONLY=<row> npm run bench\` (it prints the row and leaves this file alone); \`BENCH_PAIRS=n\`
changes the number of pairs.
`;
}

async function main(): Promise<void> {
  const unknown = (ONLY ?? []).filter((name) => !(name in ROWS));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: no row ${unknown.join(', ')}; the rows are ${Object.keys(ROWS).join(', ')}`);
  if (!existsSync('/usr/bin/time') && (ONLY === undefined || ONLY.includes('rss'))) throw new Error('the rss row needs /usr/bin/time (Debian: apt-get install time)');
  const dir = mkdtempSync(join(tmpdir(), 'burn-audio-bench-'));
  const audio = new Audio(dir);
  const head = header();
  const sections: string[] = [];
  try {
    for (const [name, { title, how, run }] of Object.entries(ROWS)) {
      if (ONLY && !ONLY.includes(name)) continue;
      const table = name === 'rss' ? '| measure | 10 minutes | 79 minutes | target: ≤ 70 MB |\n| --- | --- | --- | --- |' : name === 'rssFlac' ? '| measure | peak RSS | target |\n| --- | --- | --- |' : TABLE_HEAD;
      const section = `## ${title} (\`BENCH_ONLY=${name}\`)\n\n${how}\n\n${table}\n${await run(audio)}\n`;
      process.stderr.write(`${section}\n`);
      sections.push(section);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const report = [head, ...sections].join('\n');
  if (ONLY) process.stdout.write(report);
  else writeFileSync(join(ROOT, 'BENCHMARKS.md'), report);
}

await main();
