import { quantileSorted } from 'd3';

/** Five numbers and the mean of a sample, for a box summary. */
export interface Summary {
  n: number;
  mean: number;
  p5: number;
  q1: number;
  median: number;
  q3: number;
  p95: number;
  min: number;
  max: number;
}

/** Summary of `values` (need not be sorted); undefined for an empty sample. */
export function summarize(values: readonly number[]): Summary | undefined {
  if (values.length === 0) return undefined;
  const sorted = Array.from(Float64Array.from(values).sort());
  const q = (p: number) => quantileSorted(sorted, p) as number;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n: sorted.length,
    mean: sum / sorted.length,
    p5: q(0.05),
    q1: q(0.25),
    median: q(0.5),
    q3: q(0.75),
    p95: q(0.95),
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}
