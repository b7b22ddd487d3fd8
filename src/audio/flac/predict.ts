/**
 * Restoring a subframe's signal from its residual (RFC 9639 §9.2.5, §9.2.6). The narrow forms
 * work in place on an Int32Array whose first `order` values are the warm-up samples and whose
 * rest is the residual. Fixed prediction has integer weights, so 32-bit wrapping arithmetic gives
 * the exact result whenever the result fits; LPC shifts its sum, so the sum is made exact:
 * in 32 bits when its bound allows, in doubles (exact below 2^53) otherwise.
 */

export function restoreFixed(x: Int32Array, order: number, n: number): void {
  switch (order) {
    case 1:
      for (let i = 1; i < n; i += 1) x[i] = x[i]! + x[i - 1]!;
      break;
    case 2:
      for (let i = 2; i < n; i += 1) x[i] = x[i]! + 2 * x[i - 1]! - x[i - 2]!;
      break;
    case 3:
      for (let i = 3; i < n; i += 1) x[i] = x[i]! + 3 * (x[i - 1]! - x[i - 2]!) + x[i - 3]!;
      break;
    case 4:
      for (let i = 4; i < n; i += 1) x[i] = x[i]! + 4 * (x[i - 1]! + x[i - 3]!) - 6 * x[i - 2]! - x[i - 4]!;
      break;
  }
}

/** Coefficients c[0..order) apply to x[i-1], x[i-2], ...; `bits` bounds the samples' magnitude. */
export function restoreLpc(x: Int32Array, c: Int32Array, order: number, shift: number, n: number, bits: number): void {
  let weight = 0;
  for (let j = 0; j < order; j += 1) weight += Math.abs(c[j]!);
  if (weight * 2 ** (bits - 1) < 2 ** 31) restoreLpc32(x, c, order, shift, n);
  else restoreLpcExact(x, c, order, shift, n);
}

/**
 * Up to 12 taps (what `flac -0` to `-8` use), the history is kept in locals and the missing
 * taps' coefficients are zero: four times faster in V8 than a loop over the taps.
 */
function restoreLpc32(x: Int32Array, c: Int32Array, order: number, shift: number, n: number): void {
  if (order <= 4) return lpc4(x, c, order, shift, n);
  if (order <= 8) return lpc8(x, c, order, shift, n);
  if (order <= 12) return lpc12(x, c, order, shift, n);
  for (let i = order; i < n; i += 1) {
    let sum = 0;
    for (let j = 0; j < order; j += 1) sum = (sum + Math.imul(c[j]!, x[i - 1 - j]!)) | 0;
    x[i] = x[i]! + (sum >> shift);
  }
}

/** x[order - k], or 0 before the start. */
const before = (x: Int32Array, order: number, k: number): number => (k <= order ? x[order - k]! : 0);

function lpc4(x: Int32Array, c: Int32Array, order: number, shift: number, n: number): void {
  const c0 = c[0]!, c1 = c[1]!, c2 = c[2]!, c3 = c[3]!;
  let h1 = before(x, order, 1), h2 = before(x, order, 2), h3 = before(x, order, 3), h4 = before(x, order, 4);
  for (let i = order; i < n; i += 1) {
    const sum = (Math.imul(c0, h1) + Math.imul(c1, h2) + Math.imul(c2, h3) + Math.imul(c3, h4)) | 0;
    const v = (x[i]! + (sum >> shift)) | 0;
    x[i] = v;
    h4 = h3; h3 = h2; h2 = h1; h1 = v;
  }
}

function lpc8(x: Int32Array, c: Int32Array, order: number, shift: number, n: number): void {
  const c0 = c[0]!, c1 = c[1]!, c2 = c[2]!, c3 = c[3]!, c4 = c[4]!, c5 = c[5]!, c6 = c[6]!, c7 = c[7]!;
  let h1 = before(x, order, 1), h2 = before(x, order, 2), h3 = before(x, order, 3), h4 = before(x, order, 4);
  let h5 = before(x, order, 5), h6 = before(x, order, 6), h7 = before(x, order, 7), h8 = before(x, order, 8);
  for (let i = order; i < n; i += 1) {
    const sum = (Math.imul(c0, h1) + Math.imul(c1, h2) + Math.imul(c2, h3) + Math.imul(c3, h4) +
      Math.imul(c4, h5) + Math.imul(c5, h6) + Math.imul(c6, h7) + Math.imul(c7, h8)) | 0;
    const v = (x[i]! + (sum >> shift)) | 0;
    x[i] = v;
    h8 = h7; h7 = h6; h6 = h5; h5 = h4; h4 = h3; h3 = h2; h2 = h1; h1 = v;
  }
}

