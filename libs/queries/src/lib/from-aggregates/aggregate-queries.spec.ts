// The aggregate path against the scan path on one table: the same answers, for less capacity.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AggregatesMissingError, computeAggregates, deleteTable, ensureTable, loadItems, loadPartitions, orderTableSpec, WITH_COUNTRY_INDEX } from '@ecomlake/dynamodb-repository';
import { makeItems } from '@ecomlake/dynamodb-repository/testing';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { milli, type CancellationAmount } from '@ecomlake/model';
import { createQueries } from '../create-queries';
import { InvalidQueryError } from '../errors';
import { createAggregateQueries } from './create-aggregate-queries';

jest.setTimeout(120_000);
const client = new DynamoDBClient(testStack().dynamodb);
const table = uniqueName('aggq');
const plain = uniqueName('aggq-plain');
// 30 days from 2011-01-03 across two months, mostly UK.
const items = makeItems(2_500, { seed: 11, firstDay: '2011-01-20', days: 30 });
const days = [...new Set(items.map((i) => i.invoiceDay))].sort();
// One cancellation on each of the first three days, in France, of £-1.50, £-3.00, £-4.50.
const cancellations: CancellationAmount[] = days.slice(0, 3).map((day, i) => ({ invoiceDay: day, country: 'France', amountMilli: milli(-1_500 * (i + 1)) }));
const scan = createQueries(client, table, { splitDays: 7 });
const byKey = createAggregateQueries(client, table);

beforeAll(async () => {
  // salesByCountry's scan path is a Query of CountryIndex (opt-in); default-table.spec covers the default.
  await ensureTable(client, orderTableSpec(table, { indexes: WITH_COUNTRY_INDEX }), { pollMs: 50 });
  const parts = days.map((day) => {
    const dayItems = items.filter((i) => i.invoiceDay === day);
    return { id: day, identity: 'v1', items: dayItems, aggregates: computeAggregates(dayItems, cancellations.filter((c) => c.invoiceDay === day)) };
  });
  expect((await loadPartitions(client, table, parts)).failed).toEqual([]);
  await ensureTable(client, orderTableSpec(plain), { pollMs: 50 });
  expect((await loadItems(client, plain, items.slice(0, 50))).failed).toEqual([]);
});
afterAll(async () => {
  await deleteTable(client, table, { pollMs: 50 });
  await deleteTable(client, plain, { pollMs: 50 });
  client.destroy();
});

const gross = <T extends object>(value: T) => JSON.parse(JSON.stringify(value, (key, v) => (['cancellations', 'cancelledMilli', 'netRevenueMilli'].includes(key) ? undefined : v)));

describe.each([{ range: {} }, { range: { from: '2011-01-25', to: '2011-02-07' } }])('over $range', ({ range }) => {
  it('salesOverview gives the scan path\'s map, histograms, totals and trend', async () => {
    const [a, s] = await Promise.all([byKey.salesOverview({ ...range, country: 'United Kingdom' }), scan.salesOverview({ ...range, country: 'United Kingdom' })]);
    expect(gross(a.data)).toEqual(gross(s.data));
    expect(a.stats.consumedCapacity).toBeLessThan(s.stats.consumedCapacity);
  });

  it('salesByCountryMonth and salesByCountry agree with the scan path', async () => {
    expect((await byKey.salesByCountryMonth(range)).data).toEqual((await scan.salesByCountryMonth(range)).data);
    expect(gross((await byKey.salesByCountry('Germany', range)).data)).toEqual((await scan.salesByCountry('Germany', range)).data);
  });
});

it('revenueOnDate and revenueBetween agree with the Query path, and a day without trading is zero', async () => {
  expect((await byKey.revenueOnDate(days[4])).data).toEqual((await scan.revenueOnDate(days[4])).data);
  expect((await byKey.revenueOnDate('2010-01-01')).data).toEqual({ day: '2010-01-01', revenueMilli: 0, orders: 0 });
  expect((await byKey.revenueBetween(days[0], days[20])).data).toEqual((await scan.revenueBetween(days[0], days[20])).data);
});

it('adds revenue net of the cancellations, booked on their day', async () => {
  const { data } = await byKey.salesOverview({ country: 'France' });
  const gross = items.reduce((sum, i) => sum + i.totalAmountMilli, 0);
  expect(data.summary).toMatchObject({ cancellations: 3, cancelledMilli: -9_000, netRevenueMilli: gross - 9_000 });
  const france = data.countries.find((c) => c.country === 'France');
  expect(france?.cancelledMilli).toBe(-9_000);
  const first = data.countrySales?.daily.find((d) => d.day === days[0]);
  if (first) expect(first.netRevenueMilli).toBe(first.revenueMilli - 1_500);
});

it('refuses bad ranges as the scan path does, and a table without aggregates clearly', async () => {
  await expect(byKey.salesOverview({ from: '2011-02-01', to: '2011-01-01' })).rejects.toThrow(InvalidQueryError);
  await expect(byKey.revenueOnDate('2011-13-01')).rejects.toThrow(InvalidQueryError);
  await expect(createAggregateQueries(client, plain).salesOverview()).rejects.toThrow(AggregatesMissingError);
});
