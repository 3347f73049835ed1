import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startFaultProxy } from '../test-fixtures/fault-proxy';
import { testDynamoDb, uniqueName } from '../test-fixtures/stack';
import { makeItems } from '../testing';
import { createCapacityMeter, type CapacityMeter } from './capacity';
import { deleteTable, ensureTable } from './ensure-table';
import { loadPartitions, type LoadPartition } from './load-items';
import { itemKey } from './marshal';
import { withMeter } from './meter-scope';
import { deleteStaleItems, partitionTag, readPartitionHeads, readPartitionKeys, writeRecords } from './partition-records';
import { orderTableSpec, WITH_COUNTRY_INDEX } from './table-spec';

// One client for every scope: what the scopes must keep apart is concurrent calls through it.
const client = new DynamoDBClient(testDynamoDb());
const tables: string[] = [];

/** A table holding one loaded partition `p` of `count` items (with CountryIndex, so deletes book index capacity too). */
async function loadedTable(count: number, seed: number): Promise<{ table: string; keys: string[] }> {
  const table = uniqueName('meter');
  tables.push(table);
  await ensureTable(client, orderTableSpec(table, { indexes: WITH_COUNTRY_INDEX }), { pollMs: 50 });
  const items = makeItems(count, { seed, firstDay: '2011-06-01', days: 1 });
  await loadPartitions(client, table, [{ id: 'p', identity: 'a', items }], {});
  return { table, keys: [...new Set(items.map(itemKey))] };
}
afterAll(async () => {
  for (const name of tables) await deleteTable(client, name, { pollMs: 50 });
  client.destroy();
});

/** Reads, writes and conditional deletes of every kind the repository sends. */
async function work(table: string, keys: readonly string[], deletes: number): Promise<void> {
  await readPartitionHeads(client, table);
  await readPartitionKeys(client, table, partitionTag('p'));
  // One key not in the partition: its delete is refused (ConditionalCheckFailed) and books a request, no capacity.
  await deleteStaleItems(client, table, partitionTag('p'), [...keys.slice(0, deletes), 'nobody\u0000here'], { concurrency: 4 });
  const puts = Array.from({ length: 3 }, (_, i) => ({ InvoiceNo: { S: '#meter-test' }, StockCode: { S: String(i) } }));
  await writeRecords(client, table, { puts });
}

const figures = (meter: CapacityMeter) => ({ requests: meter.requests, capacityUnits: meter.capacityUnits, byTarget: meter.byTarget });

