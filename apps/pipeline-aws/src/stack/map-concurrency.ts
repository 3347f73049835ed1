/**
 * Write capacity units one item costs on each resource of a default order table (the table
 * and CustomerIndex; CountryIndex is opt-in), measured on the real dataset by bench:dynamodb
 * (libs/dynamodb-repository/README.md, "Write capacity per item"): 1.747 in all.
 */
export const WCU_PER_ITEM_MEASURED: Readonly<Record<string, number>> = { table: 1.001, CustomerIndex: 0.746 };

/**
 * The largest share of each resource's writes that one partition key value takes on the real
 * dataset (bench:dynamodb, `hottestKeyShare`): the busiest invoice of the table, the busiest
 * customer of CustomerIndex. CountryIndex, opt-in, would add 0.914 (United Kingdom).
 */
export const HOTTEST_KEY_SHARE_MEASURED: Readonly<Record<string, number>> = { table: 0.0021, CustomerIndex: 0.0193 };

/**
 * CountryIndex (opt-in, `countryIndex` on the stack): 1.0 WCU per item, and its hottest key,
 * United Kingdom, takes 0.914 of its writes, so it absorbs 1,000 / 0.914 = 1,094 units/s: one
 * worker at 1,000 items/s. Both figures from bench:dynamodb on the real dataset.
 */
export const COUNTRY_INDEX_MEASURED = { wcuPerItem: 1.0, hottestKeyShare: 0.914 } as const;

/** The measured figures of a table with or without CountryIndex, for `mapConcurrency`. */
export function measuredLayout(countryIndex: boolean): Pick<MapConcurrencyOptions, 'wcuPerItem' | 'hottestKeyShare'> {
  if (!countryIndex) return { wcuPerItem: WCU_PER_ITEM_MEASURED, hottestKeyShare: HOTTEST_KEY_SHARE_MEASURED };
  return {
    wcuPerItem: { ...WCU_PER_ITEM_MEASURED, CountryIndex: COUNTRY_INDEX_MEASURED.wcuPerItem },
    hottestKeyShare: { ...HOTTEST_KEY_SHARE_MEASURED, CountryIndex: COUNTRY_INDEX_MEASURED.hottestKeyShare },
  };
}

/** Write request units per second a new on-demand table (and each of its indexes) serves at once (AWS DynamoDB docs, "initial throughput for on-demand"). */
export const ON_DEMAND_INITIAL_WRITE_UNITS = 4_000;

/** Write units per second one partition key value takes at most, on the table or an index, whatever the table's capacity (AWS DynamoDB docs, "partition key design"). */
export const PARTITION_KEY_WRITE_UNITS = 1_000;

export interface MapConcurrencyOptions {
  /**
   * Provisioned WCU of the table and of each index (`createTableInput` gives every index the
   * table's throughput). Default: none, the table is on-demand and `onDemandWriteUnits` applies.
   */
  readonly writeCapacityUnits?: number;
  /** Write request units per second per resource an on-demand table absorbs. Default 4,000 (`ON_DEMAND_INITIAL_WRITE_UNITS`). */
  readonly onDemandWriteUnits?: number;
  /** WCU per item on each resource (table, then each index). Default `WCU_PER_ITEM_MEASURED`. */
  readonly wcuPerItem?: Readonly<Record<string, number>>;
  /**
   * Share (0–1] of each resource's writes that its hottest partition key value takes. A
   * resource without one is bounded by its throughput alone. Default `HOTTEST_KEY_SHARE_MEASURED`.
   */
  readonly hottestKeyShare?: Readonly<Record<string, number>>;
  /** Write units per second one key value takes at most. Default 1,000 (`PARTITION_KEY_WRITE_UNITS`). */
  readonly partitionKeyWriteUnits?: number;
  /**
   * Items per second one worker writes when nothing throttles it. Default 1,000: an estimate
   * for one Lambda with the loader's 16 requests in flight; measure yours (run-summary.json,
   * `load.written` / `seconds.load` per partition) and set it.
   */
  readonly itemsPerSecondPerWorker?: number;
  /** Upper bound whatever the capacity. Default 100. */
  readonly cap?: number;
}

export interface MapConcurrency {
  readonly maxConcurrency: number;
  /** The arithmetic, for people: it goes into the stack's description and the README. */
  readonly explanation: string;
}

/**
 * The Distributed Map's MaxConcurrency: as many workers as the table absorbs without
 * throttling. Each resource (the table, each GSI) has its own throughput, and on each one
 * partition key value takes at most 1,000 write units/s, so a resource absorbs
 * min(its throughput, 1,000 / its hottest key's share) write units/s. The tightest resource
 * bounds the Map: floor(that / (its WCU per item × items per second per worker)), at least 1,
 * at most `cap`. An index whose hottest key holds most writes (CountryIndex: the UK, 0.91)
 * caps the whole load near 1,100 items/s, whatever the throughput: a throttled index holds
 * back the table's writes.
 */
export function mapConcurrency(options: MapConcurrencyOptions = {}): MapConcurrency {
  const {
    writeCapacityUnits,
    onDemandWriteUnits = ON_DEMAND_INITIAL_WRITE_UNITS,
    wcuPerItem = WCU_PER_ITEM_MEASURED,
    hottestKeyShare = HOTTEST_KEY_SHARE_MEASURED,
    partitionKeyWriteUnits = PARTITION_KEY_WRITE_UNITS,
    itemsPerSecondPerWorker = 1_000,
    cap = 100,
  } = options;
  const units = writeCapacityUnits ?? onDemandWriteUnits;
  const checks = [['writeCapacityUnits', units], ['partitionKeyWriteUnits', partitionKeyWriteUnits], ['itemsPerSecondPerWorker', itemsPerSecondPerWorker], ['cap', cap]] as const;
  for (const [name, value] of checks) {
    if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`mapConcurrency: ${name} must be a positive number, got ${value}`);
  }
  for (const [name, share] of Object.entries(hottestKeyShare)) {
    if (!(share > 0 && share <= 1)) throw new RangeError(`mapConcurrency: hottestKeyShare.${name} must be above 0 and at most 1, got ${share}`);
  }
  const source = writeCapacityUnits === undefined ? `${units} on-demand write units/s` : `${units} provisioned WCU`;
  // What each resource absorbs, in items per second, and why.
  const bounds = Object.entries(wcuPerItem)
    .filter(([, perItem]) => perItem > 0)
    .map(([name, perItem]) => {
      const share = hottestKeyShare[name];
      const hot = share === undefined ? Infinity : partitionKeyWriteUnits / share;
      const absorbs = Math.min(units, hot);
      const why = hot < units ? `${round(hot)} write units/s (its hottest key, ${share} of its writes, at ${partitionKeyWriteUnits} per key value)` : `${source}`;
      return { name, perItem, workers: absorbs / (perItem * itemsPerSecondPerWorker), why };
    });
  if (bounds.length === 0) throw new RangeError('mapConcurrency: wcuPerItem must name at least one resource with a positive WCU per item');
  const tightest = bounds.reduce((a, b) => (b.workers < a.workers ? b : a));
  const raw = Math.floor(tightest.workers);
  const maxConcurrency = Math.min(cap, Math.max(1, raw));
  return {
    maxConcurrency,
    explanation: `MaxConcurrency ${maxConcurrency} = floor(${tightest.why} on ${tightest.name} / (${tightest.perItem} WCU per item × ${itemsPerSecondPerWorker} items/s per worker)) = ${raw}, within 1..${cap}; the tightest of ${bounds.map((b) => `${b.name} ${round(b.workers)}`).join(', ')}`,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
