/** A corpus of malformed inputs through the real CLI: each is refused with exit 3, or read whole. */
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import CodecParser from 'codec-parser';
import { runCli } from '../helpers/cli.js';
import { soxTone, tool } from '../helpers/codecs.js';
import { cdAudio, chunk, fmtBody, tempDir, wavFile } from '../helpers/wav.js';

const audio = cdAudio(1_000);
const good = wavFile(audio);

/** Offsets where the chunks of `good` begin: 12 (fmt ), 36 (data), and the end. */
const BOUNDARIES = [0, 4, 8, 12, 20, 36, 44, good.length - 1];

function withFmt(edit: (fmt: Buffer) => void): Buffer {
  const fmt = fmtBody({});
  edit(fmt);
  return Buffer.concat([Buffer.from('RIFF\x00\x00\x00\x00WAVE', 'latin1'), chunk('fmt ', fmt), chunk('data', audio)]);
}

const WAVS: Array<[string, Buffer, RegExp | 'ok']> = [
  ...BOUNDARIES.map((at): [string, Buffer, RegExp] => [`cut at byte ${at}`, good.subarray(0, at), /empty file|not a WAV|truncated|no fmt|no data|holds no audio/]),
  ['a chunk size larger than the file', Buffer.concat([good.subarray(0, 16), Buffer.from([0xff, 0xff, 0xff, 0x0f]), good.subarray(20)]), /truncated WAV: the 'fmt' chunk at byte 12 runs past the end/],
  ['a chunk size negative as signed', Buffer.concat([good.subarray(0, 16), Buffer.from([0x00, 0x00, 0x00, 0x80]), good.subarray(20)]), /truncated WAV: the 'fmt' chunk/],
  ['a fmt chunk of 0 bytes', Buffer.concat([Buffer.from('RIFF\x00\x00\x00\x00WAVE', 'latin1'), chunk('fmt ', Buffer.alloc(0)), chunk('data', audio)]), /fmt chunk is 0 bytes, at least 16/],
  ['a huge fmt chunk', Buffer.concat([Buffer.from('RIFF\x00\x00\x00\x00WAVE', 'latin1'), chunk('fmt ', Buffer.concat([fmtBody({}), Buffer.alloc(5000)])), chunk('data', audio)]), 'ok'],
  ['zero channels', withFmt((f) => f.writeUInt16LE(0, 2)), /declares 0 channels/],
  ['a sample rate of 0', withFmt((f) => f.writeUInt32LE(0, 4)), /sample rate of 0 Hz/],
  ['a huge sample rate', withFmt((f) => f.writeUInt32LE(0xffffffff, 4)), /outside 8000–384000 Hz/],
  ['0 bits per sample', withFmt((f) => f.writeUInt16LE(0, 14)), /0 bits per sample/],
  ['a block-align mismatch', withFmt((f) => f.writeUInt16LE(6, 12)), /block align is 6 bytes but 2 × 2-byte samples need 4/],
  ['two fmt chunks', Buffer.concat([good.subarray(0, 36), chunk('fmt ', fmtBody({})), good.subarray(36)]), /more than one fmt chunk/],
  ['two data chunks', Buffer.concat([good, chunk('data', audio)]), /more than one data chunk/],
  ['no fmt chunk', Buffer.concat([Buffer.from('RIFF\x00\x00\x00\x00WAVE', 'latin1'), chunk('data', audio)]), /no fmt chunk/],
  ['data before fmt', Buffer.concat([Buffer.from('RIFF\x00\x00\x00\x00WAVE', 'latin1'), chunk('data', audio), chunk('fmt ', fmtBody({}))]), 'ok'],
  ['garbage after the data', Buffer.concat([good, Buffer.from('\x00\xff garbage \x01\x02\x03', 'latin1')]), 'ok'],
  ['RF64 without ds64', Buffer.concat([Buffer.from('RF64\xff\xff\xff\xffWAVE', 'latin1'), chunk('fmt ', fmtBody({})), (() => { const c = chunk('data', audio); c.writeUInt32LE(0xffffffff, 4); return c; })()]), /no ds64 chunk gives the data size/],
  ['RF64 with a short ds64', Buffer.concat([Buffer.from('RF64\xff\xff\xff\xffWAVE', 'latin1'), chunk('ds64', Buffer.alloc(8)), chunk('fmt ', fmtBody({})), chunk('data', audio)]), /ds64 chunk is too short/],
  ['RF64 with a ds64 larger than the file', Buffer.concat([Buffer.from('RF64\xff\xff\xff\xffWAVE', 'latin1'), chunk('ds64', (() => { const d = Buffer.alloc(28); d.writeBigUInt64LE(10n ** 12n, 8); return d; })()), chunk('fmt ', fmtBody({})), (() => { const c = chunk('data', audio); c.writeUInt32LE(0xffffffff, 4); return c; })()]), /truncated WAV: the data chunk declares 1000000000000 bytes/],
];

