import type { TableFormat } from './table-format';

/** What `writeDatasetPart` records about a part, in object metadata and the Parquet footer. */
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
