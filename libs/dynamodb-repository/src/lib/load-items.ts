import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DayCountryAggregate, OrderItem } from '@ecomlake/model';
import { randomUUID } from 'node:crypto';
import type { BackoffOptions } from './backoff';
import { OperationAbortedError } from './errors';
import { startLoadRun, tally } from './execute/load-run';
import { partitionPreparer } from './execute/prepare';
import { itemEntries, sendBatches } from './execute/write-items';
import { withMeter } from './meter-scope';
import { removePartitionsExcept, type MeteredReplaceContext } from './partition-replace';
import { readPartitionHeads, type StoredPartition } from './partition-records';
import { beginTableRun, commitTableRun, type TableRun } from './table-run';

export type Source<T> = Iterable<T> | AsyncIterable<T>;

/** Partitions whose bookkeeping runs ahead of the writes (their items are held meanwhile). */
const PREPARE_AHEAD = 4;

/** A unit of loading (e.g. one day's file) that the table records, so reruns skip or replace it. */
export interface LoadPartition {
  /**
   * Stable name of the partition, e.g. the raw object's key under the input root. A later
   * load of the same id replaces this one's items: the table keeps only the latest version.
   */
  id: string;
  /**
   * Everything that shaped the items, e.g. a hash of the object's ETag, the cleaning options
   * and the rules version. A partition whose last load finished with the same identity is
   * skipped without calling `items`; any other identity loads it again.
   */
  identity: string;
  /** The items, or a function giving them: only called if the partition is loaded. */
  items: Source<OrderItem> | (() => Source<OrderItem>);
  /**
   * The partition's aggregates (`computeAggregates` of its items and cancellations), written
   * with it and replaced with it (see the README's *Aggregates*). A partition loaded without
   * them, or with another format version, is loaded again when they are given. Default: none.
   */
  aggregates?: readonly DayCountryAggregate[];
  /**
   * A description of this version to keep with it (e.g. `runPartition`'s result as JSON),
   * read back with its head by `readStoredPartition` so a rerun can answer without reading
   * its input. Stored gzipped with the head's `done`, in the same request; a skipped partition
   * whose stored summary differs (or is missing) gets this one (1 put, a few WCU; with `prune` the stored one is not read, so
   * every skip writes it). Not stored
   * when gzip leaves it over 350 KB. Default: none (a stored one is kept, with its identity).
   */
  summary?: string;
  /**
   * The partition's head and summary as the caller just read them (`readStoredPartition`,
   * strongly consistent, e.g. the identity check before reading its input): the load then
   * decides from them instead of reading them again (one round trip less a partition). Give
   * it only when nothing else writes the partition in between (a run holding the table's lease).
   * Default: read by the load.
   */
  stored?: StoredPartition;
}

export interface LoadProgress extends Pick<LoadFigures, 'written' | 'retried' | 'requests'> {
  failed: number;
  superseded: number;
  /** Written items per second since the start. */
  itemsPerSecond: number;
  /** Requests currently allowed in flight (lowered while throttled). */
  concurrency: number;
  elapsedMs: number;
  partitionsDone: number;
}

