import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonLines, pausedAt, runCli } from '../helpers/cli.js';
import { tempDir, writeLongTrack } from '../helpers/wav.js';

describe('interrupting an image burn', () => {
  let dir: { path: string; remove: () => Promise<void> };
  before(async () => {
    dir = await tempDir();
    await writeLongTrack(join(dir.path, 'long.wav'), 20);
  });
  after(() => dir.remove());

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal} while staging exits ${code} and leaves no image and no temporary file`, async () => {
      let sent = false;
      const result = await runCli(['--json', '--image', 'disc.cue', 'long.wav'], {
        cwd: dir.path,
        env: pausedAt('staging'),
        onStdout: (child, text) => {
          if (!sent && text.includes('"addProgress"')) {
            sent = true;
            child.kill(signal);
          }
        },
      });
      assert.ok(sent, 'staging began');
      assert.equal(result.code, code, result.stderr);
      const events = jsonLines(result.stdout);
      assert.ok(!events.some((e) => e.type === 'burnComplete'), 'the burn did not complete');
      assert.deepEqual(events.at(-1), { type: 'error', code, message: `interrupted by ${signal}; stopped before recording; nothing was written` });
      assert.deepEqual(await readdir(dir.path), ['long.wav']);
    });
  }

  it('removes its temporary files when the image cannot be put in place', async () => {
    let blocked = false;
    const resume = join(dir.path, '..', `resume-${process.pid}`);
    const result = await runCli(['--json', '--image', 'disc.cue', 'long.wav'], {
      cwd: dir.path,
      env: pausedAt('staging', resume),
      onStdout: (_child, text) => {
        if (!blocked && text.includes('"addProgress"')) {
          blocked = true;
          mkdirSync(join(dir.path, 'disc.bin')); // a folder now stands where the BIN must go
          void writeFile(resume, ''); // then staging goes on
        }
      },
    });
    assert.ok(blocked);
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /cannot write the image .*nothing was left behind/);
    assert.deepEqual((await readdir(dir.path)).sort(), ['disc.bin', 'long.wav']);
    await rmdir(join(dir.path, 'disc.bin'));
    await rm(resume);
  });
});
