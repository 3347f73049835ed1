import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { cleanBuffer, orderItems, partitionCounts, type CleanFileOptions, type CleanPartition } from '@ecomlake/cleaning';
import {
  AGGREGATE_VERSION,
  computeAggregates,
  createCapacityMeter,
  loadPartitions,
  partitionTag,
  readStoredPartition,
  withMeter,
  type StoredPartition,
  type CapacityMeter,
  type LoadOptions,
  type LoadPartition,
  type LoadResult,
  type TableRun,
} from '@ecomlake/dynamodb-repository';
import { cancellationsOf } from './cancellations';
import { formatS3Uri, readObjectContent, writeDatasetPart } from '@ecomlake/s3-extract';
import { PartitionLoadError } from './errors';
import { partitionIdentity } from './identity';
import { ORDER_COLUMN_TYPES, ordersByDay, partName } from './lake-layout';
import { streamPartition } from './stream-partition';
import type { LakePart, PartitionLoadFigures, PartitionResult, PartitionTask } from './types';

/** Where and how the partition is read: the options of `readObjectContent` the unit exposes. */
export interface PartitionReadOptions {
  /** Keep raw objects in this folder, keyed by ETag, and read them from there next time. Default: no cache. */
  readonly cacheDir?: string;
  /** Read from S3 even when the cache has the object. Default: false. */
  readonly forceDownload?: boolean;
  /** Objects up to this size (as read, decompressed) are cleaned whole; larger ones are streamed. Default 32 MiB. */
  readonly wholeBytes?: number;
  /** A streamed object is cleaned in windows of about this many rows (see `cleanStream`). Default 100 000. */
  readonly windowRows?: number;
}

/** Loading the partition into the order table. */
export interface PartitionLoadTarget {
  readonly client: DynamoDBClient;
  readonly table: string;
  /** Loader options (concurrency, retries, capacity sampling). Default: the loader's, suited to AWS. */
  readonly options?: LoadOptions;
  /**
   * The run this partition belongs to (`beginTableRun`, under the table's lease): its start
   * checked ownership, so the partition skips on its head alone. Default: none; the load
   * then marks the table `writing` itself (1 WCU), so the next run checks ownership.
   */
  readonly run?: TableRun;
}

export interface PartitionUnitOptions {
  readonly s3: S3Client;
  /** The lake's clean prefix, e.g. `s3://lake/clean/`: the partition's parts are written under it. Default: none written. */
  readonly lakeUri?: string;
  /** The orders dataset's file format: Parquet with logical types, or CSV. Default `'parquet'`. */
  readonly lakeFormat?: 'parquet' | 'csv';
  /** Load the partition's items with replace semantics. Default: not loaded. */
  readonly load?: PartitionLoadTarget;
  /** Cleaning options; they are part of the partition's identity. Default: the cleaning's defaults. */
  readonly clean?: CleanFileOptions;
  readonly read?: PartitionReadOptions;
  /** Stops the read and the load. Default: none. */
  readonly signal?: AbortSignal;
}

/**
 * One partition end to end: streams its raw object from S3 (pinned to the listed ETag and
 * size), cleans it, writes its clean part to the lake (`orders/day=YYYY-MM-DD/part-<tag>.parquet`,
 * `excluded/` and `quarantine/` as CSV), loads its items with replace semantics, and returns
 * a small JSON result. Partitions share nothing: any number may run at once, in one process
 * or in as many Lambda invocations. Throws `PartitionLoadError` when items could not be written.
 *
 * With `load`, the table keeps the result (without load figures and seconds) as the partition's
 * summary, and a rerun first reads head and summary in one request (unless the task brings
 * them, `PartitionTask.stored`): when the head is `done`
 * with this identity and current aggregates, and the summary is of a call of this shape (same
 * source, lake prefix and format, or no lake, and samples: `summaryShape`), the stored result is returned with
 * `load.status` `skipped`: no S3 GET, no cleaning, no lake write.
 *
 * @example
 * const result = await runPartition({ object, id: partitionId(object.key, 'raw/') }, { s3, lakeUri: 's3://lake/clean/' });
 */
