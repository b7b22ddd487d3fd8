import { open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { cdTextFilePacks } from '../disc/cd-text.js';
import { decodeCueText } from '../disc/cue-encoding.js';
import { CueSyntaxError, parseCueSheet, type AudioTrack, type CueSheet } from '../disc/cue-parser.js';
import { SECTOR_BYTES } from '../disc/red-book.js';
import { InputError } from '../errors.js';
import { findSheetFile } from '../inputs/cue-paths.js';
import { imagePaths } from '../recorders/image-recorder.js';
import { controlBits, type DiscReader, type DiscToc, type TrackIndexes } from './reader.js';

/**
 * A BIN/CUE disc image read as a disc: the table of contents, MCN, ISRCs and indexes from its
 * cue sheet (one BINARY file: the program area from LBA 0, as `--image` writes it), the sectors
 * from the BIN. Nothing is written.
 */
export class ImageReader implements DiscReader {
  readonly name: string;

  private constructor(
    private readonly sheet: ImageSheet,
    private readonly bin: FileHandle,
    private readonly leadOut: number,
    private readonly cue: string,
  ) {
    this.name = `image ${cue}`;
  }

  /** Opens the image whose cue sheet is `cue`; an InputError (naming the sheet, and its line) when it is not a BIN/CUE audio image. */
  static async open(cue: string): Promise<ImageReader> {
    const sheet = imageSheet(cue, await readSheet(cue));
    const file = sheet.files[0]!;
    const found = await findSheetFile(dirname(cue), file.name);
    if (!found) throw new InputError(cue, `line ${file.line}: ${file.name}: no such file`, 'ENOIMAGE');
    const bin = await open(found.path, 'r');
    const leadOut = Math.ceil((await bin.stat()).size / SECTOR_BYTES);
    const past = sheet.tracks.find((track) => track.index1 >= leadOut);
    if (past) {
      await bin.close();
      throw new InputError(cue, `line ${past.line}: TRACK ${String(past.number).padStart(2, '0')} starts past the end of ${file.name} (${leadOut} sectors); the sheet does not fit this BIN`, 'EIMAGE');
    }
    return new ImageReader(sheet, bin, leadOut, cue);
  }

  async toc(): Promise<DiscToc> {
    const tracks = this.sheet.tracks.map((track) => ({ number: track.number, start: track.index1, control: controlBits(track.flags) }));
    return { tracks, leadOut: this.leadOut };
  }

  async mcn(): Promise<string | undefined> {
    return this.sheet.catalog;
  }

  async isrc(number: number): Promise<string | undefined> {
    return this.track(number)?.isrc;
  }

  async indexes(number: number): Promise<TrackIndexes> {
    const track = this.track(number);
    if (!track) return { later: [] };
    return { ...(track.index0 !== undefined && { pregap: track.index0 }), later: track.indexes.map((offset) => track.index1 + offset) };
  }

  async read(lba: number, sectors: number): Promise<Buffer> {
    // A last partial sector reads as zero-padded, as a recorder pads it.
    const data = Buffer.alloc(sectors * SECTOR_BYTES);
    await this.bin.read(data, 0, data.length, lba * SECTOR_BYTES);
    return data;
  }

  /** The packs of the image's CD-TEXT file (NAME.cdt beside NAME.cue, as --image writes it), where there is one. */
  async cdText(): Promise<Buffer | undefined> {
    const file = await readFile(imagePaths(this.cue).cdt).catch(() => undefined);
    return file && cdTextFilePacks(file);
  }

  async close(): Promise<void> {
    await this.bin.close();
  }

  private track(number: number): AudioTrack | undefined {
    return this.sheet.tracks.find((track) => track.number === number);
  }
}

async function readSheet(cue: string): Promise<CueSheet> {
  let bytes: Buffer;
  try {
    bytes = await readFile(cue);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(cue, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? error})`, 'ENOIMAGE');
  }
  try {
    return parseCueSheet(decodeCueText(bytes));
  } catch (error) {
    if (error instanceof CueSyntaxError) throw new InputError(cue, error.message, 'ECUE');
    throw error;
  }
}

/** A disc image's sheet: its tracks are all audio. */
type ImageSheet = Omit<CueSheet, 'tracks'> & { tracks: AudioTrack[] };

/** The sheet of a disc image: one BINARY file, audio tracks only, no silence outside the file. */
function imageSheet(cue: string, sheet: CueSheet): ImageSheet {
  const refuse = (line: number, problem: string): never => {
    throw new InputError(cue, `line ${line}: ${problem}; a disc image's sheet names one BINARY file that holds the whole disc, as --image writes it`, 'EIMAGE');
  };
  const [file, other] = sheet.files;
  if (other) refuse(other.line, `a second FILE (${other.name})`);
  if (file && file.type !== 'BINARY') refuse(file.line, `FILE ${file.name} is ${file.type}, not BINARY`);
  const tracks = sheet.tracks.map((track) => {
    const name = `TRACK ${String(track.number).padStart(2, '0')}`;
    if (track.kind === 'data') return refuse(track.line, `${name} is a data track (${track.mode})`);
    if (track.pregap > 0 || track.postgap > 0) refuse(track.line, `${name} has a ${track.pregap > 0 ? 'PREGAP' : 'POSTGAP'}, silence that is not in the BIN`);
    return track;
  });
  return { ...sheet, tracks };
}
