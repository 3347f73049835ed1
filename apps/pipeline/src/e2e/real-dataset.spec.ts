// The whole pipeline over the real UCI Online Retail dataset, on the run's embedded stack:
// its figures equal those the cleaning library computes from the same files, each query
// answer equals the same aggregate computed from the cleaned items, and a second run over
// the same table skips every partition (same objects, same settings) and answers the same.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { listObjects } from '@ecomlake/s3-extract';
import { lakePrefix } from '@ecomlake/partition-unit';
import { cleanFiles, listCsvFiles, orderItems, type CleanResult } from '@ecomlake/cleaning';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { formatMilli, milli, type OrderItem } from '@ecomlake/model';
import { runPipeline } from '../app/pipeline';
import { resolveSettings, type Settings } from '../app/settings';
import { WORKSPACE } from './run-cli';

const REAL = path.resolve(WORKSPACE, '../shared/data/online-retail/by-day');
jest.setTimeout(1_800_000);

interface Summary {
  quality: CleanResult['report'];
  load: { items: number; written: number; partitionsSkipped: number };
  lake: { uri: string; rows: number };
  sales: { orders: number; revenue: string; cancellations: number; cancelled: string; netRevenue: string };
  stages: Record<string, { figures?: Record<string, unknown> }>;
  queries: {
    revenueOnDate: { day: string; revenue: string; orders: number };
    salesByCountry: { country: string; revenue: string; orders: number; items: number };
    ordersByCustomer: { customerId: string; orders: number; items: number; revenue: string };
    stats: { name: string; stats: { items: number; consumedCapacity: number } }[];
  };
}

let expected: CleanResult;
let items: OrderItem[];
const runs: Summary[] = [];
let lakeCopy: string;

beforeAll(async () => {
  const { s3, dynamodb } = testStack();
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey });
  const env = { AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint, AWS_REGION: s3.region };
  const work = mkdtempSync(path.join(tmpdir(), 'pipeline-real-'));
  const bucket = uniqueName('real');
  const table = uniqueName('real');
  // Both runs check the aggregates against a scan of the table (the scan path).
  const argv = ['--input', REAL, '--out', path.join(work, 'out'), '--table', table, '--bucket', bucket, '--verify-analytics'];
  const settings: Settings = resolveSettings(argv, env, path.join(work, 'no.env'));

  expected = await cleanFiles(await listCsvFiles(REAL));
  items = [...orderItems(expected.items)];
  for (const run of ['first', 'second']) {
    await runPipeline(settings, { env, dataDir: path.join(work, `data-${run}`), log: () => undefined, progress: false });
    runs.push(JSON.parse(readFileSync(path.join(work, 'out', 'run-summary.json'), 'utf8')));
  }
  // A copy of the lake's orders dataset, as an engine would read it.
  lakeCopy = path.join(work, 'lake');
  const client = new S3Client(s3);
  // The table's own lake prefix, clean/<table>/ (lakePrefix): its orders dataset, copied as orders/.
  const orders = `${lakePrefix(table)}orders/`;
  for await (const object of listObjects(client, `s3://${bucket}/${orders}`)) {
    const target = path.join(lakeCopy, 'clean', 'orders', object.key.slice(orders.length));
    mkdirSync(path.dirname(target), { recursive: true });
    const bytes = await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: object.key }))).Body?.transformToByteArray();
    if (!bytes) throw new Error(`no body for ${object.key}`);
    writeFileSync(target, bytes);
  }
  client.destroy();
});

test('the run reads every row of the real dataset and reconciles like the cleaning library', () => {
  const [first] = runs;
  const q = first.quality;
  const e = expected.report;
  expect(q.rowsIn).toBe(541_909);
  expect(q.reconciled).toBe(true);
  expect({ clean: q.clean, excluded: q.excluded, quarantined: q.quarantined, revenue: q.cleanRevenue, items: q.items, guests: q.guests }).toEqual({
    clean: e.clean,
    excluded: e.excluded,
    quarantined: e.quarantined,
    revenue: e.cleanRevenue,
    items: e.items,
    guests: e.guests,
  });
  expect(first.load).toMatchObject({ items: e.items, written: e.items });
});

