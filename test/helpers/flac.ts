import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { crc16, crc8 } from '../../src/audio/flac/crc.js';
import { isSync, parseFrameHeader, parseStreamInfo } from '../../src/audio/flac/header.js';
import { chunk } from './wav.js';

/** Default WAVE channel masks of FLAC's channel orders (RFC 9639 §9.1.3). */
const CHANNEL_MASKS: Record<number, number> = { 1: 0x4, 2: 0x3, 3: 0x7, 4: 0x33, 5: 0x37, 6: 0x3f, 7: 0x70f, 8: 0x63f };

/**
 * A WAVE_FORMAT_EXTENSIBLE file of `bits`-bit samples (4 to 32, left-justified in whole bytes,
 * as flac reads them): a sweep and deterministic noise at -3 dBFS, a different one per channel,
 * followed by `silence` sample frames of digital silence.
 */
export function testWav(path: string, options: { bits: number; channels?: number; frames: number; rate?: number; silence?: number }): void {
  const { bits, channels = 2, frames, rate = 44_100, silence = 0 } = options;
  const bytes = Math.ceil(bits / 8);
  const data = Buffer.alloc((frames + silence) * channels * bytes);
  const scale = 2 ** (bits - 1) * 0.7;
  let seed = 12345;
  for (let i = 0; i < frames; i += 1) {
    for (let c = 0; c < channels; c += 1) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const noise = seed / 2 ** 32 - 0.5;
      const v = Math.round(scale * (0.8 * Math.sin((i * (c + 1) * (1 + i / frames) * 2 * Math.PI * 220) / rate) + 0.2 * noise));
      data.writeIntLE(v * 2 ** (bytes * 8 - bits), (i * channels + c) * bytes, bytes);
    }
  }
  const fmt = Buffer.alloc(40);
  fmt.writeUInt16LE(0xfffe, 0);
  fmt.writeUInt16LE(channels, 2);
  fmt.writeUInt32LE(rate, 4);
  fmt.writeUInt32LE(rate * channels * bytes, 8);
  fmt.writeUInt16LE(channels * bytes, 12);
  fmt.writeUInt16LE(bytes * 8, 14);
  fmt.writeUInt16LE(22, 16);
  fmt.writeUInt16LE(bits, 18);
  fmt.writeUInt32LE(CHANNEL_MASKS[channels] ?? 0, 20);
  fmt.writeUInt16LE(1, 24);
  Buffer.from('000000001000800000aa00389b71', 'hex').copy(fmt, 26);
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), chunk('fmt ', fmt), chunk('data', data)]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  writeFileSync(path, Buffer.concat([riff, body]));
}

/** The data chunk of a WAV (as flac -d writes them). */
export function wavDataOf(bytes: Buffer): Buffer {
  const at = bytes.indexOf('data', 12, 'latin1');
  return bytes.subarray(at + 8, at + 8 + bytes.readUInt32LE(at + 4));
}

/** What `flac -d` decodes `flac` to: its WAV's data chunk (samples left-justified in whole bytes). */
export function flacReference(flac: string, wav = `${flac}.wav`): Buffer {
  execFileSync('flac', ['-s', '-f', '-d', flac, '-o', wav], { stdio: ['ignore', 'ignore', 'pipe'] });
  return wavDataOf(readFileSync(wav));
}

/** A FLAC file taken apart: its bytes before the first frame, and each frame's bytes. */
export interface FlacParts {
  head: Buffer;
  frames: Buffer[];
}

/** Splits a FLAC file (fLaC, metadata, frames) into its frames, each ending where its CRC-16 closes it before the next frame header. */
export function flacParts(file: Buffer): FlacParts {
  let at = 4;
  for (let last = false; !last; at += 4 + file.readUIntBE(at + 1, 3)) last = (file[at]! & 0x80) !== 0;
  const head = file.subarray(0, at);
  const info = parseStreamInfo(head.subarray(8, 42));
  const starts: number[] = [];
  for (let p = at; p < file.length - 1; p += 1) {
    if (!isSync(file, p) || typeof parseFrameHeader(file, p, file.length, info) !== 'object') continue;
    if (starts.length === 0 || crc16(file, starts.at(-1)!, p) === 0) starts.push(p);
  }
  return { head, frames: starts.map((start, i) => file.subarray(start, starts[i + 1] ?? file.length)) };
}

/** The number coded in a frame header (RFC 9639 §9.1.5). */
function codedNumber(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  // m continuation bytes carry 6 bits each and the lead byte 6 - m: 6 + 5m bits in all.
  let m = 1;
  while (n >= 2 ** (6 + 5 * m)) m += 1;
  const bytes: number[] = [];
  let rest = n;
  for (let i = 0; i < m; i += 1) {
    bytes.unshift(0x80 | (rest % 64));
    rest = Math.floor(rest / 64);
  }
  return Buffer.from([((0xff << (7 - m)) & 0xff) | rest, ...bytes]);
}

/**
 * A frame with its header re-coded: the blocking strategy bit and the coded number replaced, the
 * CRC-8 and CRC-16 recomputed.
 */
export function recodeFrame(frame: Buffer, options: { variable: boolean; number: number }): Buffer {
  const h = parseFrameHeader(frame, 0, frame.length);
  if (typeof h !== 'object') throw new Error('not a frame header');
  const oldNumberBytes = codedNumber(h.number).length;
  const tail = frame.subarray(4 + oldNumberBytes, h.bytes - 1);
  const header = Buffer.concat([Buffer.from([0xff, options.variable ? 0xf9 : 0xf8, frame[2]!, frame[3]!]), codedNumber(options.number), tail]);
  const withCrc8 = Buffer.concat([header, Buffer.from([crc8(header, 0, header.length)]), frame.subarray(h.bytes, frame.length - 2)]);
  const crc = crc16(withCrc8, 0, withCrc8.length);
  return Buffer.concat([withCrc8, Buffer.from([crc >> 8, crc & 0xff])]);
}

/** The sample frames a frame holds. */
export function frameBlockSize(frame: Buffer): number {
  const h = parseFrameHeader(frame, 0, frame.length);
  if (typeof h !== 'object') throw new Error('not a frame header');
  return h.blockSize;
}

/** `head` (fLaC and metadata) with STREAMINFO's total samples, and optionally its block sizes, rewritten. */
export function editStreamInfo(head: Buffer, edit: { totalSamples?: number; minBlockSize?: number; maxBlockSize?: number }): Buffer {
  const b = Buffer.from(head);
  const info = 8;
  if (edit.minBlockSize !== undefined) b.writeUInt16BE(edit.minBlockSize, info);
  if (edit.maxBlockSize !== undefined) b.writeUInt16BE(edit.maxBlockSize, info + 2);
  if (edit.totalSamples !== undefined) {
    b[info + 13] = (b[info + 13]! & 0xf0) | Math.floor(edit.totalSamples / 2 ** 32);
    b.writeUInt32BE(edit.totalSamples % 2 ** 32, info + 14);
  }
  return b;
}
