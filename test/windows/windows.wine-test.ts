/**
 * The Windows build, proven under Wine: Windows node.exe + ffi-rs's win32 binary + the MinGW shim
 * DLL from the installed package + real COM activation of the IMAPI simulator registered under
 * CLSID_MSDiscMasterObj as an out-of-process server (LocalServer32), so that every call and every
 * callback crosses processes through the widl-generated proxies and stubs, as with IMAPI on
 * Windows. Run by `npm run test:windows`.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonLines } from '../helpers/cli.js';
import { untilCreated } from '../helpers/shim.js';
import { calledMethods, type SimConfig } from '../helpers/simulator.js';
import { discAudio, tempDir, writeTracks } from '../helpers/wav.js';
import { type Prefix, SHIM_DLL_IN_PACKAGE, prepareWine, runWindowsCli, stopWine, waitForWineProcesses, windowsPath } from './wine.js';

/** The key only the simulator's EXE reads: its own log. */
type WineSimConfig = SimConfig & { serverLog?: string };

/** A line of the server's log (see native-bindings/simulator/local-server.c). */
interface ServerLine {
  event: 'create' | 'exit';
  serverPid: number;
  serverImage?: string;
  clientPid?: number;
  mainThread?: number;
  callThread?: number;
  reason?: string;
}

/**
 * Per Windows process, from a WINEDEBUG=+pid,trace+ole log: the threads that sent COM calls to
 * another apartment (through a proxy's channel) and those that dispatched calls coming in.
 */
function comThreads(trace: string): Map<number, { calls: Set<number>; dispatches: Set<number> }> {
  const threads = new Map<number, { calls: Set<number>; dispatches: Set<number> }>();
  for (const [, pid, tid, what] of trace.matchAll(/^([0-9a-f]{4}):([0-9a-f]{4}):trace:ole:(ClientRpcChannelBuffer_SendReceive|dispatch_rpc) /gm)) {
    const entry = threads.get(parseInt(pid!, 16)) ?? { calls: new Set(), dispatches: new Set() };
    (what === 'dispatch_rpc' ? entry.dispatches : entry.calls).add(parseInt(tid!, 16));
    threads.set(parseInt(pid!, 16), entry);
  }
  return threads;
}

