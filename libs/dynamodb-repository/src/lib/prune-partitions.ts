import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { BackoffOptions } from './backoff';
import type { LoadFigures } from './load-items';
import { createCapacityMeter } from './capacity';
import { OperationAbortedError } from './errors';
import { withMeter, type ReadWriteMeters } from './meter-scope';
import { partitionTag, readPartitionHeads } from './partition-records';
import { removePartitionsExcept, type ReplaceContext } from './partition-replace';

export interface PruneOptions {
  /** Stops the prune; it then rejects with OperationAbortedError carrying the partial result. */
  signal?: AbortSignal;
  /** Sends of each request before giving up on throttling, 5xx or broken connections. Default 10. */
  maxAttempts?: number;
  /** Retry timing; defaults in BackoffOptions (50 ms base, 5 s cap, full jitter). */
  backoff?: BackoffOptions;
  /** Conditional deletes in flight at most, as `LoadOptions.concurrency`. Default 16. */
  concurrency?: number;
}

export interface PruneResult extends Pick<LoadFigures, 'deleted' | 'requests'> {
  /** Ids of the partitions removed (items, key pages and head). */
  removed: string[];
  /** RCU: the heads (one strongly consistent Query) and the removed partitions' key pages. */
  readCapacity: number;
  /** WCU: the deletes of items (table + indexes), key pages and heads. */
  writeCapacity: number;
}

/**
 * The run-level half of replace semantics when partitions are loaded by many workers
 * (`loadPartitions` without `prune`): removes every partition the table records whose id is
 * not in `keep`, its items first, then its records, so the table equals a fresh load of
 * exactly `keep`. Ids in `keep` that were never loaded are not an error. Run it after every
 * worker finished: a partition being loaded that is not in `keep` would be removed.
 */
export async function prunePartitions(client: DynamoDBClient, table: string, keep: Iterable<string>, options: PruneOptions = {}): Promise<PruneResult> {
  const { concurrency = 16, maxAttempts = 10, backoff, signal } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
  const meters: ReadWriteMeters = { reads: createCapacityMeter(), writes: createCapacityMeter() };
  const context: ReplaceContext = { client, table, concurrency, options: { maxAttempts, backoff, signal } };
  const result: PruneResult = { removed: [], deleted: 0, requests: 0, readCapacity: 0, writeCapacity: 0 };
  const tally = (): PruneResult => {
    const { reads, writes } = meters;
    return { ...result, requests: reads.requests + writes.requests, readCapacity: reads.capacityUnits, writeCapacity: writes.capacityUnits };
  };
  try {
    // Every request below, however deep, books on this call's own meters (reads and writes by command).
    await withMeter(meters, async () => {
      const heads = await readPartitionHeads(client, table, context.options);
      const tags = new Set([...keep].map(partitionTag));
      for await (const { head, deleted } of removePartitionsExcept(context, heads.values(), tags)) {
        result.deleted += deleted;
        result.removed.push(head.id);
      }
    });
  } catch (error) {
    if (signal?.aborted) throw new OperationAbortedError(tally(), { cause: signal.reason });
    throw error;
  }
  return tally();
}
