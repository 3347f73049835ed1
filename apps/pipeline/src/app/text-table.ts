import { escapeControl } from '@ecomlake/cleaning';
import { textTable as formatTable, type ColumnAlign, type TableCell } from '@ecomlake/util';

export type Cell = TableCell;

/**
 * Renders rows as an aligned text table for the terminal; numbers and money right-aligned.
 * Text is data (countries, stock codes, file names): its control characters are escaped,
 * so a value cannot move the cursor, re-title the window or break the table's lines.
 */
export function textTable(title: string, columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const align = columns.map((_, i): ColumnAlign => (rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || /^−?£/.test(String(r[i]))) ? 'right' : 'left'));
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? cell : escapeControl(cell))));
  return formatTable(columns.map(escapeControl), cells, { title: escapeControl(title), align });
}
