import { gaussianKde, silvermanBandwidth } from './kde';

describe('kernel density', () => {
  it('integrates to about 1 and peaks at the data', () => {
    const values = [10, 11, 12, 30, 31];
    const h = silvermanBandwidth(values);
    const xs = Array.from({ length: 801 }, (_, i) => -20 + i * 0.1);
    const d = gaussianKde(values, h, xs);
    expect(d.reduce((s, v) => s + v * 0.1, 0)).toBeCloseTo(1, 2);
    const peak = xs[d.indexOf(Math.max(...d))];
    expect(peak).toBeGreaterThan(9);
    expect(peak).toBeLessThan(13);
  });

  it('uses Silverman’s rule, and no bandwidth for equal or single values', () => {
    // sd = 1.5811, IQR/1.34 = 1.4925 → 0.9 · 1.4925 · 5^(−1/5)
    expect(silvermanBandwidth([1, 2, 3, 4, 5])).toBeCloseTo(0.9 * (2 / 1.34) * Math.pow(5, -0.2), 6);
    expect(silvermanBandwidth([4, 4, 4])).toBe(0);
    expect(silvermanBandwidth([4])).toBe(0);
    expect(gaussianKde([4, 4], 0, [4])).toEqual([0]);
  });
});
