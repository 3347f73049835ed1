import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { cleanBuffer, orderItems, partitionCounts, type CleanFileOptions, type CleanPartition } from '@ecomlake/cleaning';
import { computeAggregates, loadPartitions, partitionTag, type LoadOptions, type LoadPartition, type LoadResult, type TableRun } from '@ecomlake/dynamodb-repository';
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
 * @example
 * const result = await runPartition({ object, id: partitionId(object.key, 'raw/') }, { s3, lakeUri: 's3://lake/clean/' });
 */
export async function runPartition(task: PartitionTask, options: PartitionUnitOptions): Promise<PartitionResult> {
  const { object, id } = task;
  const source = formatS3Uri({ bucket: object.bucket, key: object.key });
  const clean = { ...options.clean, partition: source };
  const identity = partitionIdentity(object.etag, options.clean);
  const started = performance.now();
  const content = await readObjectContent(options.s3, source, { ...options.read, etag: object.etag, size: object.size, signal: options.signal, encoding: clean.encoding });
  const read = performance.now();
  // A large object is cleaned in windows, its parts written as they come: memory follows the window.
  if (content.kind === 'rows') return detached(await streamPartition(task, options, { source, identity, clean, content, started, read }));
  const partition = cleanBuffer(content.bytes, source, clean);
  const cleaned = performance.now();
  const lake = options.lakeUri ? await writeLake(options.s3, options.lakeUri, options.lakeFormat ?? 'parquet', partName(partitionTag(id)), partition) : [];
  const written = performance.now();
  const load = options.load ? await loadPartition(options.load, { id, identity, partition }, options.signal) : undefined;
  const loaded = performance.now();
  const invoices = [...new Set(Array.from(partition.items.array('invoiceNo') as ArrayLike<string>))].sort();
  return detached({
    id,
    source,
    etag: object.etag,
    size: object.size,
    identity,
    report: partition.report,
    counts: partitionCounts(partition),
    invoices,
    lake,
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
  const parts: LakePart[] = [];
  for (const [day, table] of ordersByDay(partition.items)) {
    const written = await writeDatasetPart(s3, table, `${base}orders/`, { partition: { day }, part, format, columnTypes: ORDER_COLUMN_TYPES });
    parts.push({ dataset: 'orders', key: written.key, uri: written.uri, rows: written.rows, bytes: written.size, day });
  }
  // Rows that are not sales are kept beside the sales, one CSV per partition, when there are any.
  for (const [dataset, table] of [['excluded', partition.excluded], ['quarantine', partition.quarantine]] as const) {
    if (table.numRows() === 0) continue;
    const written = await writeDatasetPart(s3, table, `${base}${dataset}/`, { partition: {}, part, format: 'csv' });
    parts.push({ dataset, key: written.key, uri: written.uri, rows: written.rows, bytes: written.size });
  }
  return parts;
}

async function loadPartition(
  target: PartitionLoadTarget,
  unit: { id: string; identity: string; partition: CleanPartition },
  signal: AbortSignal | undefined,
): Promise<PartitionLoadFigures> {
  const { id, identity, partition } = unit;
  // The partition's aggregates (sales by day and country, its cancellations) load and are replaced with it.
  const aggregates = computeAggregates(orderItems(partition.items), cancellationsOf(partition.excluded));
  return loadItemsOf(target, { id, identity, items: () => orderItems(partition.items), aggregates }, signal);
}

/** Loads one partition's items and aggregates with replace semantics. */
export async function loadItemsOf(target: PartitionLoadTarget, partition: LoadPartition, signal: AbortSignal | undefined): Promise<PartitionLoadFigures> {
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
    requests: result.requests,
    consumedCapacity: result.consumedCapacity,
    capacityEstimated: result.capacityEstimated,
    capacityByTarget: result.capacityByTarget,
    replaceCost: result.replaceCost,
    ms: result.ms,
  };
}

function seconds(from: number, to: number): number {
  return Math.round(to - from) / 1000;
}
