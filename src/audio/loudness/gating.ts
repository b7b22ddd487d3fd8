/**
 * Loudness from the mean squares of K-weighted blocks: BS.1770-5 Annex 1 (gating, integrated
 * loudness) and EBU Tech 3342 (loudness range). Left and right weigh 1 each (Table 3), so a
 * block's mean square is the sum of its two channels'.
 */

/** Loudness of a mean square, in LUFS (BS.1770-5 eq. 2): -Infinity for silence. */
export function lufs(meanSquare: number): number {
  return -0.691 + 10 * Math.log10(meanSquare);
}

/** The absolute gate, -70 LUFS, as a mean square. */
const ABSOLUTE_GATE = 10 ** ((-70 + 0.691) / 10);

/**
 * Integrated loudness of gating blocks (400 ms, 75 % overlap), BS.1770-5 eqs. 3 to 7: blocks
 * above -70 LUFS, then above the power mean of those less 10 LU. Several lists (the tracks of an
 * album) are pooled: one relative gate over all their blocks, not their audio joined.
 * -Infinity when no block passes (silence, less than 400 ms). The gates are strict, as the
 * Recommendation writes them ("l_j > Γ").
 */
export function gatedLoudness(lists: readonly Float64Array[]): number {
  const absolute = powerMean(lists, ABSOLUTE_GATE);
  if (absolute.count === 0) return -Infinity;
  const relative = powerMean(lists, Math.max(ABSOLUTE_GATE, absolute.mean / 10));
  return lufs(relative.mean);
}

function powerMean(lists: readonly Float64Array[], above: number): { mean: number; count: number } {
  let sum = 0;
  let count = 0;
  for (const blocks of lists) {
    for (const z of blocks) {
      if (z > above) {
        sum += z;
        count += 1;
      }
    }
  }
  return { mean: sum / count, count };
}

/**
 * Loudness range, EBU Tech 3342: of the short-term (3 s) values at or above -70 LUFS, those at
 * or above their power mean less 20 LU; the 95th percentile less the 10th, each taken as the
 * nearest rank of its MATLAB reference (round((n - 1) p + 1), from 1). 0 when nothing passes.
 * The gates include their bound, as that reference does.
 */
export function loudnessRange(shortTerm: Float64Array): number {
  const absolute = shortTerm.filter((z) => z >= ABSOLUTE_GATE);
  if (absolute.length === 0) return 0;
  const mean = absolute.reduce((sum, z) => sum + z, 0) / absolute.length;
  const gated = absolute.filter((z) => z >= mean / 100).sort();
  const rank = (p: number): number => gated[Math.round((gated.length - 1) * p)]!;
  return lufs(rank(0.95)) - lufs(rank(0.1));
}
