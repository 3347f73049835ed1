import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { withClient, type S3ClientOrConfig } from './client';
import { listObjects } from './list-objects';
import { mapS3Error, s3Call } from './map-error';
import { asPrefix, formatS3Uri, parseS3Uri } from './s3-uri';

export interface RemoveStaleObjectsOptions {
  /** Stops between listing pages and delete batches when aborted. Default: none. */
  readonly signal?: AbortSignal;
}

/** S3 deletes at most this many keys per DeleteObjects request. */
const DELETE_BATCH = 1000;

/**
 * Deletes every object under `prefix` (a folder prefix, ending with `/`) whose key is not in
 * `keep`, and returns the deleted keys in listing order (key order on S3).
 */
export async function removeObjectsExcept(
  client: S3Client,
  bucket: string,
  prefix: string,
  keep: ReadonlySet<string>,
  options: RemoveStaleObjectsOptions = {},
): Promise<string[]> {
  if (!prefix.endsWith('/')) throw new RangeError(`removeObjectsExcept needs a folder prefix ending with '/', got "${prefix}"`);
  const { signal } = options;
  const others: string[] = [];
  for await (const object of listObjects(client, formatS3Uri({ bucket, key: prefix }), { signal })) {
    // S3 lists only keys under the prefix; checking again keeps a lax server from widening a delete.
    if (object.key.startsWith(prefix) && !keep.has(object.key)) others.push(object.key);
  }
  for (let start = 0; start < others.length; start += DELETE_BATCH) {
    signal?.throwIfAborted();
    await deleteKeys(client, bucket, others.slice(start, start + DELETE_BATCH), signal);
  }
  return others;
}

/**
 * Deletes every object under the URI's key, taken as a folder (`clean/orders` → `clean/orders/`),
 * whose key is not in `keep` (keys, not URIs), in DeleteObjects batches of 1000, and returns the
 * deleted keys sorted. A run passes the keys of the parts its input made, so the parts of
 * partitions that left the input go. An empty `keep` empties the folder; the whole bucket (an
 * empty key) is refused with a RangeError.
 */
export async function removeStaleObjects(
  clientOrConfig: S3ClientOrConfig,
  prefixUri: string,
  keep: ReadonlySet<string>,
  options: RemoveStaleObjectsOptions = {},
): Promise<string[]> {
  const { bucket, key } = parseS3Uri(prefixUri);
  if (key === '' || key === '/') throw new RangeError(`removeStaleObjects will not clear a whole bucket (${prefixUri}): give the dataset's folder, e.g. s3://${bucket}/clean/orders/`);
  const removed = await withClient(clientOrConfig, (client) => removeObjectsExcept(client, bucket, asPrefix(key), keep, options));
  return removed.sort();
}

async function deleteKeys(client: S3Client, bucket: string, keys: readonly string[], signal?: AbortSignal): Promise<void> {
  const result = await s3Call(client, { bucket }, () =>
    client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }), { abortSignal: signal }),
  );
  // DeleteObjects answers 200 and lists the keys it could not delete: fail as a failed call would.
  const failed = result.Errors ?? [];
  if (failed.length === 0) return;
  const { Key: key = '', Code: code = 'DeleteObjectsError' } = failed[0];
  const error = Object.assign(new Error(`Could not delete ${failed.length} of ${keys.length} objects, first s3://${bucket}/${key}: ${code}`), {
    name: code,
    Code: code,
  });
  throw await mapS3Error(error, client, { bucket, key });
}
