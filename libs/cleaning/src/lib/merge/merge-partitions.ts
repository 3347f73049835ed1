import { dataOf } from '../clean/to-partition';
import type { PartitionData } from '../clean/partition-data';
import { concatTables } from '../tables/concat';
import { EXCLUDED_SCHEMA, ITEM_SCHEMA, LINE_SCHEMA, QUARANTINE_SCHEMA } from '../tables/schema';
import type { CleanPartition, CleanResult } from '../types';
import { finishMerge } from './finish-merge';
import { mergePartitionData } from './merge-data';
import { checkNoOverlap } from './overlap';

/**
 * Merges cleaned partitions, in the order given, into one result whose report is
 * reconciled again over the merged tables. An invoice found in two partitions throws
 * `PartitionOverlapError` (keying is per partition).
 *
 * @example
 * const result = mergePartitions(await Promise.all(days.map((d) => cleanRows(readRecords(d)))));
 */
export function mergePartitions(parts: readonly CleanPartition[], options: { samples?: number } = {}): CleanResult {
  const data = parts.map(dataOf);
  if (data.every((d): d is PartitionData => d !== undefined)) return mergePartitionData(data, options);
  // Some tables were replaced by the caller: merge their values instead.
  const items = concatTables(ITEM_SCHEMA, parts.map((p) => p.items));
  checkNoOverlap(parts.map((p) => ({ partition: p.partition, invoices: new Set(p.items.array('invoiceNo') as string[]) })));
  return finishMerge(
    {
      lines: concatTables(LINE_SCHEMA, parts.map((p) => p.lines)),
      items,
      excluded: concatTables(EXCLUDED_SCHEMA, parts.map((p) => p.excluded)),
      quarantine: concatTables(QUARANTINE_SCHEMA, parts.map((p) => p.quarantine)),
    },
    parts.map((p) => ({ partition: p.partition, report: p.report })),
    options.samples,
  );
}
