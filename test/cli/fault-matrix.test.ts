/**
 * Every IMAPI failure a user can meet, at each phase of a burn, through the CLI against the
 * simulator: its message and exit code, no disc written, and the process ending by itself, because
 * of the fault (no run waits on a clock: one that did not end would not end at all).
 */
import assert from 'node:assert/strict';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonLines, runCli } from '../helpers/cli.js';
import { buildNative, simulator, type SimConfig } from '../helpers/simulator.js';
import { tempDir, writeTracks } from '../helpers/wav.js';

const fail = (method: string, hresult: string, call?: number): SimConfig => ({ faults: { fail: { method, hresult, ...(call ? { call } : {}) } } });

/** `modern`: what IMAPI v1 over IMAPI2 gives instead, where its error translation turns the failure into IMAPI_E_GENERIC. */
const MATRIX: Array<{ phase: string; fault: string; config: SimConfig; code: number; message: RegExp; modern?: { code: number; message: RegExp } }> = [
  { phase: 'open', fault: 'no recorder', config: { faults: { noRecorder: true } }, code: 4, message: /no CD recorder found/ },
  { phase: 'open', fault: 'generic', config: fail('Open', '0x8004020E'), code: 4, message: /IMAPI_E_GENERIC, 0x8004020E: IDiscMaster::Open failed/ },
  { phase: 'open', fault: 'stash in use', config: fail('SetActiveDiscMasterFormat', '0x80040225'), code: 4, message: /IMAPI_E_STASHINUSE.*SetActiveDiscMasterFormat/ },
  { phase: 'open', fault: 'device removed', config: fail('EnumDiscRecorders', '0x80040213'), code: 4, message: /IMAPI_E_DEVICE_NOTPRESENT.*EnumDiscRecorders/ },
  { phase: 'open', fault: 'no properties', config: fail('GetRecorderProperties', '0x80040211'), code: 4, message: /IMAPI_E_DEVICE_NOPROPERTIES/ },
  { phase: 'media check', fault: 'no media', config: { recorders: [{ media: 'none' }] }, code: 4, message: /no disc in the recorder/ },
  { phase: 'media check', fault: 'non-blank CD-R', config: { recorders: [{ media: 'used-cdr' }] }, code: 4, message: /the disc is not blank/ },
  { phase: 'media check', fault: 'non-blank CD-RW', config: { recorders: [{ media: 'used-cdrw' }] }, code: 4, message: /erase a CD-RW first/ },
  { phase: 'media check', fault: 'device busy', config: { faults: { deviceBusy: true } }, code: 4, message: /IMAPI_E_DEVICE_STILL_IN_USE/ },
  { phase: 'media check', fault: 'wrong media', config: fail('QueryMediaType', '0x80040210', 2), code: 4, message: /IMAPI_E_MEDIUM_INVALIDTYPE/ },
  { phase: 'media check', fault: 'unreadable disc', config: fail('QueryMediaType', '0x80040219', 2), code: 4, message: /IMAPI_E_DISCINFO/ },
  { phase: 'staging', fault: 'stash in use', config: fail('CreateAudioTrack', '0x80040225'), code: 4, message: /IMAPI_E_STASHINUSE.*CreateAudioTrack failed/ },
  { phase: 'staging', fault: 'no room for the stash', config: fail('AddAudioTrackBlocks', '0x8004022A', 2), code: 5, message: /IMAPI_E_NOTENOUGHDISKFORSTASH.*AddAudioTrackBlocks failed/ },
  { phase: 'staging', fault: 'stash write error', config: fail('AddAudioTrackBlocks', '0x80040218', 3), code: 5, message: /IMAPI_E_FILEACCESS/ },
  { phase: 'staging', fault: 'disc full', config: fail('AddAudioTrackBlocks', '0x8004021C', 2), code: 5, message: /IMAPI_E_DISCFULL/ },
  { phase: 'staging', fault: 'device removed', config: fail('CloseAudioTrack', '0x80040213'), code: 4, message: /IMAPI_E_DEVICE_NOTPRESENT.*CloseAudioTrack failed/ },
  { phase: 'recording', fault: 'generic', config: fail('RecordDisc', '0x8004020E'), code: 5, message: /IMAPI_E_GENERIC, 0x8004020E: IDiscMaster::RecordDisc failed/ },
  { phase: 'recording', fault: 'device not accessible', config: fail('RecordDisc', '0x80040212'), code: 4, message: /IMAPI_E_DEVICE_NOTACCESSIBLE/, modern: { code: 5, message: /while recording; likely .*IMAPI_E_GENERIC/ } },
  { phase: 'recording', fault: 'loss of streaming', config: { faults: { lossOfStreamingAtBlock: 500 } }, code: 5, message: /buffer underrun.*IMAPI_E_LOSS_OF_STREAMING/, modern: { code: 5, message: /the data stream broke off .*IMAPI_E_GENERIC/ } },
  { phase: 'recording', fault: 'device removed', config: { faults: { removedAtBlock: 400 } }, code: 4, message: /the recorder is gone.*IMAPI_E_DEVICE_NOTPRESENT, 0x80040213: IDiscMaster::RecordDisc failed/, modern: { code: 4, message: /device change during the burn: the recorder is likely gone .*IMAPI_E_GENERIC/ } },
  { phase: 'recording', fault: 'cannot write to media', config: fail('RecordDisc', '0x8004022C'), code: 4, message: /IMAPI_E_CANNOT_WRITE_TO_MEDIA/ },
  { phase: 'closing', fault: 'closing failed', config: fail('CloseDisc', '0x80040216'), code: 5, message: /IMAPI_E_INITIALIZE_ENDWRITE/, modern: { code: 5, message: /while closing the disc.*IMAPI_E_GENERIC/ } },
  { phase: 'closing', fault: 'generic', config: fail('CloseDisc', '0x8004020E'), code: 5, message: /IMAPI_E_GENERIC/ },
];

