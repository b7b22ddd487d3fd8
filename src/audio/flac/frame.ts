/**
 * Decoding a frame's subframes (RFC 9639 §9.2) and undoing its stereo decorrelation (§4.2),
 * into one Int32Array per channel. A 32-bit stereo frame's side channel has 33 bits; it alone
 * is decoded into a Float64Array.
 */
import { BitReader } from './bit-reader.js';
import { Stereo, type FrameHeader } from './header.js';
import { restoreFixed, restoreFixedWide, restoreLpc, restoreLpcWide } from './predict.js';
import { readResidual } from './residual.js';

/** Largest block: 65535 (STREAMINFO's limit) and 65536, which a frame header can code. */
const MAX_BLOCK = 65_536;

export class FrameDecoder {
  readonly reader = new BitReader();
  /** Decoded samples of each channel, as many as the frame's block size. */
  readonly channels: Int32Array[] = [];
  private wide = new Float64Array(0);
  private residual = new Int32Array(0);
  /** An LPC predictor's coefficients, zero after the last: restoreLpc reads whole groups of taps. */
  private readonly coefficients = new Int32Array(32);

  /**
   * Decodes the subframes of the frame whose header is `h`; the reader stands after the header.
   * Returns false when a subframe uses a reserved or impossible coding; the caller checks the
   * reader's overrun and the frame's CRC-16.
   */
  decode(h: FrameHeader): boolean {
    while (this.channels.length < h.channels) this.channels.push(new Int32Array(MAX_BLOCK));
    const wideSide = h.bits === 32 && h.stereo !== Stereo.Independent;
    const side = h.stereo === Stereo.SideRight ? 0 : h.stereo === Stereo.Independent ? -1 : 1;
    for (let c = 0; c < h.channels; c += 1) {
      const bits = h.bits + (c === side ? 1 : 0);
      const ok = c === side && wideSide ? this.subframeWide(h.blockSize, bits) : this.subframe(this.channels[c]!, h.blockSize, bits);
      if (!ok) return false;
    }
    if (h.stereo !== Stereo.Independent) this.decorrelate(h, wideSide);
    this.reader.align();
    return true;
  }

  /** False when the decoded samples do not fit the frame's bits per sample: libFLAC refuses such a frame as a CRC mismatch. */
  fits(h: FrameHeader): boolean {
    if (h.bits === 32) return true;
    const max = 2 ** (h.bits - 1) - 1;
    const min = -max - 1;
    for (let c = 0; c < h.channels; c += 1) {
      const x = this.channels[c]!;
      for (let i = 0; i < h.blockSize; i += 1) if (x[i]! > max || x[i]! < min) return false;
    }
    return true;
  }

  /** The subframe header (§9.2.1): its type and its wasted bits. */
  private subframeHeader(bits: number): { type: number; wasted: number } | undefined {
    const r = this.reader;
    const head = r.read(8);
    if (head & 0x80) return undefined;
    const wasted = head & 1 ? r.readUnary() + 1 : 0;
    if (wasted >= bits) return undefined;
    return { type: head >> 1, wasted };
  }

  private subframe(x: Int32Array, n: number, frameBits: number): boolean {
    const r = this.reader;
    const head = this.subframeHeader(frameBits);
    if (!head) return false;
    const bits = frameBits - head.wasted;
    const { type } = head;
    if (type === 0) {
      x.fill(r.readSigned(bits), 0, n);
    } else if (type === 1) {
      for (let i = 0; i < n; i += 1) x[i] = r.readSigned(bits);
    } else if (type >= 8 && type <= 12) {
      const order = type - 8;
      if (order >= n) return false;
      for (let i = 0; i < order; i += 1) x[i] = r.readSigned(bits);
      if (!readResidual(r, x, n, order)) return false;
      restoreFixed(x, order, n);
    } else if (type >= 32) {
      const order = type - 31;
      if (order >= n) return false;
      for (let i = 0; i < order; i += 1) x[i] = r.readSigned(bits);
      if (!this.readLpcPredictor(order) || !readResidual(r, x, n, order)) return false;
      restoreLpc(x, this.coefficients, order, this.shift, n, bits);
    } else {
      return false;
    }
    if (head.wasted > 0) for (let i = 0; i < n; i += 1) x[i] = x[i]! << head.wasted;
    return true;
  }

