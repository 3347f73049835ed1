import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DayCountryAggregate, OrderItem } from '@ecomlake/model';
import { addAggregateMonths } from './aggregates/months';
import { AGGREGATE_VERSION, encodeAggregates } from './aggregates/records';
import { createAimd } from './aimd';
import { ATTRIBUTE } from './attributes';
import type { BackoffOptions } from './backoff';
import { writeBatch, type BatchContext } from './batch-write';
import { distinctKeyBatches, MAX_BATCH_SIZE, type Tagged } from './batches';
import { createCapacityMeter } from './capacity';
import { addCountries } from './catalog';
import { setMaxListeners } from 'node:events';
import { OperationAbortedError } from './errors';
import { encodeItem, itemKey } from './marshal';
import { beginReplace, finishReplace, removePartitionsExcept, type ReplaceContext, type ReplacePlan } from './partition-replace';
import {
  isReservedInvoiceNo,
  PARTITION_ATTRIBUTE,
  partitionTag,
  readPartitionHead,
  readPartitionHeads,
  readStoredPartition,
  summaryRecord,
  writeRecords,
  type StoredPartition,
} from './partition-records';
import { partitionTracker } from './partition-tracker';
import { readAhead } from './read-ahead';
import { beginTableRun, commitTableRun, markTableWriting, type TableRun } from './table-run';
import { randomUUID } from 'node:crypto';

type Source<T> = Iterable<T> | AsyncIterable<T>;

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
}

