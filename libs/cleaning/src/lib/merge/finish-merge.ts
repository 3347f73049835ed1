import type { QualityReport } from '@ecomlake/model';
import type { ColumnTable } from 'arquero';
import { mergeReports } from '../report/merge-reports';
import { reconcile } from '../report/reconcile';
import type { CleanResult } from '../types';

/** Merges the reports and reconciles them against the merged tables. */
export function finishMerge(
  tables: Pick<CleanResult, 'lines' | 'items' | 'excluded' | 'quarantine'>,
  partitions: CleanResult['partitions'],
  samples?: number,
): CleanResult {
  const report: QualityReport = mergeReports(
    partitions.map((p) => p.report),
    samples,
  );
  const counts = {
    lines: tables.lines.numRows(),
    items: tables.items.numRows(),
    excluded: tables.excluded.numRows(),
    quarantined: tables.quarantine.numRows(),
    itemLines: sumColumn(tables.items, 'lineCount'),
    itemRevenueMilli: sumColumn(tables.items, 'totalAmountMilli'),
  };
  return { ...tables, partitions, report: reconcile(report, counts, 'merged partitions') };
}

function sumColumn(t: ColumnTable, name: string): number {
  const values = t.column(name) as unknown as ArrayLike<number>;
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}
