/**
 * The one module that uses ffi-rs. It loads the IMAPI shim (IMAPI v1 and IMAPI2 in one library)
 * by absolute path from this package (never from the current folder or the DLL search path),
 * defines every export once, and wraps each in a typed function. Blocking exports run on libuv's
 * pool (runInNewThread) so the event loop keeps drawing; every Buffer handed to native code stays
 * referenced until its call resolves.
 */
import { DataType, PointerType, close, createPointer, define, freePointer, funcConstructor, load, open, unwrapPointer } from 'ffi-rs';
import { EVENT, EVENT2, shimPath } from './shim-contract.js';

const LIBRARY = 'burn_audio_imapi';

/** Room for one recorder's doctor report (every property and media value, as JSON). */
const REPORT_BYTES = 65536;

/** E_NOTIMPL: what ba2_available stands for in a shim built without IMAPI2. */
const E_NOTIMPL = 0x80004001 | 0;

function cString(buffer: Buffer): string {
  const end = buffer.indexOf(0);
  return buffer.toString('utf8', 0, end < 0 ? buffer.length : end);
}
export type ShimEventListener = (kind: number, a: number, b: number) => void;

const I32 = DataType.I32;
const BLOCKING = { library: LIBRARY, retType: I32, runInNewThread: true } as const;
const QUICK = { library: LIBRARY, retType: I32 } as const;

/** Every export of burn_audio_imapi.h and burn_audio_imapi2.h. Symbols are looked up when called. */
const EXPORTS = {
  ba_open: { ...BLOCKING, paramsType: [DataType.External] },
  ba_platform: { ...QUICK, paramsType: [DataType.U8Array, I32] },
  ba_recorder_count: { ...QUICK, paramsType: [] },
  ba_recorder_describe: { ...BLOCKING, paramsType: [I32, DataType.U8Array, I32] },
  ba_recorder_report: { ...BLOCKING, paramsType: [I32, DataType.U8Array, I32] },
  ba_select_recorder: { ...BLOCKING, paramsType: [I32] },
  ba_set_properties: { ...BLOCKING, paramsType: [I32, I32, DataType.U8Array] },
  ba_create_track: { ...BLOCKING, paramsType: [I32] },
  ba_add_blocks: { ...BLOCKING, paramsType: [DataType.U8Array, I32] },
  ba_close_track: { ...BLOCKING, paramsType: [] },
  ba_clear: { ...BLOCKING, paramsType: [] },
  ba_record: { ...BLOCKING, paramsType: [I32, I32] },
  ba_erase: { ...BLOCKING, paramsType: [I32] },
  ba_eject: { ...BLOCKING, paramsType: [] },
  ba_cancel: { library: LIBRARY, retType: DataType.Void, paramsType: [] },
  ba_close: { ...BLOCKING, paramsType: [] },
  ba_last_error: { ...QUICK, paramsType: [DataType.U8Array, I32] },
  ba2_available: { ...QUICK, paramsType: [] },
  ba2_open: { ...BLOCKING, paramsType: [DataType.External] },
  ba2_recorder_count: { ...QUICK, paramsType: [] },
  ba2_recorder_describe: { ...BLOCKING, paramsType: [I32, DataType.U8Array, I32] },
  ba2_prepare: { ...BLOCKING, paramsType: [I32, I32, DataType.U8Array, I32] },
  ba2_image_begin: { ...BLOCKING, paramsType: [I32, I32] },
  ba2_image_special_pregap: { ...BLOCKING, paramsType: [DataType.String, DataType.I64, I32] },
  ba2_image_add_track: { ...BLOCKING, paramsType: [DataType.String, DataType.I64, I32, DataType.String, I32, DataType.I32Array, I32, DataType.U8Array] },
  ba2_image_catalog: { ...BLOCKING, paramsType: [DataType.String] },
  ba2_image_cd_text: { ...BLOCKING, paramsType: [DataType.U8Array, I32] },
  ba2_image_create: { ...BLOCKING, paramsType: [DataType.U8Array] },
  ba2_image_describe: { ...BLOCKING, paramsType: [DataType.U8Array, I32] },
  ba2_write: { ...BLOCKING, paramsType: [] },
  ba2_read_through: { ...BLOCKING, paramsType: [] },
  ba2_cancel: { library: LIBRARY, retType: DataType.Void, paramsType: [] },
  ba2_release: { ...BLOCKING, paramsType: [] },
  ba2_eject: { ...BLOCKING, paramsType: [I32] },
  ba2_report: { ...BLOCKING, paramsType: [I32, DataType.U8Array, I32] },
  ba2_close: { ...BLOCKING, paramsType: [] },
  ba2_last_error: { ...QUICK, paramsType: [DataType.U8Array, I32] },
  ba2_reader_open: { ...BLOCKING, paramsType: [I32, DataType.U8Array, I32] },
  ba2_reader_command: { ...BLOCKING, paramsType: [DataType.U8Array, I32, DataType.U8Array, I32, DataType.U8Array, DataType.U8Array] },
  ba2_reader_close: { ...BLOCKING, paramsType: [] },
  ba2_reader_last_error: { ...QUICK, paramsType: [DataType.U8Array, I32] },
};

