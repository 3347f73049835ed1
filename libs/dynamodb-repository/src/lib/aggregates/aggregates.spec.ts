import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { milli, type CancellationAmount, type DayCountryAggregate, type OrderItem } from '@ecomlake/model';
import { bigDay } from '../../test-fixtures/aggregates';
import { testDynamoDb, uniqueName } from '../../test-fixtures/stack';
import { readAll, totalMilli } from '../../test-fixtures/table';
import { makeItems } from '../../testing';
import { deleteTable, ensureTable } from '../ensure-table';
import { loadPartitions, type LoadPartition } from '../load-items';
import { encodeItem, itemKey } from '../marshal';
import { scanItems } from '../paginate';
import { readPartitionHeads } from '../partition-records';
import { orderTableSpec } from '../table-spec';
import { checkAggregates } from './check';
import { computeAggregates } from './compute';
import { AggregatesMissingError, AggregatesStaleError } from './errors';
import { readAggregates } from './read';
import { rebuildAggregates } from './rebuild';

const client = new DynamoDBClient(testDynamoDb());
const tables: string[] = [];
async function freshTable(): Promise<string> {
  const table = uniqueName('aggs');
  tables.push(table);
  await ensureTable(client, orderTableSpec(table), { pollMs: 50 });
  return table;
}
afterAll(async () => {
  for (const name of tables) await deleteTable(client, name, { pollMs: 50 });
  client.destroy();
});

const byDay = (items: readonly OrderItem[]): Map<string, OrderItem[]> => {
  const days = new Map<string, OrderItem[]>();
  for (const item of items) days.set(item.invoiceDay, [...(days.get(item.invoiceDay) ?? []), item]);
  return days;
};
/** One partition per day, with its aggregates (and the day's cancellations). */
const dayParts = (items: readonly OrderItem[], cancellations: readonly CancellationAmount[] = [], identity = 'a'): LoadPartition[] =>
  [...byDay(items)].map(([day, list]) => ({
    id: `${day}.csv`, identity, items: list,
    aggregates: computeAggregates(list, cancellations.filter((c) => c.invoiceDay === day)),
  }));
const load = (table: string, parts: LoadPartition[], prune = false) => loadPartitions(client, table, parts, { concurrency: 3, prune });
/** Keys of the aggregate records in the table. */
async function aggregateKeys(table: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const record of scanItems(client, { TableName: table })) if (record.InvoiceNo.S?.startsWith('#agg#')) keys.push(`${record.InvoiceNo.S} ${record.StockCode.S?.slice(0, 10)}`);
  return keys.sort();
}
/** Totals of the table's items computed from the items themselves, the way a reader of aggregates must find them. */
function totalsOf(items: readonly OrderItem[]): { revenue: number; items: number; orders: number } {
  return { revenue: totalMilli(items), items: items.length, orders: new Set(items.map((item) => item.invoiceNo)).size };
}
function totalsOfAggregates(aggregates: readonly DayCountryAggregate[]): { revenue: number; items: number; orders: number } {
  const orders = new Set(aggregates.flatMap((aggregate) => aggregate.orders.map((order) => order.invoiceNo)));
  return { revenue: aggregates.reduce((sum, a) => sum + a.revenueMilli, 0), items: aggregates.reduce((sum, a) => sum + a.items, 0), orders: orders.size };
}

// Ten days across a month end, mostly UK, some guests; a few cancellations, one on a day without sales.
const items = makeItems(500, { seed: 7, firstDay: '2011-03-27', days: 10 });
const cancellations: CancellationAmount[] = [
  { invoiceDay: '2011-03-28', country: 'United Kingdom', amountMilli: milli(-12_500) },
  { invoiceDay: '2011-04-02', country: 'France', amountMilli: milli(-999) },
];

