import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonLines, runCli } from '../helpers/cli.js';
import { soxTone, tool } from '../helpers/codecs.js';
import { id3Title, tempDir } from '../helpers/wav.js';

/** What burn-audio makes of a file: the CD audio bytes the plan counts, and the image. */
interface Image {
  audioBytes: number;
  bin: Buffer;
}

describe('MPEG audio (MP3, Layer II) decodes as mpg123 decodes it, or is refused with the right words', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const at = (name: string): string => join(dir.path, name);
  /** Five seconds as lame makes them by default (an Info header with a LAME tag), and without a Xing header (-t). */
  let mp3: Buffer;
  let bare: Buffer;

  before(async () => {
    dir = await tempDir();
    soxTone(at('tone.wav'), 5);
    soxTone(at('mono.wav'), 5, { channels: 1 });
    tool('lame', ['--quiet', at('tone.wav'), at('tone.mp3')]);
    tool('lame', ['--quiet', '-t', '-b', '128', at('tone.wav'), at('bare.mp3')]);
    [mp3, bare] = await Promise.all([readFile(at('tone.mp3')), readFile(at('bare.mp3'))]);
  });
  after(() => dir.remove());

  async function image(input: string): Promise<Image> {
    const name = basename(input).replace(/\W/g, '_');
    const plan = await runCli(['plan', '--json', input]);
    assert.equal(plan.code, 0, plan.stderr);
    const layout = jsonLines(plan.stdout).find((e) => e.type === 'plan')?.layout as { tracks: Array<{ audioBytes: number }> };
    const result = await runCli(['--image', at(`${name}.cue`), input]);
    assert.equal(result.code, 0, result.stderr);
    return { audioBytes: layout.tracks[0]!.audioBytes, bin: await readFile(at(`${name}.bin`)) };
  }

  /**
   * The image of `input` next to the image of what `mpg123 -w` decodes `reference` to (float, so
   * burn-audio takes it through the same conversion and dither): the same length, every 16-bit
   * sample within 2 LSB (lossy decoding in float), and sound, not silence.
   */
  async function assertLikeMpg123(input: string, reference = input, mpg123Args: string[] = []): Promise<void> {
    const wav = at(`${basename(reference)}-mpg123.wav`);
    tool('mpg123', ['-q', '-e', 'f32', ...mpg123Args, '-w', wav, reference]);
    const [ours, theirs] = [await image(input), await image(wav)];
    assert.equal(ours.audioBytes, theirs.audioBytes, `${input}: as long as mpg123's decoding`);
    let worst = 0;
    let energy = 0;
    for (let i = 0; i < ours.audioBytes; i += 2) {
      const sample = ours.bin.readInt16LE(i);
      worst = Math.max(worst, Math.abs(sample - theirs.bin.readInt16LE(i)));
      energy += sample * sample;
    }
    assert.ok(worst <= 2, `${input}: a sample ${worst} LSB from mpg123's`);
    assert.ok(Math.sqrt(energy / (ours.audioBytes / 2)) > 1000, `${input}: sound, not silence`);
  }

  async function assertRefused(input: string, message: RegExp): Promise<void> {
    await mkdir(at('none'), { recursive: true });
    const result = await runCli(['--image', at('none/d.cue'), input]);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, message);
    assert.deepEqual(await readdir(at('none')), [], 'nothing is written');
  }

  it('finds the first frame past zero padding, an unknown tag or a few junk bytes, as mpg123 does (within 64 KiB)', async () => {
    const id3 = id3Title('Padded');
    const cases = {
      'zeros.mp3': Buffer.concat([Buffer.alloc(3000), mp3]),
      'unknown-tag.mp3': Buffer.concat([Buffer.from('XTAG'.padEnd(600, '.'), 'latin1'), mp3]),
      'junk.mp3': Buffer.concat([Buffer.from([0x61, 0xff, 0xfb, 0x07, 0x00]), mp3]),
      'id3-padding.mp3': Buffer.concat([id3, Buffer.alloc(2048), mp3]),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      await writeFile(at(name), bytes);
      await assertLikeMpg123(at(name));
    }
    const cue = await readFile(at('id3_padding_mp3.cue'), 'latin1');
    assert.match(cue, /TITLE "Padded"/);
    await writeFile(at('far.mp3'), Buffer.concat([Buffer.alloc(70_000), mp3]));
    await assertRefused(at('far.mp3'), /far\.mp3: not a WAV file/);
    await writeFile(at('lone.mp3'), Buffer.concat([mp3.subarray(0, 4), Buffer.alloc(2000, 0x55)]));
    await assertRefused(at('lone.mp3'), /lone\.mp3: is a damaged MP3 or not audio at all: the frame header at byte 0 is not followed by a second frame where its length says/);
  });

  it('leaves tags out of the audio: ID3v2 with a footer before it; APE, Lyrics3 and ID3v1 after it, even an APE tag whose item reads as frames', async () => {
    const frames = bare.subarray(bare.indexOf(Buffer.from([0xff, 0xfb]), 4000)).subarray(0, 1300);
    await writeFile(at('tagged.mp3'), Buffer.concat([id3v24WithFooter('Footer'), bare, apeFooterOnly('Cover Art (Front)', frames), lyrics3v2('Some words'), id3v1('Old Title')]));
    await assertLikeMpg123(at('tagged.mp3'), at('bare.mp3'));
    assert.match(await readFile(at('tagged_mp3.cue'), 'latin1'), /TITLE "Footer"/);
  });

  it('skips junk between frames as mpg123 resyncs, keeping the bit reservoir whole; a frame lost to junk is refused, saying where', async () => {
    const middle = mp3.indexOf(Buffer.from([0xff, 0xfb]), mp3.length >> 1);
    await writeFile(at('inserted.mp3'), Buffer.concat([mp3.subarray(0, middle), Buffer.from('JUNK'.repeat(25), 'latin1'), mp3.subarray(middle)]));
    await assertLikeMpg123(at('inserted.mp3'), at('tone.mp3'));
    const lost = Buffer.from(mp3);
    lost.write('JUNK', middle, 'latin1');
    await writeFile(at('lost.mp3'), lost);
    await assertRefused(at('lost.mp3'), new RegExp(`lost\\.mp3: damaged MP3: the audio near 0:02\\.\\d\\d is missing or corrupted \\(bytes ${middle} to \\d+ are not MPEG audio frames\\)`));
  });

  it('refuses a free-format MP3 naming free format and a conversion (its decoder cannot measure the frames)', async () => {
    tool('lame', ['--quiet', '--freeformat', '-b', '200', at('tone.wav'), at('free.mp3')]);
    await assertRefused(at('free.mp3'), /free\.mp3: is a free-format MP3 \(its bitrate is outside the standard table\), which burn-audio's decoder cannot read; convert it first, e\.g\. mpg123 -w out\.wav in\.mp3/);
  });

  it('refuses an MP3 whose sample rate changes mid-stream, with the time it changes', async () => {
    soxTone(at('tone48.wav'), 3, { rate: 48_000 });
    tool('lame', ['--quiet', at('tone48.wav'), at('tone48.mp3')]);
    await writeFile(at('rates.mp3'), Buffer.concat([mp3, await readFile(at('tone48.mp3'))]));
    await assertRefused(at('rates.mp3'), /rates\.mp3: MP3 whose sample rate changes mid-stream \(44100 Hz, then 48000 Hz from 0:05\.02\) is not supported; convert it first, e\.g\. ffmpeg -i in\.mp3 out\.flac/);
  });

  it('MPEG-2 and 2.5 low rates and mono decode as mpg123 decodes them; a mono MP3 is named mono and --strict refuses it', async () => {
    for (const [rate, mode] of [['8', 'm'], ['11.025', 'j'], ['16', 'm'], ['24', 'j']] as const) {
      const file = at(`low-${rate}-${mode}.mp3`);
      tool('lame', ['--quiet', '--resample', rate, '-m', mode, at('tone.wav'), file]);
      await assertLikeMpg123(file);
    }
    const plan = await runCli(['plan', at('low-8-m.mp3'), at('low-24-j.mp3')]);
    assert.match(plan.stdout, /MP3 8000 Hz, mono → 44100 Hz, 16-bit, dithered, stereo\n/);
    assert.match(plan.stdout, /MP3 24000 Hz → 44100 Hz, 16-bit, dithered/);
    tool('lame', ['--quiet', '-m', 'm', at('mono.wav'), at('mono.mp3')]);
    await assertLikeMpg123(at('mono.mp3'));
    const strict = await runCli(['plan', '--strict', at('mono.mp3')]);
    assert.equal(strict.code, 3);
    assert.match(strict.stderr, /mono\.mp3: is MP3 44100 Hz, mono; a CD needs/);
  });

  it('a stream that changes between mono and stereo frames is stereo, its mono frames on both sides, as mpg123 --stereo gives it', async () => {
    tool('lame', ['--quiet', '-t', '-m', 'm', at('mono.wav'), at('mono-t.mp3')]);
    const mono = await readFile(at('mono-t.mp3'));
    await writeFile(at('modes.mp3'), Buffer.concat([mono, bare, mono]));
    await assertLikeMpg123(at('modes.mp3'), at('modes.mp3'), ['--stereo']);
    const plan = await runCli(['plan', at('modes.mp3'), at('mono-t.mp3')]);
    assert.match(plan.stdout, /modes\.mp3 .*MP3 44100 Hz → 16-bit, dithered\n/);
    assert.match(plan.stdout, /mono-t\.mp3 .*MP3 44100 Hz, mono → 16-bit, dithered, stereo\n/);
  });

  it('MPEG-1 and MPEG-2 Layer II decode as mpg123 decodes them, named as they are', async () => {
    soxTone(at('tone48k.wav'), 5, { rate: 48_000 });
    tool('ffmpeg', ['-v', 'error', '-i', at('tone48k.wav'), '-c:a', 'mp2', '-b:a', '192k', at('layer2.mp2')]);
    tool('ffmpeg', ['-v', 'error', '-i', at('tone.wav'), '-ar', '24000', '-c:a', 'mp2', '-b:a', '96k', at('layer2-lsf.mp2')]);
    await assertLikeMpg123(at('layer2.mp2'));
    await assertLikeMpg123(at('layer2-lsf.mp2'));
    const plan = await runCli(['plan', at('layer2.mp2'), at('layer2-lsf.mp2')]);
    assert.match(plan.stdout, /MPEG-1 Layer II 48000 Hz → 44100 Hz, 16-bit, dithered/);
    assert.match(plan.stdout, /MPEG-2 Layer II 24000 Hz → 44100 Hz, 16-bit, dithered/);
  });

  it('checks the length an Info header without a LAME tag and a VBRI header declare; a cut file without either decodes as mpg123 does', async () => {
    const info = mp3.indexOf('Info');
    const lame = info + 8 + 4 + 4 + 100 + 4; // after the frames, bytes, TOC and quality fields
    const noLame = Buffer.from(mp3);
    noLame.fill(0, lame, lame + 36);
    await writeFile(at('info.mp3'), noLame);
    await assertLikeMpg123(at('info.mp3'));
    await writeFile(at('info-cut.mp3'), noLame.subarray(0, Math.floor(noLame.length * 0.6) + 7));
    await assertRefused(at('info-cut.mp3'), /info-cut\.mp3: damaged MP3: its Xing\/LAME header says 221807 sample frames but the audio decodes to \d+/);

    const vbri = withVbri(bare);
    await writeFile(at('vbri.mp3'), vbri);
    await assertLikeMpg123(at('vbri.mp3'));
    await writeFile(at('vbri-cut.mp3'), vbri.subarray(0, Math.floor(vbri.length * 0.6) + 7));
    await assertRefused(at('vbri-cut.mp3'), /vbri-cut\.mp3: damaged MP3: its VBRI header says 193 frames but the file holds 115 \(0:03\.03\); the file is cut short/);

    await writeFile(at('bare-cut.mp3'), bare.subarray(0, Math.floor(bare.length * 0.6) + 7));
    await assertLikeMpg123(at('bare-cut.mp3'));
  });
});

