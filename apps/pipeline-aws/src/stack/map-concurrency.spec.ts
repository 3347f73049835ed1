import { mapConcurrency } from './map-concurrency';

describe('mapConcurrency', () => {
  it('lets as many workers run as the tightest resource absorbs: 20,000 WCU / (1.001 × 1,000 items/s) = 19.98 → 19', () => {
    // CustomerIndex: 20,000 / (0.746 × 1,000) = 26.81; no hottest key comes near 1,000 units/s.
    expect(mapConcurrency({ writeCapacityUnits: 20_000 })).toEqual({
      maxConcurrency: 19,
      explanation:
        'MaxConcurrency 19 = floor(20000 provisioned WCU on table / (1.001 WCU per item × 1000 items/s per worker)) = 19, within 1..100; the tightest of table 19.98, CustomerIndex 26.81',
    });
  });

  it('takes the busiest of the given resources', () => {
    // 900 / (1.5 × 100) = 6 whatever the lighter index costs.
    expect(mapConcurrency({ writeCapacityUnits: 900, wcuPerItem: { table: 1, HeavyIndex: 1.5, LightIndex: 0.2 }, itemsPerSecondPerWorker: 100 }).maxConcurrency).toBe(6);
  });

  it('bounds an index by its hottest key: CountryIndex, the UK at 0.91 of its writes, absorbs 1,000 / 0.91 = 1,098.9 units/s whatever the throughput', () => {
    const withCountryIndex = { wcuPerItem: { table: 1.001, CountryIndex: 1.0, CustomerIndex: 0.746 }, hottestKeyShare: { table: 0.0021, CountryIndex: 0.91, CustomerIndex: 0.0193 } };
    // 1,098.9 / (1.0 × 1,000) = 1.10 → 1, where the 4,000 on-demand units alone allow 3.
    expect(mapConcurrency(withCountryIndex)).toEqual({
      maxConcurrency: 1,
      explanation:
        'MaxConcurrency 1 = floor(1098.9 write units/s (its hottest key, 0.91 of its writes, at 1000 per key value) on CountryIndex / (1 WCU per item × 1000 items/s per worker)) = 1, within 1..100; the tightest of table 4, CountryIndex 1.1, CustomerIndex 5.36',
    });
    // Slower workers: 1,098.9 / (1.0 × 200) = 5.49 → 5, where 20,000 provisioned WCU alone allow 20,000 / (1.001 × 200) = 99.9 → 99.
    expect(mapConcurrency({ ...withCountryIndex, writeCapacityUnits: 20_000, itemsPerSecondPerWorker: 200 }).maxConcurrency).toBe(5);
    // Without the index: 99.
    expect(mapConcurrency({ writeCapacityUnits: 20_000, itemsPerSecondPerWorker: 200 }).maxConcurrency).toBe(99);
  });

  it('applies the per-key limit to the table too: a key with half the writes bounds it at 2,000 units/s', () => {
    // 2,000 / (1.001 × 1,000) = 1.998 → 1.
    expect(mapConcurrency({ hottestKeyShare: { table: 0.5 } }).maxConcurrency).toBe(1);
    expect(mapConcurrency({ hottestKeyShare: { table: 0.5 }, partitionKeyWriteUnits: 3_000 }).maxConcurrency).toBe(3);
  });

  it('never goes below 1 (a small table still gets one worker) nor above the cap', () => {
    expect(mapConcurrency({ writeCapacityUnits: 100 }).maxConcurrency).toBe(1);
    expect(mapConcurrency({ writeCapacityUnits: 10_000_000, hottestKeyShare: {} }).maxConcurrency).toBe(100);
    expect(mapConcurrency({ writeCapacityUnits: 10_000_000, hottestKeyShare: {}, cap: 250 }).maxConcurrency).toBe(250);
  });

  it('refuses a capacity that is not a positive number, and a share outside (0, 1]', () => {
    expect(() => mapConcurrency({ writeCapacityUnits: 0 })).toThrow('mapConcurrency: writeCapacityUnits must be a positive number, got 0');
    expect(() => mapConcurrency({ hottestKeyShare: { table: 1.5 } })).toThrow('mapConcurrency: hottestKeyShare.table must be above 0 and at most 1, got 1.5');
  });
});
