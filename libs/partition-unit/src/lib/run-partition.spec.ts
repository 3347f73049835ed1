// The unit against the embedded stack's real S3 and DynamoDB: real days in, a lake and a
// table out; the reduce reconciles from results alone; reruns skip, a removed day goes.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { cleanFile, mergePartitions, orderItems, PartitionOverlapError } from '@ecomlake/cleaning';
import { checkAggregates, computeAggregates, decodeItem, deleteTable, ensureTable, isReservedRecord, itemKey, orderTableSpec, readAggregates, scanItems } from '@ecomlake/dynamodb-repository';
import { cancellationsOf } from './cancellations';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { ensureBucket, listObjects, uploadFiles, type ObjectInfo } from '@ecomlake/s3-extract';
import { finishRun } from './finish-run';
import { partitionId } from './identity';
import { reducePartitions } from './reduce';
import { runPartition, type PartitionUnitOptions } from './run-partition';

jest.setTimeout(120_000);
const REAL = path.resolve(__dirname, '../../../../../shared/data/online-retail/by-day');
const DAYS = ['2010-12-01.csv', '2010-12-02.csv', '2011-12-09.csv'];

const stack = testStack();
const s3 = new S3Client(stack.s3);
const dynamodb = new DynamoDBClient(stack.dynamodb);
const bucket = uniqueName('unit');
const table = uniqueName('unit');
const lakeUri = `s3://${bucket}/clean/`;
const objects: ObjectInfo[] = [];

beforeAll(async () => {
  await ensureBucket(s3, bucket);
  await ensureTable(dynamodb, orderTableSpec(table), { pollMs: 50 });
  const dir = mkdtempSync(path.join(tmpdir(), 'unit-'));
  for (const day of DAYS) copyFileSync(path.join(REAL, day), path.join(dir, day));
  await uploadFiles(s3, dir, `s3://${bucket}/raw/`);
  for await (const o of listObjects(s3, `s3://${bucket}/raw/`)) objects.push(o);
});
afterAll(async () => {
  await deleteTable(dynamodb, table, { pollMs: 50 });
  s3.destroy();
  dynamodb.destroy();
});

const options: PartitionUnitOptions = { s3, lakeUri, load: { client: dynamodb, table, options: { concurrency: 4 } } };
const run = (list: ObjectInfo[]) => Promise.all(list.map((object) => runPartition({ object, id: partitionId(object.key, 'raw/') }, options)));

async function tableItems(): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for await (const record of scanItems(dynamodb, { TableName: table })) {
    if (isReservedRecord(record)) continue;
    const item = decodeItem(record);
    out.set(itemKey(item), item);
  }
  return out;
}

