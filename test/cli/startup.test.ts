/**
 * What the program loads to start: `--version` answers before the command-line parser loads,
 * and a plan of WAVs whose only tags are LIST/INFO never loads the tag reader.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { jsonLines, runCli } from '../helpers/cli.js';
import { cdAudio, chunk, id3Title, infoChunk, tempDir, wavFile } from '../helpers/wav.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('start-up', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let hook: string;
  before(async () => {
    dir = await tempDir();
    // A module hook that reports every module resolved, on stderr.
    hook = join(dir.path, 'report-modules.mjs');
    await writeFile(
      hook,
      `import { register } from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent('export async function resolve(s, c, n) { const r = await n(s, c); process.stderr.write("module: " + r.url + "\\\\n"); return r; }'));\n`,
    );
  });
  after(() => dir.remove());

  /** The modules of this package and of its dependencies a run loaded, relative to the package. */
  async function loaded(args: string[]): Promise<{ modules: string[]; stdout: string; code: number | null }> {
    const result = await runCli(args, { env: { NODE_OPTIONS: `--import=${hook}` } });
    const modules = [...new Set([...result.stderr.matchAll(/^module: file:\/\/(.*)$/gm)].map((m) => m[1]!))]
      .filter((path) => path.startsWith(ROOT) && path !== hook)
      .map((path) => path.slice(ROOT.length));
    return { modules, stdout: result.stdout, code: result.code };
  }

  it('--version and -V print the version having loaded only the entry point', async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = await loaded([flag]);
      assert.equal(run.code, 0);
      assert.equal(run.stdout, `${version}\n`);
      assert.deepEqual(run.modules.sort(), ['bin/burn-audio.js', 'dist/src/cli/main.js', 'dist/src/cli/version.js', 'dist/src/standalone.js']);
    }
  });

  it('plan reads LIST/INFO tags without music-metadata, and loads it for a WAV with an id3 chunk', async () => {
    const info = join(dir.path, 'info.wav');
    const id3 = join(dir.path, 'id3.wav');
    await writeFile(info, wavFile(cdAudio(44100 * 4), { after: [infoChunk({ title: 'Info Song', artist: 'Info Band' })] }));
    await writeFile(id3, wavFile(cdAudio(44100 * 4), { after: [chunk('id3 ', id3Title('Id3 Song'))] }));
    const titles = (stdout: string): unknown[] => {
      const plan = jsonLines(stdout).find((e) => e.type === 'plan') as unknown as { layout: { tracks: Array<{ title: string; performer?: string }> } };
      return plan.layout.tracks.map((t) => [t.title, t.performer]);
    };
    const plain = await loaded(['--json', 'plan', info]);
    assert.equal(plain.code, 0);
    assert.deepEqual(titles(plain.stdout), [['Info Song', 'Info Band']]);
    assert.equal(plain.modules.some((m) => m.includes('node_modules/music-metadata')), false, plain.modules.join('\n'));
    const tagged = await loaded(['--json', 'plan', info, id3]);
    assert.equal(tagged.code, 0);
    assert.deepEqual(titles(tagged.stdout)[1], ['Id3 Song', undefined]);
    assert.ok(tagged.modules.some((m) => m.includes('node_modules/music-metadata')));
  });
});
