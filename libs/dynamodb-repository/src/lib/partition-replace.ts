import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CapacityMeter } from './capacity';
import {
  deletePartitionRecords,
  deleteStaleItems,
  readPartitionKeys,
  writePartitionHead,
  writePartitionKeys,
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
 *    head `done` with the new identity.
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

export async function beginReplace(context: ReplaceContext, id: string, tag: string, identity: string, keys: ReadonlySet<string>): Promise<ReplacePlan> {
  const { client, table, options } = context;
  const recorded = await readPartitionKeys(client, table, tag, { ...options, meter: context.reads });
  const stale = [...recorded.keys].filter((key) => !keys.has(key));
  const union = new Set([...recorded.keys, ...keys]);
  const write = { ...options, meter: context.writes };
  const pages = union.size > recorded.keys.size ? await writePartitionKeys(client, table, tag, union, recorded.pages, write) : recorded.pages;
  const head: PartitionHead = { id, tag, identity, state: 'loading', keyCount: union.size };
  await writePartitionHead(client, table, head, write);
  return { head, keys, stale, pages, rewrite: union.size > keys.size };
}

/** Deletes the stale items, then records the new keys and marks the head done. Returns items deleted. */
export async function finishReplace(context: ReplaceContext, plan: ReplacePlan): Promise<number> {
  const { client, table, options } = context;
  const write = { ...options, meter: context.writes, concurrency: context.concurrency };
  const { deleted } = await deleteStaleItems(client, table, plan.head.tag, plan.stale, write);
  if (plan.rewrite) await writePartitionKeys(client, table, plan.head.tag, plan.keys, plan.pages, write);
  await writePartitionHead(client, table, { ...plan.head, state: 'done', keyCount: plan.keys.size }, write);
  return deleted;
}

/** Removes a partition that is no longer in the input: its items, then its records. Returns items deleted. */
export async function removePartition(context: ReplaceContext, head: PartitionHead): Promise<number> {
  const { client, table, options } = context;
  const recorded = await readPartitionKeys(client, table, head.tag, { ...options, meter: context.reads });
  const write = { ...options, meter: context.writes, concurrency: context.concurrency };
  const { deleted } = await deleteStaleItems(client, table, head.tag, [...recorded.keys], write);
  await deletePartitionRecords(client, table, head.tag, recorded.pages, write);
  return deleted;
}