const fns = define(EXPORTS);

/** Sessions and queries using the library now: it is unloaded when the last one ends. */
let users = 0;

function acquire(): void {
  if (users === 0) open({ library: LIBRARY, path: shimPath() });
  users += 1;
}

function unload(): void {
  users -= 1;
  if (users === 0) close(LIBRARY);
}

/** Runs `query` with the library loaded for it alone (or while a session holds it). */
function withLibrary<T>(query: () => T): T {
  acquire();
  try {
    return query();
  } finally {
    unload();
  }
}

/** The IMAPI v1 behaviour the shim faces (ba_platform), as JSON; needs no ba_open. */
export function shimPlatform(): { result: ShimResult; json: string } {
  return withLibrary(() => {
    const buffer = Buffer.alloc(256);
    return { result: { hresult: fns.ba_platform([buffer, buffer.length]), detail: '' }, json: cString(buffer) };
  });
}

/** Whether IMAPI2 can be used here (ba2_available); needs no ba2_open. */
export function imapi2Available(): ShimResult {
  return withLibrary(() => {
    try {
      return { hresult: fns.ba2_available([]), detail: '' };
    } catch (error) {
      return { hresult: E_NOTIMPL, detail: `this shim has no IMAPI2 (${(error as Error).message})` };
    }
  });
}

const EventCallback = funcConstructor({ paramsType: [I32, I32, I32], retType: DataType.Void });

/** Result of a shim call: the HRESULT and, when it failed, what the shim says failed. */
export interface ShimResult {
  hresult: number;
  detail: string;
}

/** The exports a session of one IMAPI ends with and reads its failures from. */
interface SessionExports {
  lastError: (buffer: Buffer) => number;
  close: () => Promise<number>;
}

/**
 * A loaded, open IMAPI of the shim (v1 or IMAPI2), with its event callback. Always `close()` it,
 * which frees the callback and unloads the library once nothing else uses it, so the process can
 * exit. One session of each IMAPI at a time.
 */
abstract class ShimSession {
  private closing?: Promise<void>;
  /** Buffers native code is using: referenced here until their call has returned (ffi-rs reference, pitfall 11). */
  private readonly inFlight = new Set<Buffer>();

  constructor(
    private readonly exports: SessionExports,
    private readonly holder: ReturnType<typeof createPointer>,
    private readonly closed: Promise<void>,
    private readonly done: () => void,
  ) {}

  get pointer(): unknown {
    return unwrapPointer(this.holder)[0];
  }

  /** Closes the IMAPI, waits for its last event, frees the callback, unloads the library. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.exports.close();
      await this.unhook();
    })();
    return this.closing;
  }

  async unhook(): Promise<void> {
    await this.closed;
    freePointer({ paramsType: [EventCallback], paramsValue: this.holder, pointerType: PointerType.RsPointer });
    unload();
    this.done();
  }

  /** Runs a native call that reads or writes `buffer`, keeping the buffer referenced until it returns. */
  protected async holding<T>(buffer: Buffer, call: () => Promise<T>): Promise<T> {
    this.inFlight.add(buffer);
    try {
      return await call();
    } finally {
      this.inFlight.delete(buffer);
    }
  }

