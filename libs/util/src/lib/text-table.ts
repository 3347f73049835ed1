/** A cell of a text table: text prints as given, numbers through `formatNumber`. */
export type TableCell = string | number;

export type ColumnAlign = 'left' | 'right';

export interface TextTableOptions {
  /** A line printed above the header. Default: none. */
  title?: string;
  /**
   * Alignment of each column. Default: `right` for a column whose cells are all numbers
   * (and that has at least one row), `left` otherwise.
   */
  align?: readonly ColumnAlign[];
  /** Character repeated under each column's header. Default `─`. */
  rule?: string;
  /** How a number cell prints. Default: en-GB grouping, e.g. `16,649` and `0.125`. */
  formatNumber?: (value: number) => string;
}

/**
 * Rows as an aligned text table for a terminal: a header, a rule under it, columns
 * separated by two spaces, no trailing blanks. Text is printed as given: escape data
 * that may hold control characters before passing it.
 *
 * @example
 * textTable(['Country', 'Orders'], [['United Kingdom', 16649], ['EIRE', 260]]);
 * // Country         Orders
 * // ──────────────  ──────
 * // United Kingdom  16,649
 * // EIRE               260
 */
export function textTable(columns: readonly string[], rows: readonly (readonly TableCell[])[], options: TextTableOptions = {}): string {
  const { rule = '─', formatNumber = (value: number) => value.toLocaleString('en-GB') } = options;
  const cells = rows.map((row) => columns.map((_, i) => format(row[i], formatNumber)));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((row) => row[i].length)));
  const align = columns.map((_, i) => options.align?.[i] ?? (rows.length > 0 && rows.every((row) => typeof row[i] === 'number') ? 'right' : 'left'));
  const line = (values: readonly string[]): string =>
    values.map((value, i) => (align[i] === 'right' ? value.padStart(widths[i]) : value.padEnd(widths[i]))).join('  ').trimEnd();
  const lines = [line(columns), widths.map((width) => rule.repeat(width)).join('  '), ...cells.map(line)];
  return (options.title === undefined ? lines : [options.title, ...lines]).join('\n');
}

function format(cell: TableCell | undefined, formatNumber: (value: number) => string): string {
  if (cell === undefined) return '';
  return typeof cell === 'number' ? formatNumber(cell) : cell;
}
