/**
 * Decoded blocks as interleaved little-endian PCM bytes: the layout of a WAV's data chunk, or
 * the one FLAC's MD5 signature is computed over (RFC 9639 §8.2: signed, unshifted, in whole bytes).
 */
import type { FlacBlock } from './decoder.js';

export interface PcmLayout {
  /** Bytes per sample, 1 to 4. */
  bytes: number;
  /** Left shift of each value: WAV puts a sample's bits at the top of its container. */
  shift: number;
  /** 8-bit WAV samples are unsigned. */
  unsigned: boolean;
}

/** The WAV layout of `bits`-bit samples (container of whole bytes, left-justified). */
export function wavLayout(bits: number): PcmLayout {
  const bytes = Math.ceil(bits / 8);
  return { bytes, shift: bytes * 8 - bits, unsigned: bytes === 1 };
}

/** The layout FLAC's MD5 signature covers. */
export function md5Layout(bits: number): PcmLayout {
  return { bytes: Math.ceil(bits / 8), shift: 0, unsigned: false };
}

export function sameLayout(a: PcmLayout, b: PcmLayout): boolean {
  return a.bytes === b.bytes && a.shift === b.shift && a.unsigned === b.unsigned;
}

/** Writes frames [from, to) of `block` at out[offset...]; returns the bytes written. */
export function interleave(block: FlacBlock, from: number, to: number, layout: PcmLayout, out: Uint8Array, offset: number): number {
  const { channels } = block;
  const n = channels.length;
  const width = layout.bytes;
  const address = out.byteOffset + offset;
  if ((width === 2 || width === 4) && address % width === 0) {
    const view = width === 2 ? new Int16Array(out.buffer, address, (to - from) * n) : new Int32Array(out.buffer, address, (to - from) * n);
    for (let c = 0; c < n; c += 1) interleaveInto(view, channels[c]!, from, to, c, n, layout.shift);
  } else {
    for (let c = 0; c < n; c += 1) writeBytes(out, offset + c * width, channels[c]!, from, to, n * width, layout);
  }
  return (to - from) * n * width;
}

function interleaveInto(view: Int16Array | Int32Array, x: Int32Array, from: number, to: number, c: number, n: number, shift: number): void {
  for (let i = from, o = c; i < to; i += 1, o += n) view[o] = x[i]! << shift;
}

function writeBytes(out: Uint8Array, at: number, x: Int32Array, from: number, to: number, stride: number, layout: PcmLayout): void {
  const { bytes, shift } = layout;
  const bias = layout.unsigned ? 128 : 0;
  for (let i = from, o = at; i < to; i += 1, o += stride) {
    const v = (x[i]! << shift) + bias;
    out[o] = v;
    if (bytes > 1) out[o + 1] = v >> 8;
    if (bytes > 2) out[o + 2] = v >> 16;
    if (bytes > 3) out[o + 3] = v >> 24;
  }
}
