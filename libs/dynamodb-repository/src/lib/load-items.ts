import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { OrderItem } from '@ecomlake/model';
import { createAimd } from './aimd';
import { ATTRIBUTE } from './attributes';
import type { BackoffOptions } from './backoff';
import { writeBatch, type BatchContext } from './batch-write';
import { distinctKeyBatches, MAX_BATCH_SIZE, type Tagged } from './batches';
import { createCapacityMeter } from './capacity';
import { addCountries, CATALOG_KEY } from './catalog';
import type { CheckpointStore } from './checkpoint';
import { setMaxListeners } from 'node:events';
import { OperationAbortedError } from './errors';
import { encodeItem, itemKey } from './marshal';
import { partitionTracker } from './partition-tracker';

type Source<T> = Iterable<T> | AsyncIterable<T>;

/** A unit of loading (e.g. one day's file) whose completion is checkpointed. */
export interface LoadPartition {
  id: string;
  /** The items, or a function giving them: only called if the partition is not yet done. */
  items: Source<OrderItem> | (() => Source<OrderItem>);
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
   * BatchWriteItem requests in flight at most. Default 6: on DynamoDB Local (2 cores) the
   * load rate stops growing beyond ~6 (see tools/bench dynamodb); raise it on AWS.
   */
  concurrency?: number;
  /** Sends per batch before its remaining items count as failed. Default 10. */
  maxAttempts?: number;
  /** Retry timing; defaults in BackoffOptions (50 ms base, 5 s cap, full jitter). */
  backoff?: BackoffOptions;
  /** Stops the load; it then rejects with OperationAbortedError carrying the partial result. */
  signal?: AbortSignal;
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
   * Keep the table's country catalog (see `addCountries`) up to date: before the first item
   * of a country not yet listed is sent, the country is added. Default true; the date
   * questions of `@ecomlake/queries` rely on it.
   */
  catalog?: boolean;
}

export interface PartitionLoadOptions extends LoadOptions {
  /** Where finished partitions are recorded and looked up. Default: none (load everything). */
  checkpoint?: CheckpointStore;
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
  /** Write capacity units consumed (table + indexes). */
  consumedCapacity: number;
  /** WCU per target (`table`, `table/index`). */
  capacityByTarget: Record<string, number>;
  ms: number;
  /** Partitions finished in this run, and skipped because a checkpoint said done. */
  partitionsDone: string[];
  partitionsSkipped: string[];
}

/**
 * Loads items into the table: 25 per BatchWriteItem, several requests in flight, retries
 * with backoff. Idempotent: items are Puts keyed by (InvoiceNo, StockCode), so loading the
 * same data twice leaves the same table.
 */
export function loadItems(client: DynamoDBClient, table: string, items: Source<OrderItem>, options: LoadOptions = {}): Promise<LoadResult> {
  return loadPartitions(client, table, [{ id: 'items', items }], options);
}

/**
 * Loads partitions one after another (their requests overlap), marking each done in the
 * checkpoint once all its items are written, and skipping partitions already marked:
 * an interrupted load continues where it stopped.
 */
export async function loadPartitions(
  client: DynamoDBClient,
  table: string,
  partitions: Source<LoadPartition>,
  options: PartitionLoadOptions = {},
): Promise<LoadResult> {
  const { concurrency = 6, maxAttempts = 10, batchSize = MAX_BATCH_SIZE, checkpoint, onProgress, catalog = true } = options;
  if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) throw new RangeError(`batchSize must be 1–25, got ${batchSize}`);
  const started = Date.now();
  const internal = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, internal.signal]) : internal.signal;
  // Every request and backoff in flight listens on it; that is expected, not a leak.
  setMaxListeners(4 * concurrency + 16, signal);
  const meter = createCapacityMeter();
  const aimd = createAimd(concurrency);
  const context: BatchContext = {
    client, table, aimd, meter, maxAttempts, signal,
    backoff: options.backoff ?? {},
    returnConsumedCapacity: options.returnConsumedCapacity ?? 'INDEXES',
    keyAttributes: [ATTRIBUTE.invoiceNo, ATTRIBUTE.stockCode],
  };
  const result: LoadResult = {
    written: 0, retried: 0, failed: [], superseded: 0, requests: 0, consumedCapacity: 0,
    capacityByTarget: meter.byTarget, ms: 0, partitionsDone: [], partitionsSkipped: [],
  };
  const tracker = partitionTracker(checkpoint, (id) => result.partitionsDone.push(id));

  async function* entries(): AsyncGenerator<Tagged<OrderItem>> {
    for await (const partition of partitions) {
      if (checkpoint && (await checkpoint.isDone(partition.id))) {
        result.partitionsSkipped.push(partition.id);
        continue;
      }
      tracker.open(partition.id);
      const items = typeof partition.items === 'function' ? partition.items() : partition.items;
      for await (const item of items) {
        tracker.add(partition.id);
        if (item.invoiceNo === CATALOG_KEY.invoiceNo && item.stockCode === CATALOG_KEY.stockCode) {
          result.failed.push({ item, reason: `the key (${item.invoiceNo}, ${item.stockCode}) is reserved for the table's catalog` });
          await tracker.settle(partition.id, true);
          continue;
        }
        yield { partition: partition.id, entry: { key: itemKey(item), record: encodeItem(item), source: item } };
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
  const listed = new Set<string>();
  const listCountries = async (batch: Tagged<OrderItem>[]) => {
    const fresh = new Set(batch.map((tagged) => tagged.entry.source.country).filter((country) => !listed.has(country)));
    if (fresh.size === 0) return;
    const returnConsumedCapacity = context.returnConsumedCapacity === 'NONE' ? 'NONE' : 'TOTAL';
    await addCountries(client, table, fresh, { maxAttempts, backoff: options.backoff, signal, meter, returnConsumedCapacity });
    for (const country of fresh) listed.add(country);
  };

  // An input error stops reading, but requests already sent may finish (and checkpoint).
  let inputError: { error: unknown } | undefined;
  try {
    const superseded = (replaced: Tagged<OrderItem>) => {
      result.superseded += 1;
      void tracker.settle(replaced.partition, false);
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
  result.requests = meter.requests;
  result.consumedCapacity = meter.capacityUnits;
  result.ms = Date.now() - started;
  if (options.signal?.aborted) throw new OperationAbortedError(result, { cause: options.signal.reason });
  if (fatal) throw fatal.error;
  if (inputError) throw inputError.error;
  return result;
}
