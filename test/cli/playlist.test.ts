import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { index01Sectors, runCli } from '../helpers/cli.js';
import { soxTone, tool } from '../helpers/codecs.js';
import { cdAudio, infoChunk, tempDir, wavFile } from '../helpers/wav.js';

describe('M3U and M3U8 playlists', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const at = (...names: string[]): string => join(dir.path, ...names);
  before(async () => {
    dir = await tempDir();
    await mkdir(at('music', 'album'), { recursive: true });
    await mkdir(at('out'));
    await writeFile(at('music', 'album', 'one.wav'), wavFile(cdAudio(44_100 * 5, 1)));
    await writeFile(at('music', 'album', 'two.wav'), wavFile(cdAudio(44_100 * 6, 2)));
    await writeFile(at('music', 'tagged.wav'), wavFile(cdAudio(44_100 * 4, 3), { after: [infoChunk({ title: 'From The Tag' })] }));
    soxTone(at('music', 'album', 'three.wav'), 5);
    tool('flac', ['-s', '-f', at('music', 'album', 'three.wav'), '-o', at('music', 'album', 'three.flac')]);
  });
  after(() => dir.remove());

  const playlist = [
    '#EXTM3U',
    '#EXTINF:6,Band - Second Song',
    'album/two.wav',
    '',
    '#EXTINF:5,Band - First Song',
    'album\\one.wav',
    '#EXTINF:4,Not Used',
    'tagged.wav',
    'album/three.flac',
  ].join('\r\n');

  it('expands to its entries in order, relative to the playlist, with #EXTINF titles where the file has no title tag', async () => {
    await writeFile(at('music', 'mix.m3u8'), '\uFEFF' + playlist);
    const result = await runCli(['--gap', '0', '--image', at('out', 'mix.cue'), at('music', 'mix.m3u8')]);
    assert.equal(result.code, 0, result.stderr);
    const cue = await readFile(at('out', 'mix.cue'), 'latin1');
    const titles = [...cue.matchAll(/^ {4}TITLE "(.*)"$/gm)].map((m) => m[1]);
    assert.deepEqual(titles, ['Band - Second Song', 'Band - First Song', 'From The Tag', 'three']);
    assert.deepEqual(index01Sectors(cue), [0, 450, 825, 1125]);
  });

  it('works as the --files-from list', async () => {
    await writeFile(at('music', 'mix.m3u'), playlist);
    const result = await runCli(['plan', '--files-from', at('music', 'mix.m3u')]);
    assert.equal(result.code, 0, result.stderr);
    const files = [...result.stdout.matchAll(/^\d\d +(\S+)/gm)].map((m) => m[1]);
    assert.deepEqual(files, ['two.wav', 'one.wav', 'tagged.wav', 'three.flac']);
  });

  it('a missing entry is an input error naming the playlist line; nothing is written', async () => {
    await writeFile(at('music', 'broken.m3u'), '#EXTM3U\nalbum/one.wav\n#EXTINF:3,Gone\nalbum/gone.mp3\n');
    const result = await runCli(['--image', at('out', 'broken.cue'), at('music', 'broken.m3u')]);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /broken\.m3u: line 4: album\/gone\.mp3: no such file/);
    assert.deepEqual((await readdir(at('out'))).filter((name) => name.startsWith('broken')), []);
  });

  it('a file:// URL naming another computer is an input error naming the playlist line, not a crash', async () => {
    await writeFile(at('music', 'share.m3u'), '#EXTM3U\nalbum/one.wav\nfile://server/share/two.wav\n');
    const result = await runCli(['plan', at('music', 'share.m3u')]);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /share\.m3u: line 3: file:\/\/server\/share\/two\.wav: not a file on this computer/);
  });
});
