import { DataType, PointerType, close, createPointer, define, freePointer, funcConstructor, open, unwrapPointer } from 'ffi-rs';
import { shimPath } from '../../src/recorders/imapi/shim-contract.js';

/**
 * The IMAPI2 exports of the shim (burn_audio_imapi2.h) as the native tests drive them, one call
 * each, through ffi-rs into the Linux build (the simulator linked in). Blocking exports run on
 * libuv's pool, as the recorder runs them.
 */
const LIBRARY = 'burn_audio_imapi2_test';
const I32 = DataType.I32;
const BLOCKING = { library: LIBRARY, retType: I32, runInNewThread: true } as const;
const QUICK = { library: LIBRARY, retType: I32 } as const;

/** enum ba2_event_kind */
export const EVENT2 = { update: 1, closed: 2, returned: 3, extent: 4, read: 5 } as const;
export const FLAG = { preemphasis: 1, copyPermitted: 2, scms: 4 } as const;

function exports() {
  return define({
    ba2_available: { ...QUICK, paramsType: [] },
    ba2_open: { ...BLOCKING, paramsType: [DataType.External] },
    ba2_recorder_count: { ...QUICK, paramsType: [] },
    ba2_recorder_describe: { ...BLOCKING, paramsType: [I32, DataType.U8Array, I32] },
    ba2_report: { ...BLOCKING, paramsType: [I32, DataType.U8Array, I32] },
    ba2_prepare: { ...BLOCKING, paramsType: [I32, I32, DataType.U8Array, I32] },
    ba2_image_begin: { ...BLOCKING, paramsType: [I32, I32] },
    ba2_image_special_pregap: { ...BLOCKING, paramsType: [DataType.String, DataType.I64, I32] },
    ba2_image_add_track: {
      ...BLOCKING,
      paramsType: [DataType.String, DataType.I64, I32, DataType.String, I32, DataType.I32Array, I32, DataType.U8Array],
    },
    ba2_image_catalog: { ...BLOCKING, paramsType: [DataType.String] },
    ba2_image_cd_text: { ...BLOCKING, paramsType: [DataType.U8Array, I32] },
    ba2_image_create: { ...BLOCKING, paramsType: [DataType.U8Array] },
    ba2_image_describe: { ...BLOCKING, paramsType: [DataType.U8Array, I32] },
    ba2_write: { ...BLOCKING, paramsType: [] },
    ba2_read_through: { ...BLOCKING, paramsType: [] },
    ba2_cancel: { library: LIBRARY, retType: DataType.Void, paramsType: [] },
    ba2_release: { ...BLOCKING, paramsType: [] },
    ba2_eject: { ...BLOCKING, paramsType: [I32] },
    ba2_close: { ...BLOCKING, paramsType: [] },
    ba2_last_error: { ...QUICK, paramsType: [DataType.U8Array, I32] },
  });
}

const Callback = funcConstructor({ paramsType: [I32, I32, I32], retType: DataType.Void });

export type Event2 = [kind: number, a: number, b: number];
export interface Track2 {
  path: string;
  offset: number;
  sectors: number;
  isrc?: string;
  flags?: number;
  indexes?: number[];
}

/** A JSON answer: the HRESULT (as a signed 32-bit number) and the text the shim wrote. */
export interface Answer {
  hresult: number;
  json: string;
}

function text(buffer: Buffer): string {
  return buffer.subarray(0, Math.max(0, buffer.indexOf(0))).toString('utf8');
}

export class Shim2 {
  private constructor(
    /** Every event but BA2_EVENT_CLOSED, in the order the shim sent them. */
    readonly events: Event2[],
    private readonly fns: ReturnType<typeof exports>,
    private readonly holder: ReturnType<typeof createPointer>,
    private readonly closed: Promise<void>,
  ) {}

  /** S_OK when the simulator offers IMAPI2 (ba2_available), without opening the shim. */
  static available(): number {
    open({ library: LIBRARY, path: shimPath() });
    const result = exports().ba2_available([]);
    close(LIBRARY);
    return result;
  }

