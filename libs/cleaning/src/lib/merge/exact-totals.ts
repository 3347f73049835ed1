import type { QualitySummary } from '@ecomlake/model';
import { TotalTooLargeError } from '../errors';
import { formatMilli, sumMilli } from '../parse/money';

/**
 * Each partition's totals are exact (lines that would break that are quarantined), but
 * their sums may not be: every running total the merge adds up (clean revenue, each
 * rule's amount, in partition order) must stay a safe integer.
 */
export function checkExactTotals(reports: readonly QualitySummary[]): void {
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
