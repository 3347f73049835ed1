// The unit against the embedded stack's real S3 and DynamoDB: real days in, a lake and a
// table out; the reduce reconciles from results alone; reruns skip, a removed day goes.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { cleanFile, mergePartitions, orderItems, PartitionOverlapError } from '@ecomlake/cleaning';
import {
  checkAggregates,
  computeAggregates,
  decodeItem,
  deleteTable,
  ensureTable,
  invalidatePartitionHeads,
  isReservedRecord,
  itemKey,
  orderTableSpec,
  prunePartitions,
  readAggregates,
  readStoredPartition,
  scanItems,
} from '@ecomlake/dynamodb-repository';
import { cancellationsOf } from './cancellations';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { ensureBucket, listObjects, uploadFiles, type ObjectInfo } from '@ecomlake/s3-extract';
import { finishRun } from './finish-run';
import { partitionId } from './identity';
import { planPartition } from './plan-run';
import { reducePartitions } from './reduce';
import { runPartition, type PartitionUnitOptions } from './run-partition';
import type { PartitionResult } from './types';

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

describe('the identity check before the read', () => {
  // Clients of their own, counting what they send: S3 GetObject and every DynamoDB request.
  const sent = { gets: 0, dynamodb: [] as string[] };
  const s3c = new S3Client(stack.s3);
  s3c.middlewareStack.add((next, context) => async (args) => {
    if (context.commandName === 'GetObjectCommand') sent.gets += 1;
    return next(args);
  }, { step: 'initialize' });
  const ddb = new DynamoDBClient(stack.dynamodb);
  ddb.middlewareStack.add((next, context) => async (args) => {
    sent.dynamodb.push(context.commandName ?? '?');
    return next(args);
  }, { step: 'initialize' });
  const reset = () => ((sent.gets = 0), (sent.dynamodb = []));
  const rbucket = uniqueName('rerun');
  const rtable = uniqueName('rerun');
  const rlake = `s3://${rbucket}/clean/`;
  const days = ['2010-12-01.csv', '2011-12-09.csv'];
  let listed: ObjectInfo[] = [];
  const target = { client: ddb, table: rtable, options: { concurrency: 4 } };
  const base: PartitionUnitOptions = { s3: s3c, lakeUri: rlake, load: target };
  const runAll = (opts: PartitionUnitOptions = base, list = listed) => Promise.all(list.map((object) => runPartition({ object, id: partitionId(object.key, 'raw/') }, opts)));
  const list = async () => {
    const out: ObjectInfo[] = [];
    for await (const o of listObjects(s3, `s3://${rbucket}/raw/`)) out.push(o);
    return out;
  };
  const stripped = (r: PartitionResult) => ({ id: r.id, source: r.source, etag: r.etag, size: r.size, identity: r.identity, report: r.report, counts: r.counts, invoices: r.invoices, lake: r.lake });
  let first: PartitionResult[] = [];

  beforeAll(async () => {
    await ensureBucket(s3, rbucket);
    await ensureTable(dynamodb, orderTableSpec(rtable), { pollMs: 50 });
    const dir = mkdtempSync(path.join(tmpdir(), 'rerun-'));
    for (const day of days) copyFileSync(path.join(REAL, day), path.join(dir, day));
    await uploadFiles(s3, dir, `s3://${rbucket}/raw/`);
    listed = await list();
    first = await runAll();
  });
  afterAll(async () => {
    await deleteTable(dynamodb, rtable, { pollMs: 50 });
    s3c.destroy();
    ddb.destroy();
  });

  it('answers an unchanged partition from the table: no S3 GET, one DynamoDB request, the first run\'s result', async () => {
    expect(first.map((r) => r.load?.status)).toEqual(['loaded', 'loaded']);
    reset();
    const again = await runAll();
    expect(sent.gets).toBe(0);
    expect(sent.dynamodb).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
    expect(again.map((r) => r.load?.status)).toEqual(['skipped', 'skipped']);
    expect(again.map((r) => r.load?.requests)).toEqual([1, 1]);
    expect(again.map(stripped)).toEqual(first.map(stripped));
    const reduced = (results: PartitionResult[]) => {
      const { report, partitions, lake } = reducePartitions(results);
      return { report, partitions, lake };
    };
    expect(reduced(again)).toEqual(reduced(first));
    expect(reducePartitions(again).load?.skipped).toEqual(days);
  });

  it('plans an unchanged partition from the table: no object read, the same invoices', async () => {
    reset();
    const plans = await Promise.all(listed.map((object) => planPartition({ object, id: partitionId(object.key, 'raw/') }, { s3: s3c, load: target })));
    expect(sent.gets).toBe(0);
    expect(sent.dynamodb).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
    expect(plans).toEqual(first.map((r) => ({ id: r.id, source: r.source, invoices: r.invoices })));
    // Another cleaning is another identity: the objects are read.
    reset();
    const other = await Promise.all(listed.map((object) => planPartition({ object, id: partitionId(object.key, 'raw/') }, { s3: s3c, load: target, clean: { rules: { cancellation: false } } })));
    expect(sent.gets).toBe(2);
    expect(other.map((p) => p.id)).toEqual(days);
  });

  it('plans a partition the table never had as neverLoaded; its load given that sends no read, and the table is the same', async () => {
    const fresh = uniqueName('never');
    await ensureTable(dynamodb, orderTableSpec(fresh), { pollMs: 50 });
    try {
      const freshTarget = { ...target, table: fresh };
      const plans = await Promise.all(listed.map((object) => planPartition({ object, id: partitionId(object.key, 'raw/') }, { s3: s3c, load: freshTarget })));
      expect(plans.map((p) => p.neverLoaded)).toEqual([true, true]);
      // The rerun's table has both heads: not never loaded.
      const known = await Promise.all(listed.map((object) => planPartition({ object, id: partitionId(object.key, 'raw/') }, { s3: s3c, load: target, clean: { rules: { cancellation: false } } })));
      expect(known.map((p) => p.neverLoaded)).toEqual([undefined, undefined]);
      reset();
      const loaded = await Promise.all(listed.map((object) => runPartition({ object, id: partitionId(object.key, 'raw/'), stored: {} }, { ...base, lakeUri: undefined, load: freshTarget })));
      expect(sent.dynamodb.filter((command) => command.startsWith('BatchGet') || command.startsWith('GetItem') || command === 'QueryCommand')).toEqual([]);
      expect(loaded.map((r) => r.load?.replaceCost.readRequests)).toEqual([0, 0]);
      expect(loaded.map((r) => r.load?.status)).toEqual(['loaded', 'loaded']);
      const items = async (name: string) => {
        const out: string[] = [];
        // The run marker holds when it was written: everything else must be equal.
        for await (const record of scanItems(dynamodb, { TableName: name })) out.push(JSON.stringify({ ...record, ...(record.At && { At: 'time' }) }));
        return out.sort();
      };
      // Heads, pages, summaries, aggregates and items exactly as loads that read for themselves write them.
      const reference = uniqueName('reads');
      await ensureTable(dynamodb, orderTableSpec(reference), { pollMs: 50 });
      await Promise.all(listed.map((object) => runPartition({ object, id: partitionId(object.key, 'raw/') }, { ...base, lakeUri: undefined, load: { ...target, table: reference } })));
      const [ours, theirs] = [await items(fresh), await items(reference)];
      await deleteTable(dynamodb, reference, { pollMs: 50 });
      expect(ours.length).toBeGreaterThan(1000);
      expect(ours).toEqual(theirs);
      const again = await Promise.all(listed.map((object) => runPartition({ object, id: partitionId(object.key, 'raw/') }, { ...base, lakeUri: undefined, load: freshTarget })));
      expect(again.map((r) => r.load?.status)).toEqual(['skipped', 'skipped']);
      expect(again.map((r) => r.invoices)).toEqual(first.map((r) => r.invoices));
    } finally {
      await deleteTable(dynamodb, fresh, { pollMs: 50 });
    }
  });

  it('reads the object again when the cleaning, the lake format or the head changed', async () => {
    // A changed cleaning option: both read and loaded again, then answered from the table.
    const changed: PartitionUnitOptions = { ...base, clean: { nonProductCodes: ['POST', 'DOT', 'M'] } };
    reset();
    expect((await runAll(changed)).map((r) => r.load?.status)).toEqual(['loaded', 'loaded']);
    expect(sent.gets).toBe(2);
    // The check's read is the one the load decides from: head and summary read once a partition, not twice.
    expect(sent.dynamodb.filter((command) => command === 'BatchGetItemCommand')).toHaveLength(2);
    reset();
    await runAll(base);
    expect(sent.gets).toBe(2);
    // Another lake format: the same identity (the load skips) but other parts, so the object is read and the summary kept anew.
    reset();
    const csv = await runAll({ ...base, lakeFormat: 'csv' });
    expect(sent.gets).toBe(2);
    expect(csv.map((r) => r.load?.status)).toEqual(['skipped', 'skipped']);
    expect(csv.flatMap((r) => r.lake.filter((p) => p.dataset === 'orders').map((p) => p.key.slice(-4)))).toEqual(['.csv', '.csv']);
    reset();
    expect((await runAll({ ...base, lakeFormat: 'csv' })).map(stripped)).toEqual(csv.map(stripped));
    expect(sent.gets).toBe(0);
    // Without a lake: parts would differ (none), so read.
    reset();
    expect((await runAll({ ...base, lakeUri: undefined })).every((r) => r.lake.length === 0)).toBe(true);
    expect(sent.gets).toBe(2);
    // An invalidated head (another run's layout) is `loading`: never answered from the table.
    await runAll(base);
    await invalidatePartitionHeads(dynamodb, rtable, ['2011-12-09.csv']);
    reset();
    const after = await runAll(base);
    expect(sent.gets).toBe(1);
    expect(after.map((r) => r.load?.status)).toEqual(['skipped', 'loaded']);
    expect(after.map(stripped)).toEqual(first.map(stripped));
  });

  it('reads a changed object again, and a removed partition\'s summary goes with it', async () => {
    // The last day with its last 200 lines dropped: another ETag.
    const dir = mkdtempSync(path.join(tmpdir(), 'rerun-changed-'));
    const lines = readFileSync(path.join(REAL, '2011-12-09.csv'), 'utf8').trimEnd().split('\n');
    writeFileSync(path.join(dir, '2011-12-09.csv'), lines.slice(0, -200).join('\n') + '\n');
    await uploadFiles(s3, dir, `s3://${rbucket}/raw/`);
    const now = await list();
    expect(now[1].etag).not.toBe(listed[1].etag);
    reset();
    const results = await runAll(base, now);
    expect(sent.gets).toBe(1);
    expect(results.map((r) => r.load?.status)).toEqual(['skipped', 'loaded']);
    expect(results[1].counts.lines).toBeLessThan(first[1].counts.lines);
    reset();
    expect((await runAll(base, now)).map(stripped)).toEqual(results.map(stripped));
    expect(sent.gets).toBe(0);
    // The pruned partition's head and summary are gone; the kept one's are there.
    expect(await readStoredPartition(dynamodb, rtable, '2011-12-09.csv')).toMatchObject({ head: { state: 'done' }, summary: { identity: results[1].identity } });
    await prunePartitions(dynamodb, rtable, ['2010-12-01.csv']);
    expect(await readStoredPartition(dynamodb, rtable, '2011-12-09.csv')).toEqual({});
    expect((await readStoredPartition(dynamodb, rtable, '2010-12-01.csv')).summary?.identity).toBe(first[0].identity);
    const reserved: string[] = [];
    for await (const record of scanItems(dynamodb, { TableName: rtable })) if (isReservedRecord(record)) reserved.push(record.InvoiceNo?.S ?? '');
    expect(reserved.filter((pk) => pk.startsWith('#summary#'))).toHaveLength(1);
  });
});

