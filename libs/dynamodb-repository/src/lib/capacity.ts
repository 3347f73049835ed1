import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';

/**
 * Sums what requests cost: capacity units are what users pay for on AWS. Counts requests
 * too, so retries show up in the bill they cause.
 */
export interface CapacityMeter {
  /** Requests sent, including retries. */
  requests: number;
  /** Capacity units consumed in total (table + indexes). */
  capacityUnits: number;
  /** Per target: `"<table>"` for the table itself, `"<table>/<index>"` for an index. */
  byTarget: Record<string, number>;
  /** Adds one response's `ConsumedCapacity` (single or list, as DynamoDB returns it). */
  add(consumed: ConsumedCapacity | readonly ConsumedCapacity[] | undefined): number;
}

/** A fresh meter at zero. */
export function createCapacityMeter(): CapacityMeter {
  const meter: CapacityMeter = {
    requests: 0,
    capacityUnits: 0,
    byTarget: {},
    add(consumed) {
      let total = 0;
      const list = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed as ConsumedCapacity];
      for (const entry of list) {
        const table = entry.TableName ?? '?';
        total += entry.CapacityUnits ?? 0;
        // Without a breakdown (ReturnConsumedCapacity TOTAL) everything is booked on the table.
        const parts = entry.Table || entry.GlobalSecondaryIndexes || entry.LocalSecondaryIndexes;
        if (!parts) bump(meter.byTarget, table, entry.CapacityUnits ?? 0);
        if (entry.Table) bump(meter.byTarget, table, entry.Table.CapacityUnits ?? 0);
        const indexes: Record<string, { CapacityUnits?: number }> = { ...entry.GlobalSecondaryIndexes, ...entry.LocalSecondaryIndexes };
        for (const [index, capacity] of Object.entries(indexes)) {
          bump(meter.byTarget, `${table}/${index}`, capacity.CapacityUnits ?? 0);
        }
      }
      meter.capacityUnits += total;
      return total;
    },
  };
  return meter;
}

function bump(record: Record<string, number>, key: string, value: number): void {
  record[key] = (record[key] ?? 0) + value;
}

/** Capacity units of one response's `ConsumedCapacity`. */
export function sumCapacity(consumed: ConsumedCapacity | readonly ConsumedCapacity[] | undefined): number {
  const list = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed as ConsumedCapacity];
  return list.reduce((sum: number, entry: ConsumedCapacity) => sum + (entry.CapacityUnits ?? 0), 0);
}
