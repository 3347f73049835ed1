import { DEFAULT_INDEXES, type IndexName } from './table-spec';

/**
 * DynamoDB on-demand list prices, in US dollars per million request units. A write request
 * unit is 1 KB written to the table or to one index (what ConsumedCapacity reports as WCU);
 * a read request unit is a strongly consistent read of 4 KB, or two eventually consistent.
 */
export interface OnDemandPrices {
  readonly region: string;
  /** When these prices were the list prices: check the pricing page before relying on them. */
  readonly asOf: string;
  readonly usdPerMillionWriteUnits: number;
  readonly usdPerMillionReadUnits: number;
}

/** us-east-1 on-demand (Standard table class), list prices since the cut of 2024-11-01. */
export const DYNAMODB_ON_DEMAND_US_EAST_1: OnDemandPrices = {
  region: 'us-east-1',
  asOf: '2024-11-01',
  usdPerMillionWriteUnits: 0.625,
  usdPerMillionReadUnits: 0.125,
};

/** Capacity units and what they cost on demand. */
export interface CapacityCost {
  readonly writeUnits: number;
  readonly readUnits: number;
  /** US dollars, rounded to a millionth. */
  readonly usd: number;
}

/** What `writeUnits` and `readUnits` cost at on-demand `prices` (default us-east-1). */
export function onDemandCost(units: { writeUnits: number; readUnits: number }, prices: OnDemandPrices = DYNAMODB_ON_DEMAND_US_EAST_1): CapacityCost {
  const usd = (units.writeUnits * prices.usdPerMillionWriteUnits + units.readUnits * prices.usdPerMillionReadUnits) / 1e6;
  return { writeUnits: units.writeUnits, readUnits: units.readUnits, usd: Math.round(usd * 1e6) / 1e6 };
}

/**
 * Write units an order item costs when it is under 1 KB (every item of the UCI shape is):
 * 1 for the table, 1 for CustomerIndex when it has a customer, and 1 for CountryIndex when
 * the table has it (opt-in). `customerShare` is the share of items with a customer (0–1);
 * `indexes` the table's, default `DEFAULT_INDEXES` (CustomerIndex): 1.75 on the real dataset.
 */
export function writeUnitsPerItem(customerShare: number, indexes: readonly IndexName[] = DEFAULT_INDEXES): number {
  if (!(customerShare >= 0 && customerShare <= 1)) throw new RangeError(`customerShare must be between 0 and 1, got ${customerShare}`);
  return 1 + (indexes.includes('CustomerIndex') ? customerShare : 0) + (indexes.includes('CountryIndex') ? 1 : 0);
}
