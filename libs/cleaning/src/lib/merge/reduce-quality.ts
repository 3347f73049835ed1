import type { QualitySummary } from '@ecomlake/model';
import type { ColumnTable } from 'arquero';
import { ReconciliationError } from '../errors';
import { sumMilli } from '../parse/money';
import { mergeQuality } from '../quality/merge-quality';
import { reconcile, type TableCounts } from '../quality/reconcile';
import type { CleanPartition } from '../types';
import { checkExactTotals } from './exact-totals';
import { checkNoOverlap } from './overlap';

/** What a reduce needs of one cleaned partition: no rows, only its report and counts. */
export interface PartitionQuality {
  /** The partition's name, e.g. its object's URI. */
  partition: string;
  /** Its reconciled report. */
  report: QualitySummary;
  /** What its tables held, counted from the tables (see {@link partitionCounts}). */
  counts: TableCounts;
  /** Its invoice numbers: checked for overlap across partitions when given. Default: not checked. */
  invoices?: Iterable<string>;
}

/**
 * Counts a cleaned partition's tables, independently of its report: what a reduce
 * reconciles the merged report against without holding any row.
 */
export function partitionCounts(partition: Pick<CleanPartition, 'lines' | 'items' | 'excluded' | 'quarantine'>): TableCounts {
  return {
    lines: partition.lines.numRows(),
    items: partition.items.numRows(),
    excluded: partition.excluded.numRows(),
    quarantined: partition.quarantine.numRows(),
    itemLines: sumColumn(partition.items, 'lineCount'),
    itemRevenueMilli: Number(sumMilli(partition.items.column('totalAmountMilli') as unknown as ArrayLike<number>)),
  };
}

/**
 * Merges partition summaries into one report and reconciles it against the summed
 * counts: the books of a run balance, or this throws {@link ReconciliationError}
 * naming what does not add up. Works on summaries only, so memory does not grow with
 * the rows. Throws `PartitionOverlapError` when an invoice is in two partitions, and
 * `TotalTooLargeError` when a merged money total would not be exact.
 */
export function reduceQuality(parts: readonly PartitionQuality[], options: { samples?: number } = {}): QualitySummary {
  const unreconciled = parts.filter((p) => !p.report.reconciled).map((p) => p.partition);
  if (unreconciled.length > 0) throw new ReconciliationError(unreconciled[0], `${unreconciled.length} partition reports are not reconciled`);
  if (parts.every((p) => p.invoices !== undefined)) {
    checkNoOverlap(parts.map((p) => ({ partition: p.partition, invoices: p.invoices ?? [] })));
  }
  checkExactTotals(parts.map((p) => p.report));
  const counts: TableCounts = { lines: 0, items: 0, excluded: 0, quarantined: 0, itemLines: 0, itemRevenueMilli: 0 };
  for (const { counts: c } of parts) {
    for (const key of Object.keys(counts) as (keyof TableCounts)[]) counts[key] += c[key];
  }
  return reconcile(mergeQuality(parts.map((p) => p.report), options.samples), counts, 'merged partitions');
}

function sumColumn(t: ColumnTable, name: string): number {
  const values = t.column(name) as unknown as ArrayLike<number>;
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}
