/**
 * Run by Windows node under Wine (imapi2.wine-test.ts), from inside the installed package, in a
 * process after the one that burned: opens recorder 0's drive with openDriveReader (the shim's
 * ba2_reader_* exports, IDiscRecorder2Ex across processes to the simulator's server), writes the
 * first SECTORS sectors it reads to OUT, and prints what it read as one JSON object.
 *   read-back OUT SECTORS UNREADABLE
 */
import { writeFile } from 'node:fs/promises';
import { openDriveReader } from '../../src/recorders/imapi2/drive-reader.js';
import { simRecorder } from '../helpers/recorder-info.js';

const [out, sectors, unreadable] = process.argv.slice(2);
const reader = await openDriveReader(simRecorder(0, 'WINE'));
try {
  const toc = await reader.toc();
  const isrcs = [];
  const indexes = [];
  for (const track of toc.tracks) {
    isrcs.push((await reader.isrc(track.number)) ?? null);
    indexes.push(await reader.indexes(track.number));
  }
  await writeFile(out!, await reader.read(0, Number(sectors)));
  const failed = await reader.read(Number(unreadable) - 2, 4).then(
    () => null,
    (error: Error & { lba?: number }) => ({ name: error.name, lba: error.lba ?? null }),
  );
  const result = { route: reader.route, status: await reader.discStatus(), toc, mcn: (await reader.mcn()) ?? null, isrcs, indexes, failed };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await reader.close();
}
