import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { holdClient, type S3ClientOrConfig } from './client';
import { s3Call } from './map-error';
import { formatS3Uri, parseS3Uri } from './s3-uri';

/** One object as listed. */
export interface ObjectInfo {
  readonly bucket: string;
  readonly key: string;
  /** `s3://bucket/key`. */
  readonly uri: string;
  /** Size in bytes. */
  readonly size: number;
  /** The ETag as S3 returns it, quotes included. */
  readonly etag: string;
  readonly lastModified?: Date;
  /** ListObjectsV2's `StorageClass` (archived classes cannot be read until restored); absent when the server does not say. */
  readonly storageClass?: string;
}

export interface ListObjectsOptions {
  /** Keys per page asked of S3 (it returns at most 1000). Default: 1000. */
  readonly pageSize?: number;
  /** Stops listing between pages when aborted. Default: none. */
  readonly signal?: AbortSignal;
}

/**
 * Every object whose key starts with the URI's key, in S3's key order (UTF-8 binary),
 * page after page until the listing ends. The URI's key is used as a plain prefix:
 * `s3://raw/by-day` also matches `by-day-old/...`; end it with `/` to mean a folder.
 */
export async function* listObjects(
  clientOrConfig: S3ClientOrConfig,
  s3Uri: string,
  options: ListObjectsOptions = {},
): AsyncGenerator<ObjectInfo> {
  const { bucket, key: prefix } = parseS3Uri(s3Uri);
  const { pageSize = 1000, signal } = options;
  const held = holdClient(clientOrConfig);
  try {
    let token: string | undefined;
    do {
      signal?.throwIfAborted();
      const page = await s3Call(held.client, { bucket }, () =>
        held.client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, MaxKeys: pageSize, ContinuationToken: token }),
          { abortSignal: signal },
        ),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        yield {
          bucket,
          key: object.Key,
          uri: formatS3Uri({ bucket, key: object.Key }),
          size: object.Size ?? 0,
          etag: object.ETag ?? '',
          lastModified: object.LastModified,
          ...(object.StorageClass && { storageClass: object.StorageClass }),
        };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } finally {
    held.release();
  }
}
