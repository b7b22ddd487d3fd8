/**
 * The one module that uses ffi-rs. It loads the IMAPI shim by absolute path from this package
 * (never from the current folder or the DLL search path), defines every export once, and wraps
 * each in a typed function. Blocking exports run on libuv's pool (runInNewThread) so the event
 * loop keeps drawing; every Buffer handed to native code stays referenced until its call resolves.
 */
import { DataType, PointerType, close, createPointer, define, freePointer, funcConstructor, open, unwrapPointer } from 'ffi-rs';
import { EVENT, shimPath } from './shim-contract.js';

const LIBRARY = 'burn_audio_imapi';

/** Room for one recorder's doctor report (every property and media value, as JSON). */
const REPORT_BYTES = 65536;

function cString(buffer: Buffer): string {
  const end = buffer.indexOf(0);
  return buffer.toString('utf8', 0, end < 0 ? buffer.length : end);
}
export type ShimEventListener = (kind: number, a: number, b: number) => void;

const I32 = DataType.I32;
const BLOCKING = { library: LIBRARY, retType: I32, runInNewThread: true } as const;
const QUICK = { library: LIBRARY, retType: I32 } as const;

function defineExports() {
  return define({
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
  });
}

const EventCallback = funcConstructor({ paramsType: [I32, I32, I32], retType: DataType.Void });

/** Result of a shim call: the HRESULT and, when it failed, what the shim says failed. */
export interface ShimResult {
  hresult: number;
  detail: string;
}

/**
 * A loaded, open shim. Create with `NativeShim.open`; always `close()` it, which frees the
 * callback and unloads the library so the process can exit.
 */
export class NativeShim {
  private static loaded = false;
  private closing?: Promise<void>;
  /** Buffers native code is using: referenced here until their call has returned (ffi-rs reference, pitfall 11). */
  private readonly inFlight = new Set<Buffer>();

  private constructor(
    private readonly fns: ReturnType<typeof defineExports>,
    private readonly holder: ReturnType<typeof createPointer>,
    private readonly closed: Promise<void>,
  ) {}

  /** Loads the shim and calls ba_open. Resolves with the shim and ba_open's result. One at a time. */
  static async open(onEvent: ShimEventListener): Promise<{ shim?: NativeShim; result: ShimResult }> {
    if (NativeShim.loaded) throw new Error('the IMAPI shim is already open in this process');
    NativeShim.loaded = true;
    open({ library: LIBRARY, path: shimPath() });
    const fns = defineExports();
    let markClosed!: () => void;
    const closed = new Promise<void>((resolve) => (markClosed = resolve));
    const holder = createPointer({
      paramsType: [EventCallback],
      paramsValue: [
        (kind: number, a: number, b: number) => {
          try {
            if (kind === EVENT.closed) markClosed();
            else onEvent(kind, a, b);
          } catch (error) {
            process.emitWarning(`burn-audio: an IMAPI event handler failed: ${String(error)}`);
          }
        },
      ],
    });
    const shim = new NativeShim(fns, holder, closed);
    const hresult = await fns.ba_open([unwrapPointer(holder)[0]]);
    if (hresult < 0) {
      const result = { hresult, detail: shim.lastError() };
      await shim.release();
      return { result };
    }
    return { shim, result: { hresult, detail: '' } };
  }

  recorderCount(): number {
    return this.fns.ba_recorder_count([]);
  }

  /** What the shim faces (ba_platform), as JSON. */
  platform(): { result: ShimResult; json: string } {
    const buffer = Buffer.alloc(256);
    const hresult = this.fns.ba_platform([buffer, buffer.length]);
    return { result: this.result(hresult), json: cString(buffer) };
  }

  async describe(index: number): Promise<{ result: ShimResult; json: string }> {
    const buffer = Buffer.alloc(4096);
    const hresult = await this.holding(buffer, () => this.fns.ba_recorder_describe([index, buffer, buffer.length]));
    return { result: this.result(hresult), json: cString(buffer) };
  }

  /** Every raw value IMAPI gives about recorder `index`, with the HRESULT of each call (ba_recorder_report). */
  async report(index: number): Promise<{ result: ShimResult; json: string }> {
    const buffer = Buffer.alloc(REPORT_BYTES);
    const hresult = await this.holding(buffer, () => this.fns.ba_recorder_report([index, buffer, buffer.length]));
    return { result: this.result(hresult), json: cString(buffer) };
  }

  async selectRecorder(index: number): Promise<ShimResult> {
    return this.result(await this.fns.ba_select_recorder([index]));
  }

  /** Sets WriteSpeed and AudioGapSize (-1 leaves one alone); returns what the recorder took. */
  async setProperties(writeSpeed: number, gapBlocks: number): Promise<{ result: ShimResult; writeSpeed: number; maxWriteSpeed: number; gapBlocks: number }> {
    const out = Buffer.alloc(12);
    const hresult = await this.holding(out, () => this.fns.ba_set_properties([writeSpeed, gapBlocks, out]));
    return { result: this.result(hresult), writeSpeed: out.readInt32LE(0), maxWriteSpeed: out.readInt32LE(4), gapBlocks: out.readInt32LE(8) };
  }

  async createTrack(blocks: number): Promise<ShimResult> {
    return this.result(await this.fns.ba_create_track([blocks]));
  }

  async addBlocks(data: Buffer): Promise<ShimResult> {
    return this.result(await this.holding(data, () => this.fns.ba_add_blocks([data, data.length])));
  }

  async closeTrack(): Promise<ShimResult> {
    return this.result(await this.fns.ba_close_track([]));
  }

  async clear(): Promise<ShimResult> {
    return this.result(await this.fns.ba_clear([]));
  }

  async record(simulate: boolean, eject: boolean): Promise<ShimResult> {
    return this.result(await this.fns.ba_record([simulate ? 1 : 0, eject ? 1 : 0]));
  }

  async erase(full: boolean): Promise<ShimResult> {
    return this.result(await this.fns.ba_erase([full ? 1 : 0]));
  }

  async eject(): Promise<ShimResult> {
    return this.result(await this.fns.ba_eject([]));
  }

  /** Sets the flag QueryCancel answers. Never blocks. */
  cancel(): void {
    this.fns.ba_cancel([]);
  }

  /** Closes IMAPI, waits for the shim's last event, frees the callback, unloads the library. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.fns.ba_close([]);
      await this.release();
    })();
    return this.closing;
  }

  private async release(): Promise<void> {
    await this.closed;
    freePointer({ paramsType: [EventCallback], paramsValue: this.holder, pointerType: PointerType.RsPointer });
    close(LIBRARY);
    NativeShim.loaded = false;
  }

  /** Runs a native call that reads or writes `buffer`, keeping the buffer referenced until it returns. */
  private async holding<T>(buffer: Buffer, call: () => Promise<T>): Promise<T> {
    this.inFlight.add(buffer);
    try {
      return await call();
    } finally {
      this.inFlight.delete(buffer);
    }
  }

  private result(hresult: number): ShimResult {
    return { hresult, detail: hresult < 0 ? this.lastError() : '' };
  }

  private lastError(): string {
    const buffer = Buffer.alloc(512);
    const length = this.fns.ba_last_error([buffer, buffer.length]);
    return buffer.toString('utf8', 0, length);
  }
}
