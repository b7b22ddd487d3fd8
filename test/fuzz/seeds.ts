/**
 * The valid inputs mutations start from, made afresh at each run (the same bytes every time: sox
 * with -R, fixed Ogg serial numbers, ffmpeg's bitexact mode): short files, a second or less, of several shapes per format.
 */
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { soxTone, tool } from '../helpers/codecs.js';
import { sine } from '../helpers/signal.js';
import { cdAudio, chunk, encodeSamples, fmtBody, infoChunk, wavFile } from '../helpers/wav.js';
import { crc16 } from './crc.js';
import { parseFlac, writeFrameHeader } from './flac.js';

export interface BinarySeed {
  name: string;
  bytes: Buffer;
}

/** A cue sheet or playlist: text, and the encoding its bytes are written in. */
export interface TextSeed {
  name: string;
  text: string;
  encoding: 'utf8' | 'latin1';
}

export interface Seeds {
  WAV: BinarySeed[];
  FLAC: BinarySeed[];
  MP3: BinarySeed[];
  'Ogg Vorbis': BinarySeed[];
  Opus: BinarySeed[];
  'cue sheet': TextSeed[];
  playlist: TextSeed[];
  /** Every file a cue sheet or playlist may name: the seeds above and a few more, in `dir`. */
  files: string[];
}

type Tone = { seconds: number; rate?: number; bits?: number; channels?: number };

/** Encodes a sox tone with `command`; returns the file's bytes. */
async function encoded(dir: string, name: string, tone: Tone, command: string, args: (wav: string, out: string) => string[]): Promise<BinarySeed> {
  const wav = join(dir, `${name}.source.wav`);
  const out = join(dir, name);
  soxTone(wav, tone.seconds, tone);
  tool(command, args(wav, out));
  await rm(wav);
  return { name, bytes: await readFile(out) };
}

function wavSeeds(): BinarySeed[] {
  const stereo = wavFile(cdAudio(2_000), { after: [infoChunk({ title: 'Seed', artist: 'Fuzz' })] });
  const hires = wavFile(encodeSamples([sine(3_000, 48_000, 1_000, 0.5)], { bitsPerSample: 24 }), { sampleRate: 48_000, bitsPerSample: 24, channels: 1, extensible: true });
  const float = wavFile(encodeSamples([sine(1_000, 96_000, 500, 0.5), sine(1_000, 96_000, 700, 0.5)], { bitsPerSample: 32, float: true }), { sampleRate: 96_000, bitsPerSample: 32, formatTag: 3 });
  const byte = wavFile(encodeSamples([sine(2_000, 22_050, 300, 0.5)], { bitsPerSample: 8 }), { sampleRate: 22_050, bitsPerSample: 8, channels: 1 });
  const surround = wavFile(encodeSamples(Array.from({ length: 6 }, (_, c) => sine(1_500, 48_000, 200 + 100 * c, 0.3)), { bitsPerSample: 16 }), { sampleRate: 48_000, channels: 6, extensible: true });
  const rf64Data = cdAudio(500);
  const ds64 = Buffer.alloc(28);
  ds64.writeBigUInt64LE(BigInt(rf64Data.length), 8);
  const rf64 = Buffer.concat([Buffer.from('RF64\xff\xff\xff\xffWAVE', 'latin1'), chunk('ds64', ds64), chunk('fmt ', fmtBody({})), chunk('data', rf64Data)]);
  return [
    { name: 'seed-stereo.wav', bytes: stereo },
    { name: 'seed-24bit-mono-48k.wav', bytes: hires },
    { name: 'seed-float-96k.wav', bytes: float },
    { name: 'seed-8bit-mono.wav', bytes: byte },
    { name: 'seed-5.1.wav', bytes: surround },
    { name: 'seed-rf64.wav', bytes: rf64 },
  ];
}

async function flacSeeds(dir: string): Promise<BinarySeed[]> {
  const flac = (name: string, tone: Tone, options: string[]): Promise<BinarySeed> => encoded(dir, name, tone, 'flac', (wav, out) => ['-s', '-f', ...options, wav, '-o', out]);
  return [
    await flac('seed-stereo-16.flac', { seconds: 1 }, ['-T', 'TITLE=Seed', '-T', 'ARTIST=Fuzz', '--padding=64']),
    await flac('seed-mono-8-1152.flac', { seconds: 0.5, rate: 22_050, bits: 8, channels: 1 }, ['-b', '1152']),
    await flac('seed-5.1-24-1000.flac', { seconds: 0.25, rate: 48_000, bits: 24, channels: 6 }, ['-b', '1000']),
    await flac('seed-stereo-16-192.flac', { seconds: 0.2 }, ['-b', '192', '--no-padding', '--no-seektable']),
    await variableBlockFlac(dir),
  ];
}

/** Block sizes of the variable-block-size seed: a standard size, sizes coded in 8 and 16 bits. */
const VARIABLE_BLOCKS = [4096, 1000, 576, 100, 2304, 4608, 3000, 16];

