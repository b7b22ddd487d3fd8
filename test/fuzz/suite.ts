/**
 * Structure-aware fuzzing of every input burn-audio reads. Seeds are generated, mutated by the
 * format's operators, and run in this process through the code `burn-audio --image` runs. Each
 * case must end in an image (exit 0) or an input error (exit 3) naming the file, within a time
 * limit, leaving nothing but the image behind; a compressed file the reference decoder refuses
 * must not become an image, and no decoder may give NaN or infinite samples.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Codec } from '../../src/audio/codec-headers.js';
import { tempDir } from '../helpers/wav.js';
import { FLAC_OPERATORS } from './flac.js';
import { KNOWN_FINDINGS, type FindingKind, type KnownFinding } from './known-findings.js';
import { MP3_OPERATORS } from './mp3.js';
import { mutate, type Mutation, type Operators } from './mutation.js';
import { OGG_OPERATORS } from './ogg.js';
import { burnInProcess, inspectDecoded, referenceDecode, type Outcome, type ReferenceVerdict } from './oracle.js';
import { caseSeed, Random } from './random.js';
import { makeSeeds, type BinarySeed, type Seeds, type TextSeed } from './seeds.js';
import { mutateText, type TextKind } from './text.js';
import { WAV_OPERATORS } from './wav.js';

interface Format {
  /** How FUZZ_REPLAY and FUZZ_FORMATS name it. */
  id: string;
  name: keyof Omit<Seeds, 'files'>;
  operators?: Operators;
  codec?: Codec;
}

export const FORMATS: readonly Format[] = [
  { id: 'wav', name: 'WAV', operators: WAV_OPERATORS },
  { id: 'flac', name: 'FLAC', operators: FLAC_OPERATORS, codec: 'FLAC' },
  { id: 'mp3', name: 'MP3', operators: MP3_OPERATORS, codec: 'MP3' },
  { id: 'vorbis', name: 'Ogg Vorbis', operators: OGG_OPERATORS, codec: 'Ogg Vorbis' },
  { id: 'opus', name: 'Opus', operators: OGG_OPERATORS, codec: 'Opus' },
  { id: 'cue', name: 'cue sheet' },
  { id: 'm3u', name: 'playlist' },
];

export interface FuzzPlan {
  seed: number;
  /** Cases per format id. */
  cases: Record<string, number>;
  /** Only these cases, as `format:seed` (FUZZ_REPLAY). */
  replay?: string[];
  caseMs: number;
  /** Where failing inputs are written (git ignores fuzz-findings/). */
  findingsDir: string;
  /** Print and keep known findings too, not only unexpected ones. */
  everyFinding: boolean;
}

interface Finding {
  format: string;
  kind: FindingKind;
  /** What was found, the work folder's name left out. */
  detail: string;
  /** The detail without numbers: findings with the same signature are one finding. */
  signature: string;
  id: string;
  mutation: string;
  outcome: string;
  reference?: string;
  bytes: Buffer;
  ext: string;
  known?: KnownFinding;
}

interface Tally {
  cases: number;
  images: number;
  refused: number;
  referenceFailed: number;
  referenceWarned: number;
  /** burn-audio refused a file its reference decoder read without a word. */
  stricter: number;
  /** The reference decoder warned and burn-audio made an image (allowed; see the README). */
  acceptedWarned: number;
}

/**
 * Where the cases run: a memory file system where there is one (every image is flushed to disk
 * before it is renamed into place, and thousands of them would wear and wait on a real disk).
 */
function workBase(): string {
  return process.env.FUZZ_TMPDIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
}

const hex = (n: number): string => n.toString(16).padStart(8, '0');
/** Live lines go to stderr: node's test runner carries a test file's stdout mixed with its own frames, and can drop lines of it. */
const say = (line: string): void => void process.stderr.write(`# ${line}\n`);

/** The first line of `text` without the work folder's name. */
function unfolder(text: string, work: string): string {
  return text.split(work).join('<dir>').split('\n')[0]!.slice(0, 400);
}

/** Numbers and case names taken out, so findings that differ only in them group together. */
function signature(detail: string): string {
  return detail.replace(/case-[0-9a-f]{8}/g, 'case').replace(/\b\d+(\.\d+)?\b/g, '#');
}

