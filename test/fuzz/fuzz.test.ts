/**
 * The fixed-seed part of the fuzzer that `npm test` runs: a few hundred mutated inputs of every
 * format, the same cases on every run. `npm run fuzz` runs the long campaign (campaign.ts).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fuzz } from './suite.js';

fuzz({
  seed: 0x5eed2026,
  cases: { wav: 600, flac: 200, mp3: 200, vorbis: 200, opus: 200, cue: 600, m3u: 200 },
  caseMs: 10_000,
  findingsDir: join(fileURLToPath(new URL('../../../', import.meta.url)), 'fuzz-findings', 'npm-test'),
  everyFinding: false,
});
