import type { TableFormat } from './output-keys';

/** What `writeTable` records about a table, in object metadata and the Parquet footer. */
export interface TableMetadata {
  readonly rows: number;
  readonly columns: readonly string[];
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  readonly format: TableFormat;
}

// S3 user metadata travels in HTTP headers (ASCII, 2 KB in all), so column names are URI-encoded
// and left out when too long; the column count is always there.
const MAX_NAMES = 1024;

/** Metadata entries: `rows`, `columns` (count), `column_names` (URI-encoded, comma-separated), `created_at`, `format`. */
export function encodeTableMetadata(table: TableMetadata): Record<string, string> {
  const names = table.columns.map(encodeURIComponent).join(',');
  return {
    rows: String(table.rows),
    columns: String(table.columns.length),
    ...(names.length <= MAX_NAMES ? { column_names: names } : {}),
    created_at: table.createdAt,
    format: table.format,
  };
}

/** Reads those entries back; fields that are absent or malformed stay undefined. */
export function decodeTableMetadata(metadata: Readonly<Record<string, string>>): Partial<TableMetadata> & { columnCount?: number } {
  const rows = Number(metadata.rows);
  const count = Number(metadata.columns);
  const names = metadata.column_names;
  return {
    rows: metadata.rows !== undefined && Number.isInteger(rows) ? rows : undefined,
    columnCount: metadata.columns !== undefined && Number.isInteger(count) ? count : undefined,
    columns: names === undefined ? undefined : names === '' ? [] : names.split(',').map(decodeURIComponent),
    createdAt: metadata.created_at,
    format: metadata.format === 'csv' || metadata.format === 'parquet' ? metadata.format : undefined,
  };
}
