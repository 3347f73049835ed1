import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { collect, freshBucket, tempDir, testClient } from '../test-fixtures/s3';
import { columnarTable } from '../test-fixtures/table';
import { parseCsvRows } from '@ecomlake/csv';
import { parquetMetadata } from 'hyparquet';
import { InvalidDatasetPartError } from './dataset-keys';
import { BucketNotFoundError } from './errors';
import { listObjects } from './list-objects';
import type { ParquetColumnType } from './parquet-format';
import { writeDatasetPart } from './write-dataset-part';

// The clean orders' columns, as the lake should type them.
const columnTypes: Record<string, ParquetColumnType> = {
  invoiceNo: 'STRING',
  quantity: 'INT64',
  invoiceDate: 'LOCAL_TIMESTAMP',
  totalAmountMilli: { type: 'DECIMAL', precision: 18, scale: 3 },
  customerId: 'STRING',
};

describe('writeDatasetPart', () => {
  let client: S3Client;
  let bucket: string;
  let local: { dir: string; remove: () => Promise<void> };
  let duck: DuckDBInstance;
  let sql: DuckDBConnection;
  const now = new Date('2026-11-28T10:15:00.456Z');

  beforeAll(async () => {
    client = testClient();
    bucket = await freshBucket(client);
    local = await tempDir();
    duck = await DuckDBInstance.create(':memory:');
    sql = await duck.connect();
  });
  afterAll(async () => {
    sql.closeSync();
    duck.closeSync();
    client.destroy();
    await local.remove();
  });

  /** Copies every object under the prefix to the temp folder, keys as paths (escaped values stay escaped, as on S3). */
  async function download(prefix: string): Promise<string> {
    for (const object of await collect(listObjects(client, `s3://${bucket}/${prefix}`))) {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: object.key }));
      const path = join(local.dir, object.key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, (await answer.Body?.transformToByteArray()) ?? new Uint8Array());
    }
    return join(local.dir, prefix);
  }
  const rows = async (query: string) => (await sql.runAndReadAll(query)).getRowObjectsJson();

  it('writes a dataset of two days that DuckDB reads as one typed table, money exact past £2.1M a line', async () => {
    const dec9 = columnarTable({
      invoiceNo: ['581475', '581476'],
      quantity: [12, 1],
      invoiceDate: ['2011-12-09T08:50:00', '2011-12-09T12:01:00'],
      totalAmountMilli: [2_345_678_901, 15_300],
      customerId: ['13069', null],
    });
    const dec8 = columnarTable({
      invoiceNo: ['581400', '581401'],
      quantity: [2, 3],
      invoiceDate: ['2011-12-08T09:00:00', '2011-12-08T17:30:00'],
      totalAmountMilli: [-27_500, 1_000_000_000_000n],
      customerId: ['17850', '17850'],
    });
    const parts = [
      await writeDatasetPart(client, dec9, `s3://${bucket}/clean/orders`, { partition: { day: '2011-12-09' }, part: 'part-e1', columnTypes, now, metadata: { run: 'r1' } }),
      await writeDatasetPart(client, dec8, `s3://${bucket}/clean/orders/`, { partition: { day: '2011-12-08' }, part: 'part-e2', columnTypes, now }),
    ];
    expect(parts.map(({ uri, key, rows, format, partition }) => ({ uri, key, rows, format, partition }))).toEqual([
      { uri: `s3://${bucket}/clean/orders/day=2011-12-09/part-e1.parquet`, key: 'clean/orders/day=2011-12-09/part-e1.parquet', rows: 2, format: 'parquet', partition: { day: '2011-12-09' } },
      { uri: `s3://${bucket}/clean/orders/day=2011-12-08/part-e2.parquet`, key: 'clean/orders/day=2011-12-08/part-e2.parquet', rows: 2, format: 'parquet', partition: { day: '2011-12-08' } },
    ]);
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: parts[0].key }));
    expect(head.ContentLength).toBe(parts[0].size);
    expect(head.ContentType).toBe('application/vnd.apache.parquet');
    expect(head.Metadata).toEqual({
      rows: '2',
      columns: '5',
      column_names: 'invoiceNo,quantity,invoiceDate,totalAmountMilli,customerId',
      created_at: '2026-11-28T10:15:00.456Z',
      format: 'parquet',
      run: 'r1',
    });

    const dataset = `read_parquet('${await download('clean/orders/')}/**/*.parquet', hive_partitioning = true)`;
    expect(await rows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${dataset})`)).toEqual([
      { column_name: 'invoiceNo', column_type: 'VARCHAR' },
      { column_name: 'quantity', column_type: 'BIGINT' },
      { column_name: 'invoiceDate', column_type: 'TIMESTAMP' },
      { column_name: 'totalAmountMilli', column_type: 'DECIMAL(18,3)' },
      { column_name: 'customerId', column_type: 'VARCHAR' },
      { column_name: 'day', column_type: 'DATE' },
    ]);
    expect(await rows(`SELECT invoiceNo, day::VARCHAR AS day, invoiceDate::VARCHAR AS invoiceDate, totalAmountMilli::VARCHAR AS amount FROM ${dataset} ORDER BY invoiceNo`)).toEqual([
      { invoiceNo: '581400', day: '2011-12-08', invoiceDate: '2011-12-08 09:00:00', amount: '-27.500' },
      { invoiceNo: '581401', day: '2011-12-08', invoiceDate: '2011-12-08 17:30:00', amount: '1000000000.000' },
      { invoiceNo: '581475', day: '2011-12-09', invoiceDate: '2011-12-09 08:50:00', amount: '2345678.901' },
      { invoiceNo: '581476', day: '2011-12-09', invoiceDate: '2011-12-09 12:01:00', amount: '15.300' },
    ]);
    // By hand: 2 345 678 901 + 15 300 − 27 500 + 1 000 000 000 000 thousandths = £1,002,345,666.701.
    expect(await rows(`SELECT count(*)::INTEGER AS n, sum(totalAmountMilli)::VARCHAR AS revenue FROM ${dataset}`)).toEqual([
      { n: 4, revenue: '1002345666.701' },
    ]);
    expect(await rows(`SELECT count(*)::INTEGER AS n FROM ${dataset} WHERE day = DATE '2011-12-09' AND customerId IS NULL`)).toEqual([{ n: 1 }]);
  });

  it('round-trips a partition value holding "/", "=" and "%" through the key, escaped as Hive does', async () => {
    const table = columnarTable({ invoiceNo: ['1'], quantity: [1] });
    const written = await writeDatasetPart(client, table, `s3://${bucket}/by-shop`, {
      partition: { shop: 'north/east=1 %x', day: '2011-12-09' },
      part: 'part-0',
      columnTypes: { quantity: 'INT64' },
    });
    expect(written.key).toBe('by-shop/shop=north%2Feast%3D1 %25x/day=2011-12-09/part-0.parquet');
    const dataset = `read_parquet('${await download('by-shop/')}/**/*.parquet', hive_partitioning = true)`;
    expect(await rows(`SELECT shop, day::VARCHAR AS day, quantity::VARCHAR AS quantity FROM ${dataset}`)).toEqual([
      { shop: 'north/east=1 %x', day: '2011-12-09', quantity: '1' },
    ]);
  });

  it('writes a CSV part in one object, and a rewrite replaces it', async () => {
    const uri = `s3://${bucket}/clean/quarantine`;
    const location = { partition: { day: '2011-12-09' }, part: 'part-e1', format: 'csv' } as const;
    await writeDatasetPart(client, columnarTable({ line: [2, 3], reason: ['bad date', 'bad, price'] }), uri, location);
    const written = await writeDatasetPart(client, columnarTable({ line: [7], reason: ['no invoice'] }), uri, location);
    expect(written).toMatchObject({ key: 'clean/quarantine/day=2011-12-09/part-e1.csv', rows: 1, format: 'csv' });
    expect((await collect(listObjects(client, `${uri}/`))).map((o) => o.key)).toEqual([written.key]);
    const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: written.key }));
    expect(answer.ContentType).toBe('text/csv');
    expect(answer.Metadata).toMatchObject({ rows: '1', columns: '2', format: 'csv' });
    expect(await answer.Body?.transformToString()).toBe('line,reason\n7,no invoice\n');
  });

  it('keeps the metadata in the Parquet footer too, for engines that never see S3 metadata', async () => {
    const written = await writeDatasetPart(client, columnarTable({ invoiceNo: ['536365', 'C536379'], quantity: [6, -1] }), `s3://${bucket}/footer`, {
      partition: { day: '2010-12-01' },
      part: 'part-f1',
      now,
    });
    const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: written.key }));
    const file = Buffer.from((await answer.Body?.transformToByteArray()) ?? []);
    const footer = parquetMetadata(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer).key_value_metadata;
    expect(footer).toEqual(
      expect.arrayContaining([
        { key: 'rows', value: '2' },
        { key: 'columns', value: '2' },
        { key: 'column_names', value: 'invoiceNo,quantity' },
        { key: 'created_at', value: '2026-11-28T10:15:00.456Z' },
        { key: 'format', value: 'parquet' },
      ]),
    );
  });

  it('streams a CSV part larger than one upload part, and it reads back whole', async () => {
    const count = 200_000;
    const big = columnarTable({
      invoiceNo: Array.from({ length: count }, (_, i) => String(536365 + i)),
      description: Array.from({ length: count }, (_, i) => `ITEM ${i}, SIZE ${i % 7}`),
    });
    const written = await writeDatasetPart(client, big, `s3://${bucket}/big`, { partition: { day: '2011-01-01' }, part: 'part-b1', format: 'csv' });
    // Past lib-storage's 5 MiB part size, and never held as one string (CSV goes out in chunks).
    expect(written.size).toBeGreaterThan(5 * 1024 * 1024);
    const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: written.key }));
    expect(answer.ContentLength).toBe(written.size);
    const back = parseCsvRows((await answer.Body?.transformToString()) ?? '');
    expect(back).toHaveLength(count);
    expect(back[count - 1]).toMatchObject({ kind: 'record', fields: [String(536365 + count - 1), `ITEM ${count - 1}, SIZE ${(count - 1) % 7}`] });
  });

  it('a bucket that does not exist is BucketNotFoundError naming it', async () => {
    const attempt = writeDatasetPart(client, columnarTable({ invoiceNo: ['1'] }), 's3://no-such-bucket-s3x/clean/orders', { partition: { day: '2011-12-09' }, part: 'part-0' });
    await expect(attempt).rejects.toBeInstanceOf(BucketNotFoundError);
    await expect(attempt).rejects.toThrow('Bucket "no-such-bucket-s3x" does not exist');
  });

  it('refuses a table that also holds a partition column, before writing anything', async () => {
    const table = columnarTable({ invoiceNo: ['1'], day: ['2011-12-09'] });
    const attempt = writeDatasetPart(client, table, `s3://${bucket}/refused`, { partition: { day: '2011-12-09' }, part: 'part-0' });
    await expect(attempt).rejects.toBeInstanceOf(InvalidDatasetPartError);
    await expect(attempt).rejects.toThrow('the table has column "day", which is also a partition column; drop it from the table');
    expect(await collect(listObjects(client, `s3://${bucket}/refused/`))).toEqual([]);
  });
});
