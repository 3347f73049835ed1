import type { OrderItem } from '@ecomlake/model';
import { addAggregateMonths } from '../aggregates/months';
import { listOnce } from '../catalog';
import { AGGREGATE_VERSION, encodeAggregates } from '../aggregates/records';
import type { LoadPartition, Source } from '../load-items';
import { itemKey } from '../marshal';
import { withMeter } from '../meter-scope';
import { beginReplace } from '../partition-replace';
import {
  isReservedInvoiceNo,
  partitionTag,
  readPartitionHead,
  readStoredPartition,
  summaryRecord,
  writeRecords,
  type PartitionHead,
  type StoredPartition,
} from '../partition-records';
import { decidePartition } from '../plan/replace-plan';
import { markTableWriting, type TableRun } from '../table-run';
import type { LoadRun } from './load-run';

/** A partition ready for its items to be written: `items` undefined when it is skipped. */
export interface Prepared {
  partition: LoadPartition;
  tag: string;
  items?: Source<OrderItem>;
}

/** True for an item that may be written (keys starting with # are the table's own records). */
export const isWritable = (item: OrderItem): boolean => !isReservedInvoiceNo(item.invoiceNo);

/**
 * The per-partition step before its items are written, in partition order and a few partitions
 * ahead of the writes: read what the table holds of it (unless the caller just did, or the
 * prune read every head), decide (plan/replace-plan.ts), and for a load begin its replacement.
 */
export function partitionPreparer(
  run: LoadRun,
  given: Set<string>,
  heads: Map<string, PartitionHead> | undefined,
  tableRun: TableRun | undefined,
): (partition: LoadPartition) => Promise<Prepared> {
  const listedMonths = run.options.listed?.months ?? new Set<string>();
  // Every request of a preparer is bookkeeping: sent in the scope of its meters (reads and writes by command).
  const call = run.bookkeeping.options;
  let marked: Promise<void> | undefined;
  // A load given a run was marked writing by it; otherwise the first write marks the table (once).
  const markWriting = (): Promise<void> => (marked ??= tableRun ? Promise.resolve() : markTableWriting(run.client, run.table, call));
  // With a summary to keep, the head is read with the stored summary (one BatchGetItem), so a skip writes it only if it differs.
  const storedOf = async (partition: LoadPartition, tag: string): Promise<StoredPartition> => {
    if (partition.stored) return partition.stored;
    if (heads) return { head: heads.get(tag) };
    if (partition.summary !== undefined) return readStoredPartition(run.client, run.table, partition.id, call);
    return { head: await readPartitionHead(run.client, run.table, partition.id, call) };
  };
  // Months are listed before any of their records is written, so a reader never misses one.
  const listMonths = (partition: LoadPartition): Promise<void> =>
    listOnce(
      listedMonths,
      (partition.aggregates ?? []).map((aggregate) => aggregate.day.slice(0, 7)),
      (months) => addAggregateMonths(run.client, run.table, months, call),
    );
  return (partition) => withMeter(run.bookkeeping, () => prepare(partition));
  async function prepare(partition: LoadPartition): Promise<Prepared> {
    const tag = partitionTag(partition.id);
    if (given.has(tag)) throw new RangeError(`Partition "${partition.id}" is given twice; partition ids must be unique.`);
    given.add(tag);
    const source = () => (typeof partition.items === 'function' ? partition.items() : partition.items);
    if (!run.replace) return { partition, tag, items: source() };
    const stored = await storedOf(partition, tag);
    const summary = partition.summary === undefined ? undefined : summaryRecord(tag, partition.identity, partition.summary);
    const decision = decidePartition(partition, stored, summary, AGGREGATE_VERSION);
    if (decision.action === 'skip') {
      if (decision.summary) await writeRecords(run.client, run.table, { puts: [decision.summary] }, call);
      return { partition, tag };
    }
    // Replacing needs the new version's keys before its first item is written.
    const items = await collect(source());
    const itemKeys = new Set(items.filter(isWritable).map(itemKey));
    const aggregates = partition.aggregates && { records: encodeAggregates(tag, partition.aggregates), version: AGGREGATE_VERSION };
    await listMonths(partition);
    await markWriting();
    const begun = await beginReplace(run.bookkeeping, { id: partition.id, tag, identity: partition.identity, itemKeys, ...(aggregates && { aggregates }), ...(summary && { summary }) }, stored.head);
    run.begun.set(partition.id, begun);
    return { partition, tag, items };
  }
}

async function collect<T>(source: Source<T>): Promise<T[]> {
  if (Array.isArray(source)) return source;
  const out: T[] = [];
  for await (const value of source) out.push(value);
  return out;
}
