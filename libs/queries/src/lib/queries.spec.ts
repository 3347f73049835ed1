import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { deleteTable, ensureTable, loadItems, orderTableSpec, TableNotFoundError, WITH_COUNTRY_INDEX } from '@ecomlake/dynamodb-repository';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { milli } from '@ecomlake/model';
import { expectedCountryMonths, expectedDaily, expectedOrders, select } from '../test-fixtures/expected';
import { makeItems } from '@ecomlake/dynamodb-repository/testing';
import { createQueries } from './create-queries';
import { CatalogMissingError, InvalidQueryError } from './errors';
import { revenueOnDate } from './definitions/revenue-by-date';
import { salesByCountryMonth } from './definitions/sales-by-country-month';
import { runQuery } from './executor';

const client = new DynamoDBClient(testStack().dynamodb);
const table = uniqueName('queries');
// 40 days from 2011-01-03, mostly UK, ~20% guests.
const items = makeItems(4_000, { seed: 42, days: 40 });
const q = createQueries(client, table, { splitDays: 7 });

beforeAll(async () => {
  await ensureTable(client, orderTableSpec(table, { indexes: WITH_COUNTRY_INDEX }), { pollMs: 50 });
  const loaded = await loadItems(client, table, items);
  expect(loaded.failed).toEqual([]);
});
afterAll(async () => {
  await deleteTable(client, table, { pollMs: 50 });
  client.destroy();
});

describe('salesByCountry', () => {
  it('gives the country’s revenue, orders and daily series in a range, read in parallel sub-ranges', async () => {
    const range = { from: '2011-01-05', to: '2011-02-01' };
    const { data, stats } = await q.salesByCountry('United Kingdom', range);
    const expected = select(items, { country: 'United Kingdom', ...range });
    expect(data.daily).toEqual(expectedDaily(expected));
    expect(data.revenueMilli).toBe(expected.reduce((sum, item) => sum + item.totalAmountMilli, 0));
    expect(data.orders).toBe(new Set(expected.map((item) => item.invoiceNo)).size);
    expect(data.items).toBe(expected.length);
    expect(stats.items).toBe(expected.length);
    // Two edge reads, then 4 weekly sub-ranges of the 28 days.
    expect(stats.requests).toBeGreaterThanOrEqual(2 + 4);
    expect(stats.consumedCapacity).toBeGreaterThan(0);
  });

  it('reads the whole history when no range is given', async () => {
    const { data } = await q.salesByCountry('Germany');
    expect(data.daily).toEqual(expectedDaily(select(items, { country: 'Germany' })));
  });

  it('answers an unknown country with no sales (the table exists)', async () => {
    const { data } = await q.salesByCountry('Atlantis');
    expect(data).toEqual({ country: 'Atlantis', revenueMilli: 0, orders: 0, items: 0, daily: [] });
  });
});

describe('ordersByCustomer', () => {
  it('gives per-order totals (an order is an invoice), by date', async () => {
    const customerId = items.find((item) => item.customerId)?.customerId as string;
    const { data } = await q.ordersByCustomer(customerId);
    const expected = expectedOrders(select(items, { customerId })).sort((a, b) => a.invoiceDate.localeCompare(b.invoiceDate) || a.invoiceNo.localeCompare(b.invoiceNo));
    expect(data).toEqual(expected);
    expect(data.length).toBeGreaterThan(0);
  });

  it('restricts to a range', async () => {
    const customerId = items[items.length - 1].customerId ?? (items.find((item) => item.customerId)?.customerId as string);
    const range = { from: '2011-01-10', to: '2011-01-31' };
    const { data } = await q.ordersByCustomer(customerId, range);
    expect(data.map((order) => order.invoiceNo).sort()).toEqual(expectedOrders(select(items, { customerId, ...range })).map((o) => o.invoiceNo).sort());
  });
});

describe('revenueOnDate / revenueBetween', () => {
  it('reads only that day’s items, not the table: the catalog, then one Query per country', async () => {
    const day = items[100].invoiceDay;
    const { data, stats } = await q.revenueOnDate(day);
    const expected = select(items, { from: day, to: day });
    expect(data).toEqual(expectedDaily(expected)[0]);
    expect(stats.items).toBe(expected.length);
    expect(stats.requests).toBe(1 + new Set(items.map((item) => item.country)).size);
  });

  it('gives zeros for a day without trading', async () => {
    const { data } = await runQuery(client, table, revenueOnDate('2010-06-01'));
    expect(data).toEqual({ day: '2010-06-01', revenueMilli: 0, orders: 0 });
  });

  it('gives the daily series of a range, trading days only', async () => {
    const { data } = await q.revenueBetween('2011-01-01', '2011-01-20');
    expect(data).toEqual(expectedDaily(select(items, { from: '2011-01-01', to: '2011-01-20' })));
  });

  it('reads a range longer than a month in sub-ranges, with the same answer', async () => {
    const { data, stats } = await q.revenueBetween('2011-01-01', '2011-02-28');
    expect(data).toEqual(expectedDaily(select(items, { from: '2011-01-01', to: '2011-02-28' })));
    // Catalog, two edge reads per country, then 7-day sub-ranges of each country's span.
    expect(stats.requests).toBeGreaterThan(1 + 2 * 5 + 5);
  });

  it('refuses to answer from a table without a catalog instead of saying "no sales"', async () => {
    const bare = uniqueName('bare');
    await ensureTable(client, orderTableSpec(bare, { indexes: WITH_COUNTRY_INDEX }), { pollMs: 50 });
    try {
      const empty = await runQuery(client, bare, revenueOnDate('2011-01-05'));
      expect(empty.data).toEqual({ day: '2011-01-05', revenueMilli: 0, orders: 0 });
      await loadItems(client, bare, items.slice(0, 50), { catalog: false });
      await expect(runQuery(client, bare, revenueOnDate('2011-01-05'))).rejects.toThrow(CatalogMissingError);
    } finally {
      await deleteTable(client, bare, { pollMs: 50 });
    }
  });
});

