import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A client for the run's embedded S3 (s3rver). */
export function testClient(): S3Client {
  return new S3Client(testStack().s3);
}

/** Creates a fresh bucket and returns its name. */
export async function freshBucket(client: S3Client, prefix = 's3x'): Promise<string> {
  const bucket = uniqueName(prefix);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

export async function putText(client: S3Client, bucket: string, key: string, body: string | Buffer): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

/** A temp folder, removed by the returned function. */
export async function tempDir(prefix = 's3-extract-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
