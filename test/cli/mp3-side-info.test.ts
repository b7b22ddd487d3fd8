import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { soxTone, tool } from '../helpers/codecs.js';
import { tempDir } from '../helpers/wav.js';

/** Sets `width` bits at bit `offset` of `b` to `value`, MSB first. */
function setBits(b: Buffer, offset: number, width: number, value: number): void {
  for (let i = 0; i < width; i += 1) {
    const bit = offset + i;
    const mask = 0x80 >> (bit & 7);
    b[bit >> 3] = (value >> (width - 1 - i)) & 1 ? b[bit >> 3]! | mask : b[bit >> 3]! & ~mask;
  }
}

/** The byte offsets of the frames of a CBR MPEG-1 Layer III stream without tags, from its first. */
function frameStarts(mp3: Buffer): number[] {
  const starts: number[] = [];
  for (let at = 0; at + 4 <= mp3.length; ) {
    const word = mp3.readUInt32BE(at);
    assert.equal(word >>> 21, 0x7ff, `a frame header at byte ${at}`);
    starts.push(at);
    const bitrate = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320][(word >>> 12) & 15]!;
    at += Math.floor((144 * bitrate * 1000) / 44_100) + ((word >>> 9) & 1);
  }
  return starts;
}

describe('MP3 frames whose side information mpg123 cannot decode', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const at = (name: string): string => join(dir.path, name);
  let mp3: Buffer;
  before(async () => {
    dir = await tempDir();
    soxTone(at('tone.wav'), 3);
    // CBR, no Xing header, no CRC: frame 10's side information starts 4 bytes into it (stereo MPEG-1).
    tool('lame', ['--quiet', '-t', '-b', '128', at('tone.wav'), at('tone.mp3')]);
    mp3 = await readFile(at('tone.mp3'));
  });
  after(() => dir.remove());

  it('are damage (exit 3) naming the frame, its time and the fault, as mpg123 reports them; nothing is written', async () => {
    const frame = frameStarts(mp3)[10]!;
    // Side information (ISO/IEC 11172-3 2.4.1.7): main_data_begin 9, private 3, scfsi 8, then granule 0 of channel 0.
    const granule = (frame + 4) * 8 + 20;
    const bigValues = Buffer.from(mp3);
    setBits(bigValues, granule + 12, 9, 400);
    const blockType = Buffer.from(mp3);
    setBits(blockType, granule + 12 + 9 + 8 + 4, 3, 0b100);
    const cases = [
      ['big-values.mp3', bigValues, 'big_values too large', `damaged MP3: the frame at byte ${frame} (near 0:00.26) cannot be decoded (its side information is corrupted: big_values 400, more than 288)`],
      ['block-type.mp3', blockType, 'Blocktype == 0 and window-switching == 1 not allowed', `damaged MP3: the frame at byte ${frame} (near 0:00.26) cannot be decoded (its side information is corrupted: window switching with block type 0)`],
    ] as const;
    await mkdir(at('none'));
    for (const [name, bytes, reported, message] of cases) {
      await writeFile(at(name), bytes);
      const reference = spawnSync('mpg123', ['-w', at(`${name}.wav`), at(name)], { encoding: 'utf8' });
      assert.ok(reference.stderr.includes(reported), `${name}: mpg123 reports ${reported}: ${reference.stderr}`);
      const result = await runCli(['--image', at('none/d.cue'), at(name)]);
      assert.equal(result.code, 3, `${name}: ${result.stderr}`);
      assert.ok(result.stderr.includes(`${name}: ${message}`), `${name}: ${result.stderr}`);
      assert.deepEqual(await readdir(at('none')), []);
    }
  });

  it('the same file undamaged is an image', async () => {
    const result = await runCli(['--image', at('tone.cue'), at('tone.mp3')]);
    assert.equal(result.code, 0, result.stderr);
  });

  it('an ID3v2 tag whose size runs past the end of the file leaves no audio, as mpg123 finds none', async () => {
    const header = Buffer.from('ID3\x03\x00\x00\x7f\x7f\x7f\x7f', 'latin1'); // the largest syncsafe size
    await writeFile(at('huge-tag.mp3'), Buffer.concat([header, Buffer.alloc(64), await readFile(at('tone.mp3'))]));
    spawnSync('mpg123', ['-q', '-w', at('huge-tag.wav'), at('huge-tag.mp3')]);
    const written = await readFile(at('huge-tag.wav')).catch(() => Buffer.alloc(0));
    assert.ok(written.length <= 44, 'mpg123 writes no audio');
    const result = await runCli(['plan', at('huge-tag.mp3')]);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /huge-tag\.mp3: is an ID3v2 tag with no MPEG audio after it/);
  });
});
