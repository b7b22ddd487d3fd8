/**
 * Ogg Vorbis and Opus decode as oggdec and opusdec decode them: channel order, output gain, and
 * the files FFmpeg writes. Each case compares burn-audio's image of the file with its image of
 * the reference decoder's WAV.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonLines, runCli } from '../helpers/cli.js';
import { tool } from '../helpers/codecs.js';
import { editOpusHead, oggPages, resealPage } from '../helpers/ogg.js';
import { channelDb, imageOf, residualDb } from '../helpers/reference.js';
import { tempDir } from '../helpers/wav.js';

/** Six channels in WAV order (L R C LFE Ls Rs), each its own tone, so a channel in the wrong place shows. */
function surroundWav(path: string, rate = 48_000): void {
  const tones = ['300', '500', '700', '60', '1100', '1300'].flatMap((hz) => ['sine', hz]);
  tool('sox', ['-R', '-n', '-r', String(rate), '-b', '16', '-c', '6', path, 'synth', '5', ...tones, 'gain', '-9']);
}

describe('Ogg Vorbis and Opus as the reference decoders play them', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const at = (name: string): string => join(dir.path, name);
  before(async () => {
    dir = await tempDir();
    surroundWav(at('surround.wav'));
    tool('sox', ['-R', '-n', '-r', '44100', '-b', '16', '-c', '2', at('stereo.wav'), 'synth', '7.77', 'sine', '441', 'sine', '661', 'gain', '-3']);
  });
  after(() => dir.remove());

  // oggdec 1.4.2 writes 5.1 Vorbis with its rear and LFE channels out of place (L R C Rs LFE Ls):
  // FFmpeg's decoder is the reference for the channel order of Vorbis.
  const ffmpegDecode = (file: string, wav: string): void => tool('ffmpeg', ['-loglevel', 'error', '-i', file, '-c:a', 'pcm_s16le', wav]);
  const surround: Array<[string, string, (wav: string, out: string) => void, (file: string, wav: string) => void]> = [
    ['oggenc 5.1 Vorbis', 'ogg', (wav, out) => tool('oggenc', ['-Q', wav, '-o', out]), ffmpegDecode],
    ['opusenc 5.1 Opus', 'opus', (wav, out) => tool('opusenc', ['--quiet', wav, out]), (file, wav) => tool('opusdec', ['--quiet', file, wav])],
    ['FFmpeg 5.1 Vorbis', 'ogg', (wav, out) => tool('ffmpeg', ['-loglevel', 'error', '-i', wav, '-c:a', 'libvorbis', out]), ffmpegDecode],
    ['FFmpeg 5.1 Opus', 'opus', (wav, out) => tool('ffmpeg', ['-loglevel', 'error', '-i', wav, '-c:a', 'libopus', out]), (file, wav) => tool('opusdec', ['--quiet', file, wav])],
  ];
  for (const [name, extension, encode, decode] of surround) {
    it(`${name} is mixed down from its own channel order (L C R Ls Rs LFE), as the reference decoder's WAV is`, async () => {
      const file = at(`${name.replace(/\W+/g, '-')}.${extension}`);
      encode(at('surround.wav'), file);
      decode(file, `${file}.wav`);
      const image = await imageOf(`${file}.cue`, [file]);
      const reference = await imageOf(`${file}-ref.cue`, [`${file}.wav`]);
      assert.equal(image.length, reference.length);
      // A channel in the wrong place leaves a residual near 0 dB; the two decodings differ by rounding only.
      assert.ok(residualDb(image, reference) < -40, `residual ${residualDb(image, reference).toFixed(1)} dB`);
    });
  }

  for (const gain of [-70, -6]) {
    it(`Opus's output gain (${gain} dB in the header) is applied, as opusdec applies it`, async () => {
      tool('opusenc', ['--quiet', at('stereo.wav'), at('plain.opus')]);
      const file = at(`gain${gain}.opus`);
      // Output gain: Q7.8 dB at byte 16 of OpusHead (RFC 7845 §5.1).
      await editOpusHead(at('plain.opus'), file, (head) => head.writeInt16LE(gain * 256, 16));
      tool('opusdec', ['--quiet', file, `${file}.wav`]);
      const image = await imageOf(`${file}.cue`, [file]);
      const reference = await imageOf(`${file}-ref.cue`, [`${file}.wav`]);
      const full = await imageOf(at('plain.cue'), [at('plain.opus')]);
      for (const channel of [0, 1] as const) {
        assert.ok(Math.abs(channelDb(image, channel) - channelDb(reference, channel)) < 1, `${channelDb(image, channel)} vs ${channelDb(reference, channel)} dB`);
        assert.ok(channelDb(image, channel) < channelDb(full, channel) + gain + 3);
      }
    });
  }

  // FFmpeg's Ogg muxer, remuxing from WebM, ends the stream with the granule position of the last
  // packet's end before its trimming, a few milliseconds past the audio.
  for (const [codec, extension, encoder, decode] of [
    ['Opus', 'opus', 'libopus', (file: string, wav: string) => tool('opusdec', ['--quiet', file, wav])],
    ['Vorbis', 'ogg', 'libvorbis', (file: string, wav: string) => tool('oggdec', ['-Q', '-o', wav, file])],
  ] as const) {
    it(`an FFmpeg-remuxed Ogg ${codec} whose last granule position runs past the audio plays to its end, as the reference decoder plays it`, async () => {
      const webm = at(`remux-${codec}.webm`);
      const file = at(`remux.${extension}`);
      tool('ffmpeg', ['-loglevel', 'error', '-i', at('stereo.wav'), '-c:a', encoder, webm]);
      tool('ffmpeg', ['-loglevel', 'error', '-i', webm, '-c', 'copy', file]);
      decode(file, `${file}.wav`);
      const image = await imageOf(`${file}.cue`, [file]);
      const reference = await imageOf(`${file}-ref.cue`, [`${file}.wav`]);
      assert.equal(image.length, reference.length);
      assert.ok(residualDb(image, reference) < -40);
    });
  }

  it('an Opus file with a cover picture spread over many pages of comments decodes as opusdec decodes it', async () => {
    // A noise picture large enough to spread OpusTags over several 64 KiB pages.
    tool('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'nullsrc=s=512x512,geq=random(1)*255:128:128', '-frames:v', '1', at('cover.png')]);
    tool('opusenc', ['--quiet', '--picture', at('cover.png'), at('stereo.wav'), at('cover.opus')]);
    assert.ok(oggPages(await readFile(at('cover.opus'))).slice(1, 3).every((page) => page.readBigInt64LE(6) === -1n), 'the comments span pages');
    tool('opusdec', ['--quiet', at('cover.opus'), at('cover.opus.wav')]);
    const image = await imageOf(at('cover.cue'), [at('cover.opus')]);
    const reference = await imageOf(at('cover-ref.cue'), [at('cover.opus.wav')]);
    assert.equal(image.length, reference.length);
    assert.ok(residualDb(image, reference) < -40);
  });

  it('an Opus file whose audio is on one page ends where its granule position says, as opusdec ends it', async () => {
    tool('sox', ['-R', '-n', '-r', '48000', '-b', '16', '-c', '2', at('blip.wav'), 'synth', '0.1', 'sine', '441', 'gain', '-6']);
    tool('opusenc', ['--quiet', at('blip.wav'), at('blip.opus')]);
    assert.equal(oggPages(await readFile(at('blip.opus'))).length, 3, 'head, tags and one page of audio');
    tool('opusdec', ['--quiet', at('blip.opus'), at('blip.opus.wav')]);
    const result = await runCli(['--json', '--image', at('blip.cue'), at('blip.opus')]);
    assert.equal(result.code, 0, result.stderr);
    const plan = jsonLines(result.stdout).find((event) => event.type === 'plan') as unknown as { layout: { tracks: Array<{ audioBytes: number }> } };
    const reference = await runCli(['--json', '--image', at('blip-ref.cue'), at('blip.opus.wav')]);
    const referencePlan = jsonLines(reference.stdout).find((event) => event.type === 'plan') as unknown as { layout: { tracks: Array<{ audioBytes: number }> } };
    assert.equal(plan.layout.tracks[0]!.audioBytes, referencePlan.layout.tracks[0]!.audioBytes);
    assert.ok(residualDb(await readFile(at('blip.bin')), await readFile(at('blip-ref.bin'))) < -40);
  });

  it('an Ogg that begins with an Ogg Skeleton index is refused as that, with the way to remux it', async () => {
    tool('oggenc', ['-Q', at('stereo.wav'), '-o', at('plain.ogg')]);
    // A Skeleton stream's first page: its BOS packet starts "fishead\0" (Ogg Skeleton 4).
    const page = Buffer.alloc(27 + 1 + 64);
    page.write('OggS', 0, 'latin1');
    page[5] = 2;
    page.writeUInt32LE(0x5e1e7, 14);
    page[26] = 1;
    page[27] = 64;
    page.write('fishead\0', 28, 'latin1');
    resealPage(page);
    await writeFile(at('skeleton.ogg'), Buffer.concat([page, await readFile(at('plain.ogg'))]));
    const result = await runCli(['plan', at('skeleton.ogg')]);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /skeleton\.ogg: is an Ogg file that begins with an Ogg Skeleton index, not audio; .*ffmpeg -i in\.ogg -map 0:a -c copy out\.ogg/);
  });

  it('an Ogg whose pages end well short of its last granule position is still found cut short', async () => {
    tool('oggenc', ['-Q', at('stereo.wav'), '-o', at('whole.ogg')]);
    // Drop the pages of the last second or so, keeping the last page (its granule position says the full length).
    const pages = oggPages(await readFile(at('whole.ogg')));
    const kept = pages.slice(0, -6);
    const last = Buffer.from(pages.at(-1)!);
    last.writeUInt32LE(kept.length, 18);
    resealPage(last);
    await writeFile(at('short.ogg'), Buffer.concat([...kept, last]));
    const result = await runCli(['plan', at('short.ogg')]);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /short\.ogg: damaged Ogg Vorbis: its last Ogg granule position says \d+ sample frames but the audio decodes to \d+/);
  });
});
