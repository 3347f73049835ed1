import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { listObjects } from './list-objects';
import { mapS3Error, s3Call } from './map-error';
import { formatS3Uri } from './s3-uri';

/** S3 deletes at most this many keys per DeleteObjects request. */
const DELETE_BATCH = 1000;

/**
 * Deletes every object under `prefix` (a folder prefix, ending with `/`) whose key is not in
 * `keep`, and returns the deleted keys in listing order (key order on S3).
 */
export async function removeObjectsExcept(client: S3Client, bucket: string, prefix: string, keep: ReadonlySet<string>): Promise<string[]> {
  if (!prefix.endsWith('/')) throw new RangeError(`removeObjectsExcept needs a folder prefix ending with '/', got "${prefix}"`);
  const others: string[] = [];
  for await (const object of listObjects(client, formatS3Uri({ bucket, key: prefix }))) {
    // S3 lists only keys under the prefix; checking again keeps a lax server from widening a delete.
    if (object.key.startsWith(prefix) && !keep.has(object.key)) others.push(object.key);
  }
  for (let start = 0; start < others.length; start += DELETE_BATCH) {
    await deleteKeys(client, bucket, others.slice(start, start + DELETE_BATCH));
  }
  return others;
}

async function deleteKeys(client: S3Client, bucket: string, keys: readonly string[]): Promise<void> {
  const result = await s3Call(client, { bucket }, () =>
    client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } })),
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
