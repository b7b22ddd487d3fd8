/**
 * Reading a recorded disc back, through the CLI against the simulator (ffi-rs → shim → the
 * simulated drive reading back what it recorded): `--verify` on burns and batches, and
 * `verify -d` of a disc burned by an earlier process, with the drive offsets, the discs recorded
 * wrong and the sectors that fail to read that the simulator is configured with.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sourceChecksums } from '../helpers/checksums.js';
import { index01Sectors, jsonLines, pausedAt, runCli } from '../helpers/cli.js';
import { buildNative, simulator, type SimConfig } from '../helpers/simulator.js';
import { tempDir, writeLongTrack, writeTracks } from '../helpers/wav.js';

const SECTOR = 2352;

type Track = { number: number; status: string; differing: number; unreadable: number; runs: Array<{ time: string; kind: string }>; crc32: string; crc32NoNulls: string; accurateRipV1: string; accurateRipV2: string };
type Verified = { type: 'verified'; verified: boolean; sameLayout: boolean; toc: string[]; offset: { samples: number | null; note?: string }; reReads: number; unverifiableSamples: number; tracks: Track[] };

describe('reading the disc back (the simulator)', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let tmp: string;
  let runs = 0;
  before(async () => {
    buildNative();
    dir = await tempDir();
    tmp = join(dir.path, 'tmp');
    await mkdir(tmp);
  });
  after(() => dir.remove());

  /** A folder of its own, with three tracks 5, 6 and 4.5 s long, each unlike the others. */
  async function folder(): Promise<{ cwd: string; tracks: Array<{ path: string; audio: Buffer }> }> {
    const cwd = join(dir.path, `run-${(runs += 1)}`);
    await mkdir(cwd);
    return { cwd, tracks: await writeTracks(cwd, { 'one.wav': 5.01, 'two.wav': 6.3, 'three.wav': 4.5 }) };
  }

  async function run(cwd: string, args: string[], config: SimConfig & Record<string, unknown> = {}, name = 'sim.json') {
    const env = await simulator(cwd, config, name);
    const result = await runCli(args, { cwd, env: { ...env, TMPDIR: tmp } });
    const events = args.includes('--json') ? jsonLines(result.stdout) : [];
    return { result, events, verified: events.find((e) => e.type === 'verified') as unknown as Verified | undefined };
  }

  const paths = (tracks: Array<{ path: string }>): string[] => tracks.map((t) => t.path);
  const recorder = (extra: Record<string, unknown>) => ({ recorders: [{ vendor: 'BURNAUD', product: 'SIM CD-RW', ...extra }] });

  it('a disc-at-once burn read back with a +6 sample offset verifies exact and reports the offset; the checksums match the sources', async () => {
    const { cwd, tracks } = await folder();
    const { result, events, verified } = await run(cwd, ['--json', '--dao', '--verify', ...paths(tracks)], recorder({ readOffsetSamples: 6 }));
    assert.equal(result.code, 0, result.stderr);
    assert.ok(verified, result.stdout);
    assert.equal(verified.verified, true, JSON.stringify(verified));
    assert.equal(verified.offset.samples, 6);
    // The last 6 samples of the disc lie past its end at this offset: not read, not errors.
    assert.equal(verified.unverifiableSamples, 6);
    assert.deepEqual(verified.tracks.map((t) => t.status), ['exact', 'exact', 'exact']);
    assert.deepEqual(verified.tracks.map(({ crc32, crc32NoNulls, accurateRipV1, accurateRipV2 }) => ({ crc32, crc32NoNulls, accurateRipV1, accurateRipV2 })), sourceChecksums(tracks, 150));
    const types = events.map((e) => e.type);
    assert.ok(types.indexOf('done') < types.indexOf('verifyProgress') && types.indexOf('verifyProgress') < types.indexOf('verified'), types.join(' '));
    assert.deepEqual(await readdir(tmp), [], 'the staged disc is removed after the reading');
  });

  it('a disc-at-once burn with 3-second gaps verifies exact: IMAPI2 marks the 2 s before INDEX 01 as the pregap, as the warning said', async () => {
    const { cwd, tracks } = await folder();
    const { result, verified } = await run(cwd, ['--json', '--dao', '--gap', '3', '--verify', ...paths(tracks)], recorder({}));
    assert.equal(result.code, 0, result.stderr);
    assert.equal(verified?.verified, true, JSON.stringify(verified));
    assert.deepEqual(verified.toc, []);
    assert.match(result.stdout, /the pregap of track 2 and 3 as planned \(IMAPI2 marks the 2 s before INDEX 01 as the pregap, whatever its length/);
  });

  it('a track-at-once burn read back with a -1164 sample offset verifies exact; plain output says so and names the offset', async () => {
    const { cwd, tracks } = await folder();
    const { result } = await run(cwd, ['--tao', '--verify', ...paths(tracks)], recorder({ readOffsetSamples: -1164 }));
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stderr.split('\n');
    assert.ok(lines.some((line) => /^Verified BURNAUD SIM CD-RW.*: every sample reads back as staged$/.test(line)), result.stderr);
    assert.ok(lines.includes("  offset -1164 samples; 0 re-reads; 1164 samples past the disc's edges at this offset, not verifiable"), result.stderr);
    assert.ok(lines.some((line) => line.startsWith('Verifying track 3 of 3: three')), result.stderr);
    assert.deepEqual(await readdir(tmp), [], 'the copy of the staging is removed after the reading');
  });

  it('a disc recorded with one sector changed (corruptAtBlock) is exit 7, naming the track and the time in it', async () => {
    const { cwd, tracks } = await folder();
    // Track 2 starts at LBA 376 + 150 = 526 (5.01 s padded to 376 sectors, then the 2 s gap); 1 s and 12 sectors into it.
    const { result } = await run(cwd, ['--dao', '--verify', ...paths(tracks)], { ...recorder({ readOffsetSamples: 6 }), faults: { corruptAtBlock: 526 + 75 + 12 } });
    assert.equal(result.code, 7, result.stderr);
    assert.match(result.stderr, /^burn-audio: BURNAUD SIM CD-RW.* does not read back as staged: track 2: \d sectors? differs? at 0:01\.1[12]/m);
    assert.match(result.stderr, /^ {2}track 1: exact; /m);
  });

  it('a burn that leaves the disc blank (blankDisc) is found: exit 7, the disc has no track', async () => {
    const { cwd, tracks } = await folder();
    const { result } = await run(cwd, ['--dao', '--verify', ...paths(tracks)], { faults: { blankDisc: true } });
    assert.equal(result.code, 7, result.stderr);
    assert.match(result.stderr, /not the disc that was burned: its table of contents has no track \(a blank disc\?\)/);
  });

  it('a sector that fails to read once is read again and passes; one that never reads is exit 7, named', async () => {
    const { cwd, tracks } = await folder();
    const once = await run(cwd, ['--json', '--dao', '--verify', ...paths(tracks)], { faults: { unreadableOnce: [700] } });
    assert.equal(once.result.code, 0, once.result.stderr);
    assert.equal(once.verified?.verified, true);
    assert.ok(once.verified!.reReads >= 1, JSON.stringify(once.verified));
    const always = await run(cwd, ['--dao', '--verify', ...paths(tracks)], { faults: { unreadable: [700] } }, 'sim-always.json');
    assert.equal(always.result.code, 7, always.result.stderr);
    assert.match(always.result.stderr, /track 2: 1 sector cannot be read at 0:02\.24/);
  });

  it('--copies 3 --verify with the second disc recorded wrong: exit 6, that copy failed with verify failed, the others ok', async () => {
    const { cwd, tracks } = await folder();
    const discs = ['blank-cdr', { media: 'blank-cdr', faults: { corruptAtBlock: 100 } }, 'blank-cdr'];
    const { result, events } = await run(cwd, ['--json', '--copies', '3', '--verify', ...paths(tracks)], recorder({ discs }));
    assert.equal(result.code, 6, result.stderr);
    const records = events.filter((e) => e.type === 'disc');
    assert.deepEqual(records.map((d) => [d.copy, d.status, d.verify, d.code]), [[1, 'ok', 'ok', 0], [2, 'failed', 'failed', 7], [3, 'ok', 'ok', 0]]);
    assert.match(String(records[1]!.message), /does not read back as staged: track 1: 1 sector differs at 0:01\.25/);
    assert.equal(records[0]!.message, 'recorded and verified: every sample reads back as staged');
    assert.deepEqual(events.find((e) => e.type === 'batch'), { type: 'batch', ok: 2, failed: 1, seconds: events.find((e) => e.type === 'batch')!.seconds });
  });

  it('verify -d of a disc an earlier run burned matches; other tracks are not the disc that was burned', async () => {
    const { cwd, tracks } = await folder();
    const config = recorder({ readOffsetSamples: 667 });
    const burned = await run(cwd, ['--gap', '0', ...paths(tracks)], config);
    assert.equal(burned.result.code, 0, burned.result.stderr);
    const later = await run(cwd, ['--json', 'verify', '-d', '0', '--gap', '0', ...paths(tracks)], config);
    assert.equal(later.result.code, 0, later.result.stderr);
    assert.equal(later.verified?.verified, true);
    assert.equal(later.verified?.offset.samples, 667);
    const other = await run(cwd, ['verify', '--gap', '0', ...paths(tracks).slice(0, 2)], config);
    assert.equal(other.result.code, 7, other.result.stderr);
    assert.match(other.result.stderr, /^burn-audio: BURNAUD SIM CD-RW.*: not the disc that was burned: it has 3 tracks, the tracks given make 2$/m);
  });

  it('verify -d lays the tracks out as the disc was recorded: a track-at-once disc with its 2 s gaps, though a gapless burn of them would go disc-at-once', async () => {
    const { cwd, tracks } = await folder();
    const burned = await run(cwd, ['--tao', ...paths(tracks)], {});
    assert.equal(burned.result.code, 0, burned.result.stderr);
    const later = await run(cwd, ['verify', '--gap', '0', ...paths(tracks)], {});
    assert.match(later.result.stderr, /^warning: the disc's table of contents is that of a track-at-once burn through IMAPI v1, not a disc-at-once burn through IMAPI2 as a burn of these tracks would record: compared as a track-at-once burn through IMAPI v1$/m);
    assert.equal(later.result.code, 0, later.result.stderr);
    assert.match(later.result.stderr, /^Verified BURNAUD SIM CD-RW.*: every sample reads back as staged$/m);
    // A disc that is neither: the layout a burn would record is named.
    const shorter = await run(cwd, ['verify', '--gap', '0', ...paths(tracks).slice(1)], {});
    assert.equal(shorter.result.code, 7, shorter.result.stderr);
    assert.match(shorter.result.stderr, /^warning: the disc's table of contents is neither that of a disc-at-once burn through IMAPI2 \(what a burn of these tracks would record\) nor a track-at-once burn through IMAPI v1$/m);
    assert.match(shorter.result.stderr, /^burn-audio: BURNAUD SIM CD-RW.*: not the disc that was burned: it has 3 tracks, the tracks given make 2$/m);
  });

  it('--cd-text --verify reads the CD-TEXT back; verify --cd-text of a disc burned without it says it did not reach the disc', async () => {
    const { cwd, tracks } = await folder();
    const withText = await run(cwd, ['--json', '--cd-text', '--title', 'Album', '--performer', 'Band', '--verify', ...paths(tracks)], {});
    assert.equal(withText.result.code, 0, withText.result.stderr);
    assert.deepEqual(withText.verified?.toc, []);
    const plain = await run(cwd, ['--dao', '--title', 'Album', ...paths(tracks)], {}, 'sim-plain.json');
    assert.equal(plain.result.code, 0, plain.result.stderr);
    const asked = await run(cwd, ['verify', '--cd-text', '--title', 'Album', ...paths(tracks)], {}, 'sim-plain.json');
    assert.equal(asked.result.code, 7, asked.result.stderr);
    assert.match(asked.result.stderr, /its lead-in has no CD-TEXT the drive can read, though --cd-text recorded it: the CD-TEXT did not reach the disc/);
  });

  it('a disc whose audio is shifted by different amounts in different tracks: the anchors disagree, exit 7, saying the disc reads inconsistently', async () => {
    const { cwd, tracks } = await folder();
    const made = await runCli(['--image', 'held.cue', ...paths(tracks)], { cwd });
    assert.equal(made.code, 0, made.stderr);
    // Track 3's audio 20 samples late (as a drive that slips would read it), the BIN's length kept.
    const bin = await readFile(join(cwd, 'held.bin'));
    const third = index01Sectors(await readFile(join(cwd, 'held.cue'), 'latin1'))[2]! * SECTOR;
    const slipped = Buffer.concat([bin.subarray(0, third), Buffer.alloc(20 * 4), bin.subarray(third, bin.length - 20 * 4)]);
    await writeFile(join(cwd, 'held.bin'), slipped);
    const { result } = await run(cwd, ['verify', ...paths(tracks)], recorder({ discs: [{ media: 'used-cdr', image: join(cwd, 'held.cue') }] }));
    assert.equal(result.code, 7, result.stderr);
    assert.match(result.stderr, /^burn-audio: BURNAUD SIM CD-RW.* does not read back as staged: the anchors are found at different shifts \(0, 0, \+20\): the disc reads inconsistently$/m);
  });

  it('Ctrl-C while --verify reads the disc back: exit 130, saying the disc itself is fine; nothing is left behind', async () => {
    const { cwd } = await folder();
    await writeLongTrack(join(cwd, 'long.wav'), 300);
    const env = await simulator(cwd, {});
    let sent = false;
    const result = await runCli(['--json', '--dao', '--verify', 'long.wav'], {
      cwd,
      env: { ...env, ...pausedAt('verifying'), TMPDIR: tmp },
      onStdout: (child, text) => {
        if (!sent && /"verifyProgress"/.test(text)) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    assert.ok(sent, 'the reading began');
    assert.equal(result.code, 130, result.stderr);
    const records = jsonLines(result.stdout);
    assert.ok(records.some((r) => r.type === 'done'), 'the disc was recorded');
    assert.ok(!records.some((r) => r.type === 'verified'));
    assert.match(String(records.at(-1)!.message), /^interrupted by SIGINT; verifying BURNAUD SIM CD-RW.* stopped before its end; verifying only reads, so the disc itself is fine$/);
    assert.deepEqual(await readdir(tmp), [], 'the staged disc is removed');
  });

  it('--verify where no reader can exist (IMAPI v1 alone: XP without IMAPI2) is refused before anything is recorded: exit 4', async () => {
    const { cwd, tracks } = await folder();
    const { result } = await run(cwd, ['--verify', ...paths(tracks)], { windows: 'xp', imapi2: false });
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /^burn-audio: --verify: recorder 0 \(BURNAUD SIM CD-RW\) is not seen by IMAPI2, through which a disc is read back, so the disc could not be verified; leave --verify out \(nothing was recorded\)$/m);
    assert.equal(existsSync(join(cwd, 'disc.raw')), false, 'nothing recorded');
  });

  it('--verify on a drive that cannot read CD audio: exit 4 once recorded, saying the disc cannot be checked in it', async () => {
    const { cwd, tracks } = await folder();
    const { result, events } = await run(cwd, ['--json', '--dao', '--verify', ...paths(tracks)], { faults: { cannotReadAudio: true } });
    assert.equal(result.code, 4, result.stderr);
    assert.ok(events.some((e) => e.type === 'done'), 'the disc was recorded');
    assert.match(String(events.at(-1)!.message), /^BURNAUD SIM CD-RW cannot read CD audio: .*the disc cannot be checked in this drive$/);
  });

  it('verify -d of an empty drive is exit 4, saying there is nothing to read', async () => {
    const { cwd, tracks } = await folder();
    const { result } = await run(cwd, ['verify', ...paths(tracks)], recorder({ media: 'none' }));
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /^burn-audio: there is no disc in BURNAUD SIM CD-RW: there is nothing to read$/m);
  });

  it('a drive another program holds is exit 4, said before any track is read; nothing is written', async () => {
    const { cwd, tracks } = await folder();
    const { result } = await run(cwd, ['verify', ...paths(tracks)], { faults: { lockedBy: 'Other Burner' } });
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /Other Burner/);
    assert.doesNotMatch(result.stderr, /Disc: /);
  });
});