export interface LoadOptions {
  /**
   * BatchWriteItem requests in flight at most (AIMD lowers it while DynamoDB throttles).
   * Default 16: on AWS a request waits ~10–30 ms on the network, so 16 in flight carry
   * thousands of items a second. DynamoDB Local applies writes one at a time and gains
   * nothing past ~6: see `DYNAMODB_LOCAL_LOAD`.
   */
  concurrency?: number;
  /** Sends per batch before its remaining items count as failed. Default 10. */
  maxAttempts?: number;
  /** Retry timing; defaults in BackoffOptions (50 ms base, 5 s cap, full jitter). */
  backoff?: BackoffOptions;
  /** Stops the load; it then rejects with OperationAbortedError carrying the partial result. */
  signal?: AbortSignal;
  /**
   * Longest time the whole load may take, in ms: no request is retried past it, and one still
   * unanswered then fails the load as EndpointUnreachableError (`timeout`). Give it what the
   * caller can wait (e.g. a Lambda's remaining time less its own work). Default: none.
   */
  budgetMs?: number;
  /** Called after every finished request. */
  onProgress?: (progress: LoadProgress) => void;
  /** Items per request, 1–25. Default 25. */
  batchSize?: number;
  /**
   * Consumed capacity asked of each request: `INDEXES` (per table and index), `TOTAL` or
   * `NONE`. Default `INDEXES`: free on AWS, but DynamoDB Local spends ~25% more CPU per item
   * computing it (measured), so bulk loads into it may choose `NONE` (then the result's
   * capacity figures are 0).
   */
  returnConsumedCapacity?: 'INDEXES' | 'TOTAL' | 'NONE';
  /**
   * Ask for consumed capacity on one BatchWriteItem in this many and scale the sampled
   * figures by items written (the result then says `capacityEstimated`). Default 1: every
   * request, exact. Bookkeeping of partitions and the catalog is always exact.
   */
  capacitySampleEvery?: number;
  /**
   * Keep the table's country catalog (see `addCountries`) up to date: before the first item
   * of a country not yet listed is sent, the country is added. Default true; the date
   * questions of `@ecomlake/queries` rely on it.
   */
  catalog?: boolean;
  /**
   * Countries and aggregate months already listed in this table's catalog. Share one object
   * among the loads of a run (e.g. one `loadPartitions` call per partition) so each is listed
   * once per run, not once per load; loads add what they list. Default: a new one per load.
   */
  listed?: CatalogListed;
}

/** What a run's loads have listed in the table's catalog so far (see `LoadOptions.listed`). */
export interface CatalogListed {
  readonly countries: Set<string>;
  readonly months: Set<string>;
}

export interface PartitionLoadOptions extends LoadOptions {
  /**
   * After every partition loaded, remove the partitions the table records that are not in
   * `partitions` (their items, then their records), so the table equals a fresh load of
   * exactly this input. Default false: other partitions are left as they are, and only the
   * heads of the given partitions are read (1 RCU each, by key), so a one-partition load
   * costs the same whatever the table holds. True reads every head first (one Query, ~150
   * bytes a partition) and prunes what `prunePartitions` would. With many workers loading
   * a partition each, leave it false and call `prunePartitions` once they are all done.
   */
  prune?: boolean;
  /**
   * The run these loads belong to (`beginTableRun`), whose start checked ownership and
   * marked the table `writing`. Default: none; a load that writes then marks the table
   * `writing` itself before its first write (1 WCU), so the next run checks ownership, and
   * with `prune` it begins and commits a run of its own.
   */
  run?: TableRun;
}

/** What replace semantics cost: bookkeeping reads and writes, and stale items deleted. */
export interface ReplaceCost {
  /** Reads of partition heads and key pages: requests and RCU. */
  readRequests: number;
  readCapacity: number;
  /** Writes of partition records and deletes of stale items: requests and WCU. */
  writeRequests: number;
  writeCapacity: number;
}

export interface FailedItem {
  item: OrderItem;
  reason: string;
}

/**
 * What loading did and cost (ARCHITECTURE.md, "load figures"): the one shape `LoadResult`,
 * `LoadProgress`, `PruneResult` and partition-unit's `PartitionLoadFigures` extend or pick from.
 */
export interface LoadFigures {
  /** Items acknowledged by DynamoDB (each counted once, however many sends it took). */
  written: number;
  /** Item re-sends (UnprocessedItems, throttling, server or network errors). */
  retried: number;
  /** Items deleted: stale items of replaced partitions and every item of removed ones. */
  deleted: number;
  /** Requests sent, retries included. */
  requests: number;
  /** Write capacity units consumed (table + indexes), partition records and stale deletes included. */
  consumedCapacity: number;
  /** True when the item writes' capacity was sampled (`capacitySampleEvery` > 1) and scaled. */
  capacityEstimated: boolean;
  /** WCU per target (`table`, `table/index`). */
  capacityByTarget: Record<string, number>;
  /** The part of the cost due to replace semantics (included in the totals above). */
  replaceCost: ReplaceCost;
  ms: number;
}