export async function runPartition(task: PartitionTask, options: PartitionUnitOptions): Promise<PartitionResult> {
  const { object, id } = task;
  const source = formatS3Uri({ bucket: object.bucket, key: object.key });
  const clean = { ...options.clean, partition: source };
  const identity = partitionIdentity(object.etag, options.clean);
  const shape = summaryShape(options);
  const started = performance.now();
  // The identity check before the read: an unchanged partition costs one read of the table.
  const checked = createCapacityMeter();
  // What the check read is what the load decides from: it is not read twice.
  let found: StoredPartition | undefined;
  const target = options.load;
  if (target) {
    // Its one read books on `checked`, the partition's identity-check figures.
    const { result: stored, found: read } = await withMeter(checked, () => storedResult(target, { id, source, size: object.size, identity, shape, known: task.stored }, options.signal));
    found = read;
    if (stored) return { ...stored, load: skippedFigures(checked, performance.now() - started), seconds: { read: 0, clean: 0, lake: 0, load: seconds(started, performance.now()) } };
  }
  const content = await readObjectContent(options.s3, source, { ...options.read, etag: object.etag, size: object.size, signal: options.signal, encoding: clean.encoding });
  const read = performance.now();
  // A large object is cleaned in windows, its parts written as they come: memory follows the window.
  if (content.kind === 'rows') return detached(await streamPartition(task, options, { source, identity, clean, content, started, read, shape, checked, ...(found && { stored: found }) }));
  const partition = cleanBuffer(content.bytes, source, clean);
  const cleaned = performance.now();
  const lake = options.lakeUri ? await writeLake(options.s3, options.lakeUri, options.lakeFormat ?? 'parquet', partName(partitionTag(id)), partition) : [];
  const written = performance.now();
  const invoices = [...new Set(Array.from(partition.items.array('invoiceNo') as ArrayLike<string>))].sort();
  const summary: PartitionSummary = { id, source, etag: object.etag, size: object.size, identity, report: partition.report, counts: partitionCounts(partition), invoices, lake };
  const load = options.load ? await loadPartition(options.load, { id, identity, partition, summary: summaryText(summary, shape), found }, options.signal, checked) : undefined;
  const loaded = performance.now();
  return detached({
    ...summary,
    ...(load && { load }),
    seconds: { read: seconds(started, read), clean: seconds(read, cleaned), lake: seconds(cleaned, written), load: seconds(written, loaded) },
  });
}

/**
 * A copy sharing no string with the partition: results outlive it, and V8 keeps a whole
 * decoded file alive for any substring of it (report samples, invoice numbers), so without
 * this a run's memory would grow with its partitions (measured: 1.7x at 10x the files).
 */
function detached(result: PartitionResult): PartitionResult {
  return JSON.parse(JSON.stringify(result)) as PartitionResult;
}

/** Writes the partition's (or a window's) parts, named `part`. */
export async function writeLake(
  s3: S3Client,
  lakeUri: string,
  format: 'parquet' | 'csv',
  part: string,
  partition: Pick<CleanPartition, 'items' | 'excluded' | 'quarantine'>,
): Promise<LakePart[]> {
  const base = lakeUri.endsWith('/') ? lakeUri : `${lakeUri}/`;
  // The parts are independent objects: written at once, a partition waits one round trip, not one a part (listed in order).
  const orders = [...ordersByDay(partition.items)].map(async ([day, table]): Promise<LakePart> => {
    const written = await writeDatasetPart(s3, table, `${base}orders/`, { partition: { day }, part, format, columnTypes: ORDER_COLUMN_TYPES });
    return { dataset: 'orders', key: written.key, uri: written.uri, rows: written.rows, bytes: written.size, day };
  });
  // Rows that are not sales are kept beside the sales, one CSV per partition, when there are any.
  const others = ([['excluded', partition.excluded], ['quarantine', partition.quarantine]] as const)
    .filter(([, table]) => table.numRows() > 0)
    .map(async ([dataset, table]): Promise<LakePart> => {
      const written = await writeDatasetPart(s3, table, `${base}${dataset}/`, { partition: {}, part, format: 'csv' });
      return { dataset, key: written.key, uri: written.uri, rows: written.rows, bytes: written.size };
    });
  return Promise.all([...orders, ...others]);
}

async function loadPartition(
  target: PartitionLoadTarget,
  unit: { id: string; identity: string; partition: CleanPartition; summary: string; found: StoredPartition | undefined },
  signal: AbortSignal | undefined,
  checked: CapacityMeter,
): Promise<PartitionLoadFigures> {
  const { id, identity, partition, summary, found } = unit;
  // The partition's aggregates (sales by day and country, its cancellations) load and are replaced with it.
  const aggregates = computeAggregates(orderItems(partition.items), cancellationsOf(partition.excluded));
  return loadItemsOf(target, { id, identity, items: () => orderItems(partition.items), aggregates, summary, ...(found && { stored: found }) }, signal, checked);
}

/** What the table keeps of a loaded partition: its result without load figures and seconds. */
export type PartitionSummary = Omit<PartitionResult, 'load' | 'seconds'>;

/** The summary as stored: the result and the shape of the call that made it (`summaryShape`), JSON. */
interface StoredSummary {
  readonly shape: string;
  readonly result: PartitionSummary;
}

/**
 * What a call's result depends on besides the identity (object and cleaning rules): the lake
 * parts it writes (prefix and format, `''` for none) and the report's samples per rule.
 * A stored summary of another shape is not returned: the object is read again.
 */