describe('withMeter: every request booked by send on the scopes it is sent from', () => {
  it('gives each of two concurrent scopes through one client exactly what it books alone', async () => {
    const [a, b] = await Promise.all([loadedTable(60, 7), loadedTable(30, 8)]);
    const alone = { a: createCapacityMeter(), b: createCapacityMeter() };
    await withMeter(alone.a, () => work(a.table, a.keys, 20));
    await withMeter(alone.b, () => work(b.table, b.keys, 7));
    // The same work again (deletes of keys already gone are refused: a request each, no capacity), alone and at the same time.
    const again = { a: createCapacityMeter(), b: createCapacityMeter() };
    await withMeter(again.a, () => work(a.table, a.keys, 20));
    await withMeter(again.b, () => work(b.table, b.keys, 7));
    const scoped = { a: createCapacityMeter(), b: createCapacityMeter() };

    await Promise.all([withMeter(scoped.a, () => work(a.table, a.keys, 20)), withMeter(scoped.b, () => work(b.table, b.keys, 7))]);

    expect(figures(scoped.a)).toEqual(figures(again.a));
    expect(figures(scoped.b)).toEqual(figures(again.b));
    // Not trivially equal: both did real, different work (20 and 7 deletes, each with index capacity, the first time).
    expect(alone.a.byTarget[`${a.table}/CountryIndex`]).toBeGreaterThan(0);
    expect(alone.a.capacityUnits).toBeGreaterThan(alone.b.capacityUnits);
    expect(scoped.a.capacityUnits).toBeGreaterThan(0);
    // 4 requests besides the deletes: heads, key pages, one BatchWriteItem, plus the refused delete.
    expect([alone.a.requests, alone.b.requests]).toEqual([20 + 4, 7 + 4]);
    expect([scoped.a.requests, scoped.b.requests]).toEqual([20 + 4, 7 + 4]);
  });

  it('books reads and writes apart by command, and a request once in every enclosing scope', async () => {
    const { table, keys } = await loadedTable(20, 9);
    const alone = { reads: createCapacityMeter(), writes: createCapacityMeter() };
    const split = { reads: createCapacityMeter(), writes: createCapacityMeter() };
    const outer = createCapacityMeter();

    await withMeter(outer, () =>
      withMeter(split, async () => {
        await withMeter(alone.reads, async () => {
          await readPartitionHeads(client, table);
          await readPartitionKeys(client, table, partitionTag('p'));
        });
        await withMeter(alone.writes, () => deleteStaleItems(client, table, partitionTag('p'), keys.slice(0, 5)));
      }),
    );

    expect(figures(split.reads)).toEqual(figures(alone.reads));
    expect(figures(split.writes)).toEqual(figures(alone.writes));
    expect([outer.requests, outer.capacityUnits]).toEqual([alone.reads.requests + alone.writes.requests, alone.reads.capacityUnits + alone.writes.capacityUnits]);
    expect([alone.reads.requests, alone.writes.requests]).toEqual([2, 5]);
    expect(alone.writes.capacityUnits).toBeGreaterThan(0);
  });

  it('needs nothing of the client: any client, and nothing booked outside every scope', async () => {
    const { table } = await loadedTable(5, 10);
    // A client made here, never seen before (metering used to need a middleware added to each client).
    const fresh = new DynamoDBClient(testDynamoDb());
    try {
      const scoped = createCapacityMeter();
      await withMeter(scoped, () => readPartitionHeads(fresh, table));
      await readPartitionHeads(fresh, table);
      expect(scoped.requests).toBe(1);
      expect(scoped.capacityUnits).toBeGreaterThan(0);
    } finally {
      fresh.destroy();
    }
  });

  it("books one request per send: the SDK's own retries inside it are not requests (the retry policy counts them)", async () => {
    const { table } = await loadedTable(5, 12);
    // Every BatchWriteItem answered 500: the SDK tries each send 3 times (its maxAttempts), and 3 attempts are all the call may send.
    const proxy = await startFaultProxy(testDynamoDb().endpoint, { 'server-error': 1 });
    const via = new DynamoDBClient({ ...testDynamoDb(), endpoint: proxy.endpoint, maxAttempts: 3 });
    try {
      const meter = createCapacityMeter();
      const puts = [{ InvoiceNo: { S: '#meter-test' }, StockCode: { S: 'retried' } }];
      await expect(withMeter(meter, () => writeRecords(via, table, { puts }, { maxAttempts: 3, backoff: { baseDelayMs: 1, maxDelayMs: 2 } }))).rejects.toThrow();
      expect(proxy.stats.batchWrites).toBe(3);
      expect([meter.requests, meter.capacityUnits]).toEqual([1, 0]);
    } finally {
      via.destroy();
      await proxy.close();
    }
  });

  it("books a load in its caller's scope exactly as the load reports it (each request once)", async () => {
    const { table } = await loadedTable(10, 11);
    const partitions: LoadPartition[] = ['p', 'q', 'r'].map((id, seed) => ({
      id,
      identity: 'b',
      items: makeItems(40, { seed: 20 + seed, firstDay: `2011-07-0${seed + 1}`, days: 1 }),
    }));
    const outer = createCapacityMeter();

    // Replaces p, loads q and r, and with prune begins and commits a run of its own: items, catalog and bookkeeping.
    const result = await withMeter(outer, () => loadPartitions(client, table, partitions, { prune: true, concurrency: 4 }));

    expect(result.partitionsDone).toHaveLength(3);
    expect(result.replaceCost.readRequests).toBeGreaterThan(0);
    expect(outer.requests).toBe(result.requests);
    expect(outer.capacityUnits).toBeCloseTo(result.consumedCapacity + result.replaceCost.readCapacity, 6);
  });
});