  /** Loads the library and calls ba2_open; on failure everything is unloaded again. */
  static async open(): Promise<{ shim?: Shim2; hresult: number; error: string }> {
    open({ library: LIBRARY, path: shimPath() });
    let done!: () => void;
    const closed = new Promise<void>((resolve) => (done = resolve));
    const events: Event2[] = [];
    const holder = createPointer({
      paramsType: [Callback],
      paramsValue: [(kind: number, a: number, b: number) => (kind === EVENT2.closed ? done() : events.push([kind, a, b]))],
    });
    const shim = new Shim2(events, exports(), holder, closed);
    const hresult = await shim.fns.ba2_open([unwrapPointer(holder)[0]]);
    if (hresult >= 0) return { shim, hresult, error: '' };
    const error = shim.lastError();
    await shim.unload();
    return { hresult, error };
  }

  recorderCount(): number {
    return this.fns.ba2_recorder_count([]);
  }

  async describe(index: number): Promise<Answer> {
    const out = Buffer.alloc(8192);
    return { hresult: await this.fns.ba2_recorder_describe([index, out, out.length]), json: text(out) };
  }

  async report(index: number): Promise<Answer> {
    const out = Buffer.alloc(65536);
    return { hresult: await this.fns.ba2_report([index, out, out.length]), json: text(out) };
  }

  async prepare(index: number, speed = -1): Promise<Answer> {
    const out = Buffer.alloc(4096);
    return { hresult: await this.fns.ba2_prepare([index, speed, out, out.length]), json: text(out) };
  }

  imageBegin(disableGapless: boolean, firstTrack = 1): Promise<number> {
    return this.fns.ba2_image_begin([disableGapless ? 1 : 0, firstTrack]);
  }

  specialPregap(path: string, offset: number, sectors: number): Promise<number> {
    return this.fns.ba2_image_special_pregap([path, offset, sectors]);
  }

  async addTrack(t: Track2): Promise<{ hresult: number; index: number }> {
    const index = Buffer.alloc(4);
    const indexes = t.indexes ?? [];
    const hresult = await this.fns.ba2_image_add_track([t.path, t.offset, t.sectors, t.isrc ?? '', t.flags ?? FLAG.copyPermitted, indexes, indexes.length, index]);
    return { hresult, index: index.readInt32LE(0) };
  }

  catalog(mcn: string): Promise<number> {
    return this.fns.ba2_image_catalog([mcn]);
  }

  cdText(packs: Buffer): Promise<number> {
    return this.fns.ba2_image_cd_text([packs, packs.length]);
  }

  /** [StartOfLeadout, image sectors, bytes per image sector, LastUsedUserSectorInImage] */
  async create(): Promise<{ hresult: number; figures: number[] }> {
    const out = Buffer.alloc(16);
    const hresult = await this.fns.ba2_image_create([out]);
    return { hresult, figures: [0, 4, 8, 12].map((at) => out.readInt32LE(at)) };
  }

  async imageDescribe(): Promise<Answer> {
    const out = Buffer.alloc(65536);
    return { hresult: await this.fns.ba2_image_describe([out, out.length]), json: text(out) };
  }

  write(): Promise<number> {
    return this.fns.ba2_write([]);
  }

  readThrough(): Promise<number> {
    return this.fns.ba2_read_through([]);
  }

  cancel(): void {
    this.fns.ba2_cancel([]);
  }

  release(): Promise<number> {
    return this.fns.ba2_release([]);
  }

  eject(index: number): Promise<number> {
    return this.fns.ba2_eject([index]);
  }

  lastError(): string {
    const out = Buffer.alloc(512);
    return out.toString('utf8', 0, this.fns.ba2_last_error([out, out.length]));
  }

  /** ba2_close, then waits for its last event (all the others have arrived before it). */
  async close(): Promise<void> {
    await this.fns.ba2_close([]);
    await this.unload();
  }

  private async unload(): Promise<void> {
    await this.closed;
    freePointer({ paramsType: [Callback], paramsValue: this.holder, pointerType: PointerType.RsPointer });
    close(LIBRARY);
  }
}