export function summaryShape(options: Pick<PartitionUnitOptions, 'lakeUri' | 'lakeFormat' | 'clean'>): string {
  const base = options.lakeUri && (options.lakeUri.endsWith('/') ? options.lakeUri : `${options.lakeUri}/`);
  return JSON.stringify({ lake: base ? `${base}|${options.lakeFormat ?? 'parquet'}` : '', samples: options.clean?.samples ?? null });
}

export function summaryText(result: PartitionSummary, shape: string): string {
  const { id, source, etag, size, identity, report, counts, invoices } = result;
  const stored: StoredSummary = { shape, result: { id, source, etag, size, identity, report, counts, invoices, lake: result.lake } };
  return JSON.stringify(stored);
}

/**
 * Head and summary, one strongly consistent request: the stored summary when the table holds
 * this version loaded and exact (head `done`, same identity, current aggregates) and a summary
 * of this call's shape and source; undefined otherwise (the object is then read). An invalidated
 * head is `loading`, so a partition another run's layout touched is never answered from here.
 */
async function storedResult(
  target: PartitionLoadTarget,
  wanted: { id: string; source: string; size: number; identity: string; shape: string; known: StoredPartition | undefined },
  signal: AbortSignal | undefined,
): Promise<{ result?: PartitionSummary; found: StoredPartition }> {
  const found = wanted.known ?? (await readStoredPartition(target.client, target.table, wanted.id, recordOptions(target, signal)));
  const { head, summary } = found;
  if (head?.state !== 'done' || head.identity !== wanted.identity || head.aggregates !== AGGREGATE_VERSION) return { found };
  if (summary?.identity !== wanted.identity) return { found };
  const stored = JSON.parse(summary.text) as StoredSummary;
  const { result } = stored;
  const same = stored.shape === wanted.shape && result.id === wanted.id && result.source === wanted.source && result.size === wanted.size;
  return same ? { result, found } : { found };
}

/**
 * A partition's invoices from its stored summary when it describes this identity (the invoices
 * follow from the object and the cleaning alone), and whether the table has its head. One
 * strongly consistent request.
 */
export async function storedInvoices(
  target: PartitionLoadTarget,
  id: string,
  identity: string,
  signal: AbortSignal | undefined,
): Promise<{ invoices?: readonly string[]; head: boolean }> {
  const { head, summary } = await readStoredPartition(target.client, target.table, id, recordOptions(target, signal));
  if (summary?.identity !== identity) return { head: head !== undefined };
  const stored = JSON.parse(summary.text) as StoredSummary;
  return stored.result.id === id ? { invoices: stored.result.invoices, head: head !== undefined } : { head: head !== undefined };
}

function recordOptions(target: PartitionLoadTarget, signal: AbortSignal | undefined) {
  const { maxAttempts, backoff, budgetMs } = target.options ?? {};
  return {
    ...(maxAttempts !== undefined && { maxAttempts }),
    ...(backoff && { backoff }),
    ...(budgetMs !== undefined && { budgetMs }),
    ...(signal && { signal }),
  };
}

function skippedFigures(checked: CapacityMeter, ms: number): PartitionLoadFigures {
  return {
    status: 'skipped',
    written: 0,
    retried: 0,
    deleted: 0,
    requests: checked.requests,
    consumedCapacity: 0,
    capacityEstimated: false,
    capacityByTarget: {},
    replaceCost: { readRequests: checked.requests, readCapacity: checked.capacityUnits, writeRequests: 0, writeCapacity: 0 },
    ms: Math.round(ms),
  };
}

/**
 * Loads one partition's items and aggregates with replace semantics. `checked`: the identity
 * check's read before it, counted in the figures.
 */
export async function loadItemsOf(
  target: PartitionLoadTarget,
  partition: LoadPartition,
  signal: AbortSignal | undefined,
  checked?: CapacityMeter,
): Promise<PartitionLoadFigures> {
  const { id } = partition;
  const result: LoadResult = await loadPartitions(target.client, target.table, [partition], {
    ...target.options,
    ...(target.run && { run: target.run }),
    ...(signal && { signal }),
  });
  if (result.failed.length > 0) throw new PartitionLoadError(id, result.failed.length, result.failed[0].reason);
  return {
    status: result.partitionsSkipped.includes(id) ? 'skipped' : 'loaded',
    written: result.written,
    retried: result.retried,
    deleted: result.deleted,
    requests: result.requests + (checked?.requests ?? 0),
    consumedCapacity: result.consumedCapacity,
    capacityEstimated: result.capacityEstimated,
    capacityByTarget: result.capacityByTarget,
    replaceCost: {
      ...result.replaceCost,
      readRequests: result.replaceCost.readRequests + (checked?.requests ?? 0),
      readCapacity: result.replaceCost.readCapacity + (checked?.capacityUnits ?? 0),
    },
    ms: result.ms,
  };
}

function seconds(from: number, to: number): number {
  return Math.round(to - from) / 1000;
}
