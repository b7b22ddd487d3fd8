import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { describeFormat, isCdAudio } from '../../src/audio/wav-format.js';
import { readWavData, readWavInfo } from '../../src/audio/wav-reader.js';
import { InputError } from '../../src/errors.js';
import { cdAudio, chunk, id3Title, infoChunk, tempDir, wavFile } from '../helpers/wav.js';

/** A LIST/INFO chunk of the given subchunks, in order. */
function infoList(entries: Array<[string, Buffer | string]>): Buffer {
  const body = entries.map(([id, value]) => chunk(id, typeof value === 'string' ? Buffer.from(value, 'latin1') : value));
  return chunk('LIST', Buffer.concat([Buffer.from('INFO', 'latin1'), ...body]));
}

describe('readWavInfo', () => {
  let dir: { path: string; remove: () => Promise<void> };
  before(async () => (dir = await tempDir()));
  after(() => dir.remove());

  async function info(name: string, bytes: Buffer) {
    const path = join(dir.path, name);
    await writeFile(path, bytes);
    return readWavInfo(path);
  }

  async function rejects(name: string, bytes: Buffer, problem: RegExp) {
    const path = join(dir.path, name);
    await writeFile(path, bytes);
    await assert.rejects(readWavInfo(path), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.file, path);
      assert.match(error.problem, problem);
      return true;
    });
  }

  it('finds fmt and data in a plain CD-audio WAV', async () => {
    const audio = cdAudio(1000);
    const wav = await info('plain.wav', wavFile(audio));
    assert.equal(wav.dataOffset, 44);
    assert.equal(wav.dataBytes, audio.length);
    assert.ok(isCdAudio(wav.format));
  });

  it('skips unknown chunks, honouring the pad byte after an odd-sized chunk', async () => {
    const audio = cdAudio(10);
    const wav = await info('odd.wav', wavFile(audio, { before: [chunk('junk', Buffer.alloc(3, 7))], between: [chunk('bext', Buffer.alloc(5))] }));
    assert.equal(wav.dataOffset, 12 + 12 + 24 + 14 + 8);
    assert.equal(wav.dataBytes, audio.length);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE as the format in its SubFormat', async () => {
    const wav = await info('ext.wav', wavFile(cdAudio(10), { extensible: true }));
    assert.ok(wav.format.extensible);
    assert.equal(wav.format.formatTag, 1);
    assert.ok(isCdAudio(wav.format));
  });

  it('walks past LIST/INFO chunks before and after the data', async () => {
    const audio = cdAudio(20);
    const wav = await info('list.wav', wavFile(audio, { between: [infoChunk({ title: 'Odd' })], after: [infoChunk({ artist: 'X' })] }));
    assert.equal(wav.dataBytes, audio.length);
  });

  it('describes formats exactly', async () => {
    const mono = await info('mono.wav', wavFile(Buffer.alloc(30), { sampleRate: 48000, bitsPerSample: 24, channels: 1 }));
    assert.equal(describeFormat(mono.format), '48000 Hz, 24-bit, 1 channel');
    const float = await info('float.wav', wavFile(Buffer.alloc(64), { formatTag: 3, bitsPerSample: 32 }));
    assert.equal(describeFormat(float.format), '44100 Hz, 32-bit float, 2 channels');
    const adpcm = await info('adpcm.wav', wavFile(Buffer.alloc(64), { formatTag: 2, bitsPerSample: 4 }));
    assert.match(describeFormat(adpcm.format), /Microsoft ADPCM \(format 0x0002\)/);
  });

  it('drops a trailing partial frame and says how many bytes', async () => {
    const wav = await info('partial.wav', wavFile(Buffer.concat([cdAudio(10), Buffer.alloc(3)])));
    assert.equal(wav.dataBytes, 40);
    assert.equal(wav.partialFrameBytes, 3);
  });

  it('ignores garbage after the data chunk', async () => {
    const audio = cdAudio(10);
    const wav = await info('garbage.wav', Buffer.concat([wavFile(audio), Buffer.from([0, 1, 2, 0xff, 0xfe, 9, 9, 9, 9, 9])]));
    assert.equal(wav.dataBytes, audio.length);
  });

  it('reads a file of many chunks quickly and refuses one of absurdly many', async () => {
    const junk = Buffer.alloc(8);
    junk.write('JUNK', 0, 'latin1');
    const audio = cdAudio(10);
    const many = await info('many.wav', wavFile(audio, { before: Array<Buffer>(9000).fill(junk) }));
    assert.equal(many.dataBytes, audio.length);
    await rejects('too-many.wav', wavFile(audio, { before: Array<Buffer>(20_000).fill(junk) }), /more than 10000 chunks/);
  });

  it('rejects damaged files with the reason', async () => {
    await rejects('png.wav', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), /not a WAV file \(it looks like a PNG image\)/);
    await rejects('avi.wav', Buffer.from('RIFF\x04\x00\x00\x00AVI LIST', 'latin1'), /a RIFF 'AVI' file/);
    await rejects('trunc.wav', wavFile(cdAudio(100), { declaredDataBytes: 100_000 }), /truncated WAV: the data chunk declares 100000 bytes but only 400 remain/);
    await rejects('nofmt.wav', Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WAVE', 'latin1'), chunk('data', cdAudio(2))]), /no fmt chunk/);
    await rejects('nodata.wav', wavFile(Buffer.alloc(0)).subarray(0, 36), /no data chunk/);
    const zeroChannels = wavFile(cdAudio(4));
    zeroChannels.writeUInt16LE(0, 22);
    await rejects('zero-ch.wav', zeroChannels, /declares 0 channels/);
    const badAlign = wavFile(cdAudio(4));
    badAlign.writeUInt16LE(3, 32);
    await rejects('align.wav', badAlign, /block align is 3 bytes/);
  });
});

