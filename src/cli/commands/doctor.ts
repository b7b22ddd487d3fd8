import { writeFile } from 'node:fs/promises';
import { release } from 'node:os';
import { plainText } from '../../disc/text.js';
import { InputError } from '../../errors.js';
import type { BurnEvent, EventListener } from '../../events.js';
import type { RawProperty, ReadBackReport, RecorderReport } from '../../recorders/description.js';
import { describeHresult, hresultHex } from '../../recorders/imapi/hresults.js';
import { hresultName } from '../../recorders/imapi2/hresults.js';
import { doctorJob } from '../../jobs/devices.js';

/**
 * `burn-audio doctor`: prints the report (text, or one `doctor` record with --json), or saves it
 * with --out FILE (the same text or NDJSON) and says where.
 */
export async function doctorCommand(version: string, options: { json: boolean; out?: string }, onEvent: EventListener): Promise<void> {
  const report = await doctorJob(onEvent);
  const event: DoctorEvent = { type: 'doctor', burnAudio: version, node: process.version, os: `${process.platform} ${release()} ${process.arch}`, ...report };
  if (options.out === undefined) {
    if (options.json) onEvent(event);
    else process.stdout.write(doctorText(event));
    return;
  }
  const text = options.json ? JSON.stringify(event) + '\n' : doctorText(event);
  await writeFile(options.out, text).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(options.out!, `cannot write the report (${error.code ?? error.message})`);
  });
  onEvent({ type: 'done', outputs: [options.out], simulate: false });
}

/** VARTYPE names (wtypes.h) of the types recorder properties use. */
const VT_NAMES: Record<number, string> = { 0: 'VT_EMPTY', 2: 'VT_I2', 3: 'VT_I4', 8: 'VT_BSTR', 11: 'VT_BOOL', 17: 'VT_UI1', 19: 'VT_UI4', 31: 'VT_LPWSTR' };

type DoctorEvent = Extract<BurnEvent, { type: 'doctor' }>;

/** The doctor report as text, for a person to read and to send back. */
function doctorText(report: DoctorEvent): string {
  const { platform, behaviour } = report;
  const lines = [
    'burn-audio doctor report',
    `burn-audio ${report.burnAudio}, Node.js ${report.node}, ${report.os}`,
    `Windows ${platform.windows}${platform.simulator ? ' (the IMAPI simulator)' : ''}: IMAPI v1 behaviour assumed: ${behaviour.name}`,
    `  ${behaviour.why}`,
    `  test write (--simulate reaches RecordDisc): ${behaviour.testWrite ? 'yes' : 'no, --simulate is a dry run'}; ` +
      `gap: ${behaviour.fixedGapSectors === undefined ? 'AudioGapSize' : `always ${behaviour.fixedGapSectors} sectors`}; ` +
      `write speed settable: ${behaviour.speedSettable ? 'yes' : 'no'}`,
    `Recorders: ${report.recorders.length}`,
  ];
  for (const recorder of report.recorders) lines.push('', ...recorderLines(recorder));
  lines.push('', ...imapi2Lines(report.imapi2));
  for (const disc of report.readBack) lines.push('', ...readBackLines(disc));
  return lines.join('\n') + '\n';
}

/** IMAPI2 (disc-at-once): whether it is there, then every query on each recorder, raw, with its HRESULT. */
function imapi2Lines(imapi2: DoctorEvent['imapi2']): string[] {
  const available = `${hresultHex(imapi2.available)} ${hresultName(imapi2.available)}${imapi2.detail ? ` (${plainText(imapi2.detail)})` : ''}`;
  const lines = [`IMAPI2 (disc-at-once): ba2_available ${available}; recorders: ${imapi2.recorders.length}`];
  for (const recorder of imapi2.recorders) {
    lines.push(`IMAPI2 recorder ${recorder.index}: queries (method, HRESULT, value): ${recorder.queries.length}`);
    for (const { method, hresult, value } of recorder.queries) {
      lines.push(`    ${plainText(method).padEnd(36)} ${hresultHex(hresult)} ${hresultName(hresult).padEnd(10)} ${plainText(JSON.stringify(value) ?? 'null')}`);
    }
  }
  return lines;
}

/** The drive reader on the disc in one recorder: each step, ok or failed, with what it read. */
function readBackLines(disc: ReadBackReport): string[] {
  return [
    `Read-back of IMAPI2 recorder ${disc.index} (reading only): steps: ${disc.steps.length}`,
    ...disc.steps.map(({ step, ok, value }) => `    ${plainText(step).padEnd(52)} ${ok ? 'ok    ' : 'FAILED'} ${plainText(typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null'))}`),
  ];
}

function recorderLines(r: RecorderReport): string[] {
  const text = (value: string | null): string => (value === null ? '(none)' : plainText(value));
  const lines = [
    `Recorder ${r.index}: ${text(r.vendor)} ${text(r.product)} ${text(r.revision)}`,
    `  path ${text(r.path)}, PnP id ${text(r.pnpId)}, recorder type ${r.recorderType}, state ${r.recorderState}`,
    `  properties (name, PROPID, VARTYPE, value): ${r.properties.length}`,
    ...r.properties.map(propertyLine),
    `  QueryMediaType: type ${r.mediaType}, flags ${hex(r.mediaFlags)}`,
    `  QueryMediaInfo: sessions ${r.sessions}, last track ${r.lastTrack}, start ${r.startAddress}, next writable ${r.nextWritable}, free blocks ${r.freeBlocks}`,
    `  GetAvailableAudioTrackBlocks: ${r.availableAudioTrackBlocks}`,
    '  calls (method, HRESULT):',
    ...r.calls.map(({ method, hresult }) => `    ${method.padEnd(32)} ${hresultHex(hresult)} ${hresult === 0 ? 'S_OK' : describeHresult(hresult).name}`),
  ];
  return lines;
}

function propertyLine(p: RawProperty): string {
  const value = typeof p.value === 'string' ? JSON.stringify(plainText(p.value)) : String(p.value);
  return `    ${plainText(p.name ?? '(unnamed)').padEnd(28)} ${String(p.propid).padStart(5)}  ${(VT_NAMES[p.vt] ?? `VT ${p.vt}`).padEnd(9)} ${value}`;
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).toUpperCase()}`;
}
