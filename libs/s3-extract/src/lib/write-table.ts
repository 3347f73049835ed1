import { CopyObjectCommand } from '@aws-sdk/client-s3';
import type { ColumnarTable } from '@ecomlake/model';
import { withClient, type S3ClientOrConfig } from './client';
import { s3Call } from './map-error';
import { formatTimestamp, outputKey, validateOutputName, type TableFormat } from './output-keys';
import type { ParquetColumnType } from './parquet-format';
import { putTableObject, tableBody } from './put-table';
import { formatS3Uri, parseS3Uri } from './s3-uri';
import { tableColumns } from './table-columns';
import { encodeTableMetadata } from './table-metadata';

export interface WriteTableOptions {
  /** The output's name: keys are `<name>_latest.<ext>` and `<name>_<YYYYMMDDTHHMMSSZ>.<ext>`. Required. */
  readonly name: string;
  /** `'csv'` (RFC 4180, header row, UTF-8) or `'parquet'` (Snappy, typed columns). Default: `'parquet'`. */
  readonly format?: TableFormat;
  /** Also keep a timestamped copy beside `latest`. Default: true. */
  readonly timestamped?: boolean;
  /** Extra user metadata (ASCII) for the objects; `rows`, `columns`, `created_at` are always set. Default: none. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** The write time, used for `created_at` and the timestamped key. Default: now. */
  readonly now?: Date;
  /** Parquet column types by column name; others are inferred. Default: none. */
  readonly columnTypes?: Readonly<Record<string, ParquetColumnType>>;
}

/** One object written. */
export interface WrittenObject {
  readonly uri: string;
  readonly key: string;
  readonly size: number;
}

export interface WrittenTable {
  readonly name: string;
  readonly format: TableFormat;
  readonly rows: number;
  readonly columns: readonly string[];
  /** ISO-8601, as stored in `created_at`. */
  readonly createdAt: string;
  readonly latest: WrittenObject;
  /** Absent with `timestamped: false`. */
  readonly timestamped?: WrittenObject;
}

/**
 * Writes a table under a prefix as CSV or Parquet: first the timestamped object, then
 * `latest` as a server-side copy of it, both with metadata `rows`, `columns`, `created_at`.
 * CSV is streamed out in chunks; Parquet is built in memory (its footer needs the whole file).
 */
export async function writeTable(
  clientOrConfig: S3ClientOrConfig,
  table: ColumnarTable,
  s3UriPrefix: string,
  options: WriteTableOptions,
): Promise<WrittenTable> {
  const { bucket, key: prefix } = parseS3Uri(s3UriPrefix);
  const { name, format = 'parquet', timestamped = true, now = new Date() } = options;
  validateOutputName(name);
  const columns = tableColumns(table);
  const createdAt = now.toISOString();
  const metadata = { ...options.metadata, ...encodeTableMetadata({ rows: columns.rows, columns: columns.names, createdAt, format }) };
  const latestKey = outputKey(prefix, name, 'latest', format);
  return withClient(clientOrConfig, async (client) => {
    const firstKey = timestamped ? outputKey(prefix, name, formatTimestamp(now), format) : latestKey;
    const size = await putTableObject(client, bucket, firstKey, tableBody(columns, format, metadata, options.columnTypes), metadata);
    const first = { uri: formatS3Uri({ bucket, key: firstKey }), key: firstKey, size };
    if (!timestamped) return { name, format, rows: columns.rows, columns: columns.names, createdAt, latest: first };
    await s3Call(client, { bucket, key: latestKey }, () =>
      client.send(
        new CopyObjectCommand({ Bucket: bucket, Key: latestKey, CopySource: copySource(bucket, firstKey), MetadataDirective: 'COPY' }),
      ),
    );
    const latest = { uri: formatS3Uri({ bucket, key: latestKey }), key: latestKey, size };
    return { name, format, rows: columns.rows, columns: columns.names, createdAt, latest, timestamped: first };
  });
}

/** CopySource is `bucket/key`, URL-encoded segment by segment. */
function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
