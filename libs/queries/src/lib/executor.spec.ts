import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { deleteTable, ensureTable, loadItems, orderTableSpec } from '@ecomlake/dynamodb-repository';
import { makeItems } from '@ecomlake/dynamodb-repository/testing';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { expectedCountryMonths } from '../test-fixtures/expected';
import type { QueryDefinition } from './definition';
import { salesByCountryMonth } from './definitions/sales-by-country-month';
import { runScanPass } from './executor';

const client = new DynamoDBClient(testStack().dynamodb);
const table = uniqueName('executor');
const items = makeItems(1_200, { seed: 9, days: 12, firstDay: '2011-02-01' });

beforeAll(async () => {
  await ensureTable(client, orderTableSpec(table), { pollMs: 50 });
  expect((await loadItems(client, table, items)).failed).toEqual([]);
});
afterAll(async () => {
  await deleteTable(client, table, { pollMs: 50 });
  client.destroy();
});

/** Counts the entries of a scan plan written by hand. */
function entries(plan: QueryDefinition<number>['plan']): QueryDefinition<number, { count: number }> {
  return { name: 'entries', plan, fields: ['invoiceNo'], init: () => ({ count: 0 }), add: (acc) => void (acc.count += 1), finish: (acc) => acc.count };
}

describe('runScanPass', () => {
  it('shares one read between plans that are the same, however they were written', async () => {
    // salesByCountryMonth() plans `range: {}`; this plan has no range and its fields in another order.
    const { data, stats } = await runScanPass(client, table, [salesByCountryMonth(), entries({ index: 'CountryIndex', kind: 'scan' })], { segments: 3 });
    expect(data[0]).toEqual(expectedCountryMonths(items));
    expect(data[1]).toBe(items.length);
    expect(stats.items).toBe(items.length);
  });

  it('shares a day range written with its ends the other way round', async () => {
    const range = { from: '2011-02-03', to: '2011-02-07' };
    const { data } = await runScanPass(client, table, [salesByCountryMonth(range), entries({ range: { to: range.to, from: range.from }, kind: 'scan', index: 'CountryIndex' })]);
    expect(data[0]).toEqual(expectedCountryMonths(items, range.from, range.to));
    expect(data[1]).toBe(items.filter((item) => item.invoiceDay >= range.from && item.invoiceDay <= range.to).length);
  });

  it('refuses to share between different ranges', async () => {
    await expect(runScanPass(client, table, [salesByCountryMonth({ from: '2011-02-03' }), entries({ kind: 'scan', index: 'CountryIndex' })])).rejects.toThrow(
      'entries cannot share a read with salesByCountryMonth: only scans of the same index and range can.',
    );
  });
});
