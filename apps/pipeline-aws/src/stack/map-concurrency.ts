/**
 * Write capacity units one item costs on each resource of the order table, measured on the
 * real dataset (libs/dynamodb-repository/README.md, "Write capacity per item"): 2.747 in all.
 */
export const WCU_PER_ITEM_MEASURED: Readonly<Record<string, number>> = { table: 1.001, CountryIndex: 1.0, CustomerIndex: 0.746 };

/** Write request units per second a new on-demand table (and each of its indexes) serves at once (AWS DynamoDB docs, "initial throughput for on-demand"). */
export const ON_DEMAND_INITIAL_WRITE_UNITS = 4_000;

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
 * throttling. Each resource (the table, each GSI) has its own throughput, so the busiest one
 * bounds it: floor(WCU per resource / (its WCU per item × items per second per worker)),
 * at least 1, at most `cap`. The 2.747 WCU per item summed over resources is what a load costs,
 * not what bounds its speed.
 */
export function mapConcurrency(options: MapConcurrencyOptions = {}): MapConcurrency {
  const { writeCapacityUnits, onDemandWriteUnits = ON_DEMAND_INITIAL_WRITE_UNITS, wcuPerItem = WCU_PER_ITEM_MEASURED, itemsPerSecondPerWorker = 1_000, cap = 100 } = options;
  const units = writeCapacityUnits ?? onDemandWriteUnits;
  for (const [name, value] of [['writeCapacityUnits', units], ['itemsPerSecondPerWorker', itemsPerSecondPerWorker], ['cap', cap]] as const) {
    if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`mapConcurrency: ${name} must be a positive number, got ${value}`);
  }
  const [busiest, perItem] = Object.entries(wcuPerItem).reduce((a, b) => (b[1] > a[1] ? b : a), ['table', 0]);
  if (!(perItem > 0)) throw new RangeError('mapConcurrency: wcuPerItem must name at least one resource with a positive WCU per item');
  const raw = Math.floor(units / (perItem * itemsPerSecondPerWorker));
  const maxConcurrency = Math.min(cap, Math.max(1, raw));
  const source = writeCapacityUnits === undefined ? `${units} on-demand write units/s` : `${units} provisioned WCU`;
  return {
    maxConcurrency,
    explanation: `MaxConcurrency ${maxConcurrency} = floor(${source} per resource / (${perItem} WCU per item on ${busiest} × ${itemsPerSecondPerWorker} items/s per worker)) = ${raw}, within 1..${cap}`,
  };
}
