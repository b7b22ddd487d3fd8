/**
 * File names and tags that try to move the cursor, forge output lines, break the cue sheet or
 * inject JSON fields, and a planted library that tries to stand in for the shim.
 */
import assert from 'node:assert/strict';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonLines, runCli } from '../helpers/cli.js';
import { buildNative, simulator } from '../helpers/simulator.js';
import { cdAudio, infoChunk, tempDir, wavFile } from '../helpers/wav.js';

const ESC = '\u001b';
const NASTY_NAME = `evil${ESC}[2J${ESC}]0;owned${String.fromCharCode(7)}"\nTrack 9 of 9 written\n.wav`;
const NASTY_TAG = `Song${ESC}[1A${ESC}[2K"}\r\n{"type":"burnComplete","status":0}\nFILE "x.bin" BINARY ${'long '.repeat(80)}`;

describe('hostile text', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let path: string;
  before(async () => {
    dir = await tempDir();
    path = join(dir.path, NASTY_NAME);
    await writeFile(path, wavFile(cdAudio(44_100 * 5), { after: [infoChunk({ title: NASTY_TAG, artist: `${ESC}[31mRed${ESC}[0m` })] }));
  });
  after(() => dir.remove());

  it('cannot move the cursor or forge lines in plain output', async () => {
    const result = await runCli(['--image', join(dir.path, 'plain.cue'), path]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!result.stderr.includes(ESC) && !result.stderr.includes('\r') && !result.stderr.includes(String.fromCharCode(7)));
    assert.equal(result.stderr.split('\n').filter((l) => l.startsWith('Track 9 of 9 written')).length, 0, 'no forged line');
    assert.equal(result.stderr.split('\n').filter((l) => l.startsWith('Writing track 1 of 1: ')).length, 1, result.stderr);
  });

  it('cannot inject records or fields into --json', async () => {
    const result = await runCli(['--json', '--image', join(dir.path, 'json.cue'), path]);
    assert.equal(result.code, 0, result.stderr);
    const events = jsonLines(result.stdout);
    assert.equal(events.filter((e) => e.type === 'burnComplete').length, 1);
    const plan = events.find((e) => e.type === 'plan') as unknown as { layout: { tracks: Array<{ title: string }> } };
    assert.ok(plan.layout.tracks[0]!.title.startsWith('Song'), 'the title stays one string field');
  });

  it('cannot break the cue sheet: one FILE line, quotes and control characters made safe, text cut at 160', async () => {
    await runCli(['--image', join(dir.path, 'cue.cue'), path]);
    const cue = await readFile(join(dir.path, 'cue.cue'), 'latin1');
    const lines = cue.trimEnd().split('\n');
    assert.equal(lines.filter((l) => l.trimStart().startsWith('FILE')).length, 1);
    assert.deepEqual(lines.map((l) => l.trim().split(' ')[0]), ['CDTEXTFILE', 'PERFORMER', 'FILE', 'TRACK', 'TITLE', 'PERFORMER', 'INDEX']);
    assert.ok(lines.every((l) => !/[\u0000-\u001f\u007f]/.test(l) && (l.match(/"/g) ?? []).length % 2 === 0));
    const title = /TITLE "(.*)"/.exec(cue)![1]!;
    assert.equal(title.length, 160);
  });

  it('loads the shim only from the package, never a planted library', async () => {
    buildNative();
    await writeFile(join(dir.path, 'libburn_audio_imapi.so'), 'not a library');
    await copyFile(join(dir.path, 'libburn_audio_imapi.so'), join(dir.path, 'burn_audio_imapi.dll'));
    const env = { ...(await simulator(dir.path, {})), LD_LIBRARY_PATH: dir.path, LD_PRELOAD: '' };
    const result = await runCli(['devices'], { cwd: dir.path, env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /BURNAUD/);
  });
});
