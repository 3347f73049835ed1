import { escapeControl } from '@ecomlake/cleaning';

export type Cell = string | number;

/**
 * Renders rows as an aligned text table for the terminal; numbers and money right-aligned.
 * Text is data (countries, stock codes, file names): its control characters are escaped,
 * so a value cannot move the cursor, re-title the window or break the table's lines.
 */
export function textTable(title: string, columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? cell.toLocaleString('en-GB') : escapeControl(cell))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || /^−?£/.test(String(r[i]))));
  const line = (values: readonly string[]) =>
    values.map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  return [escapeControl(title), line(columns.map(escapeControl)), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
