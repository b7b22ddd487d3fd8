/**
 * The two filters of ITU-R BS.1770-5: the K-weighting of Annex 1, for any sample rate, and the
 * true-peak interpolator of Annex 2.
 */

/** One biquad section: y[n] = b0 x[n] + b1 x[n-1] + b2 x[n-2] - a1 y[n-1] - a2 y[n-2]. */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/**
 * K-weighting at `sampleRate`: the high shelf that models the head, then the RLB high-pass.
 * BS.1770 tabulates both for 48 kHz only ("other sampling rates will require different coefficient
 * values ... the same frequency response"); these are the analog prototypes libebur128 derives them
 * from (ebur128.c, ebur128_init_filter), which give Tables 1 and 2 at 48 kHz to 15 digits, made
 * digital by the bilinear transform.
 */
export function kWeighting(sampleRate: number): [Biquad, Biquad] {
  const shelf = { f0: 1681.974450955533, gainDb: 3.999843853973347, q: 0.7071752369554196 };
  let k = Math.tan((Math.PI * shelf.f0) / sampleRate);
  const vh = 10 ** (shelf.gainDb / 20);
  const vb = vh ** 0.4996667741545416;
  let a0 = 1 + k / shelf.q + k * k;
  const head: Biquad = {
    b0: (vh + (vb * k) / shelf.q + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / shelf.q + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / shelf.q + k * k) / a0,
  };
  const highPass = { f0: 38.13547087602444, q: 0.5003270373238773 };
  k = Math.tan((Math.PI * highPass.f0) / sampleRate);
  a0 = 1 + k / highPass.q + k * k;
  const rlb: Biquad = { b0: 1, b1: -2, b2: 1, a1: (2 * (k * k - 1)) / a0, a2: (1 - k / highPass.q + k * k) / a0 };
  return [head, rlb];
}

/**
 * BS.1770-5 Annex 2: the order-48, four-phase FIR interpolator of 4× oversampling. Row k holds
 * the four phases' k-th taps: phase p's value at input n is the sum over k of TRUE_PEAK_TAPS[k][p]
 * × x[n − k]. Every tap is a multiple of 2^-13, exact in float32.
 */
export const TRUE_PEAK_TAPS: readonly (readonly [number, number, number, number])[] = [
  [ 0.0017089843750, -0.0291748046875, -0.0189208984375, -0.0083007812500],
  [ 0.0109863281250,  0.0292968750000,  0.0330810546875,  0.0148925781250],
  [-0.0196533203125, -0.0517578125000, -0.0582275390625, -0.0266113281250],
  [ 0.0332031250000,  0.0891113281250,  0.1015625000000,  0.0476074218750],
  [-0.0594482421875, -0.1665039062500, -0.2003173828125, -0.1022949218750],
  [ 0.1373291015625,  0.4650878906250,  0.7797851562500,  0.9721679687500],
  [ 0.9721679687500,  0.7797851562500,  0.4650878906250,  0.1373291015625],
  [-0.1022949218750, -0.2003173828125, -0.1665039062500, -0.0594482421875],
  [ 0.0476074218750,  0.1015625000000,  0.0891113281250,  0.0332031250000],
  [-0.0266113281250, -0.0582275390625, -0.0517578125000, -0.0196533203125],
  [ 0.0148925781250,  0.0330810546875,  0.0292968750000,  0.0109863281250],
  [-0.0083007812500, -0.0189208984375, -0.0291748046875,  0.0017089843750],
];

/**
 * A bound on any interpolated value relative to the largest input magnitude it reads: the
 * largest sum of a phase's absolute taps (2.0229 for phases 1 and 2), with room for float32
 * rounding. Where the inputs stay below the peak found so far divided by it, no interpolated
 * value can exceed that peak, so the meter skips them.
 */
export const TRUE_PEAK_BOUND = 2.03;
