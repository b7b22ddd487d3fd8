import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TrackChecksums, highWord } from '../../src/verify/checksums.js';
import { referenceChecksums } from '../helpers/checksums.js';
import { noise } from '../helpers/fake-disc.js';

/**
 * .NET's System.Random seeded with `seed` (Knuth's subtractive generator, as the .NET Framework
 * and .NET's seeded compatibility mode implement it): the bytes CUETools' test images are made of.
 */
function dotnetRandomBytes(seed: number, count: number): Buffer {
  const MBIG = 2147483647;
  const table = new Array<number>(56).fill(0);
  let mj = 161803398 - Math.abs(seed);
  table[55] = mj;
  let mk = 1;
  for (let i = 1; i < 55; i += 1) {
    const ii = (21 * i) % 55;
    table[ii] = mk;
    mk = mj - mk;
    if (mk < 0) mk += MBIG;
    mj = table[ii]!;
  }
  for (let k = 1; k < 5; k += 1) {
    for (let i = 1; i < 56; i += 1) {
      table[i] = table[i]! - table[1 + ((i + 30) % 55)]!;
      if (table[i]! < 0) table[i] = table[i]! + MBIG;
    }
  }
  let inext = 0;
  let inextp = 21;
  const out = Buffer.alloc(count);
  for (let i = 0; i < count; i += 1) {
    if (++inext >= 56) inext = 1;
    if (++inextp >= 56) inextp = 1;
    let sample = table[inext]! - table[inextp]!;
    if (sample === MBIG) sample -= 1;
    if (sample < 0) sample += MBIG;
    table[inext] = sample;
    out[i] = sample & 0xff;
  }
  return out;
}

/** Feeds a track to TrackChecksums in pieces of the given frame counts, over and over. */
function checksumsInPieces(audio: Buffer, first: boolean, last: boolean, pieces: number[]): ReturnType<TrackChecksums['result']> {
  const sums = new TrackChecksums(audio.length / 4, first, last);
  for (let at = 0, i = 0; at < audio.length; i += 1) {
    const end = Math.min(audio.length, at + pieces[i % pieces.length]! * 4);
    // Copies at an odd byte offset: the frames need not be aligned in memory.
    const piece = Buffer.alloc(end - at + 1).subarray(1);
    audio.copy(piece, 0, at, end);
    sums.add(piece);
    at = end;
  }
  return sums.result();
}

describe('track checksums', () => {
  it("give CUETools' published values for its test image (seed 2314, tracks at 13, 68 and 99, lead-out 136)", () => {
    // CUETools.TestCodecs/AccurateRipVerifyTest.cs: CRC32Test, CRCWONULLTestOffset, CRCTest, CRCV2Test.
    const image = dotnetRandomBytes(2314, 136 * 2352);
    const tracks: Array<[number, number]> = [[13, 68], [68, 99], [99, 136]];
    const published = [
      { crc32: 321342250, crc32NoNulls: 224527589, accurateRipV1: 3727147246, accurateRipV2: 3988391122 },
      { crc32: 37001035, crc32NoNulls: 557159190, accurateRipV1: 2202235240, accurateRipV2: 2284845104 },
      { crc32: 516255430, crc32NoNulls: 516255430, accurateRipV1: 3752629998, accurateRipV2: 3841231027 },
    ];
    const hex = (n: number): string => n.toString(16).toUpperCase().padStart(8, '0');
    for (const [i, [start, end]] of tracks.entries()) {
      const audio = image.subarray(start * 2352, end * 2352);
      const want = Object.fromEntries(Object.entries(published[i]!).map(([k, v]) => [k, hex(v)]));
      assert.deepEqual(checksumsInPieces(audio, i === 0, i === 2, [588]), want, `track ${i + 1}`);
    }
  });

  it('equal the sources written out plainly, for the first, a middle and the last track, fed in any pieces', () => {
    const audio = noise(3 * 44100 + 5, 3);
    // Null samples: a run of digital silence and lone zero samples.
    audio.fill(0, 40_000, 48_000);
    audio.writeInt16LE(0, 100_002);
    for (const [first, last] of [[true, false], [false, false], [false, true], [true, true]] as const) {
      const want = referenceChecksums(audio, first, last);
      for (const pieces of [[44100 * 4], [1, 587, 2], [588 * 30, 13]]) assert.deepEqual(checksumsInPieces(audio, first, last, pieces), want, `first ${first}, last ${last}, pieces ${pieces.join('/')}`);
    }
  });

  it('AccurateRip over two million full-scale frames equals the 64-bit sums', () => {
    const frames = (1 << 21) + 3000;
    const audio = Buffer.alloc(frames * 4, 0xff);
    assert.deepEqual(checksumsInPieces(audio, false, false, [65536]), referenceChecksums(audio, false, false));
  });

  it('the high word of frame × position is exact where the product passes 2^53 and its low word is all ones', () => {
    // n = -frame⁻¹ mod 2^32 makes frame × n ≡ 2^32 − 1: a double rounds such a product up to the next multiple of 2^32.
    for (const frame of [0xfffffffb, 0x9e3779b9, 0x80000001]) {
      const inverse = modInverse(BigInt(frame), 1n << 32n);
      const n = Number((1n << 32n) - inverse);
      assert.equal(highWord(frame, n), Number((BigInt(frame) * BigInt(n)) >> 32n), `frame ${frame.toString(16)}, n ${n}`);
    }
    for (let i = 1; i < 5000; i += 1) {
      const frame = (Math.imul(i, 0x9e3779b9) | 1) >>> 0;
      const n = (i * 53_687) % 211_680_000;
      assert.equal(highWord(frame, n), Number((BigInt(frame) * BigInt(n)) >> 32n));
    }
  });
});

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, t0, t1] = [m, a % m, 0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, t0, t1] = [r1, r0 - q * r1, t1, t0 - q * t1];
  }
  return ((t0 % m) + m) % m;
}
