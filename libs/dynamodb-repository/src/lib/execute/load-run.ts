import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { setMaxListeners } from 'node:events';
import { createAimd, type Aimd } from '../aimd';
import { ATTRIBUTE } from '../attributes';
import type { BatchContext } from '../batch-write';
import { MAX_BATCH_SIZE } from '../batches';
import { createCapacityMeter, type CapacityMeter } from '../capacity';
import type { LoadResult, PartitionLoadOptions } from '../load-items';
import { withMeter } from '../meter-scope';
import { finishReplace, type BegunReplace, type MeteredReplaceContext } from '../partition-replace';
import { partitionTracker } from '../partition-tracker';

/**
 * One load's state, shared by its parts (prepare, write, finish): the clients' settings, the
 * one retry policy and deadline every request follows, the meters, and the result so far.
 * Metering and the policy live here once, not in every function's signature.
 */
export interface LoadRun {
  readonly client: DynamoDBClient;
  readonly table: string;
  readonly replace: boolean;
  readonly options: PartitionLoadOptions;
  readonly started: number;
  /** The caller's signal joined with the load's own (aborted on a fatal error). */
  readonly signal: AbortSignal;
  readonly aimd: Aimd;
  /**
   * Item writes (possibly sampled), and the exact rest: catalog updates, partition bookkeeping
   * (reads and writes). Each part's requests are sent in a `withMeter` scope of its meter.
   */
  readonly meter: CapacityMeter;
  readonly catalogMeter: CapacityMeter;
  readonly batches: BatchContext;
  readonly bookkeeping: MeteredReplaceContext;
  readonly result: LoadResult;
  /** Replacements begun, by partition id, until their items are all written. */
  readonly begun: Map<string, BegunReplace>;
  /** Partitions whose items were opened, in the order given: `partitionsDone` is reported in it. */
  readonly opened: string[];
  readonly tracker: ReturnType<typeof partitionTracker>;
  /** The first error that stops the load (missing table, abort, a failed finish). */
  fatal?: { error: unknown };
  stop(error: unknown): void;
}

export function startLoadRun(client: DynamoDBClient, table: string, options: PartitionLoadOptions, replace: boolean): LoadRun {
  const { concurrency = 16, maxAttempts = 10, batchSize = MAX_BATCH_SIZE, capacitySampleEvery = 1 } = options;
  if (!Number.isInteger(capacitySampleEvery) || capacitySampleEvery < 1) throw new RangeError(`capacitySampleEvery must be a whole number ≥ 1, got ${capacitySampleEvery}`);
  if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) throw new RangeError(`batchSize must be 1–25, got ${batchSize}`);
  const started = Date.now();
  const deadline = options.budgetMs === undefined ? undefined : started + options.budgetMs;
  const internal = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, internal.signal]) : internal.signal;
  // Every request and backoff in flight listens on it; that is expected, not a leak.
  setMaxListeners(4 * concurrency + 16, signal);
  const meter = createCapacityMeter();
  const aimd = createAimd(concurrency);
  const policy = { maxAttempts, backoff: options.backoff, signal, deadline };
  const batches: BatchContext = {
    client, table, aimd, maxAttempts, signal, deadline,
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
  const bookkeeping: MeteredReplaceContext = { client, table, concurrency, options: policy, reads: createCapacityMeter(), writes: createCapacityMeter() };
  const run: LoadRun = {
    client, table, replace, options, started, signal, aimd, meter, batches, bookkeeping, result,
    catalogMeter: createCapacityMeter(),
    begun: new Map(),
    opened: [],
    tracker: partitionTracker((id) => finishPartition(run, id)),
    stop(error) {
      run.fatal ??= { error };
      internal.abort(error);
    },
  };
  return run;
}

/** A partition whose items are all written: its replacement finished (stale keys deleted, head done). */
async function finishPartition(run: LoadRun, id: string): Promise<void> {
  const begun = run.begun.get(id);
  if (begun) {
    run.begun.delete(id);
    run.result.deleted += await withMeter(run.bookkeeping, () => finishReplace(run.bookkeeping, begun));
  }
  run.result.partitionsDone.push(id);
}

/** The result's totals from the meters: requests, capacity (sampled item capacity scaled by items), replace cost. */
export function tally(run: LoadRun): LoadResult {
  const { result, meter, catalogMeter, batches, bookkeeping } = run;
  const { reads, writes } = bookkeeping;
  result.replaceCost = { readRequests: reads.requests, readCapacity: reads.capacityUnits, writeRequests: writes.requests, writeCapacity: writes.capacityUnits };
  result.requests = meter.requests + catalogMeter.requests + reads.requests + writes.requests;
  // Sampled item capacity, scaled by items: every item of a load costs about the same.
  const scale = batches.capacityEvery > 1 && batches.sampledItems > 0 ? result.written / batches.sampledItems : 1;
  const byTarget: Record<string, number> = {};
  const add = (record: Record<string, number>, factor: number) => {
    for (const [target, units] of Object.entries(record)) byTarget[target] = (byTarget[target] ?? 0) + units * factor;
  };
  add(meter.byTarget, scale);
  add(catalogMeter.byTarget, 1);
  add(writes.byTarget, 1);
  result.capacityByTarget = byTarget;
  result.consumedCapacity = meter.capacityUnits * scale + catalogMeter.capacityUnits + writes.capacityUnits;
  // Partitions finish as their last batch comes back, in any order; they are reported as given.
  const position = new Map(run.opened.map((id, index) => [id, index]));
  result.partitionsDone.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
  result.ms = Date.now() - run.started;
  return result;
}