  protected result(hresult: number): ShimResult {
    return { hresult, detail: hresult < 0 ? this.lastError() : '' };
  }

  lastError(): string {
    const buffer = Buffer.alloc(512);
    const length = this.exports.lastError(buffer);
    return buffer.toString('utf8', 0, length);
  }

  /** A JSON-writing export's result and text. */
  protected async json(bytes: number, call: (buffer: Buffer) => Promise<number>): Promise<{ result: ShimResult; json: string }> {
    const buffer = Buffer.alloc(bytes);
    const hresult = await this.holding(buffer, () => call(buffer));
    return { result: this.result(hresult), json: cString(buffer) };
  }
}

/** IMAPIs of the shim open in this process: one session of each at a time. */
const opened = new Set<string>();

type SessionArgs = ConstructorParameters<typeof ShimSession>;

/**
 * Loads the library, makes the session's event callback (which resolves `closed` on the
 * session's last event) and calls the IMAPI's open export with it. Resolves with the session and
 * the open export's result; after a failure everything is freed.
 */
async function openSession<T extends ShimSession>(
  name: string,
  onEvent: ShimEventListener,
  closedKind: number,
  exports: SessionExports,
  openExport: (pointer: unknown) => Promise<number>,
  make: (...args: SessionArgs) => T,
): Promise<{ shim?: T; result: ShimResult }> {
  if (opened.has(name)) throw new Error(`${name} is already open in this process`);
  opened.add(name);
  acquire();
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const holder = createPointer({
    paramsType: [EventCallback],
    paramsValue: [
      (kind: number, a: number, b: number) => {
        try {
          if (kind === closedKind) markClosed();
          else onEvent(kind, a, b);
        } catch (error) {
          process.emitWarning(`burn-audio: an IMAPI event handler failed: ${String(error)}`);
        }
      },
    ],
  });
  const shim = make(exports, holder, closed, () => opened.delete(name));
  const hresult = await openExport(shim.pointer);
  if (hresult < 0) {
    const result = { hresult, detail: shim.lastError() };
    await shim.unhook();
    return { result };
  }
  return { shim, result: { hresult, detail: '' } };
}

/** IMAPI v1 through the shim (burn_audio_imapi.h). Create with `NativeShim.open`. */
export class NativeShim extends ShimSession {
  /** Loads the shim and calls ba_open. Resolves with the shim and ba_open's result. One at a time. */
  static open(onEvent: ShimEventListener): Promise<{ shim?: NativeShim; result: ShimResult }> {
    const exports = { lastError: (b: Buffer) => fns.ba_last_error([b, b.length]), close: () => fns.ba_close([]) };
    return openSession('IMAPI v1', onEvent, EVENT.closed, exports, (pointer) => fns.ba_open([pointer]), (...args) => new NativeShim(...args));
  }

  recorderCount(): number {
    return fns.ba_recorder_count([]);
  }

  /** What the shim faces (ba_platform), as JSON. */
  platform(): { result: ShimResult; json: string } {
    const { result, json } = shimPlatform();
    return { result: this.result(result.hresult), json };
  }

  describe(index: number): Promise<{ result: ShimResult; json: string }> {
    return this.json(4096, (buffer) => fns.ba_recorder_describe([index, buffer, buffer.length]));
  }

  /** Every raw value IMAPI gives about recorder `index`, with the HRESULT of each call (ba_recorder_report). */
  report(index: number): Promise<{ result: ShimResult; json: string }> {
    return this.json(REPORT_BYTES, (buffer) => fns.ba_recorder_report([index, buffer, buffer.length]));
  }

  async selectRecorder(index: number): Promise<ShimResult> {
    return this.result(await fns.ba_select_recorder([index]));
  }

  /** Sets WriteSpeed and AudioGapSize (-1 leaves one alone); returns what the recorder took. */
  async setProperties(writeSpeed: number, gapBlocks: number): Promise<{ result: ShimResult; writeSpeed: number; maxWriteSpeed: number; gapBlocks: number }> {
    const out = Buffer.alloc(12);
    const hresult = await this.holding(out, () => fns.ba_set_properties([writeSpeed, gapBlocks, out]));
    return { result: this.result(hresult), writeSpeed: out.readInt32LE(0), maxWriteSpeed: out.readInt32LE(4), gapBlocks: out.readInt32LE(8) };
  }