/** IMAPI_E_GENERIC says nothing of the cause: its message gives the likely ones for the phase it failed in. */
/** Before anything is staged the recorder could not be had (exit 4, not ready); later the burn failed (exit 5). */
const GENERIC: Array<{ phase: string; config: SimConfig; code: number; message: RegExp }> = [
  { phase: 'open', config: fail('Open', '0x8004020E'), code: 4, message: /while opening the recorder; likely another program holds the drive.*--image disc\.cue/ },
  { phase: 'open', config: fail('OpenExclusive', '0x8004020E', 2), code: 4, message: /while opening the recorder/ },
  { phase: 'staging', config: fail('AddAudioTrackBlocks', '0x8004020E', 2), code: 5, message: /while staging the audio, before anything was recorded; check the free space/ },
  { phase: 'recording', config: fail('RecordDisc', '0x8004020E'), code: 5, message: /while recording; likely the drive dislikes these discs \(try another brand\).*--image disc\.cue/ },
  { phase: 'closing', config: fail('CloseDisc', '0x8004020E'), code: 5, message: /while closing the disc; the audio may be written but the disc not finalised/ },
];

describe('the IMAPI fault matrix', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let tracks: string[];
  before(async () => {
    buildNative();
    dir = await tempDir();
    tracks = (await writeTracks(dir.path, { 'a.wav': 6, 'b.wav': 5 })).map((t) => t.path);
  });
  after(() => dir.remove());

  async function run(config: SimConfig) {
    const disc = join(dir.path, 'disc.raw');
    await rm(disc, { force: true });
    const env = await simulator(dir.path, config);
    const result = await runCli(['--json', ...tracks], { env });
    // Nothing in a run waits on a clock: it ended by itself, and because of the fault, with the error it reports last.
    assert.equal(result.signal, null, 'exited by itself');
    const last = jsonLines(result.stdout).at(-1);
    assert.deepEqual({ type: last?.type, code: last?.code }, { type: 'error', code: result.code }, 'the error record ends the run, with its exit code');
    await assert.rejects(stat(disc), 'no disc written');
    return result;
  }

  for (const windows of ['xp', 'modern'] as const) {
    for (const row of MATRIX) {
      const { phase, fault, config } = row;
      const { code, message } = (windows === 'modern' && row.modern) || row;
      it(`${windows}: ${phase}: ${fault} → exit ${code}, its message, no disc, the process ends`, async () => {
        const result = await run({ windows, ...config });
        assert.equal(result.code, code, result.stderr);
        assert.match(result.stderr, message);
      });
    }
    for (const { phase, config, code, message } of GENERIC) {
      it(`${windows}: IMAPI_E_GENERIC while ${phase}: exit ${code} and what to try`, async () => {
        const result = await run({ windows, ...config });
        assert.equal(result.code, code, result.stderr);
        assert.match(result.stderr, message);
      });
    }
  }

  for (const windows of ['xp', 'modern'] as const) {
    for (const method of ['CreateAudioTrack', 'AddAudioTrackBlocks', 'RecordDisc']) {
      it(`${windows}: a recorder unplugged between calls (before ${method}) ends like one unplugged during a call: exit 4, no disc`, async () => {
        const result = await run({ windows, faults: { removedBefore: { method, call: method === 'AddAudioTrackBlocks' ? 2 : 1 } } });
        assert.equal(result.code, 4, result.stderr);
        assert.match(result.stderr, /the recorder is gone \(disconnected or removed\); reconnect it.*IMAPI_E_DEVICE_NOTPRESENT/);
        const types = jsonLines(result.stdout).map((e) => e.type);
        assert.ok(types.includes('pnpActivity'), 'NotifyPnPActivity reached the events');
      });
    }
  }

  it('modern: a lower speed is not offered where IMAPI cannot set one; XP offers it', async () => {
    const modern = await run({ windows: 'modern', ...fail('RecordDisc', '0x8004020E') });
    assert.match(modern.stderr, /a lower speed would help, but IMAPI v1 on this Windows cannot set one/);
    const xp = await run({ windows: 'xp', ...fail('RecordDisc', '0x8004020E') });
    assert.match(xp.stderr, /try a lower --speed/);
  });
});
