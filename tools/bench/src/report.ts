/** Shared output format of every benchmark: a table for people, then one JSON line. */

export interface BenchRow {
  [column: string]: string | number;
}

/** Prints rows as an aligned text table. */
export function printTable(title: string, rows: readonly BenchRow[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const cells = rows.map((row) => columns.map((c) => formatCell(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padStart(widths[i])).join('  ');
  console.log(`\n${title}`);
  console.log(line(columns));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells) console.log(line(r));
}

/** The machine-readable result: always the last line a benchmark prints. */
export function printJsonResult(result: Record<string, unknown>): void {
  console.log(JSON.stringify(result));
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function formatCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-GB') : value.toFixed(3);
  return value;
}
