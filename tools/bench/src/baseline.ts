/**
 * The simple way, as the original Python pipeline did it: shared by the benchmarks that
 * measure our loaders and readers against it in the same run.
 */
import { BatchWriteItemCommand, DynamoDBClient, type ScanCommandInput, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { createCapacityMeter, decodePartial, encodeItem, scanPages, type OrderTableOptions } from '@ecomlake/dynamodb-repository';
import type { OrderItem } from '@ecomlake/model';
import { runQuery, salesByCountry, type Row } from '@ecomlake/queries';

/** The original table layout: CountryIndex and CustomerIndex projecting ALL. */
export const BASELINE_LAYOUT: OrderTableOptions = { indexes: ['CountryIndex', 'CustomerIndex'], projectAll: true };

/** The simple loader: one BatchWriteItem of 25 at a time, unprocessed items re-sent at once. */
export async function baselineLoad(client: DynamoDBClient, table: string, items: readonly OrderItem[], capacity: 'NONE' | 'TOTAL' = 'NONE'): Promise<number> {
  const meter = createCapacityMeter();
  for (let i = 0; i < items.length; i += 25) {
    let requests: WriteRequest[] = items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: encodeItem(item) } }));
    while (requests.length > 0) {
      const output = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [table]: requests }, ReturnConsumedCapacity: capacity }),
      );
      meter.add(output.ConsumedCapacity);
      requests = output.UnprocessedItems?.[table] ?? [];
    }
  }
  return meter.capacityUnits;
}

/** A sequential Scan of a whole table, rows handed to `add`; returns consumed RCU. */
export async function baselineScan(client: DynamoDBClient, input: ScanCommandInput, add: (row: Row) => void): Promise<number> {
  let rcu = 0;
  for await (const page of scanPages(client, input)) {
    rcu += page.consumedCapacity;
    for (const record of page.items) add(decodePartial(record));
  }
  return rcu;
}

/** One country's sales as a single sequential Query of CountryIndex (no sub-ranges in parallel). */
export function baselineQuery(client: DynamoDBClient, table: string, country: string) {
  return runQuery(client, table, salesByCountry(country), { splitDays: 100_000, parallelism: 1 });
}
