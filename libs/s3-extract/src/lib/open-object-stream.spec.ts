import type { S3Client } from '@aws-sdk/client-s3';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { freshBucket, putText, tempDir, testClient } from '../test-fixtures/s3';
import { cacheFilePath } from './cache-path';
import { ObjectNotFoundError } from './errors';
import { openObjectStream, type ObjectStream } from './open-object-stream';

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
