/**
 * A recorder's drive read as a disc, for the verifier and the doctor: MMC commands through the
 * shim's reader (ba2_reader_*: IMAPI2's own handle on the drive, IOCTL_CDROM_* on a read-only
 * handle where that refuses), their replies parsed in mmc.ts. Nothing is ever written.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { DeviceError, throwIfAborted } from '../../errors.js';
import { SECTOR_BYTES } from '../../disc/red-book.js';
import { CONTROL, SectorReadError, type DiscReader, type DiscToc, type TrackIndexes } from '../../verify/reader.js';
import type { RecorderInfo } from '../description.js';
import { imapiUnavailable, recorderName } from '../imapi/imapi.js';
import { unsigned } from '../imapi/hresults.js';
import type { ReaderReply } from '../imapi/native.js';
import { E_ACCESSDENIED, E_IMAPI_RECORDER_LOCKED, E_IMAPI_RECORDER_MEDIA_NO_MEDIA, hresultName } from './hresults.js';
import {
  ASC, FORMATTED_Q_BYTES, SENSE_KEY, parseCdText, parseDiscInformation, parseIsrc, parseMcn, parseQPosition, parseSense, parseToc,
  readCdCdb, readCdSectorBytes, readDiscInformationCdb, readSubChannelCdb, readTocCdb, senseText, parseFullToc, type DiscStatus, type FullToc, type QPosition, type Sense,
} from './mmc.js';

export interface DriveReader extends DiscReader {
  /** From READ SUB-CHANNEL (the Q sub-channel's mode-2 frames), undefined when the disc has none. */
  mcn(): Promise<string | undefined>;
  /** Track `track`'s, from READ SUB-CHANNEL (its mode-3 frames), undefined when it has none. */
  isrc(track: number): Promise<string | undefined>;
  /** Found in the Q sub-channel read with READ CD (what the disc says: IMAPI2 marks the 2 s before every later track as INDEX 00). */
  indexes(track: number): Promise<TrackIndexes>;
  /** The CD-TEXT packs of the lead-in (18 bytes each, CRC included), or undefined where the disc has none or the drive cannot read them. */
  cdText(): Promise<Buffer | undefined>;
  /** How the shim reaches the drive: IMAPI2's own handle, or IOCTL_CDROM_* on a read-only handle. */
  readonly route: ReaderRoute;
  /** READ DISC INFORMATION's disc status, where the route has it. */
  discStatus(): Promise<DiscStatus | undefined>;
  /** READ TOC format 2: the session's points, where the drive gives them. */
  fullToc(): Promise<FullToc | undefined>;
  /** The formatted Q frames (16 bytes each) of `sectors` sectors from `lba`. */
  qFrames(lba: number, sectors: number): Promise<Buffer[]>;
  /** Releases every handle the reader holds. */
  close(): Promise<void>;
}

export type ReaderRoute = 'imapi2' | 'ioctl';

/** What ba2_reader_open says of the drive it opened. */
export interface ReaderFacts {
  path: ReaderRoute;
  uniqueId: string | null;
  volumePath: string | null;
  exclusiveAccessOwner: string | null;
}

/** One command's round trip, as NativeReader makes it. */
export interface ReaderTransport {
  command(cdb: Buffer, capacity: number): Promise<ReaderReply>;
  close(): Promise<void>;
}

const S_IMAPI_COMMAND_HAS_SENSE_DATA = 0x00aa0200;
const E_NOTIMPL = 0x80004001;
/** Sectors a READ CD asks for at once: 26 × 2352 bytes fit the 64 KiB most adapters transfer. */
const TRANSFER_SECTORS = 26;
/** CDROM_TOC's size: a header and 100 track descriptors. */
const TOC_BYTES = 804;
const CD_TEXT_BYTES = 0xffff;
const DISC_INFORMATION_BYTES = 34;
/** How long a drive that is becoming ready is waited for, asked again every READY_POLL_MS. */
const READY_WAIT_MS = 30_000;
const READY_POLL_MS = 250;
/** Q frames read to find a position frame near a sector (MCN and ISRC frames never come two in a row). */
const NEAR_SECTORS = 4;

