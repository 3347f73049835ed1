/** Shared output format of every benchmark: a table for people, then one JSON line. */
import { textTable } from '@ecomlake/util';

export interface BenchRow {
  [column: string]: string | number;
}

/** Prints rows as an aligned text table, every column right-aligned. */
export function printTable(title: string, rows: readonly BenchRow[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const cells = rows.map((row) => columns.map((c) => row[c] ?? ''));
  console.log(`\n${textTable(columns, cells, { title, align: columns.map(() => 'right'), rule: '-', formatNumber })}`);
}

/** The machine-readable result: always the last line a benchmark prints. */
export function printJsonResult(result: Record<string, unknown>): void {
  console.log(JSON.stringify(result));
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-GB') : value.toFixed(3);
}

/**
 * Items per second of several loads of the same items, taken together: all their items over
 * all their seconds (the harmonic mean of the rates, which the arithmetic mean overstates
 * toward the faster load). NaN seconds (a load that did not run) are left out; NaN when none ran.
 */
export function combinedRate(items: number, seconds: readonly number[]): number {
  const ran = seconds.filter((s) => Number.isFinite(s));
  return ran.length === 0 ? NaN : (items * ran.length) / ran.reduce((sum, s) => sum + s, 0);
}