describe('aggregates loaded with their partitions', () => {
  it('read back exactly, in full or for a range of days, with one Query per month', async () => {
    const table = await freshTable();
    const result = await load(table, dayParts(items, cancellations));
    expect(result.failed).toEqual([]);
    const stored = await readAll(client, table);

    const all = await readAggregates(client, table);
    expect(all.aggregates).toEqual(computeAggregates(items, cancellations));
    expect(totalsOfAggregates(all.aggregates)).toEqual(totalsOf(stored));
    expect(all.aggregates.reduce((sum, a) => sum + a.cancelledMilli, 0)).toBe(-13_499);
    // The months item, then March and April (one page each); one record per day.
    expect(all.stats).toMatchObject({ requests: 3, pages: 2, items: 10 });
    expect(all.stats.consumedCapacity).toBeGreaterThan(0);

    const some = await readAggregates(client, table, { from: '2011-03-30', to: '2011-04-02' });
    expect(some.aggregates).toEqual(computeAggregates(items, cancellations).filter((a) => a.day >= '2011-03-30' && a.day <= '2011-04-02'));
    expect(some.stats).toMatchObject({ requests: 3, items: 4 });
    const one = await readAggregates(client, table, { from: '2011-04-03', to: '2011-04-03' });
    expect(one.aggregates).toEqual(computeAggregates(items, cancellations).filter((a) => a.day === '2011-04-03'));
    expect(one.stats).toMatchObject({ requests: 2, items: 1 });

    expect(await checkAggregates(client, table)).toMatchObject({ partitions: 10, rebuilt: false });
  });

  it('are replaced with a corrected partition (a country that left the day is gone) and pruned with it', async () => {
    const table = await freshTable();
    const day = items.filter((item) => item.invoiceDay === '2011-03-29');
    const other = items.filter((item) => item.invoiceDay === '2011-03-30');
    expect(new Set(day.map((item) => item.country)).has('France')).toBe(true);
    await load(table, [...dayParts(day), ...dayParts(other)]);

    const corrected = day.filter((item) => item.country !== 'France');
    const replaced = await load(table, [...dayParts(corrected, [], 'b'), ...dayParts(other)]);
    expect(replaced).toMatchObject({ partitionsDone: ['2011-03-29.csv'], partitionsSkipped: ['2011-03-30.csv'], deleted: day.length - corrected.length });
    const read = await readAggregates(client, table);
    expect(read.aggregates.filter((a) => a.day === '2011-03-29').map((a) => a.country)).not.toContain('France');
    expect(read.aggregates).toEqual(computeAggregates([...corrected, ...other], []));
    expect(await aggregateKeys(table)).toEqual(['#agg#2011-03 2011-03-29', '#agg#2011-03 2011-03-30']);

    await load(table, dayParts(other), true);
    expect((await readAggregates(client, table)).aggregates).toEqual(computeAggregates(other, []));
    expect(await aggregateKeys(table)).toEqual(['#agg#2011-03 2011-03-30']);
  });

  it('are deleted for a day that left a corrected partition', async () => {
    const table = await freshTable();
    // One file holding two days, corrected to hold one.
    const both = items.filter((item) => item.invoiceDay === '2011-03-27' || item.invoiceDay === '2011-03-28');
    const first = both.filter((item) => item.invoiceDay === '2011-03-27');
    await load(table, [{ id: 'file', identity: 'a', items: both, aggregates: computeAggregates(both, []) }]);
    expect(await aggregateKeys(table)).toEqual(['#agg#2011-03 2011-03-27', '#agg#2011-03 2011-03-28']);
    await load(table, [{ id: 'file', identity: 'b', items: first, aggregates: computeAggregates(first, []) }]);
    expect(await aggregateKeys(table)).toEqual(['#agg#2011-03 2011-03-27']);
    expect((await readAggregates(client, table)).aggregates).toEqual(computeAggregates(first, []));
  });

  it('a partition loaded without aggregates is loaded again when they are given', async () => {
    const table = await freshTable();
    const day = items.filter((item) => item.invoiceDay === '2011-03-31');
    await load(table, [{ id: 'd', identity: 'a', items: day }]);
    expect((await load(table, [{ id: 'd', identity: 'a', items: day }])).partitionsSkipped).toEqual(['d']);
    const again = await load(table, [{ id: 'd', identity: 'a', items: day, aggregates: computeAggregates(day, []) }]);
    expect(again.partitionsDone).toEqual(['d']);
    expect((await readAggregates(client, table)).aggregates).toEqual(computeAggregates(day, []));
    expect((await load(table, [{ id: 'd', identity: 'a', items: day, aggregates: computeAggregates(day, []) }])).partitionsSkipped).toEqual(['d']);
  });

  it('a day of 100,000 orders is stored in several records and read back exactly', async () => {
    const table = await freshTable();
    const day = bigDay(100_000);
    await load(table, [{ id: 'big', identity: 'a', items: [], aggregates: [day] }]);
    const read = await readAggregates(client, table);
    expect(read.aggregates).toEqual([day]);
    expect(read.stats.items).toBeGreaterThan(1);
  });
});

