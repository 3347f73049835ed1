import type { QualityReport } from '@ecomlake/model';
import { ReconciliationError } from '../errors';
import { reconcile, type TableCounts } from './reconcile';

const report: QualityReport = {
  rowsIn: 10,
  clean: 6,
  excluded: { duplicate: 1, cancellation: 2 },
  quarantined: 1,
  cleanRevenueMilli: 5000,
  cleanRevenue: '5.000',
  items: 5,
  combinedLines: 1,
  guests: 0,
  nonProductLines: 0,
  rules: [],
  reconciled: false,
};
const tables: TableCounts = { lines: 6, items: 5, excluded: 3, quarantined: 1, itemLines: 6, itemRevenueMilli: 5000 };

describe('reconcile', () => {
  it('marks a report whose books balance as reconciled', () => {
    expect(reconcile(report, tables, 'p').reconciled).toBe(true);
  });

  it('throws when rows in differ from clean + excluded + quarantined', () => {
    expect(() => reconcile({ ...report, rowsIn: 11 }, tables, 'day.csv')).toThrow(ReconciliationError);
    expect(() => reconcile({ ...report, rowsIn: 11 }, tables, 'day.csv')).toThrow(/day\.csv does not reconcile: rows in 11 ≠ clean 6 \+ excluded 3 \+ quarantined 1/);
  });

  it('throws when the tables disagree with the report or keying lost lines or money', () => {
    expect(() => reconcile(report, { ...tables, excluded: 2 }, 'p')).toThrow(/excluded rows/);
    expect(() => reconcile(report, { ...tables, itemLines: 5 }, 'p')).toThrow(/items combine 5 lines/);
    expect(() => reconcile(report, { ...tables, itemRevenueMilli: 4999 }, 'p')).toThrow(/items sum to 4999 milli/);
  });
});
