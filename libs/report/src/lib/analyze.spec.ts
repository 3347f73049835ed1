// Questions outside the data say so: a period, a day, a customer or a country with no rows
// gives a note naming it (and what the data covers), never a silent zero, and a default day
// is the data's own, never a day written into the code.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { computeAggregates, deleteTable, ensureTable, loadPartitions, orderTableSpec } from '@ecomlake/dynamodb-repository';
import { makeItems } from '@ecomlake/dynamodb-repository/testing';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import type { OrderItem } from '@ecomlake/model';
import { analyzeTable } from './analyze';
import { renderReport } from './render-report';

jest.setTimeout(120_000);
const client = new DynamoDBClient(testStack().dynamodb);
const table = uniqueName('analyze-notes');
// March 2011 only: far from the day the old code fell back to (2011-12-09).
const items: OrderItem[] = makeItems(300, { seed: 11, firstDay: '2011-03-01', days: 10 });
const days = [...new Set(items.map((i) => i.invoiceDay))].sort();
const [first, last] = [days[0], days[days.length - 1]];
const covers = `it covers ${first} to ${last}`;

beforeAll(async () => {
  await ensureTable(client, orderTableSpec(table), { pollMs: 50 });
  const parts = days.map((day) => {
    const dayItems = items.filter((i) => i.invoiceDay === day);
    return { id: day, identity: 'v1', items: dayItems, aggregates: computeAggregates(dayItems) };
  });
  expect((await loadPartitions(client, table, parts)).failed).toEqual([]);
});
afterAll(async () => {
  await deleteTable(client, table, { pollMs: 50 });
  client.destroy();
});

test('questions the data answers have no notes', async () => {
  const analysis = await analyzeTable(client, table, { country: items[0].country });
  expect(analysis.notes).toEqual([]);
});

test('a period outside the data says so, with the days the data covers', async () => {
  const analysis = await analyzeTable(client, table, { from: '2013-01-01', to: '2013-01-31', customer: items.find((i) => i.customerId)?.customerId });
  expect(analysis.summary.orders).toBe(0);
  expect(analysis.notes).toEqual([
    `no orders from 2013-01-01 to 2013-01-31 (${covers})`,
    `the revenue question asks about ${last}, the last day with orders in the data (the period has no orders to choose a busiest day from; --date picks another day)`,
  ]);
  expect(analysis.dataDays).toEqual({ first, last });
});

test('a customer, a day and a country with no rows each say so; the default day is the data’s last', async () => {
  const analysis = await analyzeTable(client, table, { customer: '99999', country: 'Narnia' });
  const countries = new Set(items.map((i) => i.country)).size;
  expect(analysis.notes).toEqual([
    expect.stringMatching(new RegExp(`^no orders for country "Narnia" in the data; countries with orders include .+ \\(${countries} in all\\)$`)),
    'no orders for customer 99999 in the data',
    `the revenue question asks about ${last}, the last day with orders in the data (Narnia has no orders to choose a busiest day from; --date picks another day)`,
  ]);
  expect(analysis.answers.revenueOnDate.day).toBe(last);
  const onLast = items.filter((i) => i.invoiceDay === last);
  expect(analysis.answers.revenueOnDate.orders).toBe(new Set(onLast.map((i) => i.invoiceNo)).size);

  const onDay = await analyzeTable(client, table, { date: '2011-02-28' });
  expect(onDay.notes).toEqual([`no orders on 2011-02-28 in the data (${covers})`]);

  // The report shows the notes.
  const html = renderReport({ title: 't', subtitle: 's', analysis });
  expect(html).toContain('Questions outside the data');
  expect(html).toContain('no orders for customer 99999 in the data');
});

test('a customer with orders only outside the period is named with the period', async () => {
  const customersOn = (day: string) => new Set(items.filter((i) => i.invoiceDay === day && i.customerId).map((i) => i.customerId));
  const customer = [...customersOn(first)].find((c) => !customersOn(last).has(c)) ?? '';
  expect(customer).not.toBe('');
  const country = items.find((i) => i.invoiceDay === last)?.country;
  const analysis = await analyzeTable(client, table, { customer, country, from: last, to: last });
  expect(analysis.answers.ordersByCustomer?.orders).toBe(0);
  expect(analysis.notes).toEqual([`no orders for customer ${customer} from ${last} to ${last}`]);
});
