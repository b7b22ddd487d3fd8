/**
 * A burn through the shim in a process of its own, for tests that need two processes at once:
 * `node shim-burn.js '{"recorder":0,"frames":176400,"seed":3,"eject":false}'` with
 * BURN_AUDIO_IMAPI_SIM set. Opens IMAPI, selects the recorder, reads its media, stages the
 * audio (cdAudio(frames, seed)) as one track and records it; prints one JSON object with the
 * HRESULT of each step (`hresultHex`) and the event kinds seen, and stops at the first step
 * that fails (BurnRequest says what else it can do).
 */
import { SECTOR_BYTES } from '../../src/disc/red-book.js';
import { hresultHex } from '../../src/recorders/imapi/hresults.js';
import { NativeShim } from '../../src/recorders/imapi/native.js';
import { EVENT } from '../../src/recorders/imapi/shim-contract.js';
import { cdAudio } from './wav.js';

export interface BurnRequest {
  recorder: number;
  frames?: number;
  seed?: number;
  /** RecordDisc's bEjectAfterBurn. */
  eject?: boolean;
  /** Eject (IDiscRecorder::Eject) before reading the media. */
  ejectFirst?: boolean;
  describeOnly?: boolean;
}

export interface BurnReport {
  open: string;
  select?: string;
  eject?: string;
  /** ba_recorder_describe's mediaResult, and the media seen: none, blank or used. */
  media?: { result: string; disc: 'none' | 'blank' | 'used' };
  stage?: string;
  record?: string;
  events: number[];
}

const MEDIA_BLANK = 0x1;

async function burn(request: BurnRequest): Promise<BurnReport> {
  const events: number[] = [];
  const opened = await NativeShim.open((kind) => {
    if (kind !== EVENT.addProgress && kind !== EVENT.blockProgress) events.push(kind);
  });
  const report: BurnReport = { open: hresultHex(opened.result.hresult), events };
  const shim = opened.shim;
  if (!shim) return report;
  try {
    report.select = hresultHex((await shim.selectRecorder(request.recorder)).hresult);
    if (report.select !== '0x00000000') return report;
    if (request.ejectFirst) report.eject = hresultHex((await shim.eject()).hresult);
    const described = JSON.parse((await shim.describe(request.recorder)).json) as { mediaResult: number; mediaPresent: boolean; mediaFlags: number };
    const disc = !described.mediaPresent ? 'none' : described.mediaFlags & MEDIA_BLANK ? 'blank' : 'used';
    report.media = { result: hresultHex(described.mediaResult), disc };
    if (request.describeOnly) return report;
    const audio = cdAudio(request.frames ?? 300 * 588, request.seed ?? 1);
    for (const step of [() => shim.createTrack(audio.length / SECTOR_BYTES), () => shim.addBlocks(audio), () => shim.closeTrack()]) {
      report.stage = hresultHex((await step()).hresult);
      if (report.stage !== '0x00000000') return report;
    }
    report.record = hresultHex((await shim.record(false, request.eject ?? false)).hresult);
    return report;
  } finally {
    await shim.close();
  }
}

process.stdout.write(`${JSON.stringify(await burn(JSON.parse(process.argv[2] ?? '{}') as BurnRequest))}\n`);
