import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';

const SCRIPT = fileURLToPath(new URL('../../../scripts/import-graph.mjs', import.meta.url));

it('src/ has no import circle, type-only imports included', () => {
  const result = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /import circles: none/);
});