function lpc12(x: Int32Array, c: Int32Array, order: number, shift: number, n: number): void {
  const c0 = c[0]!, c1 = c[1]!, c2 = c[2]!, c3 = c[3]!, c4 = c[4]!, c5 = c[5]!, c6 = c[6]!, c7 = c[7]!, c8 = c[8]!, c9 = c[9]!, c10 = c[10]!, c11 = c[11]!;
  let h1 = before(x, order, 1), h2 = before(x, order, 2), h3 = before(x, order, 3), h4 = before(x, order, 4);
  let h5 = before(x, order, 5), h6 = before(x, order, 6), h7 = before(x, order, 7), h8 = before(x, order, 8);
  let h9 = before(x, order, 9), h10 = before(x, order, 10), h11 = before(x, order, 11), h12 = before(x, order, 12);
  for (let i = order; i < n; i += 1) {
    const sum = (Math.imul(c0, h1) + Math.imul(c1, h2) + Math.imul(c2, h3) + Math.imul(c3, h4) + Math.imul(c4, h5) + Math.imul(c5, h6) +
      Math.imul(c6, h7) + Math.imul(c7, h8) + Math.imul(c8, h9) + Math.imul(c9, h10) + Math.imul(c10, h11) + Math.imul(c11, h12)) | 0;
    const v = (x[i]! + (sum >> shift)) | 0;
    x[i] = v;
    h12 = h11; h11 = h10; h10 = h9; h9 = h8; h8 = h7; h7 = h6; h6 = h5; h5 = h4; h4 = h3; h3 = h2; h2 = h1; h1 = v;
  }
}

/**
 * Four partial sums break the chain of dependent additions (each sum is an exact integer, so
 * their order does not matter); `c` is zero-padded to a multiple of four taps.
 */
function restoreLpcExact(x: Int32Array, c: Int32Array, order: number, shift: number, n: number): void {
  const scale = 2 ** -shift;
  const taps = (order + 3) & ~3;
  let i = order;
  for (const head = Math.min(taps, n); i < head; i += 1) {
    let sum = 0;
    for (let j = 0; j < order; j += 1) sum += c[j]! * x[i - 1 - j]!;
    x[i] = x[i]! + Math.floor(sum * scale);
  }
  for (; i < n; i += 1) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0, k = i - 1; j < taps; j += 4, k -= 4) {
      s0 += c[j]! * x[k]!;
      s1 += c[j + 1]! * x[k - 1]!;
      s2 += c[j + 2]! * x[k - 2]!;
      s3 += c[j + 3]! * x[k - 3]!;
    }
    x[i] = x[i]! + Math.floor((s0 + s1 + (s2 + s3)) * scale);
  }
}

/** Fixed prediction for a 33-bit side channel: residual in `r`, signal (warm-up given) in `x`. */
export function restoreFixedWide(x: Float64Array, r: Int32Array, order: number, n: number): void {
  for (let i = order; i < n; i += 1) {
    const a = order > 0 ? x[i - 1]! : 0;
    const b = order > 1 ? x[i - 2]! : 0;
    const d = order > 2 ? x[i - 3]! : 0;
    const e = order > 3 ? x[i - 4]! : 0;
    const prediction = order === 1 ? a : order === 2 ? 2 * a - b : order === 3 ? 3 * (a - b) + d : order === 4 ? 4 * (a + d) - 6 * b - e : 0;
    x[i] = r[i]! + prediction;
  }
}

/** LPC for a 33-bit side channel: |c| < 2^15, |x| ≤ 2^32 and 32 terms keep every sum below 2^52. */
export function restoreLpcWide(x: Float64Array, r: Int32Array, c: Int32Array, order: number, shift: number, n: number): void {
  const scale = 2 ** -shift;
  for (let i = order; i < n; i += 1) {
    let sum = 0;
    for (let j = 0; j < order; j += 1) sum += c[j]! * x[i - 1 - j]!;
    x[i] = r[i]! + Math.floor(sum * scale);
  }
}