/** Opens the recorder's drive for reading (after the burn released it). Throws a DeviceError (exit 4) for a drive that is locked, has no disc or cannot read audio, naming what was found. Writes nothing, ever. */
export async function openDriveReader(recorder: RecorderInfo, options: { signal?: AbortSignal } = {}): Promise<DriveReader> {
  const name = recorderName(recorder);
  if (!recorder.imapi2) throw new DeviceError(`${name}: IMAPI2 does not see this recorder, so burn-audio cannot read its disc`, 'ENOIMAPI2');
  const why = imapiUnavailable();
  if (why) throw new DeviceError(why, 'ENOIMAPI');
  const { NativeReader } = await import('../imapi/native.js');
  const { reader, result, json } = await NativeReader.open(recorder.imapi2.index);
  if (!reader) throw new DeviceError(`${name}: cannot be opened for reading (${hresultName(result.hresult)}${result.detail ? `: ${result.detail}` : ''})`, 'EREADER');
  return MmcDriveReader.start(reader, name, JSON.parse(json) as ReaderFacts, options.signal);
}

/** The drive reader over any transport; `start` checks the drive before it is handed out. */
export class MmcDriveReader implements DriveReader {
  readonly route: ReaderRoute;
  private status?: DiscStatus;
  private tocRead?: DiscToc;
  /** Each track's INDEX 00 (undefined: none in the program area), found once. */
  private readonly pregaps = new Map<number, number | undefined>();

  private constructor(
    private readonly transport: ReaderTransport,
    readonly name: string,
    private readonly facts: ReaderFacts,
    private readonly signal?: AbortSignal,
  ) {
    this.route = facts.path;
  }

  /** The reader, once the drive has shown it holds a disc it can read audio from. */
  static async start(transport: ReaderTransport, name: string, facts: ReaderFacts, signal?: AbortSignal): Promise<MmcDriveReader> {
    const reader = new MmcDriveReader(transport, name, facts, signal);
    try {
      await reader.check();
      return reader;
    } catch (error) {
      await reader.close();
      throw error;
    }
  }

  async discStatus(): Promise<DiscStatus | undefined> {
    const { data, sense, unsupported } = await this.send(readDiscInformationCdb(), DISC_INFORMATION_BYTES, 'READ DISC INFORMATION');
    this.status = unsupported || sense ? undefined : parseDiscInformation(data).status;
    return this.status;
  }

  async toc(): Promise<DiscToc> {
    if (this.tocRead) return this.tocRead;
    if (this.status === 'empty') return (this.tocRead = { tracks: [], leadOut: 0 });
    const { data, sense } = await this.send(readTocCdb(0, TOC_BYTES), TOC_BYTES, 'READ TOC');
    // A blank disc has no table of contents: the drive refuses the command.
    this.tocRead = sense ? { tracks: [], leadOut: 0 } : parseToc(data);
    return this.tocRead;
  }

  async fullToc(): Promise<FullToc | undefined> {
    if ((await this.toc()).tracks.length === 0) return undefined;
    const { data, sense } = await this.send(readTocCdb(2, TOC_BYTES), TOC_BYTES, 'READ TOC (full TOC)');
    return sense ? undefined : parseFullToc(data);
  }

  async mcn(): Promise<string | undefined> {
    const { data, sense } = await this.send(readSubChannelCdb(2), 24, 'READ SUB-CHANNEL (MCN)');
    return sense ? undefined : parseMcn(data);
  }

  async isrc(track: number): Promise<string | undefined> {
    const { data, sense } = await this.send(readSubChannelCdb(3, track), 24, `READ SUB-CHANNEL (track ${track}'s ISRC)`);
    return sense ? undefined : parseIsrc(data);
  }

  async read(lba: number, sectors: number): Promise<Buffer> {
    const out = Buffer.alloc(sectors * SECTOR_BYTES);
    for (let done = 0; done < sectors; done += TRANSFER_SECTORS) {
      throwIfAborted(this.signal);
      const count = Math.min(TRANSFER_SECTORS, sectors - done);
      const data = await this.readCd(lba + done, count, false);
      data.copy(out, done * SECTOR_BYTES);
    }
    return out;
  }