const CUES: Array<[string, string, RegExp]> = [
  ['a broken line', 'FILE "good.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:0', /line 3: "00:0" is not a time/],
  ['an unknown command', 'FILE "good.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nBURN FASTER\n', /line 4: unknown command BURN/],
  ['an absent file', 'FILE "absent.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n', /line 1: absent\.wav: no such file/],
  ['a FILE that is the cue sheet itself', 'FILE "self.cue" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n', /line 1: self\.cue: not a WAV file/],
  ['a FILE through a cycle of relative paths', 'FILE "loop/loop/loop/good.wav" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n', /ok/],
  ['a FILE that is a folder', 'FILE "loop" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n', /line 1: loop: /],
  ['binary garbage', '\u0000\u0001\u0002\uFFFD\n', /line 1: unknown command/],
];

describe('the bad-input corpus, through the CLI', () => {
  let dir: { path: string; remove: () => Promise<void> };
  before(async () => {
    dir = await tempDir();
    await writeFile(join(dir.path, 'good.wav'), good);
    await mkdir(join(dir.path, 'cues'));
    // loop -> . : a cycle of relative paths that still resolves
    await symlink('.', join(dir.path, 'cues', 'loop'));
    await writeFile(join(dir.path, 'cues', 'good.wav'), good);
  });
  after(() => dir.remove());

  async function expectOutcome(input: string, expected: RegExp | 'ok', cwd: string): Promise<void> {
    const out = join(dir.path, 'out');
    await rm(out, { recursive: true, force: true });
    await mkdir(out);
    const result = await runCli(['--image', join(out, 'd.cue'), input], { cwd });
    if (expected === 'ok' || expected.source === 'ok') {
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual((await readdir(out)).sort(), ['d.bin', 'd.cdt', 'd.cue']);
    } else {
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, expected);
      assert.ok(result.stderr.includes(input), `names ${input}`);
      assert.deepEqual(await readdir(out), []);
    }
  }

  for (const [name, bytes, expected] of WAVS) {
    it(`WAV: ${name}`, async () => {
      await writeFile(join(dir.path, 'case.wav'), bytes);
      await expectOutcome('case.wav', expected, dir.path);
    });
  }

  for (const [name, text, expected] of CUES) {
    it(`cue sheet: ${name}`, async () => {
      const file = name.includes('itself') ? 'self.cue' : 'case.cue';
      await writeFile(join(dir.path, 'cues', file), text);
      await expectOutcome(file, expected, join(dir.path, 'cues'));
    });
  }
});

