import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { freshBucket, putText, tempDir, testClient } from '../test-fixtures/s3';
import { cacheFilePath } from './cache-path';
import { ObjectChangedError, ObjectNotFoundError } from './errors';
import { openObjectStream, type ObjectStream } from './open-object-stream';

// A single-part object's ETag is the quoted MD5 of its bytes.
const md5Etag = (body: string) => `"${createHash('md5').update(body).digest('hex')}"`;

async function text(object: ObjectStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('openObjectStream', () => {
  let client: S3Client;
  let bucket: string;
  let cache: { dir: string; remove: () => Promise<void> };

  beforeAll(async () => {
    client = testClient();
    bucket = await freshBucket(client);
    cache = await tempDir('s3x-cache-');
    await putText(client, bucket, 'day.csv', 'a,b\n1,2\n');
    await putText(client, bucket, 'day.csv.gz', gzipSync('a,b\n3,4\n'));
  });
  afterAll(async () => {
    client.destroy();
    await cache.remove();
  });

  it('streams the bytes of an object', async () => {
    const object = await openObjectStream(client, `s3://${bucket}/day.csv`);
    expect(object).toMatchObject({ key: 'day.csv', size: 8, gunzip: false, fromCache: false });
    expect(await text(object)).toBe('a,b\n1,2\n');
  });

  it('gunzips .gz objects, and leaves them alone when asked to', async () => {
    const object = await openObjectStream(client, `s3://${bucket}/day.csv.gz`);
    expect(object.gunzip).toBe(true);
    expect(await text(object)).toBe('a,b\n3,4\n');
    const raw = await openObjectStream(client, `s3://${bucket}/day.csv.gz`, { decompress: false });
    const bytes: Buffer[] = [];
    for await (const chunk of raw.body) bytes.push(chunk as Buffer);
    expect(Buffer.concat(bytes).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('throws ObjectNotFoundError for a missing key', async () => {
    await expect(openObjectStream(client, `s3://${bucket}/nope.csv`)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(openObjectStream(client, `s3://${bucket}/nope.csv`, { cacheDir: cache.dir })).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  describe('pinned to an ETag', () => {
    const etagOf = async (key: string) => (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ETag ?? '';

    it('reads the object while it still has that ETag, quoted or not', async () => {
      await putText(client, bucket, 'pinned/same.csv', 'p\n1\n');
      const etag = await etagOf('pinned/same.csv');
      expect(etag).toBe(md5Etag('p\n1\n'));
      const object = await openObjectStream(client, `s3://${bucket}/pinned/same.csv`, { etag });
      expect(object.etag).toBe(etag);
      expect(await text(object)).toBe('p\n1\n');
      expect(await text(await openObjectStream(client, `s3://${bucket}/pinned/same.csv`, { etag: etag.replace(/"/g, '') }))).toBe('p\n1\n');
    });

    it('throws ObjectChangedError, naming the object and the ETag, once the object was replaced', async () => {
      await putText(client, bucket, 'pinned/replaced.csv', 'p\n1\n');
      const listed = await etagOf('pinned/replaced.csv');
      await putText(client, bucket, 'pinned/replaced.csv', 'p\n2\n');
      const uri = `s3://${bucket}/pinned/replaced.csv`;
      const error = await openObjectStream(client, uri, { etag: listed }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ObjectChangedError);
      expect(error).toMatchObject({ uri, expectedEtag: listed });
      expect((error as Error).message).toContain(uri);
      expect((error as Error).message).toContain(listed);
      expect((error as Error).message).toMatch(/changed after it was listed.*Rerun/);
    });

    it('refuses an empty ETag', async () => {
      await expect(openObjectStream(client, `s3://${bucket}/day.csv`, { etag: '' })).rejects.toThrow(RangeError);
    });

    it('with a cache: serves the cached copy of that version, and never a copy of another', async () => {
      const uri = `s3://${bucket}/pinned/cached.csv`;
      await putText(client, bucket, 'pinned/cached.csv', 'c\n1\n');
      const v1 = md5Etag('c\n1\n');
      expect((await openObjectStream(client, uri, { cacheDir: cache.dir, etag: v1 })).fromCache).toBe(false);
      const hit = await openObjectStream(client, uri, { cacheDir: cache.dir, etag: v1 });
      expect(hit).toMatchObject({ fromCache: true, etag: v1 });
      expect(await text(hit)).toBe('c\n1\n');

      // The cached copy is current in S3 but is not the version asked for: neither may be read.
      const other = md5Etag('c\n0\n');
      await expect(openObjectStream(client, uri, { cacheDir: cache.dir, etag: other })).rejects.toBeInstanceOf(ObjectChangedError);

      // Replaced in S3: pinned to the new version it downloads it; pinned to the cached one it fails.
      await putText(client, bucket, 'pinned/cached.csv', 'c\n2\n');
      const v2 = md5Etag('c\n2\n');
      await expect(openObjectStream(client, uri, { cacheDir: cache.dir, etag: v1 })).rejects.toBeInstanceOf(ObjectChangedError);
      const fresh = await openObjectStream(client, uri, { cacheDir: cache.dir, etag: v2 });
      expect(fresh).toMatchObject({ fromCache: false, etag: v2 });
      expect(await text(fresh)).toBe('c\n2\n');
      expect(await readFile(cacheFilePath(cache.dir, bucket, 'pinned/cached.csv'), 'utf8')).toBe('c\n2\n');
    });
  });

  describe('with a cache', () => {
    it('downloads once, then serves the cached copy while its ETag is current', async () => {
      const uri = `s3://${bucket}/cached/day.csv`;
      await putText(client, bucket, 'cached/day.csv', 'a,b\n5,6\n');
      const first = await openObjectStream(client, uri, { cacheDir: cache.dir });
      expect(first.fromCache).toBe(false);
      expect(await text(first)).toBe('a,b\n5,6\n');

      // Same size, different bytes: seeing them proves the second read came from the cache file.
      const path = cacheFilePath(cache.dir, bucket, 'cached/day.csv');
      expect(await readFile(path, 'utf8')).toBe('a,b\n5,6\n');
      await writeFile(path, 'a,b\n7,8\n');
      const second = await openObjectStream(client, uri, { cacheDir: cache.dir });
      expect(second.fromCache).toBe(true);
      expect(await text(second)).toBe('a,b\n7,8\n');
    });

    it('downloads again when the object changed in S3', async () => {
      const uri = `s3://${bucket}/changing.csv`;
      await putText(client, bucket, 'changing.csv', 'v\n1\n');
      await text(await openObjectStream(client, uri, { cacheDir: cache.dir }));
      await putText(client, bucket, 'changing.csv', 'v\n22\n');
      const again = await openObjectStream(client, uri, { cacheDir: cache.dir });
      expect(again.fromCache).toBe(false);
      expect(await text(again)).toBe('v\n22\n');
      const third = await openObjectStream(client, uri, { cacheDir: cache.dir });
      expect(third.fromCache).toBe(true);
      expect(await text(third)).toBe('v\n22\n');
    });

    it('downloads again with forceDownload, replacing a damaged copy', async () => {
      const uri = `s3://${bucket}/forced.csv`;
      await putText(client, bucket, 'forced.csv', 'x\n1\n');
      await text(await openObjectStream(client, uri, { cacheDir: cache.dir }));
      await writeFile(cacheFilePath(cache.dir, bucket, 'forced.csv'), 'x\n9\n');
      const forced = await openObjectStream(client, uri, { cacheDir: cache.dir, forceDownload: true });
      expect(forced.fromCache).toBe(false);
      expect(await text(forced)).toBe('x\n1\n');
    });

    it('keeps compressed bytes in the cache and gunzips on read', async () => {
      const uri = `s3://${bucket}/day.csv.gz`;
      await text(await openObjectStream(client, uri, { cacheDir: cache.dir }));
      const hit = await openObjectStream(client, uri, { cacheDir: cache.dir });
      expect(hit).toMatchObject({ fromCache: true, gunzip: true });
      expect(await text(hit)).toBe('a,b\n3,4\n');
      expect((await readFile(cacheFilePath(cache.dir, bucket, 'day.csv.gz'))).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    });

    it('leaves no temp files behind', async () => {
      const files = await readdir(join(cache.dir, bucket));
      expect(files.filter((f) => f.endsWith('.part') || f.endsWith('.part.meta'))).toEqual([]);
    });
  });
});
