import { FIR_WASM } from './fir-wasm.js';

/**
 * Bytes from a sample of the resampler's left input to the same sample of its right input: a
 * constant in fir.wat, so the right channel costs no address register in the FIR's inner loop.
 */
export const RIGHT_OFFSET = 0x80000;

/** The functions of fir.wat; addresses are byte offsets into `memory`. */
interface Exports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  decode(src: number, frames: number, kind: number, channels: number, blockAlign: number, weights: number, dstL: number, dstR: number, narrow: number): void;
  fir(count: number, phase: number, first: number, skip: number, step: number, up: number, down: number, bytes: number, coef: number, xl: number, yl: number, yr: number): void;
  quantise(left: number, right: number, narrow: number, count: number, out: number, dither: number, gain: number): void;
  peak(): number;
  clipped(): number;
  measure(left: number, right: number, narrow: number, count: number, state: number): number;
  limit(left: number, right: number, narrow: number, count: number, outLeft: number, outRight: number, state: number): void;
}

/** The WebAssembly API of Node (its types come with TypeScript's DOM library, not used here). */
const wasm = (globalThis as unknown as {
  WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (module: object) => { exports: unknown } };
}).WebAssembly;

let compiled: object | undefined;

/**
 * One instance of the conversion kernel (fir.wat) with its own memory, handed out in aligned
 * regions. Regions are taken while a converter is set up; the memory never grows afterwards, so
 * the typed views over it stay valid.
 */
export class Kernel {
  readonly run: Exports;
  private top = 0;
  private views?: { bytes: Uint8Array; i32: Int32Array; f32: Float32Array; f64: Float64Array };

  constructor() {
    compiled ??= new wasm.Module(Buffer.from(FIR_WASM, 'base64'));
    this.run = new wasm.Instance(compiled).exports as Exports;
  }

  /** Reserves `bytes` of memory, 64-byte aligned; returns their address. */
  alloc(bytes: number): number {
    const at = this.top;
    this.top = Math.ceil((at + bytes) / 64) * 64;
    const { memory } = this.run;
    const pages = Math.ceil(this.top / 65536) - memory.buffer.byteLength / 65536;
    if (pages > 0) memory.grow(pages);
    this.views = undefined;
    return at;
  }

  get bytes(): Uint8Array {
    return this.view().bytes;
  }

  get i32(): Int32Array {
    return this.view().i32;
  }

  get f32(): Float32Array {
    return this.view().f32;
  }

  get f64(): Float64Array {
    return this.view().f64;
  }

  private view(): { bytes: Uint8Array; i32: Int32Array; f32: Float32Array; f64: Float64Array } {
    const { buffer } = this.run.memory;
    this.views ??= { bytes: new Uint8Array(buffer), i32: new Int32Array(buffer), f32: new Float32Array(buffer), f64: new Float64Array(buffer) };
    return this.views;
  }
}