/** An ID3v2.4 tag with a title and a footer (ID3v2.4 3.4). */
function id3v24WithFooter(title: string): Buffer {
  const text = Buffer.concat([Buffer.from([3]), Buffer.from(title, 'utf8')]);
  const frame = Buffer.concat([Buffer.from('TIT2', 'latin1'), syncsafe(text.length), Buffer.from([0, 0]), text]);
  const header = (id: string): Buffer => Buffer.concat([Buffer.from(id, 'latin1'), Buffer.from([4, 0, 0x10]), syncsafe(frame.length)]);
  return Buffer.concat([header('ID3'), frame, header('3DI')]);
}

function syncsafe(n: number): Buffer {
  return Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
}

/** An APEv2 tag with only a footer (as APEv1 tags are) and one binary item. */
function apeFooterOnly(key: string, value: Buffer): Buffer {
  const item = Buffer.concat([Buffer.alloc(8), Buffer.from(`${key}\0`, 'latin1'), value]);
  item.writeUInt32LE(value.length, 0);
  item.writeUInt32LE(2, 4); // binary
  const footer = Buffer.alloc(32);
  footer.write('APETAGEX', 0, 'latin1');
  footer.writeUInt32LE(2000, 8);
  footer.writeUInt32LE(item.length + 32, 12);
  footer.writeUInt32LE(1, 16);
  return Buffer.concat([item, footer]);
}