describe('runPartition and the reduce', () => {
  it('cleans, writes the lake and loads each day on its own; the reduce equals a merge of all rows', async () => {
    const results = await run(objects);
    // The expectation: the all-in-memory path, cleaning the same files merged.
    const merged = mergePartitions(await Promise.all(DAYS.map((d) => cleanFile(path.join(REAL, d)))));
    const reduced = reducePartitions(results);
    const strip = ({ rules, ...rest }: typeof merged.report) => ({ ...rest, rules: rules.map(({ samples, ...rule }) => ({ ...rule, samples: samples.length })) });
    expect(strip(reduced.report)).toEqual(strip(merged.report));
    expect(reduced.load?.loaded).toEqual(['2010-12-01.csv', '2010-12-02.csv', '2011-12-09.csv']);
    expect(reduced.load?.written).toBe(merged.report.items);
    // The table holds exactly the merged items, key by key.
    const expected = new Map([...orderItems(merged.items)].map((item) => [itemKey(item), item]));
    expect(await tableItems()).toEqual(expected);
    // One Parquet part per day, named by the partition, rows adding up to the items.
    const parts = results.flatMap((r) => r.lake.filter((p) => p.dataset === 'orders'));
    expect(parts.map((p) => p.key.replace(/part-[\w-]+/, 'part-*'))).toEqual([
      'clean/orders/day=2010-12-01/part-*.parquet',
      'clean/orders/day=2010-12-02/part-*.parquet',
      'clean/orders/day=2011-12-09/part-*.parquet',
    ]);
    expect(parts.reduce((n, p) => n + p.rows, 0)).toBe(merged.report.items);
    // Each day's aggregates (sales by country, cancellations) were loaded with it.
    await checkAggregates(dynamodb, table);
    const { aggregates } = await readAggregates(dynamodb, table);
    expect(aggregates).toEqual(computeAggregates(orderItems(merged.items), cancellationsOf(merged.excluded)));
    const cancelled = merged.report.rules.find((r) => r.id === 'cancellation')?.amountMilli;
    expect(aggregates.reduce((sum, a) => sum + a.cancelledMilli, 0)).toBe(cancelled);
  });

  it('gives DuckDB a Hive dataset whose rows and revenue are the quality report\'s, with no cast', async () => {
    const results = await run(objects);
    const report = reducePartitions(results).report;
    const dir = mkdtempSync(path.join(tmpdir(), 'lake-'));
    for await (const o of listObjects(s3, `${lakeUri}orders/`)) {
      const target = path.join(dir, o.key);
      mkdirSync(path.dirname(target), { recursive: true });
      const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.key }));
      const bytes = await body.Body?.transformToByteArray();
      if (!bytes) throw new Error(`no body for ${o.key}`);
      writeFileSync(target, bytes);
    }
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    const from = `read_parquet('${dir}/clean/orders/**/*.parquet', hive_partitioning = true)`;
    const types = Object.fromEntries((await con.runAndReadAll(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${from})`)).getRowObjects().map((r) => [r.column_name, r.column_type]));
    expect(types).toMatchObject({ totalAmount: 'DECIMAL(18,3)', unitPrice: 'DECIMAL(18,3)', invoiceDate: 'TIMESTAMP', quantity: 'BIGINT', day: 'DATE' });
    const [row] = (await con.runAndReadAll(`SELECT count(*)::INTEGER AS n, sum(totalAmount)::VARCHAR AS revenue, count(DISTINCT day)::INTEGER AS days FROM ${from}`)).getRowObjects();
    expect(row).toEqual({ n: report.items, revenue: Number(report.cleanRevenue).toFixed(3), days: 3 });
    con.closeSync();
  });

  it('skips every partition on a rerun, and a day that left the input leaves the table and the lake', async () => {
    await run(objects);
    const again = await run(objects);
    expect(again.map((r) => r.load?.status)).toEqual(['skipped', 'skipped', 'skipped']);
    const kept = again.filter((r) => r.id !== '2010-12-02.csv');
    const finished = await finishRun(kept, { s3, lakeUri, load: { client: dynamodb, table } });
    expect(finished.partitionsRemoved).toEqual(['2010-12-02.csv']);
    expect(finished.lakeObjectsRemoved.filter((k) => k.includes('/orders/'))).toEqual([expect.stringMatching(/^clean\/orders\/day=2010-12-02\/part-/)]);
    const expected = mergePartitions(await Promise.all(['2010-12-01.csv', '2011-12-09.csv'].map((d) => cleanFile(path.join(REAL, d)))));
    expect([...(await tableItems()).keys()].sort()).toEqual([...orderItems(expected.items)].map(itemKey).sort());
    const left: string[] = [];
    for await (const o of listObjects(s3, `${lakeUri}orders/`)) left.push(o.key);
    expect(left.sort()).toEqual(kept.flatMap((r) => r.lake.filter((p) => p.dataset === 'orders').map((p) => p.key)).sort());
  });

  it('refuses a run where one invoice is in two partitions, naming both', async () => {
    const [first] = await run(objects.slice(0, 1));
    expect(() => reducePartitions([first, { ...first, id: 'copy.csv', source: 's3://b/raw/copy.csv' }])).toThrow(PartitionOverlapError);
    expect(() => reducePartitions([first, { ...first }])).toThrow(/given twice/);
  });

  it('reads nothing it was not pinned to: a changed object fails, named', async () => {
    const stale = { ...objects[0], etag: '"0123456789abcdef0123456789abcdef"' };
    await expect(runPartition({ object: stale, id: 'x' }, { s3 })).rejects.toThrow(/2010-12-01\.csv/);
  });
});
