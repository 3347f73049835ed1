import { DYNAMODB_ON_DEMAND_US_EAST_1, onDemandCost, writeUnitsPerItem } from './cost';

describe('onDemandCost', () => {
  it('prices write and read units per million', () => {
    // 1,489,000 WRU × $0.625/M + 11,118 RRU × $0.125/M = $0.930625 + $0.00138975
    expect(onDemandCost({ writeUnits: 1_489_000, readUnits: 11_118 })).toEqual({ writeUnits: 1_489_000, readUnits: 11_118, usd: 0.932015 });
  });

  it('takes other prices', () => {
    const old = { ...DYNAMODB_ON_DEMAND_US_EAST_1, asOf: '2024-10-31', usdPerMillionWriteUnits: 1.25, usdPerMillionReadUnits: 0.25 };
    expect(onDemandCost({ writeUnits: 2_000_000, readUnits: 4_000_000 }, old).usd).toBe(3.5);
  });
});

describe('writeUnitsPerItem', () => {
  it('counts the table and, on a default table, CustomerIndex for the share of items with a customer', () => {
    expect(writeUnitsPerItem(0)).toBe(1);
    expect(writeUnitsPerItem(0.75)).toBe(1.75);
    expect(() => writeUnitsPerItem(1.5)).toThrow(RangeError);
  });

  it('adds 1 for CountryIndex where the table has it (opt-in)', () => {
    expect(writeUnitsPerItem(0.75, ['CustomerIndex', 'CountryIndex'])).toBe(2.75);
    expect(writeUnitsPerItem(0.75, [])).toBe(1);
  });
});
