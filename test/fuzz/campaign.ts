/**
 * `npm run fuzz`: a bounded fuzzing run, 10,000 cases spread over the formats by default.
 * FUZZ_CASES sets the number, FUZZ_SEED the run's seed (hex; random by default, printed),
 * FUZZ_FORMATS limits it to some formats (e.g. flac,mp3), FUZZ_REPLAY runs the cases named
 * (e.g. flac:1a2b3c4d, as each finding prints), FUZZ_CASE_MS sets the time limit of a case,
 * FUZZ_FINDINGS the folder the failing inputs go to (fuzz-findings/<seed>/ by default).
 */
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMATS, fuzz } from './suite.js';

const env = process.env;
const seed = env.FUZZ_SEED ? Number.parseInt(env.FUZZ_SEED, 16) >>> 0 : randomInt(2 ** 32);
const total = Number(env.FUZZ_CASES ?? 10_000);
const formats = env.FUZZ_FORMATS ? FORMATS.filter((f) => env.FUZZ_FORMATS!.split(',').includes(f.id)) : FORMATS;
const cases = Object.fromEntries(formats.map((f, i) => [f.id, Math.floor(total / formats.length) + (i < total % formats.length ? 1 : 0)]));
const root = fileURLToPath(new URL('../../../', import.meta.url));

fuzz({
  seed,
  cases,
  replay: env.FUZZ_REPLAY?.split(',').map((id) => {
    if (!/^[a-z0-9]+:[0-9a-f]{1,8}$/.test(id.trim())) throw new Error(`FUZZ_REPLAY: ${id} is not <format>:<case seed>, e.g. flac:1a2b3c4d`);
    return id.trim();
  }),
  caseMs: Number(env.FUZZ_CASE_MS ?? 10_000),
  findingsDir: env.FUZZ_FINDINGS ?? join(root, 'fuzz-findings', seed.toString(16).padStart(8, '0')),
  everyFinding: true,
});
