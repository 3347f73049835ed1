import type { S3Client } from '@aws-sdk/client-s3';
import { collect, freshBucket, putText, testClient } from '../test-fixtures/s3';
import { columnarTable } from '../test-fixtures/table';
import { listOutputs } from './list-outputs';
import { writeTable } from './write-table';

describe('listOutputs', () => {
  let client: S3Client;
  let bucket: string;

  beforeAll(async () => {
    client = testClient();
    bucket = await freshBucket(client);
    const table = columnarTable({ a: [1] });
    const at = (iso: string) => new Date(iso);
    await writeTable(client, table, `s3://${bucket}/clean/`, { name: 'orders', format: 'parquet', now: at('2026-11-28T10:15:00Z') });
    await writeTable(client, table, `s3://${bucket}/clean/`, { name: 'orders', format: 'parquet', now: at('2026-11-29T08:00:00Z') });
    await writeTable(client, table, `s3://${bucket}/clean/`, { name: 'quarantine', format: 'csv', now: at('2026-11-28T10:15:00Z') });
    await putText(client, bucket, 'clean/README.txt', 'not an output');
  });
  afterAll(() => client.destroy());

  it('lists outputs with name, format and version, oldest first, skipping other objects', async () => {
    const outputs = await collect(listOutputs(client, `s3://${bucket}/clean`));
    expect(outputs.map((o) => [o.name, o.format, o.version])).toEqual([
      ['orders', 'parquet', '20261128T101500Z'],
      ['orders', 'parquet', '20261129T080000Z'],
      ['orders', 'parquet', 'latest'],
      ['quarantine', 'csv', '20261128T101500Z'],
      ['quarantine', 'csv', 'latest'],
    ]);
    expect(outputs[0].writtenAt?.toISOString()).toBe('2026-11-28T10:15:00.000Z');
    expect(outputs[0].size).toBeGreaterThan(0);
  });

  it('filters by name, format and latest', async () => {
    const latest = await collect(listOutputs(client, `s3://${bucket}/clean/`, { latest: true }));
    expect(latest.map((o) => o.key)).toEqual(['clean/orders_latest.parquet', 'clean/quarantine_latest.csv']);
    const orders = await collect(listOutputs(client, `s3://${bucket}/clean/`, { name: 'orders', latest: false }));
    expect(orders).toHaveLength(2);
    expect(await collect(listOutputs(client, `s3://${bucket}/clean/`, { format: 'csv' }))).toHaveLength(2);
  });
});
