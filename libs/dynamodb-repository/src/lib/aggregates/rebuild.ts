import { createHash, randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DayCountryAggregate } from '@ecomlake/model';
import { projectionOf } from '../attributes';
import type { BackoffOptions } from '../backoff';
import { createCapacityMeter } from '../capacity';
import { addCountries } from '../catalog';
import { loadPartitions, type LoadPartition } from '../load-items';
import { decodePartial } from '../marshal';
import { withMeter } from '../meter-scope';
import { parallelScanItems } from '../parallel-scan';
import {
  deleteStaleItems,
  headKey,
  isReservedRecord,
  PARTITION_ATTRIBUTE,
  readPartitionHeads,
  readPartitionKeys,
} from '../partition-records';
import { removePartitionsExcept, type MeteredReplaceContext } from '../partition-replace';
import { hasCurrentAggregates } from './check';
import { aggregateBuilder, itemPart, type AggregatedFields } from './compute';
import { markRebuilt, REBUILT_PREFIX, writeCoverage } from './coverage';
import { isAggregateInvoiceNo } from './records';

export interface RebuildAggregatesOptions {
  /** Parallel scan segments. Default 16. */
  segments?: number;
  /** Segments read at once (few suit DynamoDB Local, see `parallelScan`). Default 4. */
  concurrency?: number;
  /** Sends of each write before giving up on throttling, 5xx or broken connections. Default 10. */
  maxAttempts?: number;
  /** Retry timing; defaults in BackoffOptions. */
  backoff?: BackoffOptions;
  signal?: AbortSignal;
  /** BatchWriteItem requests in flight when writing the rebuilt aggregates. Default 16. */
  writeConcurrency?: number;
}

export interface RebuildAggregatesResult {
  /** Order items counted into the rebuilt aggregates. */
  items: number;
  /** Order items left to their partitions' own (current) aggregates. */
  skipped: number;
  /** Days rebuilt (one rebuilt partition each). */
  days: number;
  /** Rebuilt days of an earlier rebuild removed (no items left to count). */
  removed: number;
  /** Ids of the loaded partitions whose items were counted (loading, or without current aggregates). */
  covered: string[];
  requests: number;
  readCapacity: number;
  writeCapacity: number;
  ms: number;
}

/**
 * Recomputes, from a parallel scan of the table, the aggregates of every order item that no
 * partition with current aggregates accounts for: items written by other means, and those of
 * partitions that are loading or were loaded without aggregates. They are written as
 * partitions of their own (`#rebuilt/<day>`, through the loader's replace machinery, so a
 * second rebuild replaces the first), after the covered partitions' own aggregate records are
 * removed. The table holds no cancellations, so rebuilt aggregates have
 * `cancellationsKnown: false` (net revenue is not available for their days). Run it while no
 * load is running; a load that completes later makes `checkAggregates` ask for another rebuild.
 */
export async function rebuildAggregates(client: DynamoDBClient, table: string, options: RebuildAggregatesOptions = {}): Promise<RebuildAggregatesResult> {
  const started = Date.now();
  const { segments = 16, concurrency = 4, maxAttempts = 10, backoff, signal, writeConcurrency = 16 } = options;
  const retry = { maxAttempts, backoff, signal };
  const context = { client, table, concurrency: writeConcurrency, options: retry, reads: createCapacityMeter(), writes: createCapacityMeter() } satisfies MeteredReplaceContext;
  const id = `${new Date().toISOString()}-${randomBytes(4).toString('hex')}`;

  // Every request but the load's (whose result has its own figures) is sent in the scope of the
  // rebuild's meters, reads and writes by command.
  const { heads, covered, counts, partitions } = await withMeter(context, async () => {
    // Until it says done, checkAggregates refuses the table: a rebuild killed midway is never trusted.
    await writeCoverage(client, table, { id, state: 'rebuilding', covered: [], days: 0 }, retry);
    const heads = [...(await readPartitionHeads(client, table, retry)).values()];
    const loaded = heads.filter((head) => !head.id.startsWith(REBUILT_PREFIX));
    const current = new Set(loaded.filter(hasCurrentAggregates).map((head) => head.tag));
    const covered = loaded.filter((head) => !current.has(head.tag));

    const builder = aggregateBuilder();
    const counts = { items: 0, skipped: 0 };
    // Another writer keeps no country catalog either; the date questions of the scan path need it.
    const countries = new Set<string>();
    const projection = projectionOf(['invoiceNo', 'invoiceDate', 'totalAmountMilli', 'customerId', 'country']);
    const input = {
      TableName: table,
      ProjectionExpression: `${projection.ProjectionExpression}, #partition`,
      ExpressionAttributeNames: { ...projection.ExpressionAttributeNames, '#partition': PARTITION_ATTRIBUTE },
      ReturnConsumedCapacity: 'TOTAL' as const,
    };
    for await (const record of parallelScanItems(client, input, { segments, concurrency, signal })) {
      if (isReservedRecord(record)) continue;
      const tag = record[PARTITION_ATTRIBUTE]?.S;
      if (tag !== undefined && current.has(tag)) {
        counts.skipped += 1;
        continue;
      }
      counts.items += 1;
      const fields = decodePartial(record) as AggregatedFields;
      countries.add(fields.country);
      builder.add(itemPart(fields, false));
    }

    // The covered partitions' own aggregate records (of a version being loaded, or replaced) would count twice.
    for (const head of covered) {
      if (head.state === 'loading' || head.aggregates !== undefined) {
        const { keys } = await readPartitionKeys(client, table, head.tag, retry);
        await deleteStaleItems(client, table, head.tag, [...keys].filter((key) => isAggregateInvoiceNo(key.split('\u0000')[0])), { ...retry, concurrency: writeConcurrency });
      }
      await markRebuilt(client, table, headKey(head.tag), id, retry);
    }

    const byDay = new Map<string, DayCountryAggregate[]>();
    for (const aggregate of builder.result()) byDay.set(aggregate.day, [...(byDay.get(aggregate.day) ?? []), aggregate]);
    const partitions: LoadPartition[] = [...byDay].map(([day, aggregates]) => ({
      id: REBUILT_PREFIX + day,
      // Unchanged days are skipped by the loader.
      identity: createHash('sha256').update(JSON.stringify(aggregates)).digest('base64url'),
      items: [],
      aggregates,
    }));
    await addCountries(client, table, countries, { ...retry, returnConsumedCapacity: 'TOTAL' });
    return { heads, covered, counts, partitions };
  });
  const load = await loadPartitions(client, table, partitions, { ...retry, concurrency: writeConcurrency, catalog: false, returnConsumedCapacity: 'TOTAL' });
  // Days rebuilt before that have no items left to count now.
  const keep = new Set(partitions.map((partition) => partition.id));
  const earlier = heads.filter((head) => head.id.startsWith(REBUILT_PREFIX) && !keep.has(head.id));
  const gone: string[] = [];
  await withMeter(context, async () => {
    for await (const { head } of removePartitionsExcept(context, earlier, new Set())) gone.push(head.id);
    await writeCoverage(client, table, { id, state: 'done', covered: covered.map((head) => head.tag), days: partitions.length }, retry);
  });
  return {
    ...counts,
    days: partitions.length,
    removed: gone.length,
    covered: covered.map((head) => head.id).sort(),
    requests: context.reads.requests + context.writes.requests + load.requests,
    readCapacity: context.reads.capacityUnits + load.replaceCost.readCapacity,
    writeCapacity: context.writes.capacityUnits + load.consumedCapacity,
    ms: Date.now() - started,
  };
}