describe('salesByCountryMonth / orderValues / salesOverview', () => {
  it('gives revenue and distinct orders per country and month', async () => {
    expect((await q.salesByCountryMonth()).data).toEqual(expectedCountryMonths(items));
    const range = { from: '2011-01-15', to: '2011-02-03' };
    expect((await q.salesByCountryMonth(range)).data).toEqual(expectedCountryMonths(items, range.from, range.to));
  });

  it('gives order totals of the top countries within value bounds', async () => {
    const { data } = await q.orderValues({ topN: 2, min: milli(10_000), max: milli(500_000) });
    const orders = expectedOrders(items);
    const expected = orders.filter((o) => ['United Kingdom', expectedTopSecond(orders)].includes(o.country) && o.valueMilli >= 10_000 && o.valueMilli <= 500_000);
    expect(byInvoice(data)).toEqual(byInvoice(expected));
    expect(data.map((o) => o.country)).toEqual([...data.map((o) => o.country)].sort());
  });

  it('queries named countries instead of scanning', async () => {
    const { data, stats } = await q.orderValues({ countries: ['France', 'EIRE'] });
    expect(byInvoice(data)).toEqual(byInvoice(expectedOrders(items).filter((o) => o.country === 'France' || o.country === 'EIRE')));
    expect(stats.items).toBe(items.filter((i) => i.country === 'France' || i.country === 'EIRE').length);
  });

  it('computes the bubble map and the histograms in one read of the index', async () => {
    const single = await q.salesByCountryMonth();
    const { data, stats } = await q.salesOverview();
    expect(data.countryMonths).toEqual(expectedCountryMonths(items));
    expect(byInvoice(data.orderValues)).toEqual(byInvoice(expectedOrders(items)));
    const revenueMilli = items.reduce((sum, item) => sum + item.totalAmountMilli, 0);
    expect(data.summary).toEqual({ orders: expectedOrders(items).length, revenueMilli, averageOrderMilli: Math.round(revenueMilli / expectedOrders(items).length) });
    expect(data.countries[0]).toEqual({
      country: 'United Kingdom',
      revenueMilli: select(items, { country: 'United Kingdom' }).reduce((sum, item) => sum + item.totalAmountMilli, 0),
      orders: new Set(select(items, { country: 'United Kingdom' }).map((item) => item.invoiceNo)).size,
    });
    expect(stats.items).toBe(items.length);
    expect(stats.requests).toBe(single.stats.requests);
  });

  it('answers one country’s sales from the same read, equal to its own Query', async () => {
    const range = { from: '2011-01-05', to: '2011-02-01' };
    const own = await q.salesByCountry('United Kingdom', range);
    const { data, stats } = await q.salesOverview({ ...range, country: 'United Kingdom' });
    expect(data.countrySales).toEqual(own.data);
    expect(data.countryMonths).toEqual(expectedCountryMonths(items, range.from, range.to));
    expect(stats.items).toBe(select(items, range).length);
  });
});

describe('scan segments', () => {
  it('sizes segments to the index by default (one per ~4,000 entries) or as asked', async () => {
    const auto = await runQuery(client, table, salesByCountryMonth());
    expect(auto.stats.requests).toBe(1);
    const eight = await runQuery(client, table, salesByCountryMonth(), { segments: 8, parallelism: 3 });
    expect(eight.stats.requests).toBe(8);
    expect(eight.data).toEqual(auto.data);
  });
});

describe('errors', () => {
  it('a missing table is an error, not "no sales"', async () => {
    const missing = createQueries(client, uniqueName('missing'));
    await expect(missing.revenueOnDate('2011-01-05')).rejects.toThrow(TableNotFoundError);
    await expect(missing.salesByCountryMonth()).rejects.toThrow(TableNotFoundError);
    await expect(missing.salesByCountry('United Kingdom')).rejects.toThrow(TableNotFoundError);
  });

  it('rejects parameters it cannot answer', async () => {
    expect(() => revenueOnDate('09/12/2011')).toThrow(InvalidQueryError);
    await expect(q.revenueBetween('2011-02-01', '2011-01-01')).rejects.toThrow(InvalidQueryError);
  });
});

function byInvoice<T extends { invoiceNo: string }>(orders: readonly T[]): T[] {
  return [...orders].sort((a, b) => a.invoiceNo.localeCompare(b.invoiceNo));
}

function expectedTopSecond(orders: readonly { country: string }[]): string {
  const counts = new Map<string, number>();
  for (const order of orders) counts.set(order.country, (counts.get(order.country) ?? 0) + 1);
  return [...counts.entries()].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))[1][0];
}
