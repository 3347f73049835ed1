import type { Columns } from './table-columns';

const NEEDS_QUOTES = /[",\r\n]/;

/** One value as a CSV field: empty for null/undefined, ISO-8601 for dates, quoted per RFC 4180 when needed. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The table as CSV text in chunks of `rowsPerChunk` rows (header first, `\n` line ends),
 * so a large table is never one string.
 */
export function* csvChunks(columns: Columns, rowsPerChunk = 2000): Generator<string> {
  yield `${columns.names.map(csvField).join(',')}\n`;
  for (let start = 0; start < columns.rows; start += rowsPerChunk) {
    const end = Math.min(columns.rows, start + rowsPerChunk);
    let chunk = '';
    for (let row = start; row < end; row += 1) {
      chunk += `${columns.values.map((column) => csvField(column[row])).join(',')}\n`;
    }
    yield chunk;
  }
}
