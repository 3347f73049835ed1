import { milli, type QualitySummary } from '@ecomlake/model';
import { ReconciliationError } from '../errors';
import { reconcile, type TableCounts } from './reconcile';

const report: QualitySummary = {
  rowsIn: 10,
  clean: 6,
  excluded: { duplicate: 1, cancellation: 2 },
  quarantined: 1,
  cleanRevenueMilli: milli(5000),
  cleanRevenue: '5',
  items: 5,
  combinedLines: 1,
  guests: 0,
  nonProductLines: 0,
  rules: [],
  // 14 lines: a header, 2 blank, and the rows' 11 (one clean row spans 2 lines).
  linesIn: 14,
  lines: { header: 1, blank: 2, clean: 7, excluded: 3, quarantined: 1 },
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

  it('throws when a physical line is missing or counted twice', () => {
    expect(() => reconcile({ ...report, linesIn: 15 }, tables, 'day.csv')).toThrow(
      /day\.csv does not reconcile: lines in 15 ≠ header 1 \+ blank 2 \+ lines of clean 7, excluded 3 and quarantined 1 rows/,
    );
    expect(() => reconcile({ ...report, lines: { ...report.lines, blank: 3 } }, tables, 'p')).toThrow(/lines in 14 ≠ header 1 \+ blank 3/);
  });

  it('throws when rows hold fewer lines than there are rows', () => {
    const lines = { header: 1, blank: 3, clean: 5, excluded: 4, quarantined: 1 };
    expect(() => reconcile({ ...report, lines }, tables, 'p')).toThrow(/rows hold fewer lines than rows \(clean 5\/6/);
  });
});
