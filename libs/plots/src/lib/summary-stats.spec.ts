import { summarize } from './summary-stats';
import { defined } from '../test-fixtures/defined';

describe('summarize', () => {
  it('gives quartiles, percentiles and mean of an unsorted sample', () => {
    const s = defined(summarize([5, 1, 4, 2, 3]));
    expect(s).toMatchObject({ n: 5, mean: 3, min: 1, q1: 2, median: 3, q3: 4, max: 5 });
    expect(s.p5).toBeCloseTo(1.2);
    expect(s.p95).toBeCloseTo(4.8);
  });

  it('handles one value and nothing', () => {
    expect(summarize([7])).toMatchObject({ n: 1, mean: 7, q1: 7, median: 7, q3: 7 });
    expect(summarize([])).toBeUndefined();
  });
});
