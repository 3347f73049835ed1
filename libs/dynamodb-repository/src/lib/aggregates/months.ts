import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ATTRIBUTE } from '../attributes';
import { sumCapacity } from '../capacity';
import { addToCatalogSet, CATALOG_KEY } from '../catalog';
import type { DynamoRecord } from '../marshal';
import type { RetryOptions } from '../retry';
import { send, type CallOptions } from '../send';

/**
 * The months that hold aggregate records, in one small item beside the country catalog
 * (`#catalog` / `aggregate-months`, a string set), so a refresh without a date range knows
 * which month keys to Query: O(months) however many partitions the table holds. A month is
 * added before any of its records is written, and never removed (a month whose partitions
 * all left costs one empty Query).
 */
const MONTHS_KEY: DynamoRecord = { [ATTRIBUTE.invoiceNo]: { S: CATALOG_KEY.invoiceNo }, [ATTRIBUTE.stockCode]: { S: 'aggregate-months' } };
const MONTHS = 'Months';

/** Adds months (`YYYY-MM`, or days whose month it takes) to the set; a set union, so idempotent. */
export async function addAggregateMonths(client: DynamoDBClient, table: string, months: Iterable<string>, options: CallOptions & RetryOptions = {}): Promise<void> {
  await addToCatalogSet(client, table, MONTHS_KEY, MONTHS, [...months].map((month) => month.slice(0, 7)), options);
}

/** The months listed, sorted (`[]` if none), and the read's RCU. Strongly consistent: a refresh right after a load must see its months. */
export async function readAggregateMonths(client: DynamoDBClient, table: string, options: CallOptions = {}): Promise<{ months: string[]; consumedCapacity: number }> {
  const output = await send(
    client,
    table,
    (abortSignal) => client.send(new GetItemCommand({ TableName: table, Key: MONTHS_KEY, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }), { abortSignal }),
    options,
    'read',
  );
  return { months: [...(output.Item?.[MONTHS]?.SS ?? [])].sort(), consumedCapacity: sumCapacity(output.ConsumedCapacity) };
}