describe('the Windows build under Wine', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let tracks: Array<{ path: string; audio: Buffer }>;
  let disc: string;
  const serverLog = () => join(dir.path, 'server.log');
  const callLog = () => join(dir.path, 'calls.log');
  const layoutOut = () => join(dir.path, 'layout.json');

  before(async () => {
    prepareWine();
    dir = await tempDir();
    tracks = await writeTracks(dir.path, { 'track 1.wav': 4.5, 'chanson été 2.wav': 5, 'track 10.wav': 4 });
    disc = join(dir.path, 'disc.raw');
  });
  after(async () => {
    stopWine();
    await dir.remove();
  });

  /** A fresh configuration (Windows paths: the server reads them); logs and outputs removed. */
  async function sim(config: WineSimConfig = {}): Promise<Record<string, string>> {
    const path = join(dir.path, 'sim.json');
    for (const file of [serverLog(), callLog(), layoutOut(), disc]) await rm(file, { force: true });
    const files = { discOut: windowsPath(disc), serverLog: windowsPath(serverLog()), callLog: windowsPath(callLog()), discLayoutOut: windowsPath(layoutOut()) };
    await writeFile(path, JSON.stringify({ ...files, recorders: [{ vendor: 'WINE', product: 'SIM CD-RW' }], ...config }));
    return { BURN_AUDIO_IMAPI_SIM: windowsPath(path) };
  }
  /** The methods the server logged (its lines end in CRLF: the simulator writes the log in text mode). */
  const methods = async () => (await calledMethods(callLog())).map((line) => line.trim().split(' ')[0]);

  /**
   * After the runs since the last sim(): every Windows process of the prefix has ended, and each
   * run was served by server processes of its own (the simulator's EXE, not node.exe), each of
   * which ended for `reason`. A run that lists recorders or asks the doctor also creates IMAPI2
   * objects, whose server may be another than its IMAPI v1 disc master's: a run is one client.
   */
  async function servedOutOfProcess(runs: number, prefix: Prefix = 'registered', reason = 'released'): Promise<ServerLine[]> {
    waitForWineProcesses(prefix);
    const lines = (await readFile(serverLog(), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as ServerLine);
    const created = lines.filter((l) => l.event === 'create');
    assert.equal(new Set(created.map((l) => l.clientPid)).size, runs, 'one client per run');
    for (const server of new Set(created.map((l) => l.serverPid))) {
      assert.equal(new Set(created.filter((l) => l.serverPid === server).map((l) => l.clientPid)).size, 1, 'each run started servers of its own');
      assert.deepEqual(lines.find((l) => l.event === 'exit' && l.serverPid === server), { event: 'exit', serverPid: server, reason });
    }
    for (const line of created) {
      assert.match(line.serverImage!, /\\burn_audio_imapi_sim\.exe$/, 'the simulator runs in its own EXE');
      assert.ok(line.clientPid! > 0 && line.clientPid !== line.serverPid, `client ${line.clientPid}, server ${line.serverPid}: two processes`);
      assert.notEqual(line.callThread, line.mainThread, "calls arrive on COM's threads, not on the thread that registered the class");
    }
    return created;
  }

  it('ships the prebuilt shim DLL in the installed package', () => {
    assert.ok(existsSync(SHIM_DLL_IN_PACKAGE), SHIM_DLL_IN_PACKAGE);
  });

  it('lists the simulated recorder with devices, from a server process of its own that ends with the run', async () => {
    const env = await sim();
    for (let run = 0; run < 2; run++) {
      const result = await runWindowsCli(['devices'], { cwd: dir.path, env });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^0 +WINE +SIM CD-RW +1\.00 +\\Device\\CdRom0 +blank CD-R, 79:58 free/m);
    }
    await servedOutOfProcess(2);
  });

  it('ends the server when its client is killed in the middle of a burn, without releasing anything', async () => {
    // Held at block 150 until the client is gone; killed once the simulator says it is there.
    const reached = join(dir.path, 'killed.reached');
    await rm(reached, { force: true });
    const env = await sim({ recorders: [{ vendor: 'WINE', product: 'SLOW', pauseAtBlock: { block: 150, reached: windowsPath(reached), resume: windowsPath(join(dir.path, 'never')) } }] });
    const result = await runWindowsCli(['--json', '*.wav'], { cwd: dir.path, env, signal: 'SIGKILL', interruptWhen: () => existsSync(reached) });
    assert.equal(result.code, null, 'killed');
    await servedOutOfProcess(1, 'registered', 'client ended');
    assert.equal(existsSync(disc), false);
  });

  it("keeps the drive's state across runs (a server process each): after a burn with --eject the next run finds the next disc, and {disc} numbers them", async () => {
    const env = await sim({ discOut: windowsPath(join(dir.path, 'disc-{recorder}-{disc}.raw')), recorders: [{ vendor: 'WINE', product: 'SIM CD-RW', discs: ['blank-cdr', 'blank-cdr'] }] });
    const first = await runWindowsCli(['--eject', 'track 1.wav'], { cwd: dir.path, env });
    assert.equal(first.code, 0, first.stderr);
    const devices = await runWindowsCli(['devices'], { cwd: dir.path, env });
    assert.match(devices.stdout, /^0 +WINE +SIM CD-RW +1\.00 +\\Device\\CdRom0 +blank CD-R, 79:58 free/m, 'the second disc is in');
    const second = await runWindowsCli(['track 10.wav'], { cwd: dir.path, env });
    assert.equal(second.code, 0, second.stderr);
    assert.ok((await readFile(join(dir.path, 'disc-0-1.raw'))).equals(discAudio([tracks[0]!])));
    assert.ok((await readFile(join(dir.path, 'disc-0-2.raw'))).equals(discAudio([tracks[2]!])));
    assert.match(await readFile(join(dir.path, 'sim.json.recorder0.state'), 'utf8'), /slot=1 loaded=1 .*recorded=2/);
    const layout = JSON.parse(await readFile(layoutOut(), 'utf8')) as { tracks: Array<{ blocks: number }> };
    assert.deepEqual(layout.tracks.map((t) => t.blocks), [300], "the second burn's layout replaced the first's");
    await servedOutOfProcess(3);
  });

  it('serves two runs burning at once on two recorders; a server shared by both ends only when both have', async () => {
    const pausing = (n: number) => ({ vendor: 'WINE', product: `SIM ${n}`, discs: ['blank-cdr' as const], pauseAtBlock: { block: 150, reached: windowsPath(join(dir.path, `reached-${n}`)), resume: windowsPath(join(dir.path, `go-${n}`)) } });
    const env = await sim({ discOut: windowsPath(join(dir.path, 'both-{recorder}-{disc}.raw')), recorders: [pausing(0), pausing(1)] });
    const run = async (n: number, track: string) => {
      const cwd = join(dir.path, `run-${n}`); // each run keeps its output files in a folder of its own
      await mkdir(cwd, { recursive: true });
      return runWindowsCli(['-d', String(n), `../${track}`], { cwd, env });
    };
    const first = run(0, 'track 1.wav');
    await untilCreated([join(dir.path, 'reached-0')], [first]);
    const second = run(1, 'track 10.wav'); // COM hands it the server the first run started
    await untilCreated([join(dir.path, 'reached-1')], [first, second]);
    // Both are inside RecordDisc. The first run ends while the second still burns: the server stays.
    await writeFile(join(dir.path, 'go-0'), '');
    assert.equal((await first).code, 0, (await first).stderr);
    await writeFile(join(dir.path, 'go-1'), '');
    assert.equal((await second).code, 0, (await second).stderr);
    assert.ok((await readFile(join(dir.path, 'both-0-1.raw'))).equals(discAudio([tracks[0]!])));
    assert.ok((await readFile(join(dir.path, 'both-1-1.raw'))).equals(discAudio([tracks[2]!])));
    waitForWineProcesses('registered');
    const lines = (await readFile(serverLog(), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as ServerLine);
    assert.equal(lines.filter((l) => l.event === 'create').length, 2, 'one disc master per run');
    assert.equal(new Set(lines.map((l) => l.serverPid)).size, 1, 'one server for both (REGCLS_MULTIPLEUSE)');
    for (const pid of new Set(lines.map((l) => l.serverPid))) assert.deepEqual(lines.find((l) => l.event === 'exit' && l.serverPid === pid), { event: 'exit', serverPid: pid, reason: 'released' });
  });

  for (const windows of ['modern', 'xp'] as const) {
    /** Windows 10 for modern; for xp, a prefix set to Windows XP, so that the shim assumes XP too. */
    const prefix: Prefix = windows === 'xp' ? 'xp' : 'registered';
    const cli = async (args: string[], config: WineSimConfig = {}) => runWindowsCli(args, { cwd: dir.path, prefix, env: await sim({ windows, ...config }) });

    describe(`"windows": "${windows}", every call and callback across processes`, () => {
      it('burns: the disc equals the input, the plan shows the 2-second gaps written, progress ends at its totals; *.wav expanded and sorted by the CLI, names with spaces and accents', async () => {
        const result = await cli(['--json', '*.wav']);
        assert.equal(result.code, 0, result.stderr);
        const events = jsonLines(result.stdout);
        const plan = events.find((e) => e.type === 'plan') as unknown as { layout: { tracks: Array<{ path: string; pregapSectors: number; start: number }> } };
        assert.deepEqual(plan.layout.tracks.map((t) => t.path), ['chanson été 2.wav', 'track 1.wav', 'track 10.wav']);
        assert.deepEqual(plan.layout.tracks.slice(1).map((t) => t.pregapSectors), [150, 150]);
        const written = JSON.parse(await readFile(layoutOut(), 'utf8')) as { tracks: Array<{ gapBefore: number; start: number }> };
        assert.deepEqual(written.tracks.map((t) => t.start), plan.layout.tracks.map((t) => t.start), 'the plan shows the disc as written');
        assert.deepEqual(events.filter((e) => e.type === 'trackProgress').map((e) => e.completed), [0, 1, 2, 3]);
        const blocks = events.filter((e) => e.type === 'blockProgress');
        assert.equal(blocks.at(-1)?.completed, blocks.at(-1)?.total, 'block progress ends at its total');
        assert.deepEqual(events.find((e) => e.type === 'burnComplete'), { type: 'burnComplete', status: 0 });
        const order = [tracks[1]!, tracks[0]!, tracks[2]!];
        assert.ok((await readFile(disc)).equals(discAudio(order)), 'disc audio equals the input');
        await servedOutOfProcess(1, prefix);
      });

      if (windows === 'modern') {
        it('--verify reads the disc back through IDiscRecorder2Ex across processes, with a -1164 sample offset; verify -d in a later run matches', async () => {
          const config = { recorders: [{ vendor: 'WINE', product: 'SIM CD-RW', readOffsetSamples: -1164 }] };
          const burned = await cli(['--json', '--dao', '--verify', 'track 1.wav', 'track 10.wav'], config);
          assert.equal(burned.code, 0, burned.stderr);
          const verified = jsonLines(burned.stdout).find((e) => e.type === 'verified') as unknown as { verified: boolean; offset: { samples: number }; tracks: Array<{ status: string }> };
          assert.equal(verified.verified, true, burned.stdout);
          assert.equal(verified.offset.samples, -1164);
          assert.deepEqual(verified.tracks.map((t) => t.status), ['exact', 'exact']);
          const later = await runWindowsCli(['verify', '-d', '0', 'track 1.wav', 'track 10.wav'], { cwd: dir.path, prefix, env: { BURN_AUDIO_IMAPI_SIM: windowsPath(join(dir.path, 'sim.json')) } });
          assert.equal(later.code, 0, later.stderr);
          assert.match(later.stderr, /^Verified WINE SIM CD-RW.*: every sample reads back as staged$/m);
          const other = await runWindowsCli(['verify', 'track 10.wav'], { cwd: dir.path, prefix, env: { BURN_AUDIO_IMAPI_SIM: windowsPath(join(dir.path, 'sim.json')) } });
          assert.equal(other.code, 7, other.stderr);
          assert.match(other.stderr, /not the disc that was burned: it has 2 tracks, the tracks given make 1/);
        });
      }

      it(`crosses processes and threads (Wine's COM trace): node calls from the shim's one COM thread and takes callbacks on others; the server calls back ${windows === 'xp' ? 'inside the call, on its thread' : 'from threads of its own'}`, async () => {
        const result = await runWindowsCli(['track 1.wav'], { cwd: dir.path, prefix, env: { ...(await sim({ windows })), WINEDEBUG: '+pid,trace+ole' } });
        assert.equal(result.code, 0, result.stderr.slice(-2000));
        const [server] = await servedOutOfProcess(1, prefix);
        const threads = comThreads(result.stderr);
        const client = threads.get(server!.clientPid!)!;
        const served = threads.get(server!.serverPid)!;
        assert.equal(client.calls.size, 1, 'node calls IMAPI from one thread');
        assert.ok(client.dispatches.size > 0, 'node receives calls: the progress callbacks');
        assert.ok([...client.dispatches].every((t) => !client.calls.has(t)), "callbacks reach node on threads other than the caller's");
        const callingBackOnOwnThreads = [...served.calls].filter((t) => !served.dispatches.has(t));
        if (windows === 'xp') assert.deepEqual(callingBackOnOwnThreads, [], 'xp calls the sink from inside the call');
        else assert.ok(callingBackOnOwnThreads.length > 0, 'modern calls the sink from threads that serve no call');
      });

      it(`reports a fault injected while recording with its IMAPI name and exit code${windows === 'modern' ? ' (translated to IMAPI_E_GENERIC)' : ''}`, async () => {
        const result = await cli(['track 1.wav'], { faults: { lossOfStreamingAtBlock: 100 } });
        assert.equal(result.code, 5, result.stderr);
        assert.match(result.stderr, windows === 'xp' ? /IMAPI_E_LOSS_OF_STREAMING, 0x80040227/ : /IMAPI_E_GENERIC, 0x8004020E/);
        assert.equal(existsSync(disc), false);
        await servedOutOfProcess(1, prefix);
      });

      it('cancels during recording on Ctrl-C (QueryCancel answered across processes): exit 130, no disc', async () => {
        // Held at block 150 until cancelled; Ctrl-C once the simulator says it is there.
        const reached = join(dir.path, `cancel-${windows}.reached`);
        await rm(reached, { force: true });
        const pauseAtBlock = { block: 150, reached: windowsPath(reached), resume: windowsPath(join(dir.path, 'never')) };
        const env = await sim({ windows, recorders: [{ vendor: 'WINE', product: 'SLOW', pauseAtBlock }] });
        const result = await runWindowsCli(['--json', '*.wav'], { cwd: dir.path, prefix, env, interruptWhen: () => existsSync(reached) });
        assert.equal(result.code, 130, result.stderr);
        assert.match(result.stderr, /IMAPI stopped the burn: a CD-R is now unusable/);
        assert.equal(existsSync(disc), false);
        await servedOutOfProcess(1, prefix);
      });

      it('doctor reads the Windows version, assumes its behaviour, and prints the raw values and HRESULTs across processes, writing nothing', async () => {
        const result = await cli(['doctor', '--json']);
        assert.equal(result.code, 0, result.stderr);
        const report = jsonLines(result.stdout).find((e) => e.type === 'doctor') as unknown as {
          platform: { behaviour: string; windows: string; simulator: boolean };
          recorders: Array<{ vendor: string; mediaFlags: number; freeBlocks: number; properties: Array<{ name: string; vt: number; value: unknown }>; calls: Array<{ method: string; hresult: number }> }>;
        };
        assert.equal(report.platform.simulator, false, 'the shim built for Windows, asking COM');
        assert.equal(report.platform.behaviour, windows);
        assert.match(report.platform.windows, windows === 'xp' ? /^5\.2\./ : /^10\.0\./);
        const [recorder] = report.recorders;
        assert.equal(recorder?.vendor, 'WINE');
        assert.equal(recorder?.mediaFlags, 0x5, 'MEDIA_BLANK | MEDIA_WRITABLE');
        assert.equal(recorder?.freeBlocks, 359_850);
        const property = (name: string) => recorder?.properties.find((p) => p.name === name);
        assert.equal(property('EnableBufferUnderrunFree')?.vt, 3, 'VT_I4, through the PROPVARIANT proxy');
        assert.equal(property('BufferUnderrunFreeCapable')?.vt, 11, 'VT_BOOL');
        assert.equal(property('MaxWriteSpeed')?.value, 48);
        assert.ok(recorder?.calls.every((c) => c.hresult >= 0), JSON.stringify(recorder?.calls));
        const called = await methods();
        assert.ok(called.includes('GetRecorderProperties') && called.includes('QueryMediaInfo'), called.join(' '));
        for (const writer of ['RecordDisc', 'CreateAudioTrack', 'AddAudioTrackBlocks', 'Erase', 'Eject', 'SetRecorderProperties']) assert.ok(!called.includes(writer), `${writer} never called`);
        await servedOutOfProcess(1, prefix);
      });

      if (windows === 'modern') {
        it('--simulate is a dry run: the tracks are staged and cleared, RecordDisc is never called, no disc is written', async () => {
          const result = await cli(['--simulate', '*.wav']);
          assert.equal(result.code, 0, result.stderr);
          assert.match(result.stderr, /Dry run complete, without the laser: .*nothing was recorded, because IMAPI on this Windows cannot do a test write/);
          const called = await methods();
          assert.ok(!called.includes('RecordDisc'), `RecordDisc never called: ${called.join(' ')}`);
          assert.equal(called.filter((m) => m === 'CloseAudioTrack').length, 3, 'every track staged');
          assert.ok(called.includes('ClearFormatContent'), 'the stash cleared');
          assert.equal(existsSync(disc), false);
          await servedOutOfProcess(1, prefix);
        });

        it('--gap 0 burns disc-at-once through IMAPI2, whose classes the same server serves: the disc equals the input, gapless', async () => {
          const result = await cli(['--json', '--gap', '0', '*.wav']);
          assert.equal(result.code, 0, result.stderr);
          assert.match(result.stderr, /gapless tracks 1-3: recording disc-at-once through IMAPI2/);
          const called = await methods();
          assert.ok(called.includes('WriteMedia') && called.indexOf('ReleaseMedia') > called.indexOf('WriteMedia') && !called.includes('RecordDisc'), called.join(' '));
          assert.ok((await readFile(disc)).equals(discAudio([tracks[1]!, tracks[0]!, tracks[2]!])), 'disc audio equals the input, tracks abutting');
          assert.deepEqual(jsonLines(result.stdout).filter((e) => e.type === 'trackProgress').map((e) => e.completed), [0, 1, 2, 3]);
          await servedOutOfProcess(1, prefix);
        });

        it('--tao --gap 0 is refused with exit 2 before anything is staged (IMAPI v1 writes 2 s gaps here)', async () => {
          const result = await cli(['--tao', '--gap', '0', '*.wav']);
          assert.equal(result.code, 2, result.stderr);
          assert.match(result.stderr, /a gap of 0 s cannot be burned here: .*--image/);
          const called = await methods();
          assert.ok(called.includes('Open') && !called.includes('CreateAudioTrack'), `nothing staged: ${called.join(' ')}`);
          assert.equal(existsSync(disc), false);
          await servedOutOfProcess(1, prefix);
        });
      } else {
        it('--simulate calls RecordDisc with the laser off and writes no disc; a real burn then stages again and records', async () => {
          const env = await sim({ windows });
          const simulated = await runWindowsCli(['--simulate', 'track 1.wav'], { cwd: dir.path, prefix, env });
          assert.equal(simulated.code, 0, simulated.stderr);
          assert.ok((await calledMethods(callLog())).some((line) => /^RecordDisc simulate=1\b/.test(line)), 'RecordDisc(bSimulate)');
          assert.equal(existsSync(disc), false, 'a simulation writes no disc');
          const real = await runWindowsCli(['--json', 'track 1.wav'], { cwd: dir.path, prefix, env });
          assert.equal(real.code, 0, real.stderr);
          assert.ok(jsonLines(real.stdout).some((e) => e.type === 'addProgress'), 'staged again');
          assert.ok((await readFile(disc)).equals(discAudio([tracks[0]!])));
          await servedOutOfProcess(2, prefix);
        });
      }
    });
  }

  it('burns a batch of two copies: one worker process per recorder, each copy staged again, each disc equal to the input', async () => {
    const copies = [1, 2].map((n) => join(dir.path, `copy-${n}.raw`));
    for (const file of copies) await rm(file, { force: true });
    const env = await sim({ discOut: windowsPath(join(dir.path, 'copy-{disc}.raw')), recorders: [{ vendor: 'WINE', product: 'SIM CD-RW', discs: ['blank-cdr', 'blank-cdr'] }] });
    const result = await runWindowsCli(['--json', '--copies', '2', '*.wav'], { cwd: dir.path, env });
    assert.equal(result.code, 0, result.stderr);
    const events = jsonLines(result.stdout);
    assert.deepEqual(events.filter((e) => e.type === 'disc').map((e) => [e.recorder, e.copy, e.status]), [[0, 1, 'ok'], [0, 2, 'ok']]);
    const order = [tracks[1]!, tracks[0]!, tracks[2]!];
    for (const file of copies) assert.ok((await readFile(file)).equals(discAudio(order)), `${file} equals the input`);
    assert.equal((await methods()).filter((m) => m === 'RecordDisc').length, 2);
    // The CLI's look at the recorders, then the worker's copies (a server for each): two clients.
    await servedOutOfProcess(2);
  });

  it('writes an image too, with plain output when stdout and stderr are files', async () => {
    const result = await runWindowsCli(['--image', 'win.cue', 'track 1.wav'], { cwd: dir.path });
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /\u001b\[/, 'no cursor or colour codes');
    assert.match(result.stderr, /Wrote win\.cue, win\.bin and win\.cdt/);
    const bin = await readFile(join(dir.path, 'win.bin'));
    assert.ok(bin.subarray(0, tracks[0]!.audio.length).equals(tracks[0]!.audio));
  });

  it('says plainly that IMAPI is not available where nothing is registered, and exits 4', async () => {
    const result = await runWindowsCli(['track 1.wav'], { cwd: dir.path, prefix: 'bare', env: await sim() });
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /IMAPI is not available on this system \(its COM class is not registered\); write a BIN\/CUE disc image instead with --image disc\.cue/);
  });
});
