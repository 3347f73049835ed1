// What the user sees when the network or the server misbehaves, through a real proxy on loopback
// (test-fixtures/s3-fault-proxy.ts) in front of the embedded S3: a correct result after a retry or
// a resume, or a typed error naming the object or the endpoint. Never silently short data.
import { S3Client } from '@aws-sdk/client-s3';
import { testStack } from '@ecomlake/local-stack';
import type { RawRow } from '@ecomlake/model';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { collect, freshBucket, putText, tempDir, testClient } from '../test-fixtures/s3';
import { startS3FaultProxy, type S3FaultProxy, type S3FaultProxyOptions } from '../test-fixtures/s3-fault-proxy';
import { cacheFilePath } from './cache-path';
import { clientTimeouts } from './client-timeouts';
import { EndpointUnavailableError, ObjectReadError } from './errors';
import { listObjects } from './list-objects';
import { openObjectStream } from './open-object-stream';
import { readObjectRecords, readRecords } from './read-records';
import { uploadFiles } from './upload-files';

const HEADER = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];
// 20 order lines, every one ending in the field a clean cut would shorten ("United Ki").
const LINES = Array.from({ length: 20 }, (_, i) => [`5365${10 + i}`, `8512${i}A`, `ITEM ${i}`, String(i + 1), '2010-12-01 08:26', '2.55', '17850', 'United Kingdom']);
const CSV = [HEADER, ...LINES].map((fields) => fields.join(',')).join('\n') + '\n';

// Small timeouts keep each fault short; two SDK attempts show that timeouts are retried.
const TIMEOUTS = clientTimeouts({ connectionTimeout: 1_000, idleTimeout: 300, requestTimeout: 5_000 });

