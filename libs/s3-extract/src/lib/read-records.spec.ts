import type { S3Client } from '@aws-sdk/client-s3';
import type { RawRow } from '@ecomlake/model';
import { gzipSync } from 'node:zlib';
import { collect, freshBucket, putText, testClient } from '../test-fixtures/s3';
import { BucketNotFoundError, ObjectChangedError, ObjectNotFoundError } from './errors';
import { listObjects } from './list-objects';
import { readObjectRecords, readRecords } from './read-records';

const HEADER = 'InvoiceNo,Description,Quantity';
const brief = (row: RawRow) =>
  row.kind === 'record' ? [row.source.split('/').pop(), row.line, ...row.fields] : [row.source.split('/').pop(), row.line, 'error', row.reason];

describe('readRecords', () => {
  let client: S3Client;
  let bucket: string;

  beforeAll(async () => {
    client = testClient();
    bucket = await freshBucket(client);
    await putText(client, bucket, 'by-day/2011-01-05.csv', `${HEADER}\n536366,"HAND WARMER, RED",6\n536367,"broken,3\n536368,MUG,2\n`);
    await putText(client, bucket, 'by-day/2011-01-04.csv.gz', gzipSync(`${HEADER}\n536365,"12"" RULER",1\n`));
    await putText(client, bucket, 'by-day/_manifest.json', '{"files":2}');
    await putText(client, bucket, 'by-dayz/other.csv', `${HEADER}\n999999,NOT ME,1\n`);
    await putText(client, bucket, 'latin1/day.csv', Buffer.concat([Buffer.from(`${HEADER}\n1,`), Buffer.from('POUND £ SIGN', 'latin1'), Buffer.from(',1\n')]));
  });
  afterAll(() => client.destroy());

  it('reads every CSV object under a prefix in key order, with source URI and line, errors in place', async () => {
    const rows = await collect(readRecords(client, `s3://${bucket}/by-day/`));
    expect(rows.map(brief)).toEqual([
      ['2011-01-04.csv.gz', 2, '536365', '12" RULER', '1'],
      ['2011-01-05.csv', 2, '536366', 'HAND WARMER, RED', '6'],
      ['2011-01-05.csv', 3, 'error', 'unterminated quote'],
      ['2011-01-05.csv', 4, '536368', 'MUG', '2'],
    ]);
    expect(rows[0].source).toBe(`s3://${bucket}/by-day/2011-01-04.csv.gz`);
    expect(rows[0].kind === 'record' && rows[0].header).toEqual(['InvoiceNo', 'Description', 'Quantity']);
  });

  it('takes a prefix without a trailing slash as a folder', async () => {
    const rows = await collect(readRecords(client, `s3://${bucket}/by-day`));
    expect(rows.map((r) => r.source.split('/').slice(-2, -1)[0])).not.toContain('by-dayz');
    expect(rows).toHaveLength(4);
  });

  it('reads a single object when the URI names one', async () => {
    const rows = await collect(readRecords(client, `s3://${bucket}/by-dayz/other.csv`));
    expect(rows.map(brief)).toEqual([['other.csv', 2, '999999', 'NOT ME', '1']]);
  });

  it('reads objects the filter selects', async () => {
    const rows = await collect(readRecords(client, `s3://${bucket}/by-day/`, { filter: (key) => key.endsWith('.gz') }));
    expect(rows).toHaveLength(1);
  });

  it('decodes latin1 when asked, and reports such bytes as an error row under utf-8', async () => {
    const latin1 = await collect(readRecords(client, `s3://${bucket}/latin1/day.csv`, { encoding: 'latin1' }));
    expect(latin1.map(brief)).toEqual([['day.csv', 2, '1', 'POUND £ SIGN', '1']]);
    const utf8 = await collect(readRecords(client, `s3://${bucket}/latin1/day.csv`));
    expect(utf8).toHaveLength(1);
    expect(utf8[0]).toMatchObject({ kind: 'error', line: 2 });
  });

  it('turns a line over maxLineBytes into an error row and reads on', async () => {
    await putText(client, bucket, 'long/day.csv', `${HEADER}\n1,${'x'.repeat(5000)},1\n2,short,2\n`);
    const rows = await collect(readRecords(client, `s3://${bucket}/long/`, { maxLineBytes: 1024 }));
    expect(rows.map((r) => r.kind)).toEqual(['error', 'record']);
    expect(rows[1]).toMatchObject({ line: 3, fields: ['2', 'short', '2'] });
  });

  it('stops cleanly when the consumer breaks early', async () => {
    let seen = 0;
    for await (const row of readRecords(client, `s3://${bucket}/by-day/`)) {
      seen += row.line > 0 ? 1 : 0;
      break;
    }
    expect(seen).toBe(1);
  });

  it('reads each object at the ETag it was listed with: one replaced after the listing throws ObjectChangedError', async () => {
    await putText(client, bucket, 'moving/1.csv', `${HEADER}\n1,ONE,1\n`);
    await putText(client, bucket, 'moving/2.csv', `${HEADER}\n2,TWO,2\n`);
    const rows = readRecords(client, `s3://${bucket}/moving/`);
    // The listing (one page, both objects) is taken before the first row arrives.
    expect((await rows.next()).value).toMatchObject({ line: 2, fields: ['1', 'ONE', '1'] });
    await putText(client, bucket, 'moving/2.csv', `${HEADER}\n2,TWO,22\n`);
    const error = await collect(rows).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectChangedError);
    expect((error as ObjectChangedError).uri).toBe(`s3://${bucket}/moving/2.csv`);
  });

  it('throws ObjectNotFoundError when nothing matches, BucketNotFoundError for a missing bucket', async () => {
    await expect(collect(readRecords(client, `s3://${bucket}/nothing/`))).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(collect(readRecords(client, `s3://${bucket}/nothing.csv`))).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(collect(readRecords(client, 's3://no-such-bucket-s3x/by-day/'))).rejects.toBeInstanceOf(BucketNotFoundError);
  });
});

describe('readObjectRecords', () => {
  it('reads several objects at once, each on its own', async () => {
    const client = testClient();
    try {
      const bucket = await freshBucket(client);
      for (let day = 1; day <= 4; day += 1) await putText(client, bucket, `d/${day}.csv`, `${HEADER}\n${day},X,${day}\n${day},Y,${day}\n`);
      const counts = await Promise.all([1, 2, 3, 4].map(async (day) => (await collect(readObjectRecords(client, `s3://${bucket}/d/${day}.csv`))).length));
      expect(counts).toEqual([2, 2, 2, 2]);
    } finally {
      client.destroy();
    }
  });

  it('reads the version it is pinned to, and throws ObjectChangedError once that version is gone', async () => {
    const client = testClient();
    try {
      const bucket = await freshBucket(client);
      await putText(client, bucket, 'd/1.csv', `${HEADER}\n1,X,1\n`);
      const [listed] = await collect(listObjects(client, `s3://${bucket}/d/`));
      expect(await collect(readObjectRecords(client, listed.uri, { etag: listed.etag }))).toHaveLength(1);
      await putText(client, bucket, 'd/1.csv', `${HEADER}\n1,X,1\n1,Y,1\n`);
      await expect(collect(readObjectRecords(client, listed.uri, { etag: listed.etag }))).rejects.toBeInstanceOf(ObjectChangedError);
      expect(await collect(readObjectRecords(client, listed.uri))).toHaveLength(2);
    } finally {
      client.destroy();
    }
  });
});
