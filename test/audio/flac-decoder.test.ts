import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FlacDecoder, FlacError, type FlacBlock } from '../../src/audio/flac/decoder.js';
import { interleave, wavLayout } from '../../src/audio/flac/pcm.js';
import { tool } from '../helpers/codecs.js';
import { editStreamInfo, flacParts, flacReference, frameBlockSize, recodeFrame, testWav } from '../helpers/flac.js';
import { id3Title, tempDir } from '../helpers/wav.js';

/** Decodes FLAC bytes fed in chunks of `chunkBytes`, as WAV data (left-justified samples), with the first block's position. */
function decode(bytes: Buffer, options: { chunkBytes?: number; skipTo?: number } = {}): { pcm: Buffer; first: number; decoder: FlacDecoder } {
  const decoder = new FlacDecoder({ skipTo: options.skipTo });
  const parts: Buffer[] = [];
  let first = -1;
  const onBlock = (block: FlacBlock): void => {
    if (first < 0) first = block.first;
    const layout = wavLayout(decoder.format!.bits);
    const out = Buffer.alloc(block.length * block.channels.length * layout.bytes);
    interleave(block, 0, block.length, layout, out, 0);
    parts.push(out);
  };
  const step = options.chunkBytes ?? 256 * 1024;
  for (let at = 0; at < bytes.length; at += step) decoder.push(bytes.subarray(at, at + step), onBlock);
  decoder.end(onBlock);
  // Its memory goes to the next decoder, as the probe's decodes do one file after another.
  decoder.dispose();
  return { pcm: Buffer.concat(parts), first, decoder };
}

function decodeError(bytes: Buffer): FlacError {
  try {
    decode(bytes);
  } catch (error) {
    if (error instanceof FlacError) return error;
    throw error;
  }
  assert.fail('the stream decoded without an error');
}