describe('LIST/INFO tags read in the chunk walk', () => {
  let dir: { path: string; remove: () => Promise<void> };
  before(async () => (dir = await tempDir()));
  after(() => dir.remove());

  const audio = cdAudio(10);
  const wrongRiffSize = wavFile(audio, { after: [infoChunk({ title: 'T' })] });
  wrongRiffSize.writeUInt32LE(wrongRiffSize.readUInt32LE(4) + 100, 4);
  const shortRiffSize = wavFile(audio, { between: [infoChunk({ title: 'Seen' })], after: [infoChunk({ title: 'Unseen' }), chunk('id3 ', id3Title('Unseen'))] });
  shortRiffSize.writeUInt32LE(4 + 24 + 8, 4);
  // As a program writing to a pipe leaves it: the RIFF size counts no audio.
  const streamed = wavFile(audio, { after: [chunk('id3 ', id3Title('Unseen'))] });
  streamed.writeUInt32LE(36, 4);
  const overrun = infoList([['INAM', 'x']]);
  overrun.writeUInt32LE(200, 16);
  // name, file, whether the walk reads its tags (otherwise the tag reader does)
  const cases: Array<[string, Buffer, boolean]> = [
    ['plain', wavFile(audio, { after: [infoChunk({ title: 'Song', artist: 'Band', album: 'Album' })] }), true],
    ['before the data', wavFile(audio, { between: [infoChunk({ title: 'Early' })] }), true],
    [
      'repeated, odd-sized, NUL inside',
      wavFile(audio, {
        between: [infoList([['INAM', 'First'], ['IART', 'One\0'], ['TITL', 'Second'], ['IART', 'Two'], ['IPRD', 'ab\0cd'], ['IRPD', 'Last album']])],
        after: [infoList([['ICMT', 'comment'], ['INAM', 'Third\0\0']])],
      }),
      true,
    ],
    ['empty values', wavFile(audio, { after: [infoList([['INAM', ''], ['IART', '\0'], ['IPRD', 'x']])] }), true],
    ['Latin-1 and UTF-8 bytes', wavFile(audio, { after: [infoList([['INAM', Buffer.from([0x43, 0x61, 0x66, 0xe9])], ['IART', Buffer.from('Чай', 'utf8')]])] }), true],
    ['another LIST type', wavFile(audio, { after: [chunk('LIST', Buffer.from('adtlnote\x04\x00\x00\x00abcd', 'latin1')), infoChunk({ artist: 'A' })] }), true],
    ['no tags', wavFile(audio), true],
    ['an id3 chunk', wavFile(audio, { after: [infoChunk({ title: 'Info' }), chunk('id3 ', id3Title('From ID3'))] }), false],
    ['a CSET code page', wavFile(audio, { before: [chunk('CSET', Buffer.from([0xe9, 0xfd, 0, 0, 0, 0, 0, 0]))], after: [infoChunk({ title: 'Utf' })] }), false],
    ['a damaged INFO list', wavFile(audio, { after: [infoChunk({ title: 'Good' }), overrun] }), false],
    ['a RIFF size beyond the end of the file', wrongRiffSize, true],
    ['a RIFF size that covers only the fmt chunk (tags after it are not read)', shortRiffSize, true],
    ['an id3 chunk the RIFF size does not cover', streamed, true],
  ];

  for (const [name, bytes, walked] of cases) {
    it(`${name}: ${walked ? 'read in the walk, as music-metadata reads them' : 'left to music-metadata'}`, async () => {
      const path = join(dir.path, `${name.replace(/\W+/g, '-')}.wav`);
      await writeFile(path, bytes);
      const { infoTags } = await readWavInfo(path);
      assert.equal(infoTags !== undefined, walked);
      if (!infoTags) return;
      const { parseFile } = await import('music-metadata');
      const { common } = await parseFile(path, { duration: false, skipCovers: true });
      const known = (tags: Record<string, string | undefined>) => Object.fromEntries(Object.entries(tags).filter(([, v]) => v !== undefined));
      assert.deepEqual(known({ ...infoTags }), known({ title: common.title, artist: common.artist, album: common.album }));
      assert.equal(common.albumartist, undefined);
    });
  }
});

describe('readWavData', () => {
  it('streams the data chunk in pieces that add up to the audio', async () => {
    const dir = await tempDir();
    try {
      const audio = cdAudio(10_000);
      const path = join(dir.path, 'a.wav');
      await writeFile(path, wavFile(audio, { after: [infoChunk({ title: 'tail' })] }));
      const pieces: Buffer[] = [];
      for await (const piece of readWavData(path, await readWavInfo(path), 4096)) pieces.push(piece);
      assert.ok(pieces.every((p) => p.length <= 4096));
      assert.ok(Buffer.concat(pieces).equals(audio));
    } finally {
      await dir.remove();
    }
  });

  it('with reuse, reads every piece of every track into the same two buffers, the data intact', async () => {
    const dir = await tempDir();
    try {
      const tracks = [cdAudio(10_000, 1), cdAudio(7_777, 2)];
      const memory = new Set<ArrayBuffer>();
      for (const [i, audio] of tracks.entries()) {
        const path = join(dir.path, `${i}.wav`);
        await writeFile(path, wavFile(audio));
        const copies: Buffer[] = [];
        for await (const piece of readWavData(path, await readWavInfo(path), 4096, true)) {
          memory.add(piece.buffer as ArrayBuffer);
          copies.push(Buffer.from(piece));
        }
        assert.ok(copies.length > 2);
        assert.ok(Buffer.concat(copies).equals(audio), `track ${i + 1}`);
      }
      assert.equal(memory.size, 2);
    } finally {
      await dir.remove();
    }
  });
});