  async createTrack(blocks: number): Promise<ShimResult> {
    return this.result(await fns.ba_create_track([blocks]));
  }

  async addBlocks(data: Buffer): Promise<ShimResult> {
    return this.result(await this.holding(data, () => fns.ba_add_blocks([data, data.length])));
  }

  async closeTrack(): Promise<ShimResult> {
    return this.result(await fns.ba_close_track([]));
  }

  async clear(): Promise<ShimResult> {
    return this.result(await fns.ba_clear([]));
  }

  async record(simulate: boolean, eject: boolean): Promise<ShimResult> {
    return this.result(await fns.ba_record([simulate ? 1 : 0, eject ? 1 : 0]));
  }

  async erase(full: boolean): Promise<ShimResult> {
    return this.result(await fns.ba_erase([full ? 1 : 0]));
  }

  async eject(): Promise<ShimResult> {
    return this.result(await fns.ba_eject([]));
  }

  /** Sets the flag QueryCancel answers. Never blocks. */
  cancel(): void {
    fns.ba_cancel([]);
  }
}

/** One track of an IMAPI2 image: where its audio lies in the staged file, and its codes. */
export interface Imapi2Track {
  path: string;
  /** Byte offset in the file. */
  offset: number;
  sectors: number;
  isrc?: string;
  /** BA2_FLAG_* bits. */
  flags: number;
  /** INDEX 02 and later, in sectors from the track's start. */
  indexes: readonly number[];
}

/** IMAPI2 raw disc-at-once through the shim (burn_audio_imapi2.h). Create with `NativeShim2.open`. */
export class NativeShim2 extends ShimSession {
  /** Loads the shim and calls ba2_open. Resolves with the shim and ba2_open's result. One at a time. */
  static open(onEvent: ShimEventListener): Promise<{ shim?: NativeShim2; result: ShimResult }> {
    const exports = { lastError: (b: Buffer) => fns.ba2_last_error([b, b.length]), close: () => fns.ba2_close([]) };
    return openSession('IMAPI2', onEvent, EVENT2.closed, exports, (pointer) => fns.ba2_open([pointer]), (...args) => new NativeShim2(...args));
  }

  /** Recorder `index` as IMAPI2 sees it, as JSON; nothing is locked. */
  describe(index: number): Promise<{ result: ShimResult; json: string }> {
    return this.json(8192, (buffer) => fns.ba2_recorder_describe([index, buffer, buffer.length]));
  }

  recorderCount(): number {
    return fns.ba2_recorder_count([]);
  }

  /** PrepareMedia on recorder `index` at `speed` sectors per second (-1: the fastest). */
  prepare(index: number, speed: number): Promise<{ result: ShimResult; json: string }> {
    return this.json(4096, (buffer) => fns.ba2_prepare([index, speed, buffer, buffer.length]));
  }

  async imageBegin(disableGapless: boolean, firstTrack: number): Promise<ShimResult> {
    return this.result(await fns.ba2_image_begin([disableGapless ? 1 : 0, firstTrack]));
  }

  async imageSpecialPregap(path: string, offset: number, sectors: number): Promise<ShimResult> {
    return this.result(await fns.ba2_image_special_pregap([path, offset, sectors]));
  }

  async imageAddTrack(track: Imapi2Track): Promise<ShimResult> {
    // No ISRC is "" (the header's stand-in for NULL, which ffi-rs cannot pass as a string).
    const indexes = track.indexes.length > 0 ? [...track.indexes] : [0];
    const out = Buffer.alloc(4);
    const call = (): Promise<number> => fns.ba2_image_add_track([track.path, track.offset, track.sectors, track.isrc ?? '', track.flags, indexes, track.indexes.length, out]);
    return this.result(await this.holding(out, call));
  }

  async imageCatalog(mcn: string): Promise<ShimResult> {
    return this.result(await fns.ba2_image_catalog([mcn]));
  }

  async imageCdText(packs: Buffer): Promise<ShimResult> {
    return this.result(await this.holding(packs, () => fns.ba2_image_cd_text([packs, packs.length])));
  }

