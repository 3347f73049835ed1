import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collect, freshBucket, putText, tempDir, testClient } from '../test-fixtures/s3';
import { BucketNotFoundError } from './errors';
import { listObjects } from './list-objects';
import { SHA256_METADATA_KEY, uploadFiles } from './upload-files';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
// A single-part object's ETag is the quoted MD5 of its bytes.
const md5Etag = (bytes: Buffer | string) => `"${createHash('md5').update(bytes).digest('hex')}"`;

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

  it('gives each object its key and its ETag as S3 returns it, uploaded or skipped', async () => {
    const bucket = await freshBucket(client);
    const dir = join(local.dir, 'by-day');
    const first = await uploadFiles(client, dir, `s3://${bucket}/raw`);
    expect(first.objects.map((o) => [o.key, o.etag])).toEqual([
      ['raw/2011-01-04.csv', md5Etag('InvoiceNo,Quantity\n536365,6\n')],
      ['raw/2011-01-05.csv', md5Etag('InvoiceNo,Quantity\n536366,2\n')],
      ['raw/nested/notes.json', md5Etag('{"a":1}')],
    ]);
    expect((await head(bucket, 'raw/nested/notes.json')).ETag).toBe(md5Etag('{"a":1}'));
    const again = await uploadFiles(client, dir, `s3://${bucket}/raw`);
    expect(again.objects.map((o) => [o.status, o.key, o.etag])).toEqual(first.objects.map((o) => ['skipped', o.key, o.etag]));
    expect(first.removed).toEqual([]);
  });

  describe('with removeOthers', () => {
    let days: { dir: string; remove: () => Promise<void> };
    beforeAll(async () => {
      days = await tempDir();
      await mkdir(join(days.dir, 'ab'));
      await mkdir(join(days.dir, 'c'));
      await mkdir(join(days.dir, 'a-and-c'));
      await writeFile(join(days.dir, 'ab', 'a.csv'), 'v\na\n');
      await writeFile(join(days.dir, 'ab', 'b.csv'), 'v\nb\n');
      await writeFile(join(days.dir, 'c', 'c.csv'), 'v\nc\n');
      await writeFile(join(days.dir, 'a-and-c', 'a.csv'), 'v\na\n');
      await writeFile(join(days.dir, 'a-and-c', 'c.csv'), 'v\nc\n');
      await writeFile(join(days.dir, 'a-and-c', 'notes.txt'), 'not data');
    });
    afterAll(() => days.remove());

    const keys = async (bucket: string) => (await collect(listObjects(client, `s3://${bucket}/`))).map((o) => o.key);

    it('leaves the prefix holding exactly the folder, and touches no neighbour that merely shares its start', async () => {
      const bucket = await freshBucket(client);
      await putText(client, bucket, 'raw/days-10/x.csv', 'v\nx\n');
      await putText(client, bucket, 'raw/days-1.csv', 'v\nsibling\n');
      await uploadFiles(client, join(days.dir, 'ab'), `s3://${bucket}/raw/days-1/`);
      const summary = await uploadFiles(client, join(days.dir, 'c'), `s3://${bucket}/raw/days-1`, { removeOthers: true });
      expect(summary).toMatchObject({ uploaded: 1, skipped: 0, removed: ['raw/days-1/a.csv', 'raw/days-1/b.csv'] });
      expect((await keys(bucket)).sort()).toEqual(['raw/days-1.csv', 'raw/days-1/c.csv', 'raw/days-10/x.csv']);
    });

    it('keeps skipped files and removes those the filter rejects', async () => {
      const bucket = await freshBucket(client);
      await uploadFiles(client, join(days.dir, 'a-and-c'), `s3://${bucket}/raw/`);
      await putText(client, bucket, 'raw/b.csv', 'v\nb\n');
      const summary = await uploadFiles(client, join(days.dir, 'a-and-c'), `s3://${bucket}/raw/`, {
        removeOthers: true,
        filter: (path) => path.endsWith('.csv'),
      });
      expect(summary).toMatchObject({ uploaded: 0, skipped: 2, removed: ['raw/b.csv', 'raw/notes.txt'] });
      expect(await keys(bucket)).toEqual(['raw/a.csv', 'raw/c.csv']);
    });

    it('mirrors a single file into a prefix ending with a slash', async () => {
      const bucket = await freshBucket(client);
      await uploadFiles(client, join(days.dir, 'ab'), `s3://${bucket}/one/`);
      const summary = await uploadFiles(client, join(days.dir, 'c', 'c.csv'), `s3://${bucket}/one/`, { removeOthers: true });
      expect(summary.removed).toEqual(['one/a.csv', 'one/b.csv']);
      expect(await keys(bucket)).toEqual(['one/c.csv']);
    });

    it('refuses the whole bucket, and a single file sent to an exact key, before uploading anything', async () => {
      const bucket = await freshBucket(client);
      await putText(client, bucket, 'keep.csv', 'v\nk\n');
      for (const uri of [`s3://${bucket}/`, `s3://${bucket}`]) {
        const error = await uploadFiles(client, join(days.dir, 'c'), uri, { removeOthers: true }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RangeError);
        expect((error as Error).message).toContain('would delete every other object in the bucket');
      }
      await expect(uploadFiles(client, join(days.dir, 'c', 'c.csv'), `s3://${bucket}/exact.csv`, { removeOthers: true })).rejects.toThrow(
        /mirrors a folder/,
      );
      expect(await keys(bucket)).toEqual(['keep.csv']);
    });
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
      expect(first.objects[0].etag).toBe((await head(bucket, 'big.csv')).ETag);
      expect(sha256(await body(bucket, 'big.csv'))).toBe(sha256(bytes));
      const again = await uploadFiles(client, big.dir, `s3://${bucket}/`, { partSize: 5 * 1024 * 1024 });
      expect(again).toMatchObject({ skipped: 1 });
      expect(again.objects[0].etag).toBe(first.objects[0].etag);
    } finally {
      await big.remove();
    }
  });

  it('throws BucketNotFoundError when the bucket is missing', async () => {
    await expect(uploadFiles(client, join(local.dir, 'by-day'), 's3://no-such-bucket-s3x/raw/')).rejects.toBeInstanceOf(BucketNotFoundError);
  });
});