/**
 * A variable-block-size FLAC (libFLAC's encoder writes only fixed ones): each block encoded alone
 * as a one-frame file, its header then rewritten to carry its first sample's number, and a
 * STREAMINFO for the whole. FLAC frames decode independently, so the result is a valid stream.
 */
async function variableBlockFlac(dir: string): Promise<BinarySeed> {
  const total = VARIABLE_BLOCKS.reduce((sum, n) => sum + n, 0);
  const pcm = cdAudio(total, 5);
  const frames: Buffer[] = [];
  let first = 0;
  let streamInfo: Buffer | undefined;
  for (const [i, size] of VARIABLE_BLOCKS.entries()) {
    const wav = join(dir, `block-${i}.wav`);
    await writeFile(wav, wavFile(pcm.subarray(first * 4, (first + size) * 4)));
    tool('flac', ['-s', '-f', '--no-padding', '--no-seektable', '--no-md5-sum', '-b', String(size), wav, '-o', `${wav}.flac`]);
    const bytes = await readFile(`${wav}.flac`);
    await Promise.all([rm(wav), rm(`${wav}.flac`)]);
    const parsed = parseFlac(bytes)!;
    streamInfo ??= Buffer.from(bytes.subarray(0, parsed.audio));
    const frame = parsed.frames[0]!;
    const header = writeFrameHeader({ ...frame.header, variable: true, number: first, blockSizeCode: 7, explicitBlockSize: size - 1 });
    const whole = Buffer.concat([header, bytes.subarray(frame.at + frame.headerBytes)]);
    whole.writeUInt16BE(crc16(whole.subarray(0, -2)), whole.length - 2);
    frames.push(whole);
    first += size;
  }
  const info = streamInfo!;
  info[4] = info[4]! | 0x80; // STREAMINFO is the only block
  info.writeUInt16BE(Math.min(...VARIABLE_BLOCKS), 8);
  info.writeUInt16BE(Math.max(...VARIABLE_BLOCKS), 10);
  info.writeUIntBE(0, 12, 3);
  info.writeUIntBE(0, 15, 3);
  info.writeUInt32BE(total, 22); // a total of less than 2^32: the upper 4 bits stay 0
  createHash('md5').update(pcm).digest().copy(info, 26);
  return { name: 'seed-variable-blocks.flac', bytes: Buffer.concat([info.subarray(0, 42), ...frames]) };
}

async function mp3Seeds(dir: string): Promise<BinarySeed[]> {
  const lame = (name: string, tone: Tone, options: string[]): Promise<BinarySeed> => encoded(dir, name, tone, 'lame', (wav, out) => ['--quiet', ...options, wav, out]);
  return [
    await lame('seed-cbr.mp3', { seconds: 1 }, ['-b', '128']),
    await lame('seed-vbr-id3.mp3', { seconds: 1 }, ['-V', '2', '--add-id3v2', '--tt', 'Seed', '--ta', 'Fuzz']),
    await lame('seed-mono-mpeg2.mp3', { seconds: 0.5, rate: 22_050, channels: 1 }, ['-V', '6']),
    await lame('seed-mpeg25.mp3', { seconds: 0.5, rate: 8_000, channels: 1 }, ['-b', '16']),
    await lame('seed-no-xing-id3v1.mp3', { seconds: 0.5 }, ['-t', '-b', '96', '--id3v1-only', '--tt', 'Seed']),
    await lame('seed-48k-id3v2.mp3', { seconds: 0.5, rate: 48_000 }, ['-b', '192', '--id3v2-only', '--tt', 'Seed', '--ta', 'Fuzz', '--tl', 'Album']),
  ];
}

async function vorbisSeeds(dir: string): Promise<BinarySeed[]> {
  const oggenc = (name: string, tone: Tone, options: string[]): Promise<BinarySeed> => encoded(dir, name, tone, 'oggenc', (wav, out) => ['-Q', '--serial', '1234', ...options, wav, '-o', out]);
  return [
    await oggenc('seed-stereo.ogg', { seconds: 1 }, ['-q', '3', '-t', 'Seed', '-a', 'Fuzz']),
    await oggenc('seed-mono-22k.ogg', { seconds: 0.5, rate: 22_050, channels: 1 }, ['-q', '0']),
    await oggenc('seed-5.1.ogg', { seconds: 0.5, rate: 48_000, channels: 6 }, ['-q', '2']),
    // oggenc puts a second of audio on one page; ffmpeg's muxer makes pages of 100 ms.
    await encoded(dir, 'seed-100ms-pages.ogg', { seconds: 1 }, 'ffmpeg', (wav, out) => ['-v', 'error', '-y', '-i', wav, '-c:a', 'libvorbis', '-q:a', '2', '-page_duration', '100000', '-fflags', '+bitexact', '-flags:a', '+bitexact', out]),
  ];
}

