import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { testDynamoDb, uniqueName } from '../test-fixtures/stack';
import { milli, type OrderItem } from '@ecomlake/model';
import { byKey, readAll, totalMilli } from '../test-fixtures/table';
import { makeItems } from '../testing';
import { CATALOG_KEY, readCountries } from './catalog';
import { deleteTable, ensureTable } from './ensure-table';
import { OperationAbortedError, TableNotFoundError } from './errors';
import { loadItems, type LoadProgress } from './load-items';
import { orderTableSpec, WITH_COUNTRY_INDEX } from './table-spec';

const client = new DynamoDBClient(testDynamoDb());
const tables: string[] = [];
let table = '';

// A fresh table per test: requests of an aborted test may still land after it ended.
beforeEach(async () => {
  table = uniqueName('load');
  tables.push(table);
  // The opt-in layout with CountryIndex: the capacity and index figures below count its writes.
  await ensureTable(client, orderTableSpec(table, { indexes: WITH_COUNTRY_INDEX }), { pollMs: 50 });
});
afterAll(async () => {
  for (const name of tables) await deleteTable(client, name, { pollMs: 50 });
  client.destroy();
});

async function* slowly<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

/** Loads, aborting once `abortAfter` items are written; resolves with what the load rejected with. */
function loadUntilAborted(items: readonly OrderItem[], options: { concurrency: number; abortAfter: number }): Promise<unknown> {
  const controller = new AbortController();
  return loadItems(client, table, items, {
    concurrency: options.concurrency,
    signal: controller.signal,
    onProgress: (p) => {
      if (p.written >= options.abortAfter) controller.abort();
    },
  }).catch((e: unknown) => e);
}