  /** CreateResultImage: StartOfLeadout, the image's sectors, bytes per image sector, LastUsedUserSectorInImage. */
  async imageCreate(): Promise<{ result: ShimResult; startOfLeadout: number; sectors: number; sectorBytes: number; lastUsedSector: number }> {
    const out = Buffer.alloc(16);
    const hresult = await this.holding(out, () => fns.ba2_image_create([out]));
    return { result: this.result(hresult), startOfLeadout: out.readInt32LE(0), sectors: out.readInt32LE(4), sectorBytes: out.readInt32LE(8), lastUsedSector: out.readInt32LE(12) };
  }

  /** The image as IMAPI2 laid it out (ba2_image_describe), as JSON. */
  imageDescribe(): Promise<{ result: ShimResult; json: string }> {
    return this.json(REPORT_BYTES, (buffer) => fns.ba2_image_describe([buffer, buffer.length]));
  }

  async write(): Promise<ShimResult> {
    return this.result(await fns.ba2_write([]));
  }

  async readThrough(): Promise<ShimResult> {
    return this.result(await fns.ba2_read_through([]));
  }

  /** CancelWrite. Never blocks. */
  cancel(): void {
    fns.ba2_cancel([]);
  }

  /** ReleaseMedia: the lock taken by ba2_prepare given back, the image dropped. */
  async releaseMedia(): Promise<ShimResult> {
    return this.result(await fns.ba2_release([]));
  }

  /** For a process that must end at once: CancelWrite, then ReleaseMedia on this thread, waiting for it. */
  releaseNow(): void {
    fns.ba2_cancel([]);
    load({ ...EXPORTS.ba2_release, funcName: 'ba2_release', runInNewThread: false, paramsValue: [] });
  }

  async eject(index: number): Promise<ShimResult> {
    return this.result(await fns.ba2_eject([index]));
  }

  /** Every IMAPI2 query on recorder `index`, raw, with its HRESULT (ba2_report), as JSON. */
  report(index: number): Promise<{ result: ShimResult; json: string }> {
    return this.json(REPORT_BYTES, (buffer) => fns.ba2_report([index, buffer, buffer.length]));
  }
}

/** What one MMC command returned: its HRESULT, the bytes read, and the drive's sense data (18 bytes). */
export interface ReaderReply {
  result: ShimResult;
  data: Buffer;
  sense: Buffer;
}

/** Bytes of sense data ba2_reader_command fills. */
const SENSE_BYTES = 18;

/**
 * The shim's disc reader (ba2_reader_*, burn_audio_imapi2.h): MMC commands that read from one
 * recorder's drive, writing nothing. One at a time in a process; always `close()` it, which
 * releases the drive's handles and unloads the library once nothing else uses it.
 */
export class NativeReader {
  private closing?: Promise<void>;

  private constructor() {}

  /** Opens recorder `index` (IMAPI2's order); the JSON describes the path taken and who holds the recorder. */
  static async open(index: number): Promise<{ reader?: NativeReader; result: ShimResult; json: string }> {
    acquire();
    const buffer = Buffer.alloc(4096);
    const hresult = await fns.ba2_reader_open([index, buffer, buffer.length]);
    const json = cString(buffer);
    if (hresult >= 0) return { reader: new NativeReader(), result: { hresult, detail: '' }, json };
    const detail = readerError();
    unload();
    return { result: { hresult, detail }, json };
  }

  /** Sends `cdb`, reading at most `capacity` bytes. */
  async command(cdb: Buffer, capacity: number): Promise<ReaderReply> {
    const data = Buffer.alloc(capacity);
    const fetched = Buffer.alloc(4);
    const sense = Buffer.alloc(SENSE_BYTES);
    // The buffers are referenced by this frame until the call resolves.
    const hresult = await fns.ba2_reader_command([cdb, cdb.length, data, capacity, fetched, sense]);
    return { result: { hresult, detail: hresult < 0 ? readerError() : '' }, data: data.subarray(0, fetched.readInt32LE(0)), sense };
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await fns.ba2_reader_close([]);
      unload();
    })();
    return this.closing;
  }
}

function readerError(): string {
  const buffer = Buffer.alloc(512);
  return buffer.toString('utf8', 0, fns.ba2_reader_last_error([buffer, buffer.length]));
}
