import { DAY_MS } from './calendar';
import { movingAverage } from './moving-average';

const day = (d: number) => Date.UTC(2011, 0, d);

describe('movingAverage', () => {
  it('averages the trading days in the trailing 7 calendar days', () => {
    const points = [1, 2, 3, 4, 5, 6, 7, 8].map((d) => ({ time: day(d), value: d * 10 }));
    const avg = movingAverage(points);
    expect(avg).toHaveLength(8);
    expect(avg[2].value).toBeUndefined(); // only 3 trading days so far
    expect(avg[3].value).toBe(25); // days 1–4
    expect(avg[7].value).toBe(50); // days 2–8
  });

  it('carries over a weekend but leaves a long break empty', () => {
    // Mon–Fri, weekend, Mon–Fri, then a two-week break, then Mon–Fri.
    const trading = [3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 31, 32, 33, 34, 35];
    const avg = movingAverage(trading.map((d) => ({ time: day(d), value: 100 })));
    const at = (d: number) => avg.find((p) => p.time === day(d))?.value;
    expect(at(8)).toBe(100); // Saturday
    expect(at(9)).toBe(100); // Sunday
    expect(at(15)).toBeUndefined(); // the day after the last one before the break
    expect(at(20)).toBeUndefined();
    expect(at(28)).toBeUndefined();
    expect(avg[avg.length - 1].time - avg[0].time).toBe(32 * DAY_MS);
  });

  it('returns nothing for no points', () => {
    expect(movingAverage([])).toEqual([]);
  });
});
