import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DayCountryAggregate } from '@ecomlake/model';
import { ATTRIBUTE } from '../attributes';
import { mergeIterators } from '../merge';
import { queryPages, type Page } from '../paginate';
import type { CallOptions } from '../send';
import { aggregateBuilder } from './compute';
import { readAggregateMonths } from './months';
import { dayBounds, type DayRange, type SortKeyBounds } from '../reads/day-range';
import { decodeAggregateRecord, monthKey } from './records';

export interface ReadAggregatesOptions extends CallOptions {
  /** Month keys queried at once. Default 4. */
  concurrency?: number;
  /** Strongly consistent reads (twice the RCU). Default false: aggregates are written before a partition is marked done. */
  consistent?: boolean;
}

export interface AggregateReadStats {
  /** Requests sent: the months item and one Query page per month (more for a month over 1 MB). */
  requests: number;
  /** Query pages read. */
  pages: number;
  /** Aggregate records read. */
  items: number;
  /** Read capacity units, as DynamoDB reported them. */
  consumedCapacity: number;
  ms: number;
}

export interface AggregateRead {
  /** One per day and country with sales or cancellations in the range, by day, then country. */
  aggregates: DayCountryAggregate[];
  stats: AggregateReadStats;
}

/**
 * The aggregates of a range of days, exactly as `computeAggregates` gives them for the items
 * (and cancellations) of every partition loaded with aggregates: records of several chunks and
 * partitions are merged. Reads the months item, then Queries each month's key for the range.
 * It does not check that every partition has aggregates: `checkAggregates` does.
 */
export async function readAggregates(client: DynamoDBClient, table: string, range: DayRange = {}, options: ReadAggregatesOptions = {}): Promise<AggregateRead> {
  const started = Date.now();
  const { concurrency = 4, consistent = false } = options;
  // The InvoiceDate bounds of whole days bound aggregate sort keys too ('YYYY-MM-DD#…' < 'YYYY-MM-DD~').
  const bounds = dayBounds(range);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
  const stats: AggregateReadStats = { requests: 1, pages: 0, items: 0, consumedCapacity: 0, ms: 0 };
  const listed = await readAggregateMonths(client, table, options);
  stats.consumedCapacity += listed.consumedCapacity;
  const months = listed.months.filter((month) => (range.from === undefined || month >= range.from.slice(0, 7)) && (range.to === undefined || month <= range.to.slice(0, 7)));
  const sources = months.map((month) => () => queryMonth(client, table, month, bounds, consistent, options));
  const builder = aggregateBuilder();
  for await (const { value: page } of mergeIterators(sources, concurrency)) {
    stats.requests += 1;
    stats.pages += 1;
    stats.items += page.items.length;
    stats.consumedCapacity += page.consumedCapacity;
    for (const record of page.items) for (const part of decodeAggregateRecord(record)) builder.add(part);
  }
  stats.ms = Date.now() - started;
  return { aggregates: builder.result(), stats };
}

function queryMonth(client: DynamoDBClient, table: string, month: string, range: SortKeyBounds, consistent: boolean, options: CallOptions): AsyncGenerator<Page> {
  const from = range.from?.startsWith(month) ? range.from : undefined;
  const to = range.to?.startsWith(month) ? range.to : undefined;
  // Days of other months need no bound: the month key holds only its own days.
  const sortKey = from || to ? { lower: from ?? `${month}-00`, upper: to ?? `${month}-99~` } : undefined;
  return queryPages(
    client,
    {
      TableName: table,
      KeyConditionExpression: sortKey ? '#pk = :pk AND #sk BETWEEN :lower AND :upper' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': ATTRIBUTE.invoiceNo, ...(sortKey ? { '#sk': ATTRIBUTE.stockCode } : {}) },
      ExpressionAttributeValues: { ':pk': { S: monthKey(month) }, ...(sortKey ? { ':lower': { S: sortKey.lower }, ':upper': { S: sortKey.upper } } : {}) },
      ConsistentRead: consistent,
      ReturnConsumedCapacity: 'TOTAL',
    },
    options,
  );
}
