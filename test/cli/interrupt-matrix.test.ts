/**
 * SIGINT and SIGTERM at chosen points of an image run and of an IMAPI run: exit 130 or 143, no
 * image or disc, no temporary file, no standard-input spool, and the process ending by itself.
 * Each run is held at its point (BURN_AUDIO_PAUSE, or the simulator's pauseAtBlock) until it is
 * interrupted, so the signal lands there however fast the machine, and a run that ends at all
 * ended because of it.
 */
import assert from 'node:assert/strict';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonLines, pausedAt, runCli } from '../helpers/cli.js';
import { buildNative, simulator } from '../helpers/simulator.js';
import { encodeSamples, tempDir, wavFile, writeLongTrack, writeTracks } from '../helpers/wav.js';
import { sine } from '../helpers/signal.js';

type Backend = 'image' | 'imapi';
type Point = 'probing' | 'staging' | 'converting' | 'recording';
const POINTS: Array<{ backend: Backend; point: Point; event: string; inputs: 'many' | 'long' | 'hires' }> = [
  { backend: 'image', point: 'probing', event: '"probe"', inputs: 'many' },
  { backend: 'image', point: 'staging', event: '"addProgress"', inputs: 'long' },
  { backend: 'image', point: 'converting', event: '"addProgress"', inputs: 'hires' },
  { backend: 'imapi', point: 'probing', event: '"probe"', inputs: 'many' },
  { backend: 'imapi', point: 'staging', event: '"addProgress"', inputs: 'long' },
  { backend: 'imapi', point: 'converting', event: '"addProgress"', inputs: 'hires' },
  { backend: 'imapi', point: 'recording', event: '"blockProgress"', inputs: 'long' },
];

/** The run went no further than `point`, as the events it sent tell. */
function assertStoppedAt(point: Point, events: ReturnType<typeof jsonLines>): void {
  const types = new Set(events.map((e) => e.type));
  if (point === 'probing') {
    assert.equal(events.filter((e) => e.type === 'probe').length, 1, 'stopped after the first input was probed');
    assert.ok(!types.has('plan'), 'nothing planned');
  } else if (point === 'recording') {
    assert.deepEqual(events.filter((e) => e.type === 'burnComplete').map((e) => e.status), [0x8004020d - 2 ** 32], 'the burn stopped by IMAPI_E_USERABORT');
  } else {
    const staged = events.filter((e) => e.type === 'addProgress');
    assert.ok(staged.length > 0 && staged.at(-1)!.completed! < staged.at(-1)!.total!, 'stopped part of the way through staging');
    assert.ok(!types.has('preparingBurn'), 'nothing recorded');
  }
}

describe('interrupts at every point', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let inputs: Record<'many' | 'long' | 'hires', string[]>;
  before(async () => {
    buildNative();
    dir = await tempDir();
    await mkdir(join(dir.path, 'in'));
    const many = await writeTracks(join(dir.path, 'in'), Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`m${i}.wav`, 4])));
    const long = join(dir.path, 'in', 'long.wav');
    await writeLongTrack(long, 20);
    const hires = join(dir.path, 'in', 'hires.wav');
    const wave = sine(96_000 * 10, 96_000, 1_000, 0.5);
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
        // Recording is held at block 300 until cancelled (its first blockProgress comes before); staging and probing until interrupted.
        const pause = { block: 300, reached: join(dir.path, 'reached'), resume: join(dir.path, 'never') };
        const env = backend === 'imapi' ? await simulator(out, { recorders: [{ speed: 4, ...(point === 'recording' ? { pauseAtBlock: pause } : {}) }] }) : {};
        const held = point === 'recording' ? {} : pausedAt(point === 'probing' ? 'probing' : 'staging');
        const target = backend === 'image' ? ['--image', join(out, 'd.cue')] : [];
        let sent = false;
        const result = await runCli(['--json', ...target, ...inputs[which]], {
          env: { ...env, ...held, TMPDIR: tmp },
          onStdout: (child, text) => {
            if (!sent && text.includes(event)) {
              sent = true;
              child.kill(signal);
            }
          },
        });
        assert.ok(sent, `reached ${point}`);
        assertStoppedAt(point, jsonLines(result.stdout));
        assert.equal(result.code, code, result.stderr);
        assert.match(result.stderr, new RegExp(`interrupted by ${signal}`));
        assert.deepEqual((await readdir(out)).filter((f) => !f.startsWith('sim.json')), [], 'no image, disc or temporary file');
        assert.deepEqual(await readdir(tmp), [], 'nothing in TMPDIR');
      });
    }
  }
});