async function opusSeeds(dir: string): Promise<BinarySeed[]> {
  const opusenc = (name: string, tone: Tone, options: string[]): Promise<BinarySeed> => encoded(dir, name, tone, 'opusenc', (wav, out) => ['--quiet', '--serial', '4321', ...options, wav, out]);
  return [
    await opusenc('seed-stereo.opus', { seconds: 1, rate: 48_000 }, ['--bitrate', '64', '--title', 'Seed']),
    await opusenc('seed-mono-16k.opus', { seconds: 0.5, rate: 16_000, channels: 1 }, ['--framesize', '10']),
    await opusenc('seed-5.1.opus', { seconds: 0.5, rate: 48_000, channels: 6 }, []),
    await opusenc('seed-small-pages.opus', { seconds: 1, rate: 48_000 }, ['--framesize', '60', '--max-delay', '60']),
  ];
}

/** Cue sheets over the seeds: WAV and BINARY files, a FLAC album rip, lossy files as WAVE, a Windows-1252 sheet. */
function cueSeeds(): TextSeed[] {
  const wavBin = [
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
  ];
  const rip = [
    'REM GENRE Test',
    'REM DATE 2026',
    'CATALOG 1234567890123',
    'PERFORMER "Fuzz"',
    'TITLE "Rip"',
    'FILE "album.flac" WAVE',
    '  TRACK 01 AUDIO',
    '    TITLE "First"',
    '    ISRC ABCDE1234567',
    '    INDEX 01 00:00:00',
    '  TRACK 02 AUDIO',
    '    TITLE "Second"',
    '    FLAGS DCP',
    '    INDEX 00 00:00:60',
    '    INDEX 01 00:01:00',
    '  TRACK 03 AUDIO',
    '    INDEX 01 00:02:00',
    '    INDEX 02 00:02:30',
  ];
  const lossy = [
    'FILE "seed-cbr.mp3" WAVE',
    '  TRACK 01 AUDIO',
    '    INDEX 01 00:00:00',
    'FILE "seed-stereo.ogg" WAVE',
    '  TRACK 02 AUDIO',
    '    INDEX 01 00:00:00',
    'FILE "seed-stereo.opus" WAVE',
    '  TRACK 03 AUDIO',
    '    INDEX 00 00:00:00',
    '    INDEX 01 00:00:20',
  ];
  const windows = ['PERFORMER "Café Ünïcode – Band"', 'TITLE "Naïve"', 'FILE ".\\seed.wav" WAVE', '  TRACK 01 AUDIO', '    TITLE "Résumé"', '    INDEX 01 00:00:00'];
  return [
    { name: 'seed-wav-bin.cue', text: wavBin.join('\n'), encoding: 'utf8' },
    { name: 'seed-flac-rip.cue', text: rip.join('\n'), encoding: 'utf8' },
    { name: 'seed-lossy.cue', text: lossy.join('\r\n'), encoding: 'utf8' },
    { name: 'seed-windows.cue', text: windows.join('\r\n'), encoding: 'latin1' },
  ];
}

/** Playlists over the seeds: every format, #EXTINF titles, Windows and absolute paths, a file:// URL. */
function playlistSeeds(dir: string): TextSeed[] {
  // Short files in CD audio's rate where they can be: a playlist case is about the list, not decoding.
  const mix = ['#EXTM3U', '#EXTINF:1,Band - Wave', 'seed-stereo.wav', '#EXTINF:1,Band - Flac', 'seed-stereo-16-192.flac', '#EXTINF:-1,Band - Mp3', 'seed-vbr-id3.mp3'];
  const paths = ['#EXTM3U', '#EXTINF:1,Ça va', '.\\seed-stereo.wav', join(dir, 'seed-stereo-16-192.flac'), `file://${join(dir, 'seed-100ms-pages.ogg')}`];
  return [
    { name: 'seed-mix.m3u8', text: mix.join('\n'), encoding: 'utf8' },
    { name: 'seed-paths.m3u', text: paths.join('\r\n'), encoding: 'latin1' },
  ];
}

/** Writes every seed into `dir` and returns them. */
export async function makeSeeds(dir: string): Promise<Seeds> {
  const seeds = {
    WAV: wavSeeds(),
    FLAC: await flacSeeds(dir),
    MP3: await mp3Seeds(dir),
    'Ogg Vorbis': await vorbisSeeds(dir),
    Opus: await opusSeeds(dir),
  };
  const extra: BinarySeed[] = [
    { name: 'seed.wav', bytes: wavFile(cdAudio(44_100 * 6)) },
    { name: 'seed.bin', bytes: cdAudio(44_100 * 5) },
    await encoded(dir, 'album.flac', { seconds: 3 }, 'flac', (wav, out) => ['-s', '-f', wav, '-o', out]),
  ];
  const binaries = [...Object.values(seeds).flat(), ...extra];
  await Promise.all(binaries.map((seed) => writeFile(join(dir, seed.name), seed.bytes)));
  return { ...seeds, 'cue sheet': cueSeeds(), playlist: playlistSeeds(dir), files: binaries.map((seed) => seed.name) };
}