  private shift = 0;

  /** The 33-bit side channel of a 32-bit stereo frame. */
  private subframeWide(n: number, frameBits: number): boolean {
    const r = this.reader;
    const head = this.subframeHeader(frameBits);
    if (!head) return false;
    if (this.wide.length < n) {
      this.wide = new Float64Array(MAX_BLOCK);
      this.residual = new Int32Array(MAX_BLOCK);
    }
    const x = this.wide;
    const bits = frameBits - head.wasted;
    const { type } = head;
    if (type === 0) {
      x.fill(r.readSigned(bits), 0, n);
    } else if (type === 1) {
      for (let i = 0; i < n; i += 1) x[i] = r.readSigned(bits);
    } else if ((type >= 8 && type <= 12) || type >= 32) {
      const order = type >= 32 ? type - 31 : type - 8;
      if (order >= n) return false;
      for (let i = 0; i < order; i += 1) x[i] = r.readSigned(bits);
      if (type >= 32 && !this.readLpcPredictor(order)) return false;
      if (!readResidual(r, this.residual, n, order)) return false;
      if (type >= 32) restoreLpcWide(x, this.residual, this.coefficients, order, this.shift, n);
      else restoreFixedWide(x, this.residual, order, n);
    } else {
      return false;
    }
    if (head.wasted > 0) for (let i = 0; i < n; i += 1) x[i] = x[i]! * 2 ** head.wasted;
    return true;
  }

  /** The LPC predictor after the warm-up samples (§9.2.6): precision, shift, coefficients. */
  private readLpcPredictor(order: number): boolean {
    const r = this.reader;
    const precision = r.read(4) + 1;
    if (precision === 16) return false;
    this.shift = r.readSigned(5);
    // RFC 9639 §9.2.6: a negative shift is not allowed.
    if (this.shift < 0) return false;
    for (let j = 0; j < order; j += 1) this.coefficients[j] = r.readSigned(precision);
    this.coefficients.fill(0, order);
    return true;
  }

  private decorrelate(h: FrameHeader, wideSide: boolean): void {
    const n = h.blockSize;
    const [a, b] = this.channels as [Int32Array, Int32Array];
    if (wideSide) return this.decorrelateWide(h.stereo, n, a, b);
    if (h.stereo === Stereo.LeftSide) {
      for (let i = 0; i < n; i += 1) b[i] = a[i]! - b[i]!;
    } else if (h.stereo === Stereo.SideRight) {
      for (let i = 0; i < n; i += 1) a[i] = a[i]! + b[i]!;
    } else {
      // mid = (L + R) >> 1 and side = L - R, so L = mid + (side + (side & 1)) / 2.
      for (let i = 0; i < n; i += 1) {
        const side = b[i]!;
        const left = a[i]! + (side >> 1) + (side & 1);
        a[i] = left;
        b[i] = left - side;
      }
    }
  }

  /** The same with the side channel in `wide`, in exact doubles. */
  private decorrelateWide(stereo: Stereo, n: number, a: Int32Array, b: Int32Array): void {
    const s = this.wide;
    if (stereo === Stereo.LeftSide) {
      for (let i = 0; i < n; i += 1) b[i] = a[i]! - s[i]!;
    } else if (stereo === Stereo.SideRight) {
      for (let i = 0; i < n; i += 1) a[i] = s[i]! + b[i]!;
    } else {
      for (let i = 0; i < n; i += 1) {
        const side = s[i]!;
        const left = a[i]! + (side + (side - 2 * Math.floor(side / 2))) / 2;
        a[i] = left;
        b[i] = left - side;
      }
    }
  }
}
