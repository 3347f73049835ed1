import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { contentTypeFor } from './content-type';
import { csvChunks } from './csv-format';
import { s3Call } from './map-error';
import type { TableFormat } from './table-format';
import { encodeParquet, type ParquetColumnType } from './parquet-format';
import type { Columns } from './table-columns';

/**
 * A table's bytes: CSV as chunks of text, so a large table is never one string; Parquet built
 * in memory (its footer needs the whole file), with `keyValues` in its footer.
 */
export function tableBody(
  columns: Columns,
  format: TableFormat,
  keyValues: Readonly<Record<string, string>>,
  columnTypes?: Readonly<Record<string, ParquetColumnType>>,
): Buffer | Iterable<string> {
  return format === 'csv' ? csvChunks(columns) : Buffer.from(encodeParquet(columns, { columnTypes, keyValues }));
}

/**
 * Writes one object (one PUT, multipart only past lib-storage's part size) with its content type
 * from the key and user `metadata`; returns the bytes sent.
 */
export async function putTableObject(
  client: S3Client,
  bucket: string,
  key: string,
  content: Buffer | Iterable<string>,
  metadata: Record<string, string>,
): Promise<number> {
  let size = 0;
  const counted = Buffer.isBuffer(content)
    ? ((size = content.length), content)
    : Readable.from(
        (function* () {
          for (const text of content) {
            const bytes = Buffer.from(text, 'utf8');
            size += bytes.length;
            yield bytes;
          }
        })(),
      );
  const upload = new Upload({ client, params: { Bucket: bucket, Key: key, Body: counted, ContentType: contentTypeFor(key), Metadata: metadata } });
  await s3Call(client, { bucket, key }, () => upload.done());
  return size;
}