describe('FLAC decoder', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const at = (name: string): string => join(dir.path, name);
  /** Encodes a test WAV with `flac` and its options; returns the FLAC's bytes and what flac -d decodes it to. */
  const encode = (name: string, wav: Parameters<typeof testWav>[1], flacOptions: string[] = []): { flac: Buffer; reference: Buffer } => {
    testWav(at(`${name}.wav`), wav);
    tool('flac', ['-s', '-f', ...flacOptions, at(`${name}.wav`), '-o', at(`${name}.flac`)]);
    return { flac: readFileSync(at(`${name}.flac`)), reference: flacReference(at(`${name}.flac`)) };
  };
  before(async () => {
    dir = await tempDir();
  });
  after(() => dir.remove());

  for (const bits of [4, 8, 12, 15, 16, 20, 24, 32]) {
    it(`${bits}-bit stereo decodes to exactly the samples flac -d gives`, () => {
      // The FLAC subset stops at 24 bits and leaves out 4 and 15; flac needs --lax for them.
      const lax = bits === 4 || bits === 15 || bits === 32 ? ['--lax'] : [];
      const { flac, reference } = encode(`bits${bits}`, { bits, frames: 30_000 }, lax);
      const { pcm, decoder } = decode(flac);
      assert.equal(decoder.format?.bits, bits);
      assert.ok(pcm.equals(reference), `${bits}-bit: ${pcm.length} bytes against flac -d's ${reference.length}`);
    });
  }

  for (const channels of [1, 2, 6, 8]) {
    it(`${channels} channel${channels === 1 ? '' : 's'}, 16-bit: bit for bit as flac -d`, () => {
      const { flac, reference } = encode(`channels${channels}`, { bits: 16, channels, frames: 20_000 });
      assert.ok(decode(flac).pcm.equals(reference));
    });
  }

  it('a decoder given the memory of one that decoded more channels decodes a mono stream as flac -d', () => {
    const six = encode('before-mono', { bits: 24, channels: 6, frames: 20_000 });
    const mono = encode('after-six', { bits: 16, channels: 1, frames: 20_000 });
    assert.ok(decode(six.flac).pcm.equals(six.reference));
    const { pcm } = decode(mono.flac);
    assert.equal(pcm.length, mono.reference.length, 'one channel, not the six of the decoder before');
    assert.ok(pcm.equals(mono.reference));
  });

  for (const blockSize of [16, 192, 4608, 65535]) {
    it(`block size ${blockSize}: bit for bit as flac -d`, () => {
      const lax = blockSize > 16_384 ? ['--lax'] : [];
      const { flac, reference } = encode(`block${blockSize}`, { bits: 16, frames: 70_000 }, ['--blocksize', String(blockSize), ...lax]);
      assert.ok(decode(flac).pcm.equals(reference));
    });
  }

  for (const level of [0, 1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`flac -${level}: bit for bit as flac -d (16-bit and 24-bit)`, () => {
      for (const bits of [16, 24]) {
        const { flac, reference } = encode(`level${level}-${bits}`, { bits, frames: 25_000 }, [`-${level}`]);
        assert.ok(decode(flac).pcm.equals(reference), `-${level}, ${bits}-bit`);
      }
    });
  }

  it('--lax encodings (32nd-order LPC, exhaustive precision search, Rice partition order 15): bit for bit as flac -d', () => {
    for (const [name, bits, options] of [
      ['lpc32-16', 16, ['--lax', '-l', '32', '-p', '-b', '8192']],
      ['lpc32-24', 24, ['--lax', '-l', '32', '-p', '-r', '15', '-b', '16384']],
      ['lpc32-32', 32, ['--lax', '-l', '32', '-b', '4096']],
    ] as const) {
      const { flac, reference } = encode(name, { bits, frames: 40_000, rate: 96_000 }, [...options]);
      assert.ok(decode(flac).pcm.equals(reference), name);
    }
  });

  it('the same samples whatever the chunks the bytes come in', () => {
    const { flac, reference } = encode('chunks', { bits: 16, frames: 20_000 }, ['--blocksize', '1152']);
    for (const chunkBytes of [1, 7, 1000, 65_536]) assert.ok(decode(flac, { chunkBytes }).pcm.equals(reference), `chunks of ${chunkBytes} bytes`);
  });

  it('a stream whose STREAMINFO leaves the total samples unknown (0) decodes to its last frame', () => {
    const { flac, reference } = encode('untold', { bits: 16, frames: 20_001 });
    const { head, frames } = flacParts(flac);
    const untold = Buffer.concat([editStreamInfo(head, { totalSamples: 0 }), ...frames]);
    const { pcm, decoder } = decode(untold);
    assert.equal(decoder.info?.totalSamples, 0);
    assert.equal(decoder.samples, 20_001);
    assert.ok(pcm.equals(reference));
  });

  it('variable block sizes (frames of two encodes spliced, headers re-coded with sample numbers): bit for bit', () => {
    const small = encode('var-small', { bits: 16, frames: 50_000 }, ['--blocksize', '1152']);
    const large = flacParts(encode('var-large', { bits: 16, frames: 50_000 }, ['--blocksize', '4608']).flac).frames;
    const { head, frames } = flacParts(small.flac);
    // 4608 = 4 × 1152: a large frame replaces four small ones, every other time.
    const spliced: Buffer[] = [];
    let sample = 0;
    for (let i = 0; i < frames.length; ) {
      const useLarge = Math.floor(i / 4) % 2 === 1 && i + 4 <= frames.length && frameBlockSize(large[i / 4]!) === 4608;
      const frame = useLarge ? large[i / 4]! : frames[i]!;
      spliced.push(recodeFrame(frame, { variable: true, number: sample }));
      sample += frameBlockSize(frame);
      i += useLarge ? 4 : 1;
    }
    const file = Buffer.concat([editStreamInfo(head, { minBlockSize: 1152, maxBlockSize: 4608 }), ...spliced]);
    writeFileSync(at('variable.flac'), file);
    assert.ok(flacReference(at('variable.flac')).equals(small.reference), 'flac -d reads the spliced stream as the original');
    assert.ok(decode(file).pcm.equals(small.reference));
    // Skipping frames finds each one's end by its CRC-16 and the next header's sample number.
    const { pcm, first } = decode(file, { skipTo: 20_000 });
    assert.ok(first > 20_000 - 4608 && first <= 20_000, `skipped to ${first}`);
    assert.ok(pcm.equals(small.reference.subarray(first * 4)));
  });

  it('skipTo: frames that end before it are skipped undecoded, the rest decode as they would', () => {
    const { flac, reference } = encode('skip', { bits: 16, frames: 40_000 }, ['--blocksize', '4096']);
    const { pcm, first } = decode(flac, { skipTo: 10_000 });
    assert.equal(first, 8192);
    assert.ok(pcm.equals(reference.subarray(8192 * 4)));
  });

  it('a stream behind an ID3v2 tag, and one that starts at a frame header (no fLaC, no metadata), decode as libFLAC decodes them', () => {
    const { flac, reference } = encode('bare', { bits: 16, frames: 20_000 });
    assert.ok(decode(Buffer.concat([id3Title('Tagged'), flac])).pcm.equals(reference));
    const { frames } = flacParts(flac);
    const { pcm, decoder } = decode(Buffer.concat(frames));
    assert.equal(decoder.info, undefined);
    assert.deepEqual(decoder.format, { sampleRate: 44_100, channels: 2, bits: 16 });
    assert.ok(pcm.equals(reference));
  });

  it('damage is a FlacError naming the time: a flipped byte, a missing frame, a cut stream', () => {
    const { flac } = encode('damage', { bits: 16, frames: 44_100 }, ['--blocksize', '4096']);
    const { head, frames } = flacParts(flac);
    const flipped = Buffer.from(flac);
    const fifth = head.length + frames.slice(0, 5).reduce((sum, f) => sum + f.length, 0);
    flipped[fifth + 100] = flipped[fifth + 100]! ^ 0x10;
    // Frame 5 holds 0:00.46 to 0:00.56 (4096 sample frames each at 44.1 kHz).
    assert.match(decodeError(flipped).message, /^the audio from 0:00\.46 to 0:00\.56 is missing or corrupted$/);
    const missing = Buffer.concat([head, ...frames.slice(0, 5), ...frames.slice(6)]);
    assert.match(decodeError(missing).message, /^the audio from 0:00\.46 to 0:00\.56 is missing or corrupted$/);
    assert.match(decodeError(flac.subarray(0, fifth + 100)).message, /^the file is cut short at 0:00\.46 \(it ends inside a frame\)$/);
    assert.equal(decodeError(flipped).kind, 'damaged');
  });

  it('a stream whose channel count changes mid-stream is a format FlacError with the time', () => {
    const mono = encode('mono', { bits: 16, channels: 1, frames: 44_100 }, ['--blocksize', '4410']);
    const stereo = flacParts(encode('stereo', { bits: 16, channels: 2, frames: 44_100 }, ['--blocksize', '4410']).flac).frames;
    const { head, frames } = flacParts(mono.flac);
    const joined = Buffer.concat([head, ...frames.slice(0, 5), ...stereo.slice(5).map((f, i) => recodeFrame(f, { variable: false, number: 5 + i }))]);
    const error = decodeError(joined);
    assert.equal(error.kind, 'format');
    assert.equal(error.message, 'at 0:00.50, from 1 channel to 2 channels');
  });
});