/** A Lyrics3v2 tag: its fields, their size in six digits, LYRICS200. */
function lyrics3v2(lyrics: string): Buffer {
  const fields = `LYRICSBEGININD00003110LYR${String(lyrics.length).padStart(5, '0')}${lyrics}`;
  return Buffer.from(`${fields}${String(fields.length).padStart(6, '0')}LYRICS200`, 'latin1');
}

function id3v1(title: string): Buffer {
  const tag = Buffer.alloc(128);
  tag.write('TAG', 0, 'latin1');
  tag.write(title, 3, 'latin1');
  return tag;
}

/**
 * A Fraunhofer-style VBRI frame put before a CBR MP3 without a Xing header: the first frame's
 * header (unpadded), silent side information, and VBRI 32 bytes after the header with the
 * count of the frames after it.
 */
function withVbri(mp3: Buffer): Buffer {
  let frames = 0;
  for (let i = 0; i + 4 <= mp3.length; frames += 1) i += mp3[i + 2]! & 0x02 ? 418 : 417; // 128 kbit/s at 44.1 kHz
  const frame = Buffer.alloc(417);
  mp3.copy(frame, 0, 0, 4);
  frame[2]! &= ~0x02;
  frame.write('VBRI', 36, 'latin1');
  frame.writeUInt16BE(1, 40); // version
  frame.writeUInt16BE(0x0931, 42); // delay
  frame.writeUInt16BE(75, 44); // quality
  frame.writeUInt32BE(mp3.length + frame.length, 46);
  frame.writeUInt32BE(frames, 50);
  return Buffer.concat([frame, mp3]);
}
