/**
 * SIGINT and SIGTERM at chosen points of an image run and of an IMAPI run: exit 130 or 143, no
 * image or disc, no temporary file, no standard-input spool, and the process ending by itself.
 */
import assert from 'node:assert/strict';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { buildNative, simulator } from '../helpers/simulator.js';
import { encodeSamples, tempDir, wavFile, writeLongTrack, writeTracks } from '../helpers/wav.js';
import { sine } from '../helpers/signal.js';

type Backend = 'image' | 'imapi';
const POINTS: Array<{ backend: Backend; point: string; event: string; inputs: 'many' | 'long' | 'hires' }> = [
  { backend: 'image', point: 'probing', event: '"probe"', inputs: 'many' },
  { backend: 'image', point: 'staging', event: '"addProgress"', inputs: 'long' },
  { backend: 'image', point: 'converting', event: '"addProgress"', inputs: 'hires' },
  { backend: 'imapi', point: 'probing', event: '"probe"', inputs: 'many' },
  { backend: 'imapi', point: 'staging', event: '"addProgress"', inputs: 'long' },
  { backend: 'imapi', point: 'converting', event: '"addProgress"', inputs: 'hires' },
  { backend: 'imapi', point: 'recording', event: '"blockProgress"', inputs: 'long' },
];

describe('interrupts at every point', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let inputs: Record<'many' | 'long' | 'hires', string[]>;
  before(async () => {
    buildNative();
    dir = await tempDir();
    await mkdir(join(dir.path, 'in'));
    const many = await writeTracks(join(dir.path, 'in'), Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`m${i}.wav`, 4])));
    const long = join(dir.path, 'in', 'long.wav');
    await writeLongTrack(long, 300);
    const hires = join(dir.path, 'in', 'hires.wav');
    const wave = sine(96_000 * 60, 96_000, 1_000, 0.5);
    await writeFile(hires, wavFile(encodeSamples([wave, wave], { bitsPerSample: 24 }), { sampleRate: 96_000, bitsPerSample: 24 }));
    inputs = { many: many.map((t) => t.path), long: [long], hires: [hires] };
  });
  after(() => dir.remove());

  for (const { backend, point, event, inputs: which } of POINTS) {
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      it(`${backend}, ${signal} while ${point}: exit ${code}, nothing left behind`, async () => {
        const out = join(dir.path, 'out');
        const tmp = join(dir.path, 'tmp');
        for (const folder of [out, tmp]) {
          await rm(folder, { recursive: true, force: true });
          await mkdir(folder);
        }
        const env = backend === 'imapi' ? await simulator(out, { timeScale: 0.05, recorders: [{ speed: 4 }] }) : {};
        const target = backend === 'image' ? ['--image', join(out, 'd.cue')] : [];
        let sent = false;
        const started = Date.now();
        const result = await runCli(['--json', ...target, ...inputs[which]], {
          env: { ...env, TMPDIR: tmp },
          onStdout: (child, text) => {
            if (!sent && text.includes(event)) {
              sent = true;
              child.kill(signal);
            }
          },
        });
        assert.ok(sent, `reached ${point}`);
        assert.equal(result.code, code, result.stderr);
        assert.match(result.stderr, new RegExp(`interrupted by ${signal}`));
        assert.ok(Date.now() - started < 20_000, 'ended by itself');
        assert.deepEqual((await readdir(out)).filter((f) => !f.startsWith('sim.json')), [], 'no image, disc or temporary file');
        assert.deepEqual(await readdir(tmp), [], 'nothing in TMPDIR');
      });
    }
  }
});
