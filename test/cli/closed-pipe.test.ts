/**
 * A reader that goes away (`burn-audio --help | head -1`) ends the output, not the run. The
 * order is explicit: a shell holds the program back until the read end of its stdout is closed,
 * so every write the program makes meets a closed pipe (EPIPE).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BIN } from '../helpers/cli.js';
import { cdAudio, tempDir, wavFile } from '../helpers/wav.js';

/** Runs the CLI with its stdout already closed at the other end; resolves its exit code and stderr. */
function runWithClosedStdout(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', 'read go && exec "$0" "$@"', process.execPath, BIN, ...args], {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdout.destroy();
    child.stdin.end('go\n');
  });
}

describe('stdout closed by its reader', () => {
  let dir: { path: string; remove: () => Promise<void> };
  before(async () => {
    dir = await tempDir();
    await writeFile(join(dir.path, 'a.wav'), wavFile(cdAudio(5 * 44_100)));
  });
  after(() => dir.remove());

  it('--help ends quietly with exit 0', async () => {
    const { code, stderr } = await runWithClosedStdout(['--help'], dir.path);
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });

  it('plan ends quietly with exit 0', async () => {
    const { code, stderr } = await runWithClosedStdout(['plan', 'a.wav'], dir.path);
    assert.doesNotMatch(stderr, /EPIPE|Error/);
    assert.equal(code, 0);
  });

  it('an image run goes on to its end: the image is written and the exit code is 0', async () => {
    const { code, stderr } = await runWithClosedStdout(['--image', 'out.cue', 'a.wav'], dir.path);
    assert.doesNotMatch(stderr, /EPIPE/);
    assert.equal(code, 0);
    assert.equal((await stat(join(dir.path, 'out.bin'))).size, 5 * 44_100 * 4);
  });
});
