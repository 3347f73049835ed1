import { DynamoDBClient, QueryCommand, type QueryCommandOutput } from '@aws-sdk/client-dynamodb';
import type { OrderItem } from '@ecomlake/model';
import { testDynamoDb, uniqueName } from '../../test-fixtures/stack';
import { makeItems } from '../../testing';
import { createCapacityMeter } from '../capacity';
import { withMeter } from '../meter-scope';
import { deleteTable, ensureTable } from '../ensure-table';
import { computeAggregates } from '../aggregates/compute';
import { loadItems, loadPartitions } from '../load-items';
import { decodePartial, type DynamoRecord } from '../marshal';
import { orderTableSpec, WITH_COUNTRY_INDEX } from '../table-spec';
import { indexQuery } from './index-query';
import { indexScan, tableScan } from './index-scan';
import type { OrderRow } from './rows';

const client = new DynamoDBClient(testDynamoDb());
const table = uniqueName('reads');
const items = makeItems(900, { seed: 5, days: 6, firstDay: '2011-05-02' });

// Index reads are read from a table with both indexes (CountryIndex is opt-in).
beforeAll(async () => {
  await ensureTable(client, orderTableSpec(table, { indexes: WITH_COUNTRY_INDEX }), { pollMs: 50 });
  await loadItems(client, table, items);
});
afterAll(async () => {
  await deleteTable(client, table, { pollMs: 50 });
  await deleteTable(client, plain, { pollMs: 50 });
  client.destroy();
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

/** What an index entry projected to these fields holds, written from the generated item. */
function projected(item: OrderItem): OrderRow {
  return {
    invoiceNo: item.invoiceNo,
    invoiceDate: item.invoiceDate,
    invoiceDay: item.invoiceDay,
    month: item.month,
    totalAmountMilli: item.totalAmountMilli,
    ...(item.customerId ? { customerId: item.customerId } : {}),
  };
}
const order = (a: OrderRow, b: OrderRow) =>
  `${a.invoiceDate}|${a.invoiceNo}|${a.totalAmountMilli}`.localeCompare(`${b.invoiceDate}|${b.invoiceNo}|${b.totalAmountMilli}`);

describe('typed reads against DynamoDB Local', () => {
  const fields = ['invoiceNo', 'invoiceDate', 'totalAmountMilli', 'customerId'] as const;

  it('a typed query returns the rows of the same raw QueryCommand, in the same order', async () => {
    const raw: DynamoRecord[] = [];
    let startKey: DynamoRecord | undefined;
    do {
      const output: QueryCommandOutput = await client.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'CountryIndex',
          KeyConditionExpression: 'Country = :c AND InvoiceDate BETWEEN :a AND :b',
          ExpressionAttributeValues: { ':c': { S: 'Germany' }, ':a': { S: '2011-05-03' }, ':b': { S: '2011-05-05T23:59:59' } },
          ProjectionExpression: 'InvoiceNo, InvoiceDate, TotalAmount, CustomerID',
          ExclusiveStartKey: startKey,
          Limit: 7,
        }),
      );
      raw.push(...(output.Items ?? []));
      startKey = output.LastEvaluatedKey;
    } while (startKey);

    const meter = createCapacityMeter();
    const query = indexQuery({ table, index: 'CountryIndex', partition: 'Germany', range: { from: '2011-05-03', to: '2011-05-05' }, fields });
    const pages = await withMeter(meter, () => collect(query.pages(client, { pageSize: 10 })));
    const rows = pages.flatMap((page) => page.rows);

    expect(raw.length).toBeGreaterThan(20);
    expect(rows).toEqual(raw.map(decodePartial));
    const expected = items.filter((item) => item.country === 'Germany' && item.invoiceDay >= '2011-05-03' && item.invoiceDay <= '2011-05-05').map(projected);
    expect([...rows].sort(order)).toEqual(expected.sort(order));
    expect(pages.length).toBe(Math.floor(rows.length / 10) + 1);
    expect(meter.requests).toBe(pages.length);
    expect(meter.capacityUnits).toBeGreaterThan(0);
    expect(meter.capacityUnits).toBeCloseTo(pages.reduce((sum, page) => sum + page.consumedCapacity, 0), 6);
  });

  it('descending with a limit of one reads the partition’s last entry', async () => {
    const rows = await collect(indexQuery({ table, index: 'CountryIndex', partition: 'Spain', fields: ['invoiceDate'], order: 'descending', limit: 1 }).rows(client));
    const latest = items.filter((item) => item.country === 'Spain').map((item) => item.invoiceDate).sort().at(-1);
    expect(rows).toEqual([{ invoiceDate: latest, invoiceDay: latest?.slice(0, 10), month: latest?.slice(0, 7) }]);
  });

  it('a parallel scan with a day filter returns exactly the entries of those days', async () => {
    const scan = indexScan({ table, index: 'CountryIndex', range: { from: '2011-05-04', to: '2011-05-06' }, fields: [...fields, 'country'] });
    const pages = await collect(scan.parallelPages(client, { segments: 5, concurrency: 2 }));
    const rows = pages.flatMap((page) => page.rows);
    const expected = items
      .filter((item) => item.invoiceDay >= '2011-05-04' && item.invoiceDay <= '2011-05-06')
      .map((item) => ({ ...projected(item), country: item.country }));
    expect(rows.sort(order)).toEqual(expected.sort(order));
    expect(new Set(pages.map((page) => page.segment))).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(pages.at(-1)?.position).toEqual([null, null, null, null, null]);
  });

  it('the segments of a scan together read the index once', async () => {
    const segments = await Promise.all(
      [0, 1, 2].map((segment) => collect(indexScan({ table, index: 'CustomerIndex', fields: ['invoiceNo', 'invoiceDate', 'totalAmountMilli', 'customerId'], segment, totalSegments: 3 }).rows(client))),
    );
    const expected = items.filter((item) => item.customerId !== undefined).map(projected);
    expect(segments.flat().sort(order)).toEqual(expected.sort(order));
  });
});

