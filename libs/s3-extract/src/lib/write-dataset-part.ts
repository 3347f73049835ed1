import type { ColumnarTable } from '@ecomlake/model';
import { withClient, type S3ClientOrConfig } from './client';
import { datasetPartKey, InvalidDatasetPartError, type DatasetPartLocation, type PartitionValues } from './dataset-keys';
import type { TableFormat } from './table-format';
import type { ParquetColumnType } from './parquet-format';
import { putTableObject, tableBody } from './put-table';
import { formatS3Uri, parseS3Uri } from './s3-uri';
import { tableColumns } from './table-columns';
import { encodeTableMetadata } from './table-metadata';

export interface DatasetPartOptions extends DatasetPartLocation {
  /**
   * Parquet column types by column name; others are inferred per file. Declare every column of a
   * dataset, so that all its parts share one schema (inference can pick INT32 in one part and
   * INT64 in another). Ignored for CSV. Default: none.
   */
  readonly columnTypes?: Readonly<Record<string, ParquetColumnType>>;
  /** Extra user metadata (ASCII) for the object; `rows`, `columns`, `created_at`, `format` are always set. Default: none. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** The write time, for `created_at`. Default: now. */
  readonly now?: Date;
}

/** One part written. */
export interface WrittenDatasetPart {
  /** `s3://bucket/<key>`. */
  readonly uri: string;
  readonly key: string;
  /** Bytes stored. */
  readonly size: number;
  readonly rows: number;
  readonly format: TableFormat;
  /** The partition values as given (unescaped). */
  readonly partition: PartitionValues;
}

/**
 * Writes one file of a Hive-style partitioned dataset, `<dataset>/<k1>=<v1>/…/<part>.<ext>`, in one
 * PUT (a rewrite replaces it whole), with its metadata (`rows`, `columns`, `column_names`,
 * `created_at`, `format`) in the object and the Parquet footer. The partition columns live in the path only: a table that also holds one is
 * refused, since engines would then see the column twice.
 */
export async function writeDatasetPart(
  clientOrConfig: S3ClientOrConfig,
  table: ColumnarTable,
  datasetUri: string,
  options: DatasetPartOptions,
): Promise<WrittenDatasetPart> {
  const { bucket } = parseS3Uri(datasetUri);
  const { partition, format = 'parquet', now = new Date() } = options;
  const key = datasetPartKey(datasetUri, options);
  const columns = tableColumns(table);
  const twice = columns.names.filter((name) => Object.hasOwn(partition, name));
  if (twice.length > 0) {
    throw new InvalidDatasetPartError(datasetUri, `the table has column "${twice[0]}", which is also a partition column; drop it from the table (its value is in the path)`);
  }
  const metadata = { ...options.metadata, ...encodeTableMetadata({ rows: columns.rows, columns: columns.names, createdAt: now.toISOString(), format }) };
  const content = tableBody(columns, format, metadata, options.columnTypes);
  return withClient(clientOrConfig, async (client) => {
    const size = await putTableObject(client, bucket, key, content, metadata);
    return { uri: formatS3Uri({ bucket, key }), key, size, rows: columns.rows, format, partition: { ...partition } };
  });
}
