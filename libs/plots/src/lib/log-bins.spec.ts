import { countInBins, logBins } from './log-bins';
import { defined } from '../test-fixtures/defined';

describe('log bins', () => {
  it('spans whole decades around the positive values, with n bins per decade', () => {
    const bins = defined(logBins([0.45, 3, 250, 168_469.6, -5, 0], 5));
    expect(bins.domain).toEqual([0.1, 1_000_000]);
    expect(bins.edges).toHaveLength(7 * 5 + 1);
    expect(bins.edges[5]).toBe(1);
    expect(bins.edges[1]).toBeCloseTo(0.1585, 4);
  });

  it('widens a single value to two decades and gives nothing without positive values', () => {
    expect(defined(logBins([100])).domain).toEqual([10, 1000]);
    expect(logBins([0, -3])).toBeUndefined();
  });

  it('counts each positive value in exactly one bin, the top edge in the last', () => {
    const edges = [1, 10, 100, 1000];
    expect(countInBins([1, 5, 10, 99.9, 100, 1000, 0, -1, 5000], edges)).toEqual([2, 2, 2]);
  });
});