  async qFrames(lba: number, sectors: number): Promise<Buffer[]> {
    const data = await this.readCd(lba, sectors, true);
    const per = readCdSectorBytes(true);
    return Array.from({ length: sectors }, (_, i) => data.subarray(i * per + SECTOR_BYTES, (i + 1) * per));
  }

  async indexes(number: number): Promise<TrackIndexes> {
    const { tracks, leadOut } = await this.toc();
    const i = tracks.findIndex((track) => track.number === number);
    if (i < 0) return { later: [] };
    const pregap = await this.pregap(i);
    const next = tracks[i + 1];
    const end = next ? ((await this.pregap(i + 1)) ?? next.start) : leadOut;
    const later: number[] = [];
    let from = tracks[i]!.start;
    const last = await this.lastIndex(number, from, end);
    for (let index = 2; index <= last; index += 1) {
      from = await this.boundary(from, end, (q) => q.track > number || (q.track === number && q.index >= index));
      later.push(from);
    }
    return { ...(pregap !== undefined && { pregap }), later };
  }

  async cdText(): Promise<Buffer | undefined> {
    if ((await this.toc()).tracks.length === 0) return undefined;
    const { data, sense } = await this.send(readTocCdb(5, CD_TEXT_BYTES), CD_TEXT_BYTES, 'READ TOC (CD-TEXT)');
    return sense ? undefined : parseCdText(data);
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  /** A disc is in the drive, and it reads CD-DA sectors (the Q sub-channel is asked for only where indexes are). */
  private async check(): Promise<void> {
    await this.discStatus();
    const audio = (await this.toc()).tracks.find((track) => (track.control & CONTROL.data) === 0);
    if (!audio) return;
    try {
      await this.readCd(audio.start, 1, false);
    } catch (error) {
      if (!(error instanceof SectorReadError)) throw error;
    }
  }

  /** READ CD; a sector the drive cannot read is a SectorReadError, a refusal of CD-DA a DeviceError. */
  private async readCd(lba: number, sectors: number, q: boolean): Promise<Buffer> {
    const bytes = sectors * readCdSectorBytes(q);
    const { data, sense } = await this.send(readCdCdb(lba, sectors, q), bytes, `READ CD at LBA ${lba}`);
    if (sense?.key === SENSE_KEY.mediumError) throw new SectorReadError(sense.lba ?? lba, `sector ${sense.lba ?? lba} cannot be read (${senseText(sense)})`);
    if (sense && (sense.asc === ASC.invalidField || sense.asc === ASC.invalidOpcode)) {
      const what = q ? 'the Q sub-channel: it refuses READ CD of CD-DA sectors with the formatted Q' : 'CD audio: it refuses READ CD of CD-DA sectors';
      throw new DeviceError(`${this.name} cannot read ${what} (${senseText(sense)}); the disc cannot be checked in this drive`, q ? 'ENOSUBQ' : 'ENOCDDA');
    }
    if (sense) throw new DeviceError(`${this.name}: reading LBA ${lba} failed (${senseText(sense)})`, 'EREAD');
    if (data.length !== bytes) throw new SectorReadError(lba, `sector ${lba}: the drive gave ${data.length} bytes of ${bytes}`);
    return data;
  }

  /**
   * One command: the reply's data, or the drive's sense data; a lock, no disc or another failure
   * thrown as a DeviceError. A drive still becoming ready (after a burn, the disc is read in
   * again) is asked again, for up to READY_WAIT_MS.
   */
  private async send(cdb: Buffer, capacity: number, what: string): Promise<{ data: Buffer; sense?: Sense; unsupported?: boolean }> {
    for (let waited = 0; ; waited += READY_POLL_MS) {
      const reply = await this.sendOnce(cdb, capacity, what);
      const sense = reply.sense;
      const settling = sense && ((sense.key === SENSE_KEY.notReady && sense.asc === ASC.becomingReady) || sense.key === SENSE_KEY.unitAttention);
      if (!settling || waited >= READY_WAIT_MS) return reply;
      await delay(READY_POLL_MS, undefined, { signal: this.signal }).catch(() => throwIfAborted(this.signal));
    }
  }

  private async sendOnce(cdb: Buffer, capacity: number, what: string): Promise<{ data: Buffer; sense?: Sense; unsupported?: boolean }> {
    throwIfAborted(this.signal);
    const { result, data, sense } = await this.transport.command(cdb, capacity);
    const code = unsigned(result.hresult);
    if (code === E_ACCESSDENIED || code === E_IMAPI_RECORDER_LOCKED) throw this.locked();
    if (code === E_IMAPI_RECORDER_MEDIA_NO_MEDIA) throw this.noDisc();
    if (code === E_NOTIMPL) return { data, unsupported: true };
    if (result.hresult < 0) throw new DeviceError(`${this.name}: ${what} failed (${hresultName(result.hresult)}${result.detail ? `: ${result.detail}` : ''})`, 'EREAD');
    if (result.hresult !== S_IMAPI_COMMAND_HAS_SENSE_DATA) return { data };
    const refused = parseSense(sense);
    if (refused.key === SENSE_KEY.notReady && refused.asc === ASC.noMedium) throw this.noDisc();
    return { data, sense: refused };
  }

  private locked(): DeviceError {
    const owner = this.facts.exclusiveAccessOwner;
    const holder = owner ? `"${owner}" (its ExclusiveAccessOwner)` : 'another program or burn';
    return new DeviceError(`${this.name} is locked by ${holder}: the disc cannot be read until it lets go of the drive; close it (or wait until it is done) and try again`, 'ELOCKED');
  }

  private noDisc(): DeviceError {
    return new DeviceError(`there is no disc in ${this.name}: there is nothing to read`, 'ENOMEDIA');
  }

  /** Track `i`'s INDEX 00, where it lies in the program area: the first sector whose Q says the track. */
  private async pregap(i: number): Promise<number | undefined> {
    const { tracks } = await this.toc();
    const track = tracks[i]!;
    if (this.pregaps.has(track.number)) return this.pregaps.get(track.number);
    const from = i > 0 ? tracks[i - 1]!.start : 0;
    const found = track.start === 0 ? track.start : await this.boundary(from, track.start, (q) => q.track >= track.number);
    const pregap = found < track.start ? found : undefined;
    this.pregaps.set(track.number, pregap);
    return pregap;
  }

  /** The highest index the Q channel gives in track `number` before `end`. */
  private async lastIndex(number: number, start: number, end: number): Promise<number> {
    const from = Math.max(start, end - NEAR_SECTORS);
    const frames = (await this.qFrames(from, end - from)).map(parseQPosition);
    return frames.reduce((last, q) => (q?.track === number ? Math.max(last, q.index) : last), 1);
  }

  /**
   * The first sector in [lo, hi] whose Q position says `reached` (which holds from some sector
   * on, and at hi), found by halving; each probe reads the first position frame at or after the
   * sector. Where an MCN or ISRC frame stands between the last position frame before the change
   * and the first after it, the disc does not say which of the two sectors the change is at: it
   * is placed at the first sector after the last position frame before it.
   */
  private async boundary(lo: number, hi: number, reached: (q: QPosition) => boolean): Promise<number> {
    let [low, high] = [lo, hi];
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      const near = await this.positionFrom(mid, hi);
      if (!near || reached(near.q)) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** The first position frame at or after `lba` (read up to `limit`). */
  private async positionFrom(lba: number, limit: number): Promise<{ lba: number; q: QPosition } | undefined> {
    const { leadOut } = await this.toc();
    for (let from = lba; from < Math.min(limit + NEAR_SECTORS, leadOut); from += NEAR_SECTORS) {
      // An unreadable spot says nothing of where an index is: the sectors after it do.
      const frames = await this.qFrames(from, Math.min(NEAR_SECTORS, leadOut - from)).catch((error: unknown) => {
        if (error instanceof SectorReadError) return [];
        throw error;
      });
      for (const [i, frame] of frames.entries()) {
        const q = parseQPosition(frame.subarray(0, FORMATTED_Q_BYTES));
        if (q) return { lba: from + i, q };
      }
    }
    return undefined;
  }
}
