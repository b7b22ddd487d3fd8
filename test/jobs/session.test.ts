import assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { trackFacts } from '../../src/disc/text.js';
import { InputError } from '../../src/errors.js';
import { planDisc } from '../../src/disc/plan.js';
import { probeTracks } from '../../src/audio/probe.js';
import { ImageRecorder } from '../../src/recorders/image-recorder.js';
import { burnDisc } from '../../src/jobs/session.js';
import { soxTone, tool } from '../helpers/codecs.js';
import { tempDir } from '../helpers/wav.js';

describe('a source that fails while the image is written', () => {
  let dir: { path: string; remove: () => Promise<void> };
  before(async () => {
    dir = await tempDir();
    soxTone(join(dir.path, 'song.wav'), 8);
    tool('flac', ['-s', '-f', join(dir.path, 'song.wav'), '-o', join(dir.path, 'song.flac')]);
  });
  after(() => dir.remove());

  it('a damaged frame found mid-way is the input error and leaves nothing behind', async () => {
    const [track] = await probeTracks([{ path: join(dir.path, 'song.flac'), label: 'song.flac' }], { onEvent: () => {} });
    assert.ok(track);
    const { source } = track;
    // The file as it reads after the probe: the first pieces decode, then a frame does not.
    track.source = {
      ...source,
      async *read(from, to, chunkBytes) {
        let pieces = 0;
        for await (const piece of source.read(from, to, chunkBytes)) {
          if (pieces++ === 2) throw new InputError('song.flac', 'damaged FLAC: the audio cannot be decoded at 0:04.00', 'EDECODE');
          yield piece;
        }
      },
    };
    const out = join(dir.path, 'out');
    await mkdir(out);
    const layout = planDisc(trackFacts([track]), { gapSectors: 150, capacityMinutes: 80 });
    const recorder = new ImageRecorder(join(out, 'disc.cue'), layout, () => {});
    await assert.rejects(burnDisc(layout, [track], recorder, { simulate: false, eject: false }), (error) => error instanceof InputError && /0:04\.00/.test(error.message));
    assert.deepEqual(await readdir(out), []);
  });
});
