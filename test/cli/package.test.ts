import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { tempDir, writeTracks } from '../helpers/wav.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the packed package, installed into an empty folder', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let bin: string;
  let files: string[];
  before(async () => {
    dir = await tempDir();
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir.path], { cwd: ROOT, stdio: 'ignore' });
    const tarball = (await readdir(dir.path)).find((f) => f.endsWith('.tgz'))!;
    files = execFileSync('tar', ['tzf', join(dir.path, tarball)], { encoding: 'utf8' }).trim().split('\n');
    await writeFile(join(dir.path, 'package.json'), '{"name":"empty","private":true}\n');
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${tarball}`], { cwd: dir.path, stdio: 'ignore' });
    bin = join(dir.path, 'node_modules', '.bin', 'burn-audio');
  });
  after(() => dir.remove());

  it("holds the compiled JavaScript and no sources, tests, Linux build, build scripts or burn-audio.exe's entry", () => {
    assert.ok(files.includes('package/bin/burn-audio.js'));
    assert.ok(files.includes('package/dist/src/cli/main.js'));
    assert.ok(!files.some((f) => f.endsWith('.ts') || f.includes('/test/') || f.endsWith('.so') || f.endsWith('.map')), files.join(', '));
    assert.ok(!files.some((f) => f.startsWith('package/dist/src/exe/') || f.startsWith('package/dist/scripts/') || f.endsWith('.exe')), files.join(', '));
  });

  it('runs --help from the install', () => {
    const result = spawnSync(bin, ['--help'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Usage: burn-audio/);
  });

  it('writes an image from the install', async () => {
    const [track] = await writeTracks(dir.path, { 'a.wav': 5 });
    const result = spawnSync(bin, ['--image', join(dir.path, 'disc.cue'), track!.path], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const image = await readFile(join(dir.path, 'disc.bin'));
    assert.ok(image.subarray(0, track!.audio.length).equals(track!.audio));
  });
});
