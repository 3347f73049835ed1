import type { QualityReport } from '@ecomlake/model';
import type { ColumnTable } from 'arquero';
import { TotalTooLargeError } from '../errors';
import { formatMilli, sumMilli } from '../parse/money';
import { mergeReports } from '../report/merge-reports';
import { reconcile } from '../report/reconcile';
import type { CleanResult } from '../types';

/**
 * Merges the reports and reconciles them against the merged tables. Throws
 * {@link TotalTooLargeError} when a merged money total would not be exact.
 */
export function finishMerge(
  tables: Pick<CleanResult, 'lines' | 'items' | 'excluded' | 'quarantine'>,
  partitions: CleanResult['partitions'],
  samples?: number,
): CleanResult {
  checkExactTotals(partitions.map((p) => p.report));
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
    itemRevenueMilli: Number(sumMilli(tables.items.column('totalAmountMilli') as unknown as ArrayLike<number>)),
  };
  return { ...tables, partitions, report: reconcile(report, counts, 'merged partitions') };
}

function sumColumn(t: ColumnTable, name: string): number {
  const values = t.column(name) as unknown as ArrayLike<number>;
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

/**
 * Each partition's totals are exact (lines that would break that are quarantined), but
 * their sums may not be: every running total the merge adds up (clean revenue, each
 * rule's amount, in partition order) must stay a safe integer.
 */
function checkExactTotals(reports: readonly QualityReport[]): void {
  const amounts = new Map<string, number[]>();
  const push = (what: string, amount: number): void => {
    const values = amounts.get(what);
    if (values) values.push(amount);
    else amounts.set(what, [amount]);
  };
  for (const report of reports) {
    push('clean revenue', report.cleanRevenueMilli);
    for (const rule of report.rules) push(`${rule.id} rule's amount`, rule.amountMilli);
  }
  for (const [what, values] of amounts) {
    let sum = 0;
    for (const value of values) {
      sum += value;
      if (!Number.isSafeInteger(sum)) throw new TotalTooLargeError(`${what} of the merged partitions`, formatMilli(sumMilli(values)));
    }
  }
}
