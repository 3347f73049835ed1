import type { QualitySummary } from '@ecomlake/model';
import { checkExactTotals } from './exact-totals';
import { partitionCounts } from './reduce-quality';
import { mergeQuality } from '../quality/merge-quality';
import { reconcile } from '../quality/reconcile';
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
  const report: QualitySummary = mergeQuality(
    partitions.map((p) => p.report),
    samples,
  );
  return { ...tables, partitions, report: reconcile(report, partitionCounts(tables), 'merged partitions') };
}