export interface LoadResult extends LoadFigures {
  /** Every item that could not be written, with why. */
  failed: FailedItem[];
  /** Items replaced by a later item with the same key in the same request. */
  superseded: number;
  /** Partitions loaded in this run (first load or replacement), in the order they were given. */
  partitionsDone: string[];
  /** Partitions skipped: already loaded with the same identity. */
  partitionsSkipped: string[];
  /** Partitions removed by `prune`. */
  partitionsRemoved: string[];
}

/**
 * Upserts items into the table: 25 per BatchWriteItem, several requests in flight, retries
 * with backoff. Idempotent (Puts keyed by InvoiceNo, StockCode), but it never deletes: for
 * a table that follows its input exactly, load partitions with `loadPartitions`.
 */
export function loadItems(client: DynamoDBClient, table: string, items: Source<OrderItem>, options: LoadOptions = {}): Promise<LoadResult> {
  return load(client, table, [{ id: 'items', identity: '', items }], options, false);
}

/**
 * Loads partitions with replace semantics: each is skipped if the table holds it with the
 * same identity, else its items are written and the items of its previous version that
 * are not in the new one are deleted. Requests of consecutive partitions overlap. Killed
 * at any point, a rerun leaves the same table as an uninterrupted load (see partition-replace.ts).
 */
export function loadPartitions(
  client: DynamoDBClient,
  table: string,
  partitions: Source<LoadPartition>,
  options: PartitionLoadOptions = {},
): Promise<LoadResult> {
  return load(client, table, partitions, options, true);
}

async function load(
  client: DynamoDBClient,
  table: string,
  partitions: Source<LoadPartition>,
  options: PartitionLoadOptions,
  replace: boolean,
): Promise<LoadResult> {
  const run = startLoadRun(client, table, options, replace);
  const { bookkeeping, result } = run;
  // A whole input in one call is a run of its own: it checks ownership first and commits after its prune.
  const tableRun = replace && options.prune ? (options.run ?? (await beginOwnRun(client, table, bookkeeping))) : options.run;
  // Pruning must know every head; otherwise each partition reads its own, so the cost of a
  // load follows the partitions given, not the table's (workers loading one each stay O(1)).
  const heads = replace && options.prune ? await withMeter(bookkeeping, () => readPartitionHeads(client, table, bookkeeping.options)) : undefined;
  const given = new Set<string>();
  const prepare = partitionPreparer(run, given, heads, tableRun);
  const { inputError } = await sendBatches(run, itemEntries(run, partitions, replace ? PREPARE_AHEAD : 0, prepare));
  if (heads && !run.fatal && !inputError && !run.signal.aborted) {
    try {
      await withMeter(bookkeeping, async () => {
        for await (const { head, deleted } of removePartitionsExcept(bookkeeping, heads.values(), given)) {
          result.deleted += deleted;
          result.partitionsRemoved.push(head.id);
        }
        if (tableRun) await commitTableRun(client, tableRun, bookkeeping.options);
      });
    } catch (error) {
      run.fatal = { error };
    }
  }
  tally(run);
  if (options.signal?.aborted) throw new OperationAbortedError(result, { cause: options.signal.reason });
  if (run.fatal) throw run.fatal.error;
  if (inputError) throw inputError.error;
  return result;
}

/** Begins a run for a load that was given none, booking its cost as bookkeeping. */
async function beginOwnRun(client: DynamoDBClient, table: string, bookkeeping: MeteredReplaceContext): Promise<TableRun> {
  const run = await beginTableRun(client, table, `load-${randomUUID()}`, bookkeeping.options);
  const { reads, writes } = bookkeeping;
  reads.requests += run.cost.readRequests;
  reads.capacityUnits += run.cost.readCapacity;
  writes.requests += run.cost.writeRequests;
  writes.capacityUnits += run.cost.writeCapacity;
  return run;
}
