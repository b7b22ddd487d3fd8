/**
 * The doctor's read-back: the drive reader run on whatever disc is in a recorder, each step's
 * outcome kept (a step that fails ends only itself, opening aside), so that a hardware owner's
 * report shows whether reading back works on their drive. Only reading commands are sent.
 */
import { crc32 } from 'node:zlib';
import type { ReadBackReport, ReadBackStep, RecorderInfo } from '../description.js';
import { openDriveReader, type DriveReader } from './drive-reader.js';
import { parseQPosition } from './mmc.js';

/** Sectors read from track 1's start, and Q frames shown from there. */
const FIRST_SECTORS = 10;
const Q_SECTORS = 4;
/** Tracks whose indexes are looked for (each costs a few dozen reads of the Q sub-channel). */
const INDEX_TRACKS = 3;

export async function readBackReport(recorder: RecorderInfo): Promise<ReadBackReport> {
  const steps: ReadBackStep[] = [];
  const index = recorder.imapi2?.index ?? recorder.index;
  let reader: DriveReader;
  try {
    reader = await openDriveReader(recorder);
    steps.push({ step: 'open', ok: true, value: { route: reader.route } });
  } catch (error) {
    steps.push({ step: 'open', ok: false, value: (error as Error).message });
    return { index, steps };
  }
  try {
    await readDisc(reader, steps);
  } finally {
    await reader.close();
  }
  return { index, steps };
}

async function readDisc(reader: DriveReader, steps: ReadBackStep[]): Promise<void> {
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      const value = await run();
      steps.push({ step: name, ok: true, value: value ?? null });
      return value;
    } catch (error) {
      steps.push({ step: name, ok: false, value: (error as Error).message });
      return undefined;
    }
  };
  await step('READ DISC INFORMATION (disc status)', () => reader.discStatus());
  const toc = await step('READ TOC format 0 (the TOC)', () => reader.toc());
  if (!toc || toc.tracks.length === 0) return;
  const start = toc.tracks[0]!.start;
  await step('READ TOC format 2 (the full TOC)', () => reader.fullToc());
  await step(`READ CD of ${FIRST_SECTORS} sectors from LBA ${start}`, async () => sectorsSummary(await reader.read(start, FIRST_SECTORS)));
  await step(`READ CD with the Q sub-channel, LBA ${start} to ${start + Q_SECTORS - 1}`, async () =>
    (await reader.qFrames(start, Q_SECTORS)).map((frame) => ({ q: frame.toString('hex'), position: parseQPosition(frame) ?? null })),
  );
  await step('READ SUB-CHANNEL format 2 (MCN)', () => reader.mcn());
  await step('READ SUB-CHANNEL format 3 (ISRCs)', async () => {
    const isrcs: Array<{ track: number; isrc: string | null }> = [];
    for (const track of toc.tracks) isrcs.push({ track: track.number, isrc: (await reader.isrc(track.number)) ?? null });
    return isrcs;
  });
  await step(`indexes from the Q sub-channel (tracks 1 to ${Math.min(INDEX_TRACKS, toc.tracks.length)})`, async () => {
    const found = [];
    for (const track of toc.tracks.slice(0, INDEX_TRACKS)) found.push({ track: track.number, ...(await reader.indexes(track.number)) });
    return found;
  });
  await step('READ TOC format 5 (CD-TEXT)', async () => {
    const packs = await reader.cdText();
    return packs && { packs: packs.length / 18, firstPack: packs.subarray(0, 18).toString('hex') };
  });
}

/** What the first sectors held: their size, how much of it is not silence, their CRC-32 (EAC's, nulls included). */
function sectorsSummary(audio: Buffer): { bytes: number; nonZeroBytes: number; crc32: string } {
  const nonZeroBytes = audio.reduce((count, byte) => count + (byte === 0 ? 0 : 1), 0);
  return { bytes: audio.length, nonZeroBytes, crc32: crc32(audio).toString(16).padStart(8, '0').toUpperCase() };
}