/** Compressed files damaged the ways files are: each refused, exit 3, naming the file, nothing written. */
describe('the compressed bad-input corpus, through the CLI', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const cases: Array<[string, string, Buffer | undefined, RegExp]> = [];
  before(async () => {
    dir = await tempDir();
    const at = (name: string): string => join(dir.path, name);
    soxTone(at('t.wav'), 5);
    tool('flac', ['-s', '-f', at('t.wav'), '-o', at('t.flac')]);
    tool('lame', ['--quiet', at('t.wav'), at('t.mp3')]);
    tool('oggenc', ['-Q', at('t.wav'), '-o', at('t.ogg')]);
    soxTone(at('ten.wav'), 1, { rate: 48_000, channels: 10 });
    tool('opusenc', ['--quiet', at('ten.wav'), at('ten.opus')]);
    const [flac, mp3, ogg] = await Promise.all(['t.flac', 't.mp3', 't.ogg'].map((name) => readFile(at(name))));
    const edit = (bytes: Buffer, change: (copy: Buffer) => void): Buffer => {
      const copy = Buffer.from(bytes);
      change(copy);
      return copy;
    };
    const flip = (bytes: Buffer, from: number): Buffer => edit(bytes, (b) => { for (let i = 0; i < 64; i += 1) b[from + i * 5]! ^= 0xff; });
    const pages = oggPages(ogg!);
    const middle = pages[Math.floor(pages.length / 2)]!;
    const xing = mp3!.indexOf('Info');
    cases.push(
      ['FLAC cut mid-frame', 'cut.flac', flac!.subarray(0, Math.floor(flac!.length * 0.6)), /cut\.flac: damaged FLAC: its STREAMINFO header says 220500 sample frames but the audio decodes to \d+/],
      ['FLAC with flipped bytes', 'flip.flac', flip(flac!, flac!.length >> 1), /flip\.flac: damaged FLAC: /],
      ['FLAC missing a frame', 'gap.flac', Buffer.concat([flac!.subarray(0, frameAt(flac!, 20)), flac!.subarray(frameAt(flac!, 21))]), /gap\.flac: damaged FLAC: the audio from 0:01\.86 to 0:01\.95 is missing or corrupted/],
      ['FLAC with a wrong STREAMINFO length', 'len.flac', edit(flac!, (b) => b.writeUInt32BE(b.readUInt32BE(22) + 1000, 22)), /len\.flac: damaged FLAC: its STREAMINFO header says 221500 sample frames but the audio decodes to 220500/],
      ['MP3 cut mid-frame', 'cut.mp3', mp3!.subarray(0, Math.floor(mp3!.length * 0.6) + 7), /cut\.mp3: damaged MP3: its Xing\/LAME header says 220500 sample frames/],
      ['MP3 with a lying Xing header', 'xing.mp3', edit(mp3!, (b) => b.writeUInt32BE(b.readUInt32BE(xing + 8) + 20, xing + 8)), /xing\.mp3: damaged MP3: its Xing\/LAME header says 243540 sample frames but the audio decodes to/],
      ['MP3 with flipped bytes', 'flip.mp3', flip(mp3!, mp3!.length >> 1), /flip\.mp3: damaged MP3: /],
      ['Ogg missing a page', 'miss.ogg', Buffer.concat([ogg!.subarray(0, middle[0]), ogg!.subarray(middle[1])]), /miss\.ogg: damaged Ogg: page \d+ of the audio stream is missing/],
      ['Ogg cut mid-page', 'cut.ogg', ogg!.subarray(0, middle[0] + 100), /cut\.ogg: truncated Ogg: the page at byte \d+ runs past the end of the file/],
      ['Ogg with flipped bytes', 'flip.ogg', flip(ogg!, middle[0] + 200), /flip\.ogg: damaged Ogg: the page at byte \d+ \(near 0:0\d\) fails its checksum/],
      ['Ogg with a video stream first', 'video.ogv', Buffer.concat([oggPage(Buffer.from('\x80theora\x03\x02\x01', 'latin1')), ogg!]), /video\.ogv: is an Ogg video: its first stream is Theora video, not audio; extract the audio first/],
      ['Opus with more than 8 channels', 'ten.opus', undefined, /ten\.opus: is Opus 48000 Hz, 10 channels: at most 8 channels can be mixed down to stereo/],
      ['MP4/M4A', 'song.m4a', Buffer.from('\x00\x00\x00\x18ftypM4A \x00\x00\x02\x00isomM4A \x00\x00\x00\x08free', 'latin1'), /song\.m4a: is an MP4\/M4A file .*; convert it first, e\.g\. ffmpeg -i in\.m4a out\.flac/],
    );
    await Promise.all(cases.filter(([, , bytes]) => bytes).map(([, name, bytes]) => writeFile(at(name), bytes!)));
  });
  after(() => dir.remove());

  it('refuses every case with exit 3, a message naming the file, and no image', async () => {
    for (const [name, file, , message] of cases) {
      const out = join(dir.path, 'out');
      await rm(out, { recursive: true, force: true });
      await mkdir(out);
      const result = await runCli(['--image', join(out, 'd.cue'), file], { cwd: dir.path });
      assert.equal(result.code, 3, `${name}: ${result.stderr}`);
      assert.match(result.stderr, message, name);
      assert.deepEqual(await readdir(out), [], name);
    }
  });
});

/** Byte offset of frame `n` of a FLAC file (its frames end the file). */
function frameAt(flac: Buffer, n: number): number {
  const frames = new CodecParser('audio/flac').parseAll(flac);
  const audio = frames.reduce((sum, frame) => sum + frame.data.length, 0);
  return flac.length - audio + frames.slice(0, n).reduce((sum, frame) => sum + frame.data.length, 0);
}

/** [start, end) of each page of an Ogg file. */
function oggPages(ogg: Buffer): Array<[number, number]> {
  const pages: Array<[number, number]> = [];
  for (let at = 0; at < ogg.length; ) {
    const segments = ogg[at + 26]!;
    const end = at + 27 + segments + ogg.subarray(at + 27, at + 27 + segments).reduce((sum, lacing) => sum + lacing, 0);
    pages.push([at, end]);
    at = end;
  }
  return pages;
}

/** One beginning-of-stream Ogg page holding `packet` (serial 7; the checksum is not needed to tell the stream's kind). */
function oggPage(packet: Buffer): Buffer {
  const header = Buffer.alloc(27);
  header.write('OggS', 0, 'latin1');
  header[5] = 0x02;
  header.writeUInt32LE(7, 14);
  header[26] = 1;
  return Buffer.concat([header, Buffer.from([packet.length]), packet]);
}
