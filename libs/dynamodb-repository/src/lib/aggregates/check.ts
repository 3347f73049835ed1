import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ATTRIBUTE } from '../attributes';
import { createCapacityMeter } from '../capacity';
import { withMeter } from '../meter-scope';
import { scanItems } from '../paginate';
import { readPartitionHeads, type PartitionHead } from '../partition-records';
import { readCoverage, REBUILT_PREFIX } from './coverage';
import { AggregatesMissingError, AggregatesStaleError } from './errors';
import { AGGREGATE_VERSION } from './records';

export interface CheckAggregatesOptions {
  signal?: AbortSignal;
}

export interface AggregatesCoverage {
  /** Partitions whose own aggregates are current. */
  partitions: number;
  /** True when rebuilt aggregates cover the rest of the table. */
  rebuilt: boolean;
  requests: number;
  /** RCU of the check: the heads (one strongly consistent Query), the rebuild record (1), and for a table with neither, a probe for items. */
  readCapacity: number;
}

/** True for a head whose partition's aggregates are exact: done, with the current format. */
export function hasCurrentAggregates(head: PartitionHead): boolean {
  return head.state === 'done' && head.aggregates === AGGREGATE_VERSION;
}

/**
 * Checks that aggregates cover every order item of the table, from the partition heads and
 * the last rebuild's record, never by reading the items: throws AggregatesMissingError for a
 * table with order items and no aggregates at all, AggregatesStaleError naming the partitions
 * that are loading, loaded without (current) aggregates, or counted twice. An empty table passes.
 * Items written by other means into a table that also has aggregates are not detected: run
 * `rebuildAggregates` after such writes.
 */
export async function checkAggregates(client: DynamoDBClient, table: string, options: CheckAggregatesOptions = {}): Promise<AggregatesCoverage> {
  const meter = createCapacityMeter();
  // Its reads are its cost: every request below books here (and in the caller's scopes).
  const coverage = await withMeter(meter, () => check(client, table, options.signal));
  return { ...coverage, requests: meter.requests, readCapacity: meter.capacityUnits };
}

async function check(client: DynamoDBClient, table: string, signal: AbortSignal | undefined): Promise<Pick<AggregatesCoverage, 'partitions' | 'rebuilt'>> {
  const call = { signal };
  const heads = [...(await readPartitionHeads(client, table, call)).values()];
  const coverage = await readCoverage(client, table, call);
  const loaded = heads.filter((head) => !head.id.startsWith(REBUILT_PREFIX));
  const rebuilt = heads.filter((head) => head.id.startsWith(REBUILT_PREFIX));
  const covered = new Set(coverage?.covered ?? []);
  const ids = (list: PartitionHead[]) => list.map((head) => head.id).sort();

  if (coverage?.state === 'rebuilding') throw new AggregatesStaleError(table, [], 'a rebuildAggregates did not finish');
  const twice = loaded.filter((head) => hasCurrentAggregates(head) && covered.has(head.tag));
  if (twice.length > 0) {
    throw new AggregatesStaleError(table, ids(twice), 'these partitions were loaded with aggregates after rebuildAggregates counted their items, so those items count twice');
  }
  // A partition without current aggregates is covered only if the last rebuild counted it and no load touched it since.
  const uncovered = loaded.filter((head) => !hasCurrentAggregates(head) && !(coverage && head.rebuiltBy === coverage.id));
  if (uncovered.length > 0) {
    throw new AggregatesStaleError(
      table,
      ids(uncovered),
      `these partitions are loading (interrupted, or an item failed) or were loaded without aggregates of format ${AGGREGATE_VERSION}`,
    );
  }
  const present = new Set(loaded.map((head) => head.tag));
  if ([...covered].some((tag) => !present.has(tag))) {
    throw new AggregatesStaleError(table, [], 'partitions that rebuildAggregates counted were removed since, so the rebuilt aggregates still count their items');
  }
  if (coverage && (rebuilt.length !== coverage.days || !rebuilt.every(hasCurrentAggregates))) {
    throw new AggregatesStaleError(table, [], `the rebuilt aggregates are incomplete (${rebuilt.length} of ${coverage.days} days; a load with prune removes them)`);
  }
  if (!coverage && loaded.length === 0 && (await holdsOrders(client, table, call))) throw new AggregatesMissingError(table);
  return { partitions: loaded.filter(hasCurrentAggregates).length, rebuilt: coverage !== undefined };
}

/** True if the table holds an order item; reads records one at a time past the few reserved ones. */
async function holdsOrders(client: DynamoDBClient, table: string, call: { signal?: AbortSignal }): Promise<boolean> {
  const records = scanItems(
    client,
    {
      TableName: table,
      FilterExpression: 'NOT begins_with(#pk, :reserved)',
      ProjectionExpression: '#pk',
      ExpressionAttributeNames: { '#pk': ATTRIBUTE.invoiceNo },
      ExpressionAttributeValues: { ':reserved': { S: '#' } },
      ReturnConsumedCapacity: 'TOTAL',
    },
    { ...call, limit: 1 },
  );
  for await (const record of records) return record !== undefined;
  return false;
}
