import { mapConcurrency } from './map-concurrency';

describe('mapConcurrency', () => {
  it('lets as many workers run as the busiest resource absorbs: 20,000 WCU / (1.001 × 1,000 items/s) = 19.98 → 19', () => {
    expect(mapConcurrency({ writeCapacityUnits: 20_000 })).toEqual({
      maxConcurrency: 19,
      explanation: 'MaxConcurrency 19 = floor(20000 provisioned WCU per resource / (1.001 WCU per item on table × 1000 items/s per worker)) = 19, within 1..100',
    });
  });

  it('takes the busiest of the given resources', () => {
    // 900 / (1.5 × 100) = 6 whatever the lighter index costs.
    expect(mapConcurrency({ writeCapacityUnits: 900, wcuPerItem: { table: 1, HeavyIndex: 1.5, LightIndex: 0.2 }, itemsPerSecondPerWorker: 100 }).maxConcurrency).toBe(6);
  });

  it('never goes below 1 (a small table still gets one worker) nor above the cap', () => {
    expect(mapConcurrency({ writeCapacityUnits: 100 }).maxConcurrency).toBe(1);
    expect(mapConcurrency({ writeCapacityUnits: 10_000_000 }).maxConcurrency).toBe(100);
    expect(mapConcurrency({ writeCapacityUnits: 10_000_000, cap: 250 }).maxConcurrency).toBe(250);
  });

  it('refuses a capacity that is not a positive number', () => {
    expect(() => mapConcurrency({ writeCapacityUnits: 0 })).toThrow('mapConcurrency: writeCapacityUnits must be a positive number, got 0');
  });
});
