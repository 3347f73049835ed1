import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collect, freshBucket, putText, tempDir, testClient } from '../test-fixtures/s3';
import { BucketNotFoundError } from './errors';
import { listObjects } from './list-objects';
import { SHA256_METADATA_KEY, uploadFiles } from './upload-files';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describe('uploadFiles', () => {
  let client: S3Client;
  let local: { dir: string; remove: () => Promise<void> };

  beforeAll(async () => {
    client = testClient();
    local = await tempDir();
    await mkdir(join(local.dir, 'by-day', 'nested'), { recursive: true });
    await writeFile(join(local.dir, 'by-day', '2011-01-04.csv'), 'InvoiceNo,Quantity\n536365,6\n');
    await writeFile(join(local.dir, 'by-day', '2011-01-05.csv'), 'InvoiceNo,Quantity\n536366,2\n');
    await writeFile(join(local.dir, 'by-day', 'nested', 'notes.json'), '{"a":1}');
  });
  afterAll(async () => {
    client.destroy();
    await local.remove();
  });

  const head = (bucket: string, key: string) => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  const body = async (bucket: string, key: string) => {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
  };

  it('uploads a folder under the prefix, keeping relative paths, content types and a checksum', async () => {
    const bucket = await freshBucket(client);
    const summary = await uploadFiles(client, join(local.dir, 'by-day'), `s3://${bucket}/raw`);
    expect(summary).toMatchObject({ uploaded: 3, skipped: 0, bytes: 28 + 28 + 7 });
    expect(summary.objects.map((o) => o.parts)).toEqual([1, 1, 1]);
    const keys = (await collect(listObjects(client, `s3://${bucket}/`))).map((o) => o.key);
    expect(keys).toEqual(['raw/2011-01-04.csv', 'raw/2011-01-05.csv', 'raw/nested/notes.json']);
    const csv = await head(bucket, 'raw/2011-01-04.csv');
    expect(csv.ContentType).toBe('text/csv');
    expect(csv.Metadata?.[SHA256_METADATA_KEY]).toBe(sha256('InvoiceNo,Quantity\n536365,6\n'));
    expect((await head(bucket, 'raw/nested/notes.json')).ContentType).toBe('application/json');
  });

  it('skips objects whose size and checksum match, and re-uploads a changed file of the same size', async () => {
    const bucket = await freshBucket(client);
    const dir = join(local.dir, 'by-day');
    await uploadFiles(client, dir, `s3://${bucket}/raw/`);
    expect(await uploadFiles(client, dir, `s3://${bucket}/raw/`)).toMatchObject({ uploaded: 0, skipped: 3, bytes: 0 });

    const changed = await tempDir();
    try {
      await writeFile(join(changed.dir, '2011-01-04.csv'), 'InvoiceNo,Quantity\n536365,7\n');
      const summary = await uploadFiles(client, changed.dir, `s3://${bucket}/raw/`);
      expect(summary).toMatchObject({ uploaded: 1, skipped: 0 });
      expect((await body(bucket, 'raw/2011-01-04.csv')).toString()).toBe('InvoiceNo,Quantity\n536365,7\n');
    } finally {
      await changed.remove();
    }
  });

  it("skips an object someone else uploaded with the same bytes (its ETag is the content's MD5)", async () => {
    const bucket = await freshBucket(client);
    await putText(client, bucket, 'raw/2011-01-04.csv', 'InvoiceNo,Quantity\n536365,6\n');
    const summary = await uploadFiles(client, join(local.dir, 'by-day', '2011-01-04.csv'), `s3://${bucket}/raw/`);
    expect(summary).toMatchObject({ uploaded: 0, skipped: 1 });
  });

  it('uploads anyway with force', async () => {
    const bucket = await freshBucket(client);
    const dir = join(local.dir, 'by-day');
    await uploadFiles(client, dir, `s3://${bucket}/`);
    expect(await uploadFiles(client, dir, `s3://${bucket}/`, { force: true })).toMatchObject({ uploaded: 3, skipped: 0 });
  });

  it('puts a single file at the exact key, or under a prefix ending with a slash', async () => {
    const bucket = await freshBucket(client);
    const file = join(local.dir, 'by-day', '2011-01-05.csv');
    await uploadFiles(client, file, `s3://${bucket}/exact/name.csv`);
    await uploadFiles(client, file, `s3://${bucket}/folder/`);
    const keys = (await collect(listObjects(client, `s3://${bucket}/`))).map((o) => o.key);
    expect(keys).toEqual(['exact/name.csv', 'folder/2011-01-05.csv']);
  });

  it('uploads only the files the filter accepts, with the content type asked for', async () => {
    const bucket = await freshBucket(client);
    const summary = await uploadFiles(client, join(local.dir, 'by-day'), `s3://${bucket}/`, {
      filter: (path) => path.endsWith('.csv'),
      contentType: 'text/csv; charset=utf-8',
      concurrency: 1,
    });
    expect(summary.objects.map((o) => o.uri)).toEqual([`s3://${bucket}/2011-01-04.csv`, `s3://${bucket}/2011-01-05.csv`]);
    expect((await head(bucket, '2011-01-05.csv')).ContentType).toBe('text/csv; charset=utf-8');
  });

  it('sends a large file in parts, intact, and recognises it on the next run by its checksum', async () => {
    const bucket = await freshBucket(client);
    const big = await tempDir();
    try {
      const bytes = randomBytes(11 * 1024 * 1024 + 123);
      await writeFile(join(big.dir, 'big.csv'), bytes);
      const first = await uploadFiles(client, big.dir, `s3://${bucket}/`, { partSize: 5 * 1024 * 1024 });
      expect(first).toMatchObject({ uploaded: 1, bytes: bytes.length });
      expect(first.objects[0].parts).toBe(3);
      expect(sha256(await body(bucket, 'big.csv'))).toBe(sha256(bytes));
      expect(await uploadFiles(client, big.dir, `s3://${bucket}/`, { partSize: 5 * 1024 * 1024 })).toMatchObject({ skipped: 1 });
    } finally {
      await big.remove();
    }
  });

  it('throws BucketNotFoundError when the bucket is missing', async () => {
    await expect(uploadFiles(client, join(local.dir, 'by-day'), 's3://no-such-bucket-s3x/raw/')).rejects.toBeInstanceOf(BucketNotFoundError);
  });
});
