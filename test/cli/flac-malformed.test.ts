import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crc16, crc8 } from '../../src/audio/flac/crc.js';
import { runCli } from '../helpers/cli.js';
import { tool } from '../helpers/codecs.js';
import { flacParts, testWav } from '../helpers/flac.js';
import { tempDir } from '../helpers/wav.js';

/** A metadata block (RFC 9639 §8.1); the last-block flag is set by `withMetadata`. */
const block = (type: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([type, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body]);

/** fLaC, `blocks` with the last one flagged last, then `frames`. */
const withMetadata = (blocks: Buffer[], frames: Buffer[]): Buffer => {
  const flagged = blocks.map((b, i) => Buffer.concat([Buffer.from([(b[0]! & 0x7f) | (i === blocks.length - 1 ? 0x80 : 0)]), b.subarray(1)]));
  return Buffer.concat([Buffer.from('fLaC'), ...flagged, ...frames]);
};

/** The metadata blocks of `head` (fLaC and metadata), each with its 4-byte header. */
const blocksOf = (head: Buffer): Buffer[] => {
  const blocks: Buffer[] = [];
  for (let at = 4; at < head.length; at += 4 + head.readUIntBE(at + 1, 3)) blocks.push(head.subarray(at, at + 4 + head.readUIntBE(at + 1, 3)));
  return blocks;
};

/** A VORBIS_COMMENT body: vendor, then comments, each after its little-endian length; `fields` overrides the lengths written. */
const vorbisComment = (vendor: string, comments: string[], fields: { vendorLength?: number; count?: number } = {}): Buffer => {
  const u32 = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  return Buffer.concat([u32(fields.vendorLength ?? vendor.length), Buffer.from(vendor), u32(fields.count ?? comments.length), ...comments.flatMap((c) => [u32(c.length), Buffer.from(c)])]);
};

/** MSB-first bits, as FLAC frames hold them. */
class Bits {
  private readonly bytes: number[] = [];
  private bit = 0;
  push(value: number, width: number): this {
    for (let i = width - 1; i >= 0; i -= 1) {
      if (this.bit % 8 === 0) this.bytes.push(0);
      if (Math.floor(value / 2 ** i) % 2) this.bytes[this.bytes.length - 1]! |= 0x80 >> this.bit % 8;
      this.bit += 1;
    }
    return this;
  }
  get buffer(): Buffer {
    return Buffer.from(this.bytes);
  }
}

const BLOCK = 4410;

/** An 8-bit mono 44.1 kHz frame of BLOCK samples (RFC 9639 §9.1): its header, `subframe`, its CRC-16. */
const frame = (number: number, subframe: Buffer): Buffer => {
  const header = Buffer.from([0xff, 0xf8, 0x79, 0x02, number, (BLOCK - 1) >> 8, (BLOCK - 1) & 0xff]);
  const body = Buffer.concat([header, Buffer.from([crc8(header, 0, header.length)]), subframe]);
  const crc = crc16(body, 0, body.length);
  return Buffer.concat([body, Buffer.from([crc >> 8, crc & 0xff])]);
};

/** A constant subframe of silence. */
const SILENCE = Buffer.from([0x00, 0x00]);

/** A FIXED order-1 subframe from 127 rising by 100 a sample: its samples do not fit 8 bits. */
const OVERFLOWING = ((): Buffer => {
  const bits = new Bits().push(0x12, 8).push(127, 8).push(0, 2).push(0, 4).push(15, 4).push(8, 5);
  for (let i = 1; i < BLOCK; i += 1) bits.push(100, 8);
  return bits.buffer;
})();

/** STREAMINFO of the 8-bit mono stream, its MD5 signature unset. */
const STREAMINFO_8BIT = block(0, Buffer.concat([new Bits().push(BLOCK, 16).push(BLOCK, 16).push(0, 24).push(0, 24).push(44_100, 20).push(0, 3).push(7, 5).push(3 * BLOCK, 36).buffer, Buffer.alloc(16)]));

describe('malformed FLAC: refused where flac -d refuses it, read where flac -d reads it', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const at = (name: string): string => join(dir.path, name);
  let blocks: Buffer[];
  let frames: Buffer[];
  before(async () => {
    dir = await tempDir();
    testWav(at('tone.wav'), { bits: 16, frames: 44_100 });
    tool('flac', ['-s', '-f', '--blocksize', '4410', at('tone.wav'), '-o', at('tone.flac')]);
    const parts = flacParts(readFileSync(at('tone.flac')));
    blocks = blocksOf(parts.head);
    frames = parts.frames;
    assert.deepEqual(blocks.map((b) => b[0]! & 0x7f), [0, 3, 4, 1]);
  });
  after(() => dir.remove());

  const flacDecodes = (file: string): boolean => spawnSync('flac', ['-s', '-f', '-d', file, '-o', `${file}.wav`]).status === 0;

  it('exit 3 with the byte or time and the problem, no image, for what flac -d stops on', async () => {
    const [info, seekTable, comment, padding] = blocks;
    const junk = Buffer.from('not FLAC audio');
    const cases: [string, () => Buffer, string][] = [
      ['second-streaminfo.flac', () => withMetadata([info!, info!, comment!], frames), 'its metadata holds a second STREAMINFO block at byte 42'],
      ['no-last-flag.flac', () => Buffer.concat([Buffer.from('fLaC'), info!, comment!, Buffer.from([1]), padding!.subarray(1), ...frames]), 'its last metadata block is not marked as the last: its metadata runs into an audio frame at byte'],
      ['vendor-overrun.flac', () => withMetadata([info!, block(4, vorbisComment('vendor', ['TITLE=x'], { vendorLength: 300 }))], frames), 'its VORBIS_COMMENT block at byte 42 is corrupted: its vendor string of 300 bytes runs past the block'],
      ['comment-count.flac', () => withMetadata([info!, block(4, vorbisComment('vendor', ['TITLE=x'], { count: 2 ** 31 - 1 }))], frames), 'its VORBIS_COMMENT block at byte 42 is corrupted: it claims 2147483647 comments'],
      ['short-application.flac', () => withMetadata([info!, block(2, Buffer.from([1]))], frames), 'its APPLICATION block at byte 42 is 1 bytes long, too short for its 4-byte ID'],
      ['empty-seektable.flac', () => withMetadata([info!, seekTable!, block(3, Buffer.alloc(7)), comment!], frames), 'its metadata holds a second SEEKTABLE block at byte 64, with no seek point'],
      ['junk-before-frames.flac', () => Buffer.concat([withMetadata([info!, comment!], []), junk, ...frames]), `bytes ${4 + info!.length + comment!.length} to ${4 + info!.length + comment!.length + junk.length - 1} (at 0:00.00) are not FLAC audio; the file is corrupted`],
      ['junk-between-frames.flac', () => Buffer.concat([withMetadata([info!, comment!], frames.slice(0, 3)), junk, ...frames.slice(3)]), '(at 0:00.30) are not FLAC audio; the file is corrupted'],
      ['junk-after-frames.flac', () => Buffer.concat([withMetadata([info!, comment!], frames), junk]), `the ${junk.length} bytes after its last frame (from byte`],
      ['overflowing-frame.flac', () => withMetadata([STREAMINFO_8BIT], [frame(0, SILENCE), frame(1, OVERFLOWING), frame(2, SILENCE)]), 'the audio from 0:00.10 to 0:00.20 is missing or corrupted'],
    ];
    await mkdir(at('none'));
    for (const [name, bytes, message] of cases) {
      await writeFile(at(name), bytes());
      assert.equal(flacDecodes(at(name)), false, `${name}: flac -d refuses it`);
      const result = await runCli(['--image', at('none/d.cue'), at(name)]);
      assert.equal(result.code, 3, `${name}: ${result.stderr}`);
      assert.ok(result.stderr.includes(`${name}: damaged FLAC: `) && result.stderr.includes(message), `${name}: ${result.stderr}`);
      assert.deepEqual(await readdir(at('none')), []);
    }
  });

  it('exit 0 for the oddities flac -d reads: STREAMINFO after another block, a comment running past its block, a second SEEKTABLE with a seek point', async () => {
    const [info, seekTable, comment] = blocks;
    const cases: [string, Buffer][] = [
      ['streaminfo-second.flac', withMetadata([comment!, info!, seekTable!], frames)],
      ['comment-overrun.flac', withMetadata([info!, block(4, vorbisComment('vendor', ['TITLE=x']).subarray(0, 20))], frames)],
      ['two-seektables.flac', withMetadata([info!, seekTable!, seekTable!, comment!], frames)],
    ];
    for (const [name, bytes] of cases) {
      await writeFile(at(name), bytes);
      assert.equal(flacDecodes(at(name)), true, `${name}: flac -d reads it`);
      const result = await runCli(['--image', at(`${name}.cue`), at(name)]);
      assert.equal(result.code, 0, `${name}: ${result.stderr}`);
    }
  });
});