// A default table (no CountryIndex), loaded as the pipeline loads: its own records (catalog,
// partition heads and key pages, aggregates) sit beside the order items.
const plain = uniqueName('reads-plain');

describe('a scan of the table itself', () => {
  const fields = ['invoiceNo', 'invoiceDate', 'totalAmountMilli', 'customerId'] as const;

  beforeAll(async () => {
    await ensureTable(client, orderTableSpec(plain), { pollMs: 50 });
    const days = [...new Set(items.map((item) => item.invoiceDay))];
    await loadPartitions(
      client,
      plain,
      days.map((day) => {
        const list = items.filter((item) => item.invoiceDay === day);
        return { id: `${day}.csv`, identity: 'v1', items: list, aggregates: computeAggregates(list) };
      }),
    );
  });

  it('returns every order item once and none of the table’s own records', async () => {
    const scan = tableScan({ table: plain, fields: [...fields, 'country'] });
    expect(scan.params()).toMatchObject({ TableName: plain, FilterExpression: 'attribute_exists(#InvoiceDate)' });
    expect(scan.params()).not.toHaveProperty('IndexName');
    const rows = (await collect(scan.parallelPages(client, { segments: 4, concurrency: 2 }))).flatMap((page) => page.rows);
    expect(rows.sort(order)).toEqual(items.map((item) => ({ ...projected(item), country: item.country })).sort(order));
  });

  it('keeps only the days asked for', async () => {
    const rows = await collect(tableScan({ table: plain, range: { from: '2011-05-04', to: '2011-05-04' }, fields }).rows(client));
    const expected = items.filter((item) => item.invoiceDay === '2011-05-04').map(projected);
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.sort(order)).toEqual(expected.sort(order));
  });
});