export interface LoadProgress {
  written: number;
  retried: number;
  failed: number;
  superseded: number;
  requests: number;
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

export interface LoadResult {
  /** Items acknowledged by DynamoDB (each counted once, however many sends it took). */
  written: number;
  /** Item re-sends (UnprocessedItems, throttling, server or network errors). */
  retried: number;
  /** Every item that could not be written, with why. */
  failed: FailedItem[];
  /** Items replaced by a later item with the same key in the same request. */
  superseded: number;
  requests: number;
  /** Write capacity units consumed (table + indexes), partition records and stale deletes included. */
  consumedCapacity: number;
  /** True when the item writes' capacity was sampled (`capacitySampleEvery` > 1) and scaled. */
  capacityEstimated: boolean;
  /** WCU per target (`table`, `table/index`). */
  capacityByTarget: Record<string, number>;
  ms: number;
  /** Partitions loaded in this run (first load or replacement). */
  partitionsDone: string[];
  /** Partitions skipped: already loaded with the same identity. */
  partitionsSkipped: string[];
  /** Partitions removed by `prune`. */
  partitionsRemoved: string[];
  /** Items deleted: stale items of replaced partitions and every item of removed ones. */
  deleted: number;
  /** The part of the cost due to replace semantics (included in the totals above). */
  replaceCost: ReplaceCost;
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
  const { concurrency = 16, maxAttempts = 10, batchSize = MAX_BATCH_SIZE, onProgress, catalog = true, capacitySampleEvery = 1 } = options;
  if (!Number.isInteger(capacitySampleEvery) || capacitySampleEvery < 1) throw new RangeError(`capacitySampleEvery must be a whole number ≥ 1, got ${capacitySampleEvery}`);
  if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) throw new RangeError(`batchSize must be 1–25, got ${batchSize}`);
  const started = Date.now();
  const deadline = options.budgetMs === undefined ? undefined : started + options.budgetMs;
  const internal = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, internal.signal]) : internal.signal;
  // Every request and backoff in flight listens on it; that is expected, not a leak.
  setMaxListeners(4 * concurrency + 16, signal);
  // Item writes (possibly sampled), and the exact rest: catalog updates, partition bookkeeping.
  const meter = createCapacityMeter();
  const catalogMeter = createCapacityMeter();
  const aimd = createAimd(concurrency);
  const context: BatchContext = {
    client, table, aimd, meter, maxAttempts, signal, deadline,
    backoff: options.backoff ?? {},
    returnConsumedCapacity: options.returnConsumedCapacity ?? 'INDEXES',
    capacityEvery: capacitySampleEvery,
    sent: 0,
    sampledItems: 0,
    keyAttributes: [ATTRIBUTE.invoiceNo, ATTRIBUTE.stockCode],
  };
  const result: LoadResult = {
    written: 0, retried: 0, failed: [], superseded: 0, requests: 0, consumedCapacity: 0,
    capacityByTarget: {}, capacityEstimated: capacitySampleEvery > 1, ms: 0, partitionsDone: [], partitionsSkipped: [], partitionsRemoved: [], deleted: 0,
    replaceCost: { readRequests: 0, readCapacity: 0, writeRequests: 0, writeCapacity: 0 },
  };
  const bookkeeping: ReplaceContext = {
    client, table, concurrency,
    options: { maxAttempts, backoff: options.backoff, signal, deadline },
    reads: createCapacityMeter(),
    writes: createCapacityMeter(),
  };
  const plans = new Map<string, ReplacePlan>();
  const tracker = partitionTracker(async (id) => {
    const plan = plans.get(id);
    if (plan) {
      plans.delete(id);
      result.deleted += await finishReplace(bookkeeping, plan);
    }
    result.partitionsDone.push(id);
  });
  const readOptions = { ...bookkeeping.options, meter: bookkeeping.reads };
  const writeOptions = { ...bookkeeping.options, meter: bookkeeping.writes };
  // A whole input in one call is a run of its own: it checks ownership first and commits after its prune.
  const tableRun = replace && options.prune ? (options.run ?? (await beginOwnRun(client, table, bookkeeping))) : options.run;
  let marked: Promise<void> | undefined;
  const markWriting = (): Promise<void> => (marked ??= tableRun ? Promise.resolve() : markTableWriting(client, table, writeOptions));
  // Pruning must know every head; otherwise each partition reads its own, so the cost of a
  // load follows the partitions given, not the table's (workers loading one each stay O(1)).
  const heads = replace && options.prune ? await readPartitionHeads(client, table, readOptions) : undefined;
  // With a summary to keep, the head is read with the stored summary (one BatchGetItem), so a skip writes it only if it differs.
  const storedOf = async (partition: LoadPartition, tag: string): Promise<StoredPartition> => {
    if (heads) return { head: heads.get(tag) };
    if (partition.summary !== undefined) return readStoredPartition(client, table, partition.id, readOptions);
    return { head: await readPartitionHead(client, table, partition.id, readOptions) };
  };
  const given = new Set<string>();
  // Months of aggregates already listed by this load (each listed once per run).
  const listedMonths = options.listed?.months ?? new Set<string>();

  interface Prepared {
    partition: LoadPartition;
    tag: string;
    /** Undefined when the partition is skipped. */
    items?: Source<OrderItem>;
  }
  const valid = (item: OrderItem) => !isReservedInvoiceNo(item.invoiceNo);
  // Runs in partition order (readAhead starts mappings in order), a few partitions ahead of
  // the writes, so their bookkeeping round trips overlap the writes of the one before.
  const prepare = async (partition: LoadPartition): Promise<Prepared> => {
    const tag = partitionTag(partition.id);
    if (given.has(tag)) throw new RangeError(`Partition "${partition.id}" is given twice; partition ids must be unique.`);
    given.add(tag);
    const stored: StoredPartition = replace ? await storedOf(partition, tag) : {};
    const { head } = stored;
    const current = partition.aggregates === undefined || head?.aggregates === AGGREGATE_VERSION;
    const summary = partition.summary === undefined ? undefined : summaryRecord(tag, partition.identity, partition.summary);
    if (replace && head?.state === 'done' && head.identity === partition.identity && current) {
      const same = stored.summary?.identity === partition.identity && stored.summary.text === partition.summary;
      if (summary && !same) await writeRecords(client, table, { puts: [summary] }, writeOptions);
      return { partition, tag };
    }
    const source = typeof partition.items === 'function' ? partition.items() : partition.items;
    if (!replace) return { partition, tag, items: source };
    // Replacing needs the new version's keys before its first item is written.
    const items = await collect(source);
    const keys = new Set(items.filter(valid).map(itemKey));
    const aggregates = partition.aggregates && { records: encodeAggregates(tag, partition.aggregates), version: AGGREGATE_VERSION };
    // Months are listed before any of their records is written, so a reader never misses one.
    const months = new Set((partition.aggregates ?? []).map((aggregate) => aggregate.day.slice(0, 7)).filter((month) => !listedMonths.has(month)));
    if (months.size > 0) {
      await addAggregateMonths(client, table, months, { ...bookkeeping.options, meter: bookkeeping.writes });
      for (const month of months) listedMonths.add(month);
    }
    await markWriting();
    plans.set(partition.id, await beginReplace(bookkeeping, partition.id, tag, partition.identity, keys, head, aggregates, summary));
    return { partition, tag, items };
  };

  async function* entries(): AsyncGenerator<Tagged<OrderItem>> {
    for await (const { partition, tag, items } of readAhead(partitions, replace ? PREPARE_AHEAD : 0, prepare)) {
      if (!items) {
        result.partitionsSkipped.push(partition.id);
        continue;
      }
      tracker.open(partition.id);
      for await (const item of items) {
        tracker.add(partition.id);
        if (!valid(item)) {
          result.failed.push({ item, reason: `the InvoiceNo "${item.invoiceNo}" is reserved: keys starting with # hold the table's own records` });
          await tracker.settle(partition.id, true);
          continue;
        }
        const record = encodeItem(item);
        if (replace) record[PARTITION_ATTRIBUTE] = { S: tag };
        yield { partition: partition.id, entry: { key: itemKey(item), record, source: item } };
      }
      await tracker.close(partition.id);
    }
  }

  // A write task never rejects: a fatal error (missing table, abort) is kept and stops the
  // others, so no rejection goes unobserved while the loop waits for input.
  let fatal: { error: unknown } | undefined;
  const running = new Set<Promise<void>>();
  const run = async (batch: Tagged<OrderItem>[]) => {
    try {
      const outcome = await writeBatch(batch.map((tagged) => tagged.entry), context);
      result.written += outcome.written.length;
      result.retried += outcome.retried;
      for (const { entry, reason } of outcome.failed) result.failed.push({ item: entry.source, reason });
      const failedKeys = new Set(outcome.failed.map(({ entry }) => entry.key));
      for (const tagged of batch) await tracker.settle(tagged.partition, failedKeys.has(tagged.entry.key));
      onProgress?.(progress());
    } catch (error) {
      fatal ??= { error };
      internal.abort(error);
    }
  };
  const progress = (): LoadProgress => {
    const elapsedMs = Date.now() - started;
    return {
      written: result.written, retried: result.retried, failed: result.failed.length, superseded: result.superseded,
      requests: meter.requests, itemsPerSecond: result.written / Math.max(elapsedMs / 1000, 1e-3),
      concurrency: aimd.limit, elapsedMs, partitionsDone: result.partitionsDone.length,
    };
  };

  // Countries known to be in the catalog; a batch with a new one waits until it is listed.
  const listed = options.listed?.countries ?? new Set<string>();
  const listCountries = async (batch: Tagged<OrderItem>[]) => {
    const fresh = new Set(batch.map((tagged) => tagged.entry.source.country).filter((country) => !listed.has(country)));
    if (fresh.size === 0) return;
    const returnConsumedCapacity = context.returnConsumedCapacity === 'NONE' ? 'NONE' : 'TOTAL';
    await addCountries(client, table, fresh, { maxAttempts, backoff: options.backoff, signal, deadline, meter: catalogMeter, returnConsumedCapacity });
    for (const country of fresh) listed.add(country);
  };

  // An input error stops reading, but requests already sent may finish (and finish their partitions).
  let inputError: { error: unknown } | undefined;
  try {
    const superseded = (replaced: Tagged<OrderItem>) => {
      result.superseded += 1;
      tracker.settle(replaced.partition, false).catch((error: unknown) => {
        fatal ??= { error };
        internal.abort(error);
      });
    };
    for await (const batch of distinctKeyBatches(entries(), batchSize, superseded)) {
      while (running.size >= aimd.limit) await Promise.race(running);
      if (signal.aborted) break;
      if (catalog) {
        try {
          await listCountries(batch);
        } catch (error) {
          fatal ??= { error };
          internal.abort(error);
          break;
        }
      }
      const task: Promise<void> = run(batch).finally(() => running.delete(task));
      running.add(task);
    }
  } catch (error) {
    inputError = { error };
  }
  await Promise.all(running);
  if (heads && !fatal && !inputError && !signal.aborted) {
    try {
      for await (const { head, deleted } of removePartitionsExcept(bookkeeping, heads.values(), given)) {
        result.deleted += deleted;
        result.partitionsRemoved.push(head.id);
      }
      if (tableRun) await commitTableRun(client, tableRun, writeOptions);
    } catch (error) {
      fatal = { error };
    }
  }
  const { reads, writes } = bookkeeping;
  result.replaceCost = { readRequests: reads.requests, readCapacity: reads.capacityUnits, writeRequests: writes.requests, writeCapacity: writes.capacityUnits };
  result.requests = meter.requests + catalogMeter.requests + reads.requests + writes.requests;
  // Sampled item capacity, scaled by items: every item of a load costs about the same.
  const scale = capacitySampleEvery > 1 && context.sampledItems > 0 ? result.written / context.sampledItems : 1;
  const byTarget: Record<string, number> = {};
  const add = (record: Record<string, number>, factor: number) => {
    for (const [target, units] of Object.entries(record)) byTarget[target] = (byTarget[target] ?? 0) + units * factor;
  };
  add(meter.byTarget, scale);
  add(catalogMeter.byTarget, 1);
  add(writes.byTarget, 1);
  result.capacityByTarget = byTarget;
  result.consumedCapacity = meter.capacityUnits * scale + catalogMeter.capacityUnits + writes.capacityUnits;
  result.ms = Date.now() - started;
  if (options.signal?.aborted) throw new OperationAbortedError(result, { cause: options.signal.reason });
  if (fatal) throw fatal.error;
  if (inputError) throw inputError.error;
  return result;
}

/** Begins a run for a load that was given none, booking its cost as bookkeeping. */
async function beginOwnRun(client: DynamoDBClient, table: string, bookkeeping: ReplaceContext): Promise<TableRun> {
  const run = await beginTableRun(client, table, `load-${randomUUID()}`, bookkeeping.options);
  const { reads, writes } = bookkeeping;
  reads.requests += run.cost.readRequests;
  reads.capacityUnits += run.cost.readCapacity;
  writes.requests += run.cost.writeRequests;
  writes.capacityUnits += run.cost.writeCapacity;
  return run;
}

async function collect<T>(source: Source<T>): Promise<T[]> {
  if (Array.isArray(source)) return source;
  const out: T[] = [];
  for await (const value of source) out.push(value);
  return out;
}
