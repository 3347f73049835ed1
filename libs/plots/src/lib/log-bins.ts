/** Log-spaced bins shared by every group, so histograms compare bin for bin. */
export interface LogBins {
  /** Bin edges, ascending: bin i is [edges[i], edges[i+1]). */
  edges: number[];
  /** [first edge, last edge] */
  domain: [number, number];
}

/** Edges at 10^(k/binsPerDecade) covering every positive value; whole decades at both ends. */
export function logBins(values: readonly number[], binsPerDecade = 5): LogBins | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo === Infinity) return undefined;
  let d0 = Math.floor(Math.log10(lo));
  let d1 = Math.ceil(Math.log10(hi));
  if (d1 <= d0) d1 = d0 + 1;
  if (d1 - d0 < 2) d0 -= 1;
  const edges: number[] = [];
  for (let k = d0 * binsPerDecade; k <= d1 * binsPerDecade; k++) edges.push(Number(Math.pow(10, k / binsPerDecade).toPrecision(12)));
  return { edges, domain: [edges[0], edges[edges.length - 1]] };
}

/** Counts of `values` per bin (values outside the edges or not positive are not counted). */
export function countInBins(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(Math.max(0, edges.length - 1)).fill(0);
  for (const v of values) {
    if (!(v > 0)) continue;
    // Binary search for the last edge ≤ v; the top edge belongs to the last bin.
    let lo = 0;
    let hi = edges.length - 1;
    if (v < edges[0] || v > edges[hi]) continue;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] <= v) lo = mid;
      else hi = mid;
    }
    counts[lo] += 1;
  }
  return counts;
}