test('each query answer equals the aggregate of the cleaned items', () => {
  const { revenueOnDate, salesByCountry, ordersByCustomer } = runs[0].queries;
  const sum = (list: OrderItem[]) => formatMilli(milli(list.reduce((s, i) => s + i.totalAmountMilli, 0)));
  const invoices = (list: OrderItem[]) => new Set(list.map((i) => i.invoiceNo)).size;

  const day = items.filter((i) => i.invoiceDay === revenueOnDate.day);
  expect(revenueOnDate).toEqual({ day: revenueOnDate.day, revenue: sum(day), orders: invoices(day) });

  const uk = items.filter((i) => i.country === 'United Kingdom');
  expect(salesByCountry).toEqual({ country: 'United Kingdom', revenue: sum(uk), orders: invoices(uk), items: uk.length });

  const customer = items.filter((i) => i.customerId === ordersByCustomer.customerId);
  expect(ordersByCustomer).toEqual({ customerId: ordersByCustomer.customerId, orders: invoices(customer), items: customer.length, revenue: sum(customer) });
});

test('a second run skips every partition and the table stays the same', () => {
  const [first, second] = runs;
  expect(second.load).toMatchObject({ written: 0, partitionsSkipped: 305 });
  expect(second.queries).toEqual({ ...first.queries, stats: expect.any(Array) });
  // The map/histogram scan reads every order item of the table (no CountryIndex on a default table): nothing was duplicated.
  const scanned = second.queries.stats.find((s) => s.name.startsWith('verify: salesOverview'));
  expect(scanned?.stats.items).toBe(expected.report.items);
});

test('DuckDB reads the lake as one Hive-partitioned table: rows and revenue are the quality report\'s', async () => {
  const { quality, lake } = runs[1];
  expect(lake.rows).toBe(quality.items);
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  const from = `read_parquet('${lakeCopy}/clean/orders/**/*.parquet', hive_partitioning = true)`;
  const [row] = (
    await con.runAndReadAll(`SELECT count(*)::INTEGER AS items, sum(totalAmount)::VARCHAR AS revenue, count(DISTINCT day)::INTEGER AS days, sum(lineCount)::INTEGER AS lines FROM ${from}`)
  ).getRowObjects();
  con.closeSync();
  expect(row).toEqual({ items: quality.items, revenue: Number(quality.cleanRevenue).toFixed(3), days: 305, lines: quality.clean });
});

test('the report reads aggregates, equal to a scan of the table, with revenue net of cancellations', () => {
  const [first, second] = runs;
  expect(first.stages.analytics.figures).toMatchObject({ verified: true });
  expect(second.stages.analytics.figures).toMatchObject({ verified: true });
  // By hand from the cleaning: every cancellation row's amount, booked on its day.
  const cancelled = expected.report.rules.find((r) => r.id === 'cancellation');
  expect(first.sales).toEqual({
    orders: new Set(items.map((i) => i.invoiceNo)).size,
    revenue: expected.report.cleanRevenue,
    cancellations: cancelled?.count,
    cancelled: formatMilli(milli(cancelled?.amountMilli ?? 0)),
    netRevenue: formatMilli(milli(expected.report.cleanRevenueMilli + (cancelled?.amountMilli ?? 0))),
  });
  expect(first.sales.cancelled).toBe('-893979.73');
  // The map and histograms from aggregates cost tens of capacity units, not a scan's thousands.
  const overview = first.queries.stats.find((s) => s.name.startsWith('salesOverview') && s.name.includes('aggregates'));
  const scan = first.queries.stats.find((s) => s.name.startsWith('verify: salesOverview'));
  expect(overview?.stats.consumedCapacity).toBeLessThan(0.02 * (scan?.stats.consumedCapacity ?? 0));
});