describe('loadItems', () => {
  it('writes every item exactly, from an async iterable, reporting progress and capacity', async () => {
    const items = makeItems(1_234, { seed: 3 });
    const progress: LoadProgress[] = [];
    const result = await loadItems(client, table, slowly(items), { concurrency: 4, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ written: 1_234, retried: 0, failed: [], superseded: 0 });
    // One request per 25 items, plus one catalog update per batch bringing a new country.
    const listed = new Set<string>();
    let catalogWrites = 0;
    for (let i = 0; i < items.length; i += 25) {
      const fresh = items.slice(i, i + 25).filter((item) => !listed.has(item.country));
      if (fresh.length > 0) catalogWrites += 1;
      for (const item of fresh) listed.add(item.country);
    }
    expect(result.requests).toBe(Math.ceil(1_234 / 25) + catalogWrites);
    expect(progress.at(-1)).toMatchObject({ written: 1_234 });
    // Every item costs one WCU in the table and one in each index it appears in; each
    // catalog update one more in the table.
    const guests = items.filter((item) => item.customerId === undefined).length;
    expect(result.capacityByTarget).toEqual({
      [table]: 1_234 + catalogWrites,
      [`${table}/CountryIndex`]: 1_234,
      [`${table}/CustomerIndex`]: 1_234 - guests,
    });
    expect(await readCountries(client, table)).toEqual([...listed].sort());
    const stored = await readAll(client, table);
    expect(stored).toEqual([...items].sort(byKey));
  });

  it('can skip capacity reporting (it costs DynamoDB Local CPU) and still writes everything', async () => {
    const items = makeItems(100, { seed: 8 });
    const result = await loadItems(client, table, items, { returnConsumedCapacity: 'NONE' });
    expect(result).toMatchObject({ written: 100, consumedCapacity: 0, capacityByTarget: {} });
    expect(await readAll(client, table)).toHaveLength(100);
  });

  it('can sample consumed capacity (1 request in N) and scale it: an estimate close to the exact figure', async () => {
    const items = makeItems(2_000, { seed: 15 });
    const exact = await loadItems(client, table, items);
    const again = await loadItems(client, table, makeItems(2_000, { seed: 16 }), { capacitySampleEvery: 10 });
    expect(exact.capacityEstimated).toBe(false);
    expect(again.capacityEstimated).toBe(true);
    expect(again.written).toBe(2_000);
    // Every fresh item costs 1 WCU in the table and 1 per index entry: about 2.8 per item.
    expect(again.consumedCapacity / exact.consumedCapacity).toBeGreaterThan(0.85);
    expect(again.consumedCapacity / exact.consumedCapacity).toBeLessThan(1.15);
    await expect(loadItems(client, table, items, { capacitySampleEvery: 0 })).rejects.toThrow(RangeError);
  });

  it('is idempotent: loading the same data again leaves the same table', async () => {
    const items = makeItems(300, { seed: 4 });
    await loadItems(client, table, items);
    const again = await loadItems(client, table, items);
    expect(again.written).toBe(300);
    const stored = await readAll(client, table);
    expect(stored).toHaveLength(300);
    expect(totalMilli(stored)).toBe(totalMilli(items));
  });

  it('keeps the last of two items with the same key and says one was superseded', async () => {
    const [first, second] = makeItems(2, { seed: 5 });
    const replaced: OrderItem = { ...first, quantity: 999, totalAmountMilli: milli(999 * first.unitPriceMilli) };
    const result = await loadItems(client, table, [first, second, replaced]);
    expect(result).toMatchObject({ written: 2, superseded: 1, failed: [] });
    expect(await readAll(client, table)).toEqual([replaced, second].sort(byKey));
  });

  it('lists items DynamoDB rejects as failed and still writes the rest of their batch', async () => {
    const items = makeItems(60, { seed: 6 });
    const bad: OrderItem = { ...items[30], stockCode: '' };
    const input = [...items.slice(0, 30), bad, ...items.slice(31)];
    const result = await loadItems(client, table, input);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0].item).toBe(bad);
    expect(result.failed[0].reason).toMatch(/ValidationException/);
    expect(result.written).toBe(59);
    expect(await readAll(client, table)).toHaveLength(59);
  });

  it('lists a country in the catalog before any of its items is written, even if the load stops', async () => {
    const items = makeItems(200, { seed: 12 }).map((item, i) => (i >= 120 && i < 125 ? { ...item, country: 'Iceland' } : item));
    const error = await loadUntilAborted(items, { concurrency: 1, abortAfter: 125 });
    expect(error).toBeInstanceOf(OperationAbortedError);
    const stored = await readAll(client, table);
    expect(stored.some((item) => item.country === 'Iceland')).toBe(true);
    const countries = await readCountries(client, table);
    expect(countries).toEqual(expect.arrayContaining([...new Set(stored.map((item) => item.country))]));
  });

  it('refuses an item with a reserved key (the catalog’s) instead of overwriting the table’s own records', async () => {
    const items = makeItems(30, { seed: 13 });
    const intruder: OrderItem = { ...items[0], ...CATALOG_KEY };
    const result = await loadItems(client, table, [...items, intruder]);
    expect(result.written).toBe(30);
    expect(result.failed).toEqual([{ item: intruder, reason: expect.stringMatching(/reserved/) }]);
    expect(await readCountries(client, table)).toEqual([...new Set(items.map((item) => item.country))].sort());
  });

  it('can leave the catalog alone', async () => {
    await loadItems(client, table, makeItems(30, { seed: 14 }), { catalog: false });
    expect(await readCountries(client, table)).toEqual([]);
  });

  it('fails with TableNotFoundError when the table does not exist', async () => {
    await expect(loadItems(client, uniqueName('nowhere'), makeItems(10))).rejects.toThrow(TableNotFoundError);
  });

  it('stops when aborted and reports what it had written', async () => {
    const items = makeItems(2_000, { seed: 7 });
    const error = await loadUntilAborted(items, { concurrency: 2, abortAfter: 200 });
    expect(error).toBeInstanceOf(OperationAbortedError);
    const partial = (error as OperationAbortedError<{ written: number }>).partial;
    expect(partial.written).toBeGreaterThanOrEqual(200);
    expect(partial.written).toBeLessThan(2_000);
  });
});
