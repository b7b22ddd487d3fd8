import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { soxTone, tool } from '../helpers/codecs.js';
import { oggPages, resealPage } from '../helpers/ogg.js';
import { tempDir } from '../helpers/wav.js';

describe('Ogg pages the reference decoders drop', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const at = (name: string): string => join(dir.path, name);
  before(async () => {
    dir = await tempDir();
    soxTone(at('tone.wav'), 3);
    tool('oggenc', ['-Q', at('tone.wav'), '-o', at('tone.ogg')]);
    tool('opusenc', ['--quiet', at('tone.wav'), at('tone.opus')]);
  });
  after(() => dir.remove());

  it('a page whose stream structure version is not 0 (RFC 3533) is damage naming the page: exit 3, nothing written', async () => {
    await mkdir(at('none'));
    for (const name of ['tone.ogg', 'tone.opus']) {
      const pages = oggPages(await readFile(at(name)));
      pages[2]![4] = 2;
      resealPage(pages[2]!);
      const file = at(`version-${name}`);
      await writeFile(file, Buffer.concat(pages));
      const byte = pages[0]!.length + pages[1]!.length;
      const result = await runCli(['--image', at('none/d.cue'), file]);
      assert.equal(result.code, 3, result.stderr);
      assert.ok(result.stderr.includes(`version-${name}: damaged Ogg: the page at byte ${byte} (near 0:00) has stream structure version 2, not 0; the file is corrupted`), result.stderr);
      assert.deepEqual(await readdir(at('none')), []);
    }
  });
});