describe('tables loaded by other writers', () => {
  /** Plain BatchWriteItem, as another tool would write the items. */
  async function writePlain(table: string, list: readonly OrderItem[], kind: 'put' | 'delete' = 'put'): Promise<void> {
    const unique = [...new Map(list.map((item) => [itemKey(item), item])).values()];
    for (let start = 0; start < unique.length; start += 25) {
      const requests = unique.slice(start, start + 25).map((item) =>
        kind === 'put' ? { PutRequest: { Item: encodeItem(item) } } : { DeleteRequest: { Key: { InvoiceNo: { S: item.invoiceNo }, StockCode: { S: item.stockCode } } } },
      );
      const output = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
      expect(output.UnprocessedItems?.[table] ?? []).toEqual([]);
    }
  }

  it('say so instead of answering zero; rebuildAggregates makes them, and a second rebuild replaces the first', async () => {
    const table = await freshTable();
    expect(await checkAggregates(client, table)).toMatchObject({ partitions: 0, rebuilt: false });
    await writePlain(table, items);
    const missing = checkAggregates(client, table);
    await expect(missing).rejects.toThrow(AggregatesMissingError);
    await expect(missing).rejects.toThrow(`DynamoDB table "${table}" holds order items but no aggregates`);
    await expect(missing).rejects.toThrow(`Run rebuildAggregates(client, "${table}")`);

    const stored = await readAll(client, table);
    const rebuilt = await rebuildAggregates(client, table, { segments: 4 });
    expect(rebuilt).toMatchObject({ items: stored.length, skipped: 0, days: 10, removed: 0, covered: [] });
    expect(await checkAggregates(client, table)).toMatchObject({ partitions: 0, rebuilt: true });
    const read = await readAggregates(client, table);
    expect(read.aggregates).toEqual(computeAggregates(stored));
    expect(read.aggregates.every((a) => !a.cancellationsKnown && a.cancellations === 0)).toBe(true);
    expect(totalsOfAggregates(read.aggregates)).toEqual(totalsOf(stored));

    // Another writer removes a day and changes nothing else: the rebuild drops that day.
    await writePlain(table, stored.filter((item) => item.invoiceDay === '2011-04-01'), 'delete');
    const again = await rebuildAggregates(client, table, { segments: 4 });
    expect(again).toMatchObject({ days: 9, removed: 1 });
    const now = await readAll(client, table);
    expect((await readAggregates(client, table)).aggregates).toEqual(computeAggregates(now));
    expect(await checkAggregates(client, table)).toMatchObject({ rebuilt: true });
  });

  it('name stale partitions; a rebuild covers them until they are loaded again', async () => {
    const table = await freshTable();
    const days = [...byDay(items).values()];
    const [d1, d2, d3] = [days[0], days[1], days[2]];
    // d2 fails an item (so it stays loading), d3 is loaded without aggregates.
    const bad: OrderItem = { ...d2[0], invoiceNo: '#bad' };
    const first = await load(table, [
      { id: 'd1', identity: 'a', items: d1, aggregates: computeAggregates(d1, []) },
      { id: 'd2', identity: 'a', items: [...d2, bad], aggregates: computeAggregates(d2, []) },
      { id: 'd3', identity: 'a', items: d3 },
    ]);
    expect(first.failed.map((f) => f.item.invoiceNo)).toEqual(['#bad']);
    const stale = checkAggregates(client, table);
    await expect(stale).rejects.toThrow(AggregatesStaleError);
    await expect(stale).rejects.toThrow('(partitions "d2", "d3")');
    await expect(stale).rejects.toMatchObject({ partitions: ['d2', 'd3'] });

    const rebuilt = await rebuildAggregates(client, table, { segments: 4 });
    expect(rebuilt).toMatchObject({ covered: ['d2', 'd3'], skipped: new Set(d1.map(itemKey)).size });
    expect(await checkAggregates(client, table)).toMatchObject({ partitions: 1, rebuilt: true });
    const byDayThenCountry = (a: DayCountryAggregate, b: DayCountryAggregate) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.country < b.country ? -1 : 1);
    expect((await readAggregates(client, table)).aggregates).toEqual([...computeAggregates(d1, []), ...computeAggregates([...d2, ...d3])].sort(byDayThenCountry));

    // d2 loads completely now, with its own aggregates: the rebuilt ones count its items a second time.
    await load(table, [{ id: 'd2', identity: 'a', items: d2, aggregates: computeAggregates(d2, []) }]);
    await expect(checkAggregates(client, table)).rejects.toMatchObject({ name: 'AggregatesStaleError', partitions: ['d2'] });
    await rebuildAggregates(client, table, { segments: 4 });
    expect(await checkAggregates(client, table)).toMatchObject({ partitions: 2, rebuilt: true });
    expect((await readAggregates(client, table)).aggregates).toEqual([...computeAggregates([...d1, ...d2], []), ...computeAggregates(d3)].sort(byDayThenCountry));
    expect([...(await readPartitionHeads(client, table)).values()].filter((h) => h.id.startsWith('#rebuilt/')).map((h) => h.id)).toEqual([`#rebuilt/${d3[0].invoiceDay}`]);

    // A load after the rebuild that does not finish is caught too.
    const d3Bad: OrderItem = { ...d3[0], invoiceNo: '#bad' };
    await load(table, [{ id: 'd3', identity: 'b', items: [...d3, d3Bad] }]);
    await expect(checkAggregates(client, table)).rejects.toMatchObject({ partitions: ['d3'] });
  });
});
