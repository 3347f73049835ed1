import type { QualitySummary } from '@ecomlake/model';
import { ReconciliationError } from '../errors';

/** What the output tables hold, counted from the tables themselves. */
export interface TableCounts {
  lines: number;
  items: number;
  excluded: number;
  quarantined: number;
  /** Σ lineCount over items. */
  itemLines: number;
  /** Σ totalAmountMilli over items. */
  itemRevenueMilli: number;
}

/**
 * The run's books must balance: rows in = clean + Σ excluded + quarantined, every
 * physical line is in exactly one place (header, blank, or the lines of a clean,
 * excluded or quarantined row), the report must agree with the tables, and keying must
 * neither lose nor invent lines or money.
 * Throws {@link ReconciliationError} otherwise; returns the report marked reconciled.
 */
export function reconcile(report: QualitySummary, tables: TableCounts, partition: string): QualitySummary {
  const excluded = Object.values(report.excluded).reduce((a, b) => a + (b ?? 0), 0);
  const l = report.lines;
  const checks: [boolean, string][] = [
    [
      report.linesIn === l.header + l.blank + l.clean + l.excluded + l.quarantined,
      `lines in ${report.linesIn} ≠ header ${l.header} + blank ${l.blank} + lines of clean ${l.clean}, excluded ${l.excluded} and quarantined ${l.quarantined} rows`,
    ],
    [
      l.clean >= report.clean && l.excluded >= excluded && l.quarantined >= report.quarantined,
      `rows hold fewer lines than rows (clean ${l.clean}/${report.clean}, excluded ${l.excluded}/${excluded}, quarantined ${l.quarantined}/${report.quarantined})`,
    ],
    [
      report.rowsIn === report.clean + excluded + report.quarantined,
      `rows in ${report.rowsIn} ≠ clean ${report.clean} + excluded ${excluded} + quarantined ${report.quarantined}`,
    ],
    [report.clean === tables.lines, `report says ${report.clean} clean lines, the table holds ${tables.lines}`],
    [excluded === tables.excluded, `report says ${excluded} excluded rows, the table holds ${tables.excluded}`],
    [report.quarantined === tables.quarantined, `report says ${report.quarantined} quarantined, the table holds ${tables.quarantined}`],
    [report.items === tables.items, `report says ${report.items} items, the table holds ${tables.items}`],
    [tables.itemLines === report.clean, `items combine ${tables.itemLines} lines, not the ${report.clean} clean lines`],
    [report.items + report.combinedLines === report.clean, `items ${report.items} + combined ${report.combinedLines} ≠ clean ${report.clean}`],
    [
      tables.itemRevenueMilli === report.cleanRevenueMilli,
      `items sum to ${tables.itemRevenueMilli} milli, clean lines to ${report.cleanRevenueMilli}`,
    ],
  ];
  const failed = checks.filter(([ok]) => !ok).map(([, why]) => why);
  if (failed.length > 0) throw new ReconciliationError(partition, failed.join('; '));
  return { ...report, reconciled: true };
}
