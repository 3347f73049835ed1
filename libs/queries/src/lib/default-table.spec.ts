// A default table has no CountryIndex (opt-in): the scan path reads the table itself, a
// question about dates reads it filtered, and a Query by country says which option it needs.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { computeAggregates, deleteTable, ensureTable, loadPartitions, orderTableSpec } from '@ecomlake/dynamodb-repository';
import { makeItems } from '@ecomlake/dynamodb-repository/testing';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { isEcomlakeError } from '@ecomlake/util';
import { expectedCountryMonths, expectedDaily, expectedOrders, select } from '../test-fixtures/expected';
import { createQueries } from './create-queries';
import { IndexMissingError } from './errors';
import { createAggregateQueries } from './from-aggregates/create-aggregate-queries';

jest.setTimeout(60_000);
const client = new DynamoDBClient(testStack().dynamodb);
const table = uniqueName('default');
// 20 days from 2011-03-01, mostly UK, ~20% guests.
const items = makeItems(1_500, { seed: 23, days: 20, firstDay: '2011-03-01' });
const days = [...new Set(items.map((item) => item.invoiceDay))].sort();
const q = createQueries(client, table, { segments: 3 });
const byInvoice = <T extends { invoiceNo: string }>(orders: readonly T[]) => [...orders].sort((a, b) => a.invoiceNo.localeCompare(b.invoiceNo));

// Loaded as the pipeline loads: one partition a day with its aggregates, so the table also
// holds the catalog, partition records and aggregate records that a scan must not count.
beforeAll(async () => {
  await ensureTable(client, orderTableSpec(table), { pollMs: 50 });
  const partitions = days.map((day) => {
    const list = items.filter((item) => item.invoiceDay === day);
    return { id: `${day}.csv`, identity: 'v1', items: list, aggregates: computeAggregates(list) };
  });
  expect((await loadPartitions(client, table, partitions)).failed).toEqual([]);
});
afterAll(async () => {
  await deleteTable(client, table, { pollMs: 50 });
  client.destroy();
});

describe('the scan path on a table without CountryIndex', () => {
  it('answers the map, the histograms and a country’s trend from one scan of the table', async () => {
    const { data } = await q.salesOverview({ country: 'Germany' });
    expect(data.countryMonths).toEqual(expectedCountryMonths(items));
    expect(byInvoice(data.orderValues)).toEqual(byInvoice(expectedOrders(items)));
    expect(data.countrySales?.daily).toEqual(expectedDaily(select(items, { country: 'Germany' })));
  });

  it('answers revenue on a date and between dates by a filtered scan, as the aggregates do', async () => {
    const day = days[7];
    const onDay = await q.revenueOnDate(day);
    expect(onDay.data).toEqual(expectedDaily(select(items, { from: day, to: day }))[0]);
    expect(onDay.data).toEqual((await createAggregateQueries(client, table).revenueOnDate(day)).data);
    expect((await q.revenueBetween(days[2], days[9])).data).toEqual(expectedDaily(select(items, { from: days[2], to: days[9] })));
    // No trading on a Sunday before the data starts: zeros, not an error.
    expect((await q.revenueOnDate('2011-02-27')).data).toEqual({ day: '2011-02-27', revenueMilli: 0, orders: 0 });
  });

  it('reads a customer’s orders through CustomerIndex, which a default table has', async () => {
    const customerId = items.find((item) => item.customerId)?.customerId as string;
    expect(byInvoice((await q.ordersByCustomer(customerId)).data)).toEqual(byInvoice(expectedOrders(select(items, { customerId }))));
  });

  it('refuses a Query by country, naming the option that creates CountryIndex', async () => {
    const error = await q.salesByCountry('Germany').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexMissingError);
    expect(isEcomlakeError(error, 'queries.indexMissing')).toBe(true);
    expect((error as Error).message).toBe(
      `salesByCountry reads CountryIndex, which table ${table} does not have (a default table has only CustomerIndex; the report reads aggregates). ` +
        "Create the table with orderTableSpec(name, { indexes: WITH_COUNTRY_INDEX }) (the pipeline's --country-index), " +
        'or ask createAggregateQueries, which answers salesByCountry from aggregates by key.',
    );
    await expect(q.orderValues({ countries: ['France'] })).rejects.toThrow("orderValues reads CountryIndex, which table");
  });
});
