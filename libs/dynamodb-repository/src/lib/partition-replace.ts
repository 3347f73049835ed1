import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { isAggregateInvoiceNo } from './aggregates/records';
import type { CapacityMeter } from './capacity';
import { ATTRIBUTE } from './attributes';
import { itemKey, type DynamoRecord } from './marshal';
import {
  deleteStaleItems,
  headKey,
  headRecord,
  keyPageKey,
  keyPageRecords,
  readPartitionKeys,
  summaryKey,
  writeRecords,
  type PartitionHead,
  type RecordOptions,
} from './partition-records';

/**
 * Replace semantics, in three steps that keep one invariant: a partition's key pages list
 * every key it may have in the table. Killed at any point, a rerun finds the partition
 * `loading` (or with another identity) and replays the steps; nothing is left behind.
 *
 * 1. `beginReplace`: record old ∪ new keys, head `loading`, before any item is written;
 * 2. the loader writes the new items (each carrying the partition's tag);
 * 3. `finishReplace`: delete old keys not in the new version, record only the new keys,
 *    head `done` with the new identity (and the new version's summary, in the same request).
 */
export interface ReplacePlan {
  head: PartitionHead;
  /** Keys of the new version. */
  keys: ReadonlySet<string>;
  /** Recorded keys not in the new version: deleted when the new items are all written. */
  stale: string[];
  /** Key pages recorded now (old ∪ new). */
  pages: number;
  /** True when the pages hold more than the new keys, so they are rewritten at the end. */
  rewrite: boolean;
  /** Aggregate records of the new version, written once its items are (their keys are among `keys`). */
  aggregates: readonly DynamoRecord[];
  /** The summary record of the new version, written with the head's `done`. */
  summary?: DynamoRecord;
}

/** A partition's aggregate records and their format version (recorded on its head). */
export interface PartitionAggregates {
  records: readonly DynamoRecord[];
  version: number;
}

export interface ReplaceContext {
  client: DynamoDBClient;
  table: string;
  options: RecordOptions;
  /** Meters for bookkeeping reads (heads, key pages) and writes (records, stale deletes). */
  reads: CapacityMeter;
  writes: CapacityMeter;
  /** Stale deletes in flight at most. */
  concurrency: number;
}

export async function beginReplace(
  context: ReplaceContext,
  id: string,
  tag: string,
  identity: string,
  itemKeys: ReadonlySet<string>,
  known: PartitionHead | undefined,
  aggregates?: PartitionAggregates,
  summary?: DynamoRecord,
): Promise<ReplacePlan> {
  const { client, table, options } = context;
  // Aggregate records are keys of the partition like its items: replace and prune delete stale ones.
  const keys: ReadonlySet<string> = aggregates ? new Set([...itemKeys, ...aggregates.records.map(recordItemKey)]) : itemKeys;
  // Without a head nothing of this partition was ever written (pages and head go in one
  // request, and items only after it), so there are no recorded keys to read.
  const recorded = known ? await readPartitionKeys(client, table, tag, { ...options, meter: context.reads }) : { keys: new Set<string>(), pageKeys: [] };
  const stale = [...recorded.keys].filter((key) => !keys.has(key));
  const union = new Set([...recorded.keys, ...keys]);
  const pages = union.size > recorded.keys.size ? keyPageRecords(tag, union) : undefined;
  const head: PartitionHead = { id, tag, identity, state: 'loading', keyCount: union.size, ...(aggregates ? { aggregates: aggregates.version } : {}) };
  // One request: in whatever order its writes land, no item is written before both have.
  await writeRecords(client, table, { puts: [...(pages ?? []), headRecord(head)] }, { ...options, meter: context.writes });
  return {
    head, keys, stale,
    pages: Math.max(pages?.length ?? 0, recorded.pageKeys.length),
    rewrite: union.size > keys.size,
    aggregates: aggregates?.records ?? [],
    ...(summary && { summary }),
  };
}

/**
 * Writes the aggregates, deletes the stale items (and aggregate records), then records the
 * new keys and marks the head done. Returns items deleted (aggregate records not counted).
 */
export async function finishReplace(context: ReplaceContext, plan: ReplacePlan): Promise<number> {
  const { client, table, options } = context;
  const write = { ...options, meter: context.writes, concurrency: context.concurrency };
  await writeRecords(client, table, { puts: plan.aggregates }, write);
  const staleAggregates = plan.stale.filter(isAggregateKey);
  await deleteStaleItems(client, table, plan.head.tag, staleAggregates, write);
  const { deleted } = await deleteStaleItems(client, table, plan.head.tag, plan.stale.filter((key) => !isAggregateKey(key)), write);
  let pages = plan.pages;
  if (plan.rewrite) {
    // The new keys first; pages beyond them go with the head, once the new pages are there.
    const records = keyPageRecords(plan.head.tag, plan.keys);
    await writeRecords(client, table, { puts: records }, write);
    pages = records.length;
  }
  const surplus = Array.from({ length: Math.max(0, plan.pages - pages) }, (_, i) => keyPageKey(plan.head.tag, pages + i));
  // The summary in the head's request (both first, so in its first batch): a head `done` never lacks it.
  const done = headRecord({ ...plan.head, state: 'done', keyCount: plan.keys.size });
  await writeRecords(client, table, { puts: [done, ...(plan.summary ? [plan.summary] : [])], deletes: surplus }, write);
  return deleted;
}

/** Removes a partition that is no longer in the input: its items and aggregates, then its records. Returns items deleted. */
export async function removePartition(context: ReplaceContext, head: PartitionHead): Promise<number> {
  const { client, table, options } = context;
  const recorded = await readPartitionKeys(client, table, head.tag, { ...options, meter: context.reads });
  const write = { ...options, meter: context.writes, concurrency: context.concurrency };
  await deleteStaleItems(client, table, head.tag, [...recorded.keys].filter(isAggregateKey), write);
  const { deleted } = await deleteStaleItems(client, table, head.tag, [...recorded.keys].filter((key) => !isAggregateKey(key)), write);
  // The head last: while it is there, a rerun of the prune finds the partition and finishes.
  await writeRecords(client, table, { deletes: [...recorded.pageKeys, summaryKey(head.tag), headKey(head.tag)] }, write);
  return deleted;
}

/**
 * Removes, one after another, every partition among `heads` whose tag is not in `keep`,
 * yielding each as it is gone: callers count what was done even if a later one fails. The
 * run-level prune of `prunePartitions` and of `loadPartitions({ prune: true })`.
 */
export async function* removePartitionsExcept(
  context: ReplaceContext,
  heads: Iterable<PartitionHead>,
  keep: ReadonlySet<string>,
): AsyncGenerator<{ head: PartitionHead; deleted: number }> {
  for (const head of heads) {
    if (keep.has(head.tag)) continue;
    yield { head, deleted: await removePartition(context, head) };
  }
}

/** A record's key as `itemKey` writes it. */
function recordItemKey(record: DynamoRecord): string {
  return itemKey({ invoiceNo: record[ATTRIBUTE.invoiceNo]?.S ?? '', stockCode: record[ATTRIBUTE.stockCode]?.S ?? '' });
}

/** True for an `itemKey` of an aggregate record. */
function isAggregateKey(key: string): boolean {
  return isAggregateInvoiceNo(key.split('\u0000')[0]);
}
