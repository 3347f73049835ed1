import { isAggregateInvoiceNo } from '../aggregates/records';
import { ATTRIBUTE } from '../attributes';
import { itemKey, type DynamoRecord } from '../marshal';
import { headKey, headRecord, keyPageKey, keyPageRecords, summaryKey, type PartitionHead, type PartitionKeys, type StoredPartition } from '../partition-records';

/**
 * Replace semantics as data: what a load writes and deletes for one partition, computed from
 * what the table holds of it, without a server (the executor in partition-replace.ts sends it).
 * The invariant: a partition's key pages list every key it may have in the table. Killed at
 * any point, a rerun finds the partition `loading` (or with another identity) and replays.
 *
 * 1. begin: record old ∪ new keys, head `loading`, in one request before any item is written;
 * 2. alongside the items: the new version's aggregate records (their keys are recorded);
 * 3. finish: delete old keys not in the new version, record only the new keys, head `done`
 *    with the new identity (and the new version's summary, in the same request).
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
  /** Aggregate records of the new version, written alongside its items (their keys are among `keys`). */
  aggregates: readonly DynamoRecord[];
  /** The summary record of the new version, written with the head's `done`. */
  summary?: DynamoRecord;
}

/** A partition's aggregate records and their format version (recorded on its head). */
export interface PartitionAggregates {
  records: readonly DynamoRecord[];
  version: number;
}

/** One step of replace bookkeeping: records put and deleted in any order, or deletes of items the partition still owns. */
export type ReplaceStep =
  | { kind: 'write'; puts: readonly DynamoRecord[]; deletes: readonly DynamoRecord[] }
  /** Conditional deletes (`Partition = tag`); `counted`: items, as opposed to aggregate records. */
  | { kind: 'delete-owned'; tag: string; keys: readonly string[]; counted: boolean };

/** What a load does with a partition: skip it (storing its summary when the table's differs), or load it. */
export type PartitionDecision = { action: 'skip'; summary?: DynamoRecord } | { action: 'load' };

/**
 * Skip when the table holds this version done (same identity, and current aggregates when
 * some are given); a skip stores the given summary only if the stored one differs.
 */
export function decidePartition(
  partition: { identity: string; aggregates?: unknown; summary?: string },
  stored: StoredPartition,
  summary: DynamoRecord | undefined,
  aggregateVersion: number,
): PartitionDecision {
  const { head } = stored;
  const current = partition.aggregates === undefined || head?.aggregates === aggregateVersion;
  if (head?.state !== 'done' || head.identity !== partition.identity || !current) return { action: 'load' };
  const same = stored.summary?.identity === partition.identity && stored.summary.text === partition.summary;
  return summary && !same ? { action: 'skip', summary } : { action: 'skip' };
}

/**
 * The begin request (pages of old ∪ new keys, when they grow, and the head `loading`: one
 * request, so no item is written before both) and the plan the finish follows.
 */
export function planBegin(input: {
  id: string;
  tag: string;
  identity: string;
  itemKeys: ReadonlySet<string>;
  /** The keys the table records for the partition (none when it has no head). */
  recorded: PartitionKeys;
  aggregates?: PartitionAggregates;
  summary?: DynamoRecord;
}): { plan: ReplacePlan; begin: ReplaceStep } {
  const { id, tag, identity, itemKeys, recorded, aggregates, summary } = input;
  // Aggregate records are keys of the partition like its items: replace and prune delete stale ones.
  const keys: ReadonlySet<string> = aggregates ? new Set([...itemKeys, ...aggregates.records.map(recordItemKey)]) : itemKeys;
  const stale = [...recorded.keys].filter((key) => !keys.has(key));
  const union = new Set([...recorded.keys, ...keys]);
  const pages = union.size > recorded.keys.size ? keyPageRecords(tag, union) : [];
  const head: PartitionHead = { id, tag, identity, state: 'loading', keyCount: union.size, ...(aggregates ? { aggregates: aggregates.version } : {}) };
  const plan: ReplacePlan = {
    head, keys, stale,
    pages: Math.max(pages.length, recorded.pageKeys.length),
    rewrite: union.size > keys.size,
    aggregates: aggregates?.records ?? [],
    ...(summary && { summary }),
  };
  return { plan, begin: { kind: 'write', puts: [...pages, headRecord(head)], deletes: [] } };
}

/** The step written alongside the items: the new aggregate records (none: an empty write). */
export function planAlongside(plan: ReplacePlan): ReplaceStep {
  return { kind: 'write', puts: plan.aggregates, deletes: [] };
}

/** The finish, in order: stale aggregates and items deleted, the new keys recorded, the head `done` with the summary. */
export function planFinish(plan: ReplacePlan): ReplaceStep[] {
  const { tag } = plan.head;
  const steps: ReplaceStep[] = [
    { kind: 'delete-owned', tag, keys: plan.stale.filter(isAggregateKey), counted: false },
    { kind: 'delete-owned', tag, keys: plan.stale.filter((key) => !isAggregateKey(key)), counted: true },
  ];
  let pages = plan.pages;
  if (plan.rewrite) {
    // The new keys first; pages beyond them go with the head, once the new pages are there.
    const records = keyPageRecords(tag, plan.keys);
    steps.push({ kind: 'write', puts: records, deletes: [] });
    pages = records.length;
  }
  const surplus = Array.from({ length: Math.max(0, plan.pages - pages) }, (_, i) => keyPageKey(tag, pages + i));
  // The summary in the head's request (both first, so in its first batch): a head `done` never lacks it.
  const done = headRecord({ ...plan.head, state: 'done', keyCount: plan.keys.size });
  steps.push({ kind: 'write', puts: [done, ...(plan.summary ? [plan.summary] : [])], deletes: surplus });
  return steps;
}

/** Removing a partition no longer in the input: its aggregates and items, then its records, the head last. */
export function planRemove(head: PartitionHead, recorded: PartitionKeys): ReplaceStep[] {
  const keys = [...recorded.keys];
  return [
    { kind: 'delete-owned', tag: head.tag, keys: keys.filter(isAggregateKey), counted: false },
    { kind: 'delete-owned', tag: head.tag, keys: keys.filter((key) => !isAggregateKey(key)), counted: true },
    // While the head is there, a rerun of the prune finds the partition and finishes.
    { kind: 'write', puts: [], deletes: [...recorded.pageKeys, summaryKey(head.tag), headKey(head.tag)] },
  ];
}

/** A record's key as `itemKey` writes it. */
function recordItemKey(record: DynamoRecord): string {
  return itemKey({ invoiceNo: record[ATTRIBUTE.invoiceNo]?.S ?? '', stockCode: record[ATTRIBUTE.stockCode]?.S ?? '' });
}

/** True for an `itemKey` of an aggregate record. */
function isAggregateKey(key: string): boolean {
  return isAggregateInvoiceNo(key.split('\u0000')[0]);
}
