import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { readCsvBatches, type CsvEncoding } from '@ecomlake/csv';
import type { RawRow } from '@ecomlake/model';
import { holdClient, type S3ClientOrConfig } from './client';
import { ObjectNotFoundError } from './errors';
import { listObjects, type ObjectInfo } from './list-objects';
import { mapS3Error, s3Call } from './map-error';
import { openObjectStream, type OpenObjectOptions } from './open-object-stream';
import { asPrefix, formatS3Uri, parseS3Uri } from './s3-uri';

export interface ReadRecordsOptions extends OpenObjectOptions {
  /** Text encoding of the objects: `'utf-8'` or `'latin1'` (ISO-8859-1). Default: `'utf-8'`. */
  readonly encoding?: CsvEncoding;
  /** Longest record accepted; a longer one becomes an error record. Default: 1 MiB. */
  readonly maxLineBytes?: number;
  /** Which objects under a prefix are read, by key. Default: keys ending `.csv` or `.csv.gz` (any case). */
  readonly filter?: (key: string) => boolean;
}

const CSV_KEY = /\.csv(\.gz)?$/i;

/**
 * Streams the rows of one object: records, and error rows in place of malformed lines
 * (never dropped, never fatal). Each row's `source` is the object's `s3://bucket/key`.
 * Rows arrive in batches (one per chunk read), which costs fewer awaits than one per row.
 */
export async function* readObjectRecordBatches(clientOrConfig: S3ClientOrConfig, s3Uri: string, options: ReadRecordsOptions = {}): AsyncGenerator<RawRow[]> {
  const { bucket, key } = parseS3Uri(s3Uri);
  const held = holdClient(clientOrConfig);
  try {
    const object = await openObjectStream(held.client, s3Uri, options);
    try {
      const csv = { source: object.uri, encoding: options.encoding, maxLineBytes: options.maxLineBytes };
      yield* readCsvBatches(object.body, csv);
    } catch (error) {
      // A connection lost mid-object surfaces here, from the stream.
      throw await mapS3Error(error, held.client, { bucket, key });
    } finally {
      object.body.destroy();
    }
  } finally {
    held.release();
  }
}

/** Streams the rows of one object, one at a time. See {@link readObjectRecordBatches}. */
export async function* readObjectRecords(clientOrConfig: S3ClientOrConfig, s3Uri: string, options: ReadRecordsOptions = {}): AsyncGenerator<RawRow> {
  for await (const batch of readObjectRecordBatches(clientOrConfig, s3Uri, options)) yield* batch;
}

/**
 * The objects `readRecords` reads: the object itself when the URI names one, otherwise every
 * object under the URI's key taken as a folder (`by-day` → `by-day/`) that passes the filter,
 * in key order. Throws `ObjectNotFoundError` when there is none.
 */
export async function* resolveObjects(
  clientOrConfig: S3ClientOrConfig,
  s3UriOrPrefix: string,
  options: Pick<ReadRecordsOptions, 'filter' | 'signal'> = {},
): AsyncGenerator<ObjectInfo> {
  const { bucket, key } = parseS3Uri(s3UriOrPrefix);
  const held = holdClient(clientOrConfig);
  try {
    if (key !== '' && !key.endsWith('/')) {
      const single = await headIfExists(held.client, bucket, key);
      if (single) {
        yield single;
        return;
      }
    }
    const filter = options.filter ?? ((k: string) => CSV_KEY.test(k));
    let found = 0;
    for await (const object of listObjects(held.client, formatS3Uri({ bucket, key: asPrefix(key) }), { signal: options.signal })) {
      if (!filter(object.key)) continue;
      found += 1;
      yield object;
    }
    if (found === 0) throw new ObjectNotFoundError(bucket, asPrefix(key) || '(bucket root)');
  } finally {
    held.release();
  }
}

async function headIfExists(client: S3Client, bucket: string, key: string): Promise<ObjectInfo | undefined> {
  try {
    const head = await s3Call(client, { bucket, key }, () => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
    return { bucket, key, uri: formatS3Uri({ bucket, key }), size: head.ContentLength ?? 0, etag: head.ETag ?? '', lastModified: head.LastModified };
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return undefined;
    throw error;
  }
}

/**
 * Streams CSV rows from one object or from every object under a prefix, object after object
 * in key order, with bounded memory. Malformed lines come as `kind: 'error'` rows. Each object
 * is read at the ETag and size it was listed with: one replaced meanwhile throws `ObjectChangedError`,
 * one whose bytes fall short (after resuming) `ObjectReadError`.
 */
export async function* readRecords(
  clientOrConfig: S3ClientOrConfig,
  s3UriOrPrefix: string,
  options: Omit<ReadRecordsOptions, 'etag' | 'size'> = {},
): AsyncGenerator<RawRow> {
  const held = holdClient(clientOrConfig);
  try {
    for await (const object of resolveObjects(held.client, s3UriOrPrefix, options)) {
      // The listing is this read's manifest (ETag and size); a server that lists no ETag leaves nothing to pin.
      const read = { ...options, etag: object.etag === '' ? undefined : object.etag, size: object.size };
      for await (const batch of readObjectRecordBatches(held.client, object.uri, read)) yield* batch;
    }
  } finally {
    held.release();
  }
}