export function fuzz(plan: FuzzPlan): void {
  describe(`fuzzing (seed ${hex(plan.seed)})`, () => {
    let work: { path: string; remove: () => Promise<void> };
    let seeds: Seeds;
    const at = (...names: string[]): string => join(work.path, ...names);
    const findings: Finding[] = [];

    before(async () => {
      work = await tempDir(workBase());
      await Promise.all(['inputs', 'out', 'ref'].map((name) => mkdir(at(name))));
      seeds = await makeSeeds(at('inputs'));
      const counts = FORMATS.map((f) => `${f.id} ${plan.cases[f.id] ?? 0}`).join(', ');
      say(`fuzz seed ${hex(plan.seed)} (FUZZ_SEED=${hex(plan.seed)}): ${plan.replay ? `replaying ${plan.replay.join(', ')}` : counts}`);
      say('replay one case with FUZZ_REPLAY=<format>:<case seed> npm run fuzz');
    });

    after(async () => {
      await writeFindings(findings, plan);
      await work.remove();
    });

    /** A case burned, its leftovers checked, its reference decoder perhaps still running. */
    interface Started {
      format: Format;
      id: string;
      input: Mutation;
      ext: string;
      file: string;
      outcome: Outcome;
      reference?: Promise<ReferenceVerdict>;
      after: { left: string[]; strayInputs: string[]; decoded?: { frames: number; nonFinite: number } };
    }

    /**
     * Runs one input through burn-audio while its reference decoder decodes it. `earlier` is the
     * file of the case before, whose reference decoder may still be reading it.
     */
    async function startCase(format: Format, id: string, input: Mutation, ext: string, earlier?: string): Promise<Started> {
      const file = at('inputs', `case-${id.split(':')[1]}${ext}`);
      await writeFile(file, input.bytes);
      const reference = format.codec ? referenceDecode(format.codec, file, at('ref', `${basename(file)}.wav`), plan.caseMs) : undefined;
      const outcome = await burnInProcess([file], at('out', 'disc.cue'), plan.caseMs);
      const left = (await readdir(at('out'))).sort();
      const inputs = await readdir(at('inputs'));
      const decoded = outcome.code === 0 && format.codec ? await inspectDecoded(file) : undefined;
      await Promise.all(left.map((name) => rm(at('out', name), { recursive: true, force: true })));
      const expected = new Set([...seeds.files, basename(file), ...(earlier ? [basename(earlier)] : [])]);
      return { format, id, input, ext, file, outcome, reference, after: { left, strayInputs: inputs.filter((name) => !expected.has(name)), decoded } };
    }

    /** Waits for the reference decoder of a started case and judges what happened. */
    async function finishCase(started: Started, tally?: Tally): Promise<{ findings: Finding[]; verdict?: ReferenceVerdict }> {
      const { format, id, input, ext, file, outcome } = started;
      const verdict = await started.reference;
      await rm(file);
      const judged = judge(format, outcome, verdict, { ...started.after, file });
      if (tally) count(tally, outcome, verdict);
      if (outcome.code === 3 && !tally) judged.push({ kind: 'refuses a valid file', detail: unfolder(outcome.message, work.path) });
      const findings = judged.map(({ kind, detail }): Finding => {
        const known = KNOWN_FINDINGS.find((k) => k.format === format.name && k.kind === kind && k.detail.test(detail) && (k.mutation?.test(input.what) ?? true));
        const reference = verdict && `${verdict.tool}: ${verdict.status}${verdict.detail ? ` (${verdict.detail})` : ''}`;
        return { format: format.name, kind, detail, signature: signature(detail), id, mutation: input.what, outcome: describeOutcome(outcome), reference, bytes: input.bytes, ext, known };
      });
      return { findings, verdict };
    }

    function judge(format: Format, outcome: Outcome, verdict: ReferenceVerdict | undefined, after: { left: string[]; strayInputs: string[]; decoded?: { frames: number; nonFinite: number }; file: string }): Array<{ kind: FindingKind; detail: string }> {
      const found: Array<{ kind: FindingKind; detail: string }> = [];
      const add = (kind: FindingKind, detail: string): void => void found.push({ kind, detail: unfolder(detail, work.path) });
      if (outcome.crash) add('crash', outcome.crash);
      else if (outcome.hung) add('hang', outcome.message);
      else if (outcome.code !== 0 && outcome.code !== 3) add('wrong exit code', `exit ${outcome.code}: ${outcome.message}`);
      // An image with CD-TEXT (tags, a sheet's titles) has its packs beside it.
      const image = outcome.code !== 0 ? [] : after.left.includes('disc.cdt') ? ['disc.bin', 'disc.cdt', 'disc.cue'] : ['disc.bin', 'disc.cue'];
      if (after.left.join() !== image.join() || after.strayInputs.length > 0) add('files left behind', [...after.left.filter((n) => !image.includes(n)), ...after.strayInputs].join(', ') || `no image: ${after.left.join(', ')}`);
      // A cue sheet's or playlist's error may name a file it lists rather than itself.
      const names = outcome.message.includes(basename(after.file)) || (!format.operators && /^\S*\//.test(outcome.message));
      if (outcome.code === 3 && !outcome.layout && !names) add('message names no file', outcome.message);
      if (outcome.code === 0 && (verdict?.status === 'failed' || verdict?.status === 'damaged')) add('image of a file the reference decoder fails on', `${verdict.tool}: ${verdict.status}: ${verdict.detail}`);
      const decoded = after.decoded;
      if (decoded && decoded.nonFinite > 0) add('non-finite samples', `${decoded.nonFinite} samples are NaN or infinite`);
      const agreed = verdict?.status === 'ok' || verdict?.status === 'warned';
      if (decoded && agreed && verdict.frames !== undefined && verdict.frames !== decoded.frames) add('length differs from the reference decoder', `burn-audio decodes ${decoded.frames} sample frames, ${verdict.tool} ${verdict.frames}`);
      return found;
    }

    function report(found: Finding[]): void {
      for (const finding of found) {
        findings.push(finding);
        if (finding.known && !plan.everyFinding) continue;
        say(`${finding.known ? 'known finding' : 'FINDING'} ${finding.format} (FUZZ_REPLAY=${finding.id}): ${finding.kind}: ${finding.detail}`);
        say(`  mutation: ${finding.mutation}`);
        say(`  burn-audio: ${finding.outcome}${finding.reference ? `; reference: ${finding.reference}` : ''}`);
      }
    }

    it('every seed, unmutated, becomes an image, and its reference decoder reads it', async () => {
      const found: Finding[] = [];
      for (const format of FORMATS) {
        for (const seed of seeds[format.name]) {
          const bytes = 'bytes' in seed ? seed.bytes : Buffer.from(seed.text, seed.encoding);
          const started = await startCase(format, `${format.id}:${basename(seed.name, extname(seed.name))}`, { bytes, what: `none (the seed ${seed.name})` }, extname(seed.name));
          const { findings, verdict } = await finishCase(started);
          assert.ok(verdict === undefined || verdict.status === 'ok', `${seed.name}: the reference decoder does not read the seed cleanly: ${verdict?.detail}`);
          report(findings);
          found.push(...findings);
        }
      }
      assert.deepEqual(found.filter((f) => !f.known).map((f) => `${f.mutation}: ${f.kind}: ${f.detail}`), []);
    });

    for (const format of FORMATS) {
      const replays = (plan.replay ?? []).filter((r) => r.split(':')[0] === format.id);
      const cases = plan.replay ? replays.length : plan.cases[format.id] ?? 0;
      if (cases === 0) continue;
      it(`${format.name}: ${cases} mutated case${cases === 1 ? '' : 's'}, each ending in an image or exit 3 as the reference decoder allows, with nothing left behind`, async () => {
        const tally: Tally = { cases: 0, images: 0, refused: 0, referenceFailed: 0, referenceWarned: 0, stricter: 0, acceptedWarned: 0 };
        const startedAt = Date.now();
        const cpu = process.cpuUsage();
        const found: Finding[] = [];
        const finish = async (done: Started): Promise<void> => {
          const { findings: results, verdict } = await finishCase(done, tally);
          if (plan.replay) say(`${done.id}: ${done.input.what} → burn-audio ${describeOutcome(done.outcome)}${verdict ? `; ${verdict.tool}: ${verdict.status} ${verdict.detail}` : ''}`);
          report(results);
          found.push(...results);
        };
        // One case's reference decoder runs on while the next case burns: this process never waits on it.
        let pending: Started | undefined;
        for (let i = 0; i < cases; i += 1) {
          const seed = replays[i] ? Number.parseInt(replays[i]!.split(':')[1]!, 16) : caseSeed(plan.seed, FORMATS.indexOf(format), i);
          const { input, ext } = makeCase(format, seed);
          const next = await startCase(format, `${format.id}:${hex(seed)}`, input, ext, pending?.file);
          if (pending) await finish(pending);
          pending = next;
        }
        if (pending) await finish(pending);
        const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
        const { user, system } = process.cpuUsage(cpu);
        const here = ((user + system) / 1e6).toFixed(1);
        const reference = format.codec ? `; the reference decoder refused or lost audio in ${tally.referenceFailed} and only warned on ${tally.referenceWarned} (${tally.acceptedWarned} of those became images); burn-audio refused ${tally.stricter} it read without a word` : '';
        say(`${format.name}: ${tally.cases} case${tally.cases === 1 ? '' : 's'} in ${seconds} s (${here} s of CPU in this process): ${tally.images} images, ${tally.refused} refused with exit 3${reference}; ${found.length} findings, ${found.filter((f) => !f.known).length} unexpected`);
        const unexpected = found.filter((f) => !f.known);
        assert.deepEqual(unexpected.map((f) => `${f.id}: ${f.kind}: ${f.detail}`), []);
      });
    }

    function makeCase(format: Format, seed: number): { input: Mutation; ext: string } {
      const rnd = new Random(seed);
      const pool: ReadonlyArray<BinarySeed | TextSeed> = seeds[format.name];
      const chosen = rnd.pick(pool);
      if ('bytes' in chosen) return { input: mutate(chosen.bytes, rnd, format.operators!), ext: extname(chosen.name) };
      const context = { kind: format.name as TextKind, files: seeds.files, dir: at('inputs'), self: `case-${hex(seed)}${extname(chosen.name)}` };
      return { input: mutateText(chosen, rnd, context), ext: extname(chosen.name) };
    }
  });
}

function count(tally: Tally, outcome: Outcome, verdict: ReferenceVerdict | undefined): void {
  tally.cases += 1;
  if (outcome.code === 0) tally.images += 1;
  if (outcome.code === 3) tally.refused += 1;
  if (verdict?.status === 'failed' || verdict?.status === 'damaged') tally.referenceFailed += 1;
  if (verdict?.status === 'warned') tally.referenceWarned += 1;
  if (verdict?.status === 'warned' && outcome.code === 0) tally.acceptedWarned += 1;
  if (verdict?.status === 'ok' && outcome.code === 3) tally.stricter += 1;
}

function describeOutcome(outcome: Outcome): string {
  if (outcome.crash) return `crashed: ${outcome.crash.split('\n').slice(1, 6).join(' | ')}`;
  if (outcome.hung) return outcome.message;
  return outcome.code === 0 ? 'exit 0, an image' : `exit ${outcome.code}: ${outcome.message}`;
}

/** Keeps the inputs of findings (a few of each kind) with what was found, and a summary of them all. */
async function writeFindings(findings: Finding[], plan: FuzzPlan): Promise<void> {
  const kept = findings.filter((f) => plan.everyFinding || !f.known);
  if (kept.length === 0) return;
  await mkdir(plan.findingsDir, { recursive: true });
  const groups = new Map<string, Finding[]>();
  for (const finding of kept) {
    const key = `${finding.format} | ${finding.kind} | ${finding.signature}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  const summary: string[] = [];
  for (const [key, group] of groups) {
    summary.push(`${key}: ${group.length} case${group.length === 1 ? '' : 's'}${group[0]!.known ? ` (known: ${group[0]!.known.why})` : ''}`);
    for (const finding of group.slice(0, 3)) {
      const name = finding.id.replace(':', '-');
      summary.push(`  FUZZ_REPLAY=${finding.id}: ${finding.mutation}`, `    burn-audio: ${finding.outcome}`, ...(finding.reference ? [`    reference: ${finding.reference}`] : []));
      await writeFile(join(plan.findingsDir, `${name}${finding.ext}`), finding.bytes);
    }
  }
  const ran = new Set<string>(FORMATS.filter((f) => (plan.cases[f.id] ?? 0) > 0).map((f) => f.name));
  const unused = KNOWN_FINDINGS.filter((k) => ran.has(k.format) && !findings.some((f) => f.known === k));
  if (unused.length > 0 && !plan.replay) summary.push('', 'Known findings that did not occur in this run:', ...unused.map((k) => `  ${k.format} | ${k.kind}: ${k.why}`));
  await writeFile(join(plan.findingsDir, 'summary.txt'), `${summary.join('\n')}\n`);
  say(`${kept.length} findings (${groups.size} distinct) written to ${plan.findingsDir}`);
}
