import { randomInt, sfc32, weightedPicker } from './prng';

const take = (rand: () => number, n: number): number[] => Array.from({ length: n }, rand);

describe('sfc32', () => {
  it('replays the same sequence for the same seed', () => {
    expect(take(sfc32(42), 100)).toEqual(take(sfc32(42), 100));
  });

  it('gives unrelated sequences for neighbouring seeds', () => {
    const a = take(sfc32(42), 100);
    const b = take(sfc32(43), 100);
    expect(a.filter((x, i) => x === b[i])).toEqual([]);
  });

  it('stays in [0, 1) and spreads evenly over it', () => {
    const values = take(sfc32(7), 100_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const tenths = new Array<number>(10).fill(0);
    for (const v of values) tenths[Math.floor(v * 10)]++;
    for (const count of tenths) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});

describe('randomInt', () => {
  it('covers exactly 0..n-1', () => {
    const rand = sfc32(1);
    const seen = new Set(Array.from({ length: 1000 }, () => randomInt(rand, 5)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('weightedPicker', () => {
  it('picks items in proportion to their weights', () => {
    const pick = weightedPicker([['a', 1], ['b', 3], ['c', 0], ['d', 6]] as const);
    const rand = sfc32(3);
    const counts = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      const item = pick(rand);
      counts.set(item, (counts.get(item) ?? 0) + 1);
    }
    expect(counts.get('c')).toBeUndefined();
    expect((counts.get('a') ?? 0) / 100_000).toBeCloseTo(0.1, 2);
    expect((counts.get('b') ?? 0) / 100_000).toBeCloseTo(0.3, 2);
    expect((counts.get('d') ?? 0) / 100_000).toBeCloseTo(0.6, 2);
  });
});
