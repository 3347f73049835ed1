import { deviation, quantile } from 'd3';

/**
 * Silverman's rule-of-thumb bandwidth, 0.9·min(sd, IQR/1.34)·n^(−1/5); falls back to the
 * standard deviation when the IQR is 0, and is 0 when all values are equal.
 */
export function silvermanBandwidth(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const sd = deviation(values) ?? 0;
  const iqr = (quantile(values, 0.75) ?? 0) - (quantile(values, 0.25) ?? 0);
  const spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
  return 0.9 * spread * Math.pow(values.length, -0.2);
}

/** Gaussian kernel density of `values` at each of `at` (integrates to 1 over the line). */
export function gaussianKde(values: readonly number[], bandwidth: number, at: readonly number[]): number[] {
  if (values.length === 0 || !(bandwidth > 0)) return at.map(() => 0);
  const norm = 1 / (values.length * bandwidth * Math.sqrt(2 * Math.PI));
  return at.map((x) => {
    let sum = 0;
    for (const v of values) {
      const u = (x - v) / bandwidth;
      sum += Math.exp(-0.5 * u * u);
    }
    return sum * norm;
  });
}
