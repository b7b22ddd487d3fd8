import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeCueText } from '../disc/cue-encoding.js';
import { InputError } from '../errors.js';
import type { TrackInput } from '../audio/probe.js';

/**
 * Reads an M3U or M3U8 playlist: its entries in order, paths relative to the playlist's folder,
 * each with the title of the #EXTINF line before it (used when the file's tags give none).
 * An entry that does not exist is an error naming the playlist line.
 */
export async function readPlaylist(playlist: string): Promise<TrackInput[]> {
  let text: string;
  try {
    text = decodeCueText(await readFile(playlist)).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new InputError(playlist, `the playlist cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`, 'EPLAYLIST');
  }
  const tracks: TrackInput[] = [];
  let title: string | undefined;
  for (const [index, raw] of text.split(/\r\n|\r|\n/).entries()) {
    const line = raw.trim();
    const where = `line ${index + 1}`;
    if (line === '') continue;
    if (line.startsWith('#')) {
      // #EXTINF:<seconds>[ attributes],<title>
      const info = /^#EXTINF:[^,]*,(.*)$/i.exec(line);
      if (info) title = info[1]!.trim() || undefined;
      continue;
    }
    const path = await entryPath(playlist, where, line);
    tracks.push({ path, label: path, playlistTitle: title });
    title = undefined;
  }
  if (tracks.length === 0) throw new InputError(playlist, 'the playlist lists no files', 'EPLAYLIST');
  return tracks;
}

/** The file an entry names: relative to the playlist, a file:// URL, or absolute; it must exist. */
async function entryPath(playlist: string, where: string, entry: string): Promise<string> {
  let name = entry;
  if (/^file:\/\//i.test(entry)) {
    try {
      name = fileURLToPath(entry);
    } catch (error) {
      // file://server/share/... names a network share, which a file URL reaches only on Windows.
      throw new InputError(playlist, `${where}: ${entry}: not a file on this computer (${(error as Error).message})`, 'EPLAYLIST');
    }
  } else if (/^[a-z][a-z0-9+.-]+:\/\//i.test(entry)) {
    throw new InputError(playlist, `${where}: ${entry}: only files can be burned, not addresses on a network`, 'EPLAYLIST');
  } else if (process.platform !== 'win32') {
    name = entry.replace(/\\/g, '/'); // a playlist written on Windows
  }
  const path = isAbsolute(name) ? name : join(dirname(playlist), name);
  try {
    await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(playlist, `${where}: ${entry}: ${code === 'ENOENT' ? 'no such file' : `cannot be opened (${code})`}`, 'EPLAYLIST');
  }
  return path;
}
