import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parseCsvRows } from '@ecomlake/csv';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { freshBucket, testClient } from '../test-fixtures/s3';
import { columnarTable } from '../test-fixtures/table';
import { BucketNotFoundError } from './errors';
import { InvalidOutputNameError } from './output-keys';
import { writeTable } from './write-table';

describe('writeTable', () => {
  let client: S3Client;
  let bucket: string;
  const now = new Date('2026-11-28T10:15:00.456Z');
  const table = columnarTable({
    InvoiceNo: ['536365', '536366', 'C536379'],
    Description: ['HAND WARMER, RED', '12" RULER', 'Discount'],
    RevenueMilli: [15_300, 22_000, -27_500],
  });

  beforeAll(async () => {
    client = testClient();
    bucket = await freshBucket(client);
  });
  afterAll(() => client.destroy());

  const bytes = async (key: string) => {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
  };
  const head = (key: string) => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));

  it('writes Parquet as latest and timestamped objects with rows, columns and created_at', async () => {
    const written = await writeTable(client, table, `s3://${bucket}/clean`, { name: 'orders', format: 'parquet', now, metadata: { run: 'r1' } });
    expect(written).toMatchObject({
      rows: 3,
      columns: ['InvoiceNo', 'Description', 'RevenueMilli'],
      createdAt: '2026-11-28T10:15:00.456Z',
      latest: { key: 'clean/orders_latest.parquet', uri: `s3://${bucket}/clean/orders_latest.parquet` },
      timestamped: { key: 'clean/orders_20261128T101500Z.parquet' },
    });
    for (const key of ['clean/orders_latest.parquet', 'clean/orders_20261128T101500Z.parquet']) {
      const meta = await head(key);
      expect(meta.ContentLength).toBe(written.latest.size);
      expect(meta.ContentType).toBe('application/vnd.apache.parquet');
      expect(meta.Metadata).toMatchObject({ rows: '3', columns: '3', column_names: 'InvoiceNo,Description,RevenueMilli', created_at: '2026-11-28T10:15:00.456Z', run: 'r1' });
      const file = await bytes(key);
      const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
      expect(await parquetReadObjects({ file: buffer })).toEqual([
        { InvoiceNo: '536365', Description: 'HAND WARMER, RED', RevenueMilli: 15_300 },
        { InvoiceNo: '536366', Description: '12" RULER', RevenueMilli: 22_000 },
        { InvoiceNo: 'C536379', Description: 'Discount', RevenueMilli: -27_500 },
      ]);
      expect(parquetMetadata(buffer).key_value_metadata).toEqual(expect.arrayContaining([{ key: 'rows', value: '3' }]));
    }
  });

  it('writes CSV that reads back to the same fields', async () => {
    const written = await writeTable(client, table, `s3://${bucket}/csv/`, { name: 'orders', format: 'csv', now });
    expect(written.latest.key).toBe('csv/orders_latest.csv');
    const text = (await bytes('csv/orders_20261128T101500Z.csv')).toString('utf8');
    expect(Buffer.byteLength(text)).toBe(written.latest.size);
    expect(parseCsvRows(text).map((r) => (r.kind === 'record' ? r.fields : r.reason))).toEqual([
      ['536365', 'HAND WARMER, RED', '15300'],
      ['536366', '12" RULER', '22000'],
      ['C536379', 'Discount', '-27500'],
    ]);
    expect((await bytes('csv/orders_latest.csv')).toString('utf8')).toBe(text);
    expect((await head('csv/orders_latest.csv')).ContentType).toBe('text/csv');
  });

  it('writes only latest with timestamped: false, replacing the previous latest', async () => {
    await writeTable(client, table, `s3://${bucket}/only-latest/`, { name: 'orders', format: 'csv', timestamped: false });
    const smaller = columnarTable({ InvoiceNo: ['1'] });
    const written = await writeTable(client, smaller, `s3://${bucket}/only-latest/`, { name: 'orders', format: 'csv', timestamped: false });
    expect(written.timestamped).toBeUndefined();
    expect((await bytes('only-latest/orders_latest.csv')).toString()).toBe('InvoiceNo\n1\n');
    expect((await head('only-latest/orders_latest.csv')).Metadata).toMatchObject({ rows: '1', columns: '1' });
  });

  it('streams a large CSV table in parts', async () => {
    const rows = 200_000;
    const big = columnarTable({
      InvoiceNo: Array.from({ length: rows }, (_, i) => String(536365 + i)),
      Description: Array.from({ length: rows }, (_, i) => `ITEM ${i}, SIZE ${i % 7}`),
    });
    const written = await writeTable(client, big, `s3://${bucket}/big/`, { name: 'lines', format: 'csv', timestamped: false });
    expect(written.latest.size).toBeGreaterThan(5 * 1024 * 1024);
    const back = parseCsvRows(await bytes('big/lines_latest.csv'));
    expect(back).toHaveLength(rows);
    expect(back[rows - 1]).toMatchObject({ kind: 'record', fields: [String(536365 + rows - 1), `ITEM ${rows - 1}, SIZE ${(rows - 1) % 7}`] });
  });

  it('rejects a name that cannot make a key, and a missing bucket', async () => {
    await expect(writeTable(client, table, `s3://${bucket}/x/`, { name: '../orders' })).rejects.toBeInstanceOf(InvalidOutputNameError);
    await expect(writeTable(client, table, 's3://no-such-bucket-s3x/x/', { name: 'orders' })).rejects.toBeInstanceOf(BucketNotFoundError);
  });
});