async function bytesOf(body: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const recordFields = (rows: RawRow[]) => rows.map((row) => (row.kind === 'record' ? row.fields : row.reason));

describe('S3 faults: what the user sees', () => {
  let direct: S3Client;
  let bucket: string;
  const open: { proxy: S3FaultProxy; client: S3Client }[] = [];

  beforeAll(async () => {
    direct = testClient();
    bucket = await freshBucket(direct, 's3x-faults');
    await putText(direct, bucket, 'day.csv', CSV);
    await putText(direct, bucket, 'day.csv.gz', gzipSync(CSV));
  });
  afterEach(async () => {
    for (const { proxy, client } of open.splice(0)) {
      client.destroy();
      await proxy.close();
    }
  });
  afterAll(() => direct.destroy());

  async function through(options: S3FaultProxyOptions): Promise<{ proxy: S3FaultProxy; client: S3Client }> {
    const proxy = await startS3FaultProxy(testStack().s3.endpoint, options);
    const client = new S3Client({ ...testStack().s3, endpoint: proxy.endpoint, ...TIMEOUTS, maxAttempts: 2 });
    open.push({ proxy, client });
    return { proxy, client };
  }

  const uri = (key: string) => `s3://${bucket}/${key}`;

  describe('a server that stalls', () => {
    it('before answering: the read fails after the timeout and one retry, naming the endpoint', async () => {
      const { proxy, client } = await through({ fault: 'stall' });
      const error = await openObjectStream(client, uri('day.csv')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EndpointUnavailableError);
      expect((error as Error).message).toContain(proxy.endpoint);
      expect((error as Error).message).toContain('went silent for 300 ms');
      expect(proxy.stats.faulted).toBe(2); // maxAttempts: the SDK retried the timeout once
    });

    it('a listing too: every call is bounded, not only reads', async () => {
      const { proxy, client } = await through({ fault: 'stall', match: () => true });
      const error = await collect(listObjects(client, uri(''))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EndpointUnavailableError);
      expect((error as Error).message).toContain(proxy.endpoint);
    });

    it('in the middle of a body, once: the read resumes from the first missing byte and gets every row', async () => {
      const { proxy, client } = await through({ fault: 'stall-body', times: 1 });
      const rows = await collect(readObjectRecords(client, uri('day.csv')));
      expect(recordFields(rows)).toEqual(LINES);
      const half = Math.floor(Buffer.byteLength(CSV) / 2);
      expect(proxy.stats.objectGetRanges).toEqual(['', `bytes=${half}-`]);
    });

    it('in the middle of every body: ObjectReadError naming the object, after the resumes', async () => {
      const { proxy, client } = await through({ fault: 'stall-body' });
      const error = await collect(readObjectRecords(client, uri('day.csv'), { resumeAttempts: 2 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ObjectReadError);
      expect(error).toMatchObject({ uri: uri('day.csv'), attempts: 3, expectedBytes: Buffer.byteLength(CSV) });
      expect((error as Error).message).toContain(uri('day.csv'));
      expect((error as Error).message).toContain(proxy.endpoint);
      expect((error as ObjectReadError).reason).toContain('went silent');
    });
  });

  describe('a connection cut in the middle of the body', () => {
    it('once: the whole-object read resumes and returns the exact bytes', async () => {
      const { proxy, client } = await through({ fault: 'cut', times: 1 });
      const object = await openObjectStream(client, uri('day.csv'));
      expect((await bytesOf(object.body)).toString('utf8')).toBe(CSV);
      expect(proxy.stats.objectGetRanges).toHaveLength(2);
      expect(proxy.stats.objectGetRanges[1]).toMatch(/^bytes=\d+-$/);
    });

    it('once, in a .gz object: the decompressed rows are all there', async () => {
      const { client } = await through({ fault: 'cut', times: 1 });
      expect(recordFields(await collect(readObjectRecords(client, uri('day.csv.gz'))))).toEqual(LINES);
    });

    it('every time: both read paths fail with ObjectReadError naming the object, not "aborted" or an unreachable endpoint', async () => {
      const { client } = await through({ fault: 'cut' });
      const whole = await openObjectStream(client, uri('day.csv')).then((o) => bytesOf(o.body)).catch((e: unknown) => e);
      const streamed = await collect(readObjectRecords(client, uri('day.csv'))).catch((e: unknown) => e);
      for (const error of [whole, streamed]) {
        expect(error).toBeInstanceOf(ObjectReadError);
        expect(error).toMatchObject({ uri: uri('day.csv'), attempts: 4, reason: 'the connection was cut' });
        expect((error as Error).message).toContain(uri('day.csv'));
      }
    });
  });

  describe('a short body', () => {
    it('Content-Length says more than arrives, once: resumed, every row complete', async () => {
      const { proxy, client } = await through({ fault: 'short', times: 1 });
      const rows = await collect(readObjectRecords(client, uri('day.csv')));
      expect(recordFields(rows)).toEqual(LINES);
      expect(proxy.stats.objectGetRanges).toEqual(['', `bytes=${Buffer.byteLength(CSV) - 5}-`]);
    });

    it('an answer that ends cleanly inside the last field, once: with the listed size it is resumed, the last country whole', async () => {
      const { proxy, client } = await through({ fault: 'short-clean', times: 1 });
      const rows = await collect(readRecords(client, uri('day.csv')));
      expect(recordFields(rows)).toEqual(LINES);
      const last = rows.at(-1);
      expect(last?.kind === 'record' && last.fields[7]).toBe('United Kingdom');
      expect(proxy.stats.objectGetRanges).toEqual(['', `bytes=${Buffer.byteLength(CSV) - 5}-`]);
    });

    it('ends cleanly every time: ObjectReadError saying how many bytes of how many', async () => {
      const { client } = await through({ fault: 'short-clean' });
      const size = Buffer.byteLength(CSV);
      const error = await collect(readObjectRecords(client, uri('day.csv'), { size })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ObjectReadError);
      // The first answer brings all but 5 bytes; each resume (a range of 5 bytes) is cut to 0.
      expect(error).toMatchObject({ bytesRead: size - 5, expectedBytes: size, attempts: 4 });
      expect((error as Error).message).toContain(`${size - 5} of ${size} bytes`);
    });

    it('ends cleanly, no size given: the SHA-256 our uploads keep in metadata catches it', async () => {
      const files = await tempDir();
      try {
        await writeFile(join(files.dir, 'day.csv'), CSV);
        await uploadFiles(direct, join(files.dir, 'day.csv'), uri('uploaded/day.csv'));
      } finally {
        await files.remove();
      }
      const { client } = await through({ fault: 'short-clean', times: 1 });
      const error = await openObjectStream(client, uri('uploaded/day.csv')).then((o) => bytesOf(o.body)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ObjectReadError);
      expect((error as ObjectReadError).reason).toContain('SHA-256');
      expect((error as Error).message).toContain(uri('uploaded/day.csv'));
    });
  });

  describe('with a cache folder', () => {
    it('a download cut once is resumed, and the cached copy is the whole object', async () => {
      const cache = await tempDir('s3x-faults-cache-');
      try {
        const { client } = await through({ fault: 'cut', times: 1 });
        const object = await openObjectStream(client, uri('day.csv'), { cacheDir: cache.dir });
        expect((await bytesOf(object.body)).toString('utf8')).toBe(CSV);
        expect(await readFile(cacheFilePath(cache.dir, bucket, 'day.csv'), 'utf8')).toBe(CSV);
      } finally {
        await cache.remove();
      }
    });

    it('a download that stays short is never cached: the error names the object, the folder holds no copy', async () => {
      const cache = await tempDir('s3x-faults-cache-');
      try {
        const { client } = await through({ fault: 'short-clean' });
        const error = await openObjectStream(client, uri('day.csv'), { cacheDir: cache.dir, size: Buffer.byteLength(CSV) }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ObjectReadError);
        expect((error as Error).message).toContain(uri('day.csv'));
        expect(await readdir(cache.dir, { recursive: true })).toEqual([bucket]); // the bucket's folder, empty
      } finally {
        await cache.remove();
      }
    });
  });

  describe('503 SlowDown', () => {
    it('once: the SDK retries and the read is correct', async () => {
      const { proxy, client } = await through({ fault: 'slow-down', times: 1 });
      expect(recordFields(await collect(readObjectRecords(client, uri('day.csv'))))).toEqual(LINES);
      expect(proxy.stats.objectGetRanges).toEqual(['', '']);
    });

    it('every time: EndpointUnavailableError naming the endpoint and the answer', async () => {
      const { proxy, client } = await through({ fault: 'slow-down' });
      const error = await collect(readObjectRecords(client, uri('day.csv'))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EndpointUnavailableError);
      expect((error as Error).message).toContain(proxy.endpoint);
      expect((error as Error).message).toContain('HTTP 503 SlowDown');
    });
  });

  it('a slow drip is not cut: bytes keep coming, so the idle timeout never fires', async () => {
    // 64 bytes every 60 ms: the body takes several idle timeouts (300 ms) in all, never one between bytes.
    const { proxy, client } = await through({ fault: 'drip', drip: { bytes: 64, everyMs: 60 } });
    expect(recordFields(await collect(readObjectRecords(client, uri('day.csv'))))).toEqual(LINES);
    expect(proxy.stats.objectGetRanges).toEqual(['']); // one request: no retry, no resume
  });
});
