import type { S3Client } from '@aws-sdk/client-s3';
import { freshBucket, putText, testClient } from '../test-fixtures/s3';
import { columnarTable } from '../test-fixtures/table';
import { ObjectNotFoundError, OutputMismatchError } from './errors';
import { verifyObject } from './verify-object';
import { writeTable } from './write-table';

describe('verifyObject', () => {
  let client: S3Client;
  let bucket: string;
  const table = columnarTable({ 'Unit Price (£)': [1.5, 2], Country: ['EIRE', 'France'] });

  beforeAll(async () => {
    client = testClient();
    bucket = await freshBucket(client);
  });
  afterAll(() => client.destroy());

  it("reports size and writeTable's metadata, column names decoded", async () => {
    const written = await writeTable(client, table, `s3://${bucket}/out/`, { name: 'prices', format: 'csv', now: new Date('2026-01-02T03:04:05Z') });
    const report = await verifyObject(client, written.latest.uri, { rows: 2, columns: ['Unit Price (£)', 'Country'], minSize: 1, size: written.latest.size });
    expect(report).toMatchObject({
      size: written.latest.size,
      rows: 2,
      columnCount: 2,
      columns: ['Unit Price (£)', 'Country'],
      createdAt: '2026-01-02T03:04:05.000Z',
      format: 'csv',
      contentType: 'text/csv',
    });
  });

  it('lists every failed expectation', async () => {
    const written = await writeTable(client, table, `s3://${bucket}/out/`, { name: 'prices2', format: 'parquet' });
    const error = await verifyObject(client, written.latest.uri, { rows: 3, columns: ['Country'], metadata: { run: 'r9' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputMismatchError);
    expect((error as OutputMismatchError).mismatches).toEqual([
      'rows is 2, expected 3',
      'columns are [Unit Price (£), Country], expected [Country]',
      'metadata run is missing, expected r9',
    ]);
  });

  it('reports a plain object without table metadata', async () => {
    await putText(client, bucket, 'plain.txt', 'hello');
    const report = await verifyObject(client, `s3://${bucket}/plain.txt`);
    expect(report).toMatchObject({ size: 5, rows: undefined, columns: undefined });
    await expect(verifyObject(client, `s3://${bucket}/plain.txt`, { rows: 1 })).rejects.toThrow('rows is missing, expected 1');
  });

  it('throws ObjectNotFoundError for a missing object', async () => {
    await expect(verifyObject(client, `s3://${bucket}/out/none_latest.csv`)).rejects.toBeInstanceOf(ObjectNotFoundError);
  });
});