it("writes a partition's lake parts at once, not one after another (one round trip, in the parts' order)", async () => {
  // A client of its own that counts S3 writes in flight; no table: only the lake is written.
  let inFlight = 0;
  let most = 0;
  const s3w = new S3Client(stack.s3);
  s3w.middlewareStack.add((next, context) => async (args) => {
    const write = context.commandName !== 'GetObjectCommand' && context.commandName !== 'HeadObjectCommand';
    if (write) most = Math.max(most, ++inFlight);
    try {
      return await next(args);
    } finally {
      if (write) inFlight -= 1;
    }
  }, { step: 'initialize' });
  const wbucket = uniqueName('parts');
  await ensureBucket(s3, wbucket);
  const dir = mkdtempSync(path.join(tmpdir(), 'parts-'));
  copyFileSync(path.join(REAL, '2010-12-01.csv'), path.join(dir, '2010-12-01.csv'));
  await uploadFiles(s3, dir, `s3://${wbucket}/raw/`);
  const [object] = await (async () => {
    const out: ObjectInfo[] = [];
    for await (const o of listObjects(s3, `s3://${wbucket}/raw/`)) out.push(o);
    return out;
  })();
  const result = await runPartition({ object, id: partitionId(object.key, 'raw/') }, { s3: s3w, lakeUri: `s3://${wbucket}/clean/` });
  // The real day has sales, cancellations (excluded) and a quarantined line or none: at least two parts.
  expect(result.lake.length).toBeGreaterThanOrEqual(2);
  expect(result.lake.map((p) => p.dataset)).toEqual([...result.lake.map((p) => p.dataset)].sort((a, b) => ['orders', 'excluded', 'quarantine'].indexOf(a) - ['orders', 'excluded', 'quarantine'].indexOf(b)));
  // Not a race: every part reaches the client before any answer can come back (answers are I/O,
  // the sends only microtasks), so all are in flight at once; one after another, at most 1 was.
  expect(most).toBe(result.lake.length);
  s3w.destroy();
});
