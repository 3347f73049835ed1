import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { testDynamoDb, uniqueName } from '../test-fixtures/stack';
import { makeItems } from '../testing';
import { projectionOf } from './attributes';
import { createCapacityMeter } from './capacity';
import { withMeter } from './meter-scope';
import { isCatalogRecord } from './catalog';
import { deleteTable, ensureTable } from './ensure-table';
import { TableNotFoundError } from './errors';
import { loadItems } from './load-items';
import { decodePartial, type DynamoRecord } from './marshal';
import { queryItems, queryPages, scanItems, scanPages, type Page } from './paginate';
import { orderTableSpec, WITH_COUNTRY_INDEX } from './table-spec';

const client = new DynamoDBClient(testDynamoDb());
const table = uniqueName('pages');
const items = makeItems(600, { seed: 21, days: 3, firstDay: '2011-03-01' });
const country = 'United Kingdom';
const onDay = items.filter((item) => item.invoiceDay === '2011-03-02' && item.country === country);

beforeAll(async () => {
  // CountryIndex (opt-in) is what these reads page through.
  await ensureTable(client, orderTableSpec(table, { indexes: WITH_COUNTRY_INDEX }), { pollMs: 50 });
  await loadItems(client, table, items);
});
afterAll(async () => {
  await deleteTable(client, table, { pollMs: 50 });
  client.destroy();
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

// One country's sales on one day: a partition of CountryIndex, a range of its sort key.
const dayQuery = {
  TableName: table,
  IndexName: 'CountryIndex',
  KeyConditionExpression: '#country = :country AND #date BETWEEN :from AND :to',
  ExpressionAttributeNames: { '#country': 'Country', '#date': 'InvoiceDate', ...projectionOf(['invoiceNo', 'totalAmountMilli']).ExpressionAttributeNames },
  ExpressionAttributeValues: { ':country': { S: country }, ':from': { S: '2011-03-02' }, ':to': { S: '2011-03-02~' } },
  ProjectionExpression: projectionOf(['invoiceNo', 'totalAmountMilli']).ProjectionExpression,
};

describe('queryPages / queryItems', () => {
  it('reads a whole partition page by page with only the projected attributes', async () => {
    const pages = await collect(queryPages(client, dayQuery, { pageSize: 50 }));
    expect(pages.length).toBe(Math.ceil(onDay.length / 50) + (onDay.length % 50 === 0 ? 1 : 0));
    const records = pages.flatMap((page) => page.items);
    expect(records).toHaveLength(onDay.length);
    expect(Object.keys(records[0]).sort()).toEqual(['InvoiceNo', 'TotalAmount']);
    expect(pages.at(-1)?.resumeToken).toBeUndefined();
    expect(pages.every((page) => page.consumedCapacity > 0)).toBe(true);
  });

  it('stops at a limit and resumes from the token without rereading', async () => {
    const first = await collect(queryPages(client, dayQuery, { limit: 70, pageSize: 40 }));
    const firstItems = first.flatMap((page) => page.items);
    expect(firstItems).toHaveLength(70);
    const token = first.at(-1)?.resumeToken;
    expect(token).toBeDefined();
    const rest = await collect(queryItems(client, dayQuery, { startKey: token }));
    const keys = (records: DynamoRecord[]) => records.map((r) => `${r.InvoiceNo.S}/${r.TotalAmount.N}`);
    expect(firstItems.length + rest.length).toBe(onDay.length);
    const all = await collect(queryItems(client, dayQuery));
    expect([...keys(firstItems), ...keys(rest)]).toEqual(keys(all));
  });

  it('sums consumed capacity into a meter', async () => {
    const meter = createCapacityMeter();
    const pages: Page[] = await withMeter(meter, () => collect(queryPages(client, dayQuery, { pageSize: 100 })));
    expect(meter.requests).toBe(pages.length);
    expect(meter.capacityUnits).toBeCloseTo(pages.reduce((sum, page) => sum + page.consumedCapacity, 0), 6);
    expect(Object.keys(meter.byTarget)).toContain(`${table}/CountryIndex`);
  });
});

describe('scanPages / scanItems', () => {
  it('scans everything with a filter; you pay for what was read, not what matched', async () => {
    const pages = await collect(
      scanPages(client, {
        TableName: table,
        FilterExpression: 'begins_with(#date, :day) AND #country = :country',
        ExpressionAttributeNames: { '#date': 'InvoiceDate', '#country': 'Country' },
        ExpressionAttributeValues: { ':day': { S: '2011-03-02' }, ':country': { S: country } },
      }),
    );
    expect(pages.reduce((n, page) => n + page.items.length, 0)).toBe(onDay.length);
    // Every item was read (and paid for), and the table's catalog item too.
    expect(pages.reduce((n, page) => n + page.scannedCount, 0)).toBe(items.length + 1);
  });

  it('reads exact money back', async () => {
    const total = (await collect(scanItems(client, { TableName: table })))
      .filter((record) => !isCatalogRecord(record))
      .map((record) => decodePartial(record).totalAmountMilli ?? NaN)
      .reduce((a, b) => a + b, 0);
    expect(total).toBe(items.reduce((sum, item) => sum + item.totalAmountMilli, 0));
  });

  it('fails on a missing table instead of yielding nothing', async () => {
    await expect(collect(scanItems(client, { TableName: uniqueName('gone') }))).rejects.toThrow(TableNotFoundError);
  });
});
