import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { testDynamoDb, uniqueName } from '../test-fixtures/stack';
import { makeItems } from '../testing';
import { createCapacityMeter, type CapacityMeter } from './capacity';
import { deleteTable, ensureTable } from './ensure-table';
import { loadPartitions } from './load-items';
import { itemKey } from './marshal';
import { meterCapacity, withMeter } from './meter-scope';
import { deleteStaleItems, partitionTag, readPartitionHeads, readPartitionKeys, writeRecords } from './partition-records';
import { orderTableSpec, WITH_COUNTRY_INDEX } from './table-spec';

// One client for every scope: what the middleware must keep apart is concurrent calls through it.
const client = meterCapacity(new DynamoDBClient(testDynamoDb()));
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

/** Reads, writes and conditional deletes of every kind the repository sends, each also metered the old way, on `threaded`. */
async function work(table: string, keys: readonly string[], deletes: number, threaded: CapacityMeter): Promise<void> {
  const options = { meter: threaded };
  await readPartitionHeads(client, table, options);
  await readPartitionKeys(client, table, partitionTag('p'), options);
  // One key not in the partition: its delete is refused (ConditionalCheckFailed) and books a request, no capacity.
  await deleteStaleItems(client, table, partitionTag('p'), [...keys.slice(0, deletes), 'nobody\u0000here'], { ...options, concurrency: 4 });
  const puts = Array.from({ length: 3 }, (_, i) => ({ InvoiceNo: { S: '#meter-test' }, StockCode: { S: String(i) } }));
  await writeRecords(client, table, { puts }, options);
}

const figures = (meter: CapacityMeter) => ({ requests: meter.requests, capacityUnits: meter.capacityUnits, byTarget: meter.byTarget });

describe('withMeter: metering on the client, per async scope', () => {
  it('gives each of two concurrent scopes through one client exactly what a meter threaded through its calls reports', async () => {
    const [a, b] = await Promise.all([loadedTable(60, 7), loadedTable(30, 8)]);
    const threaded = { a: createCapacityMeter(), b: createCapacityMeter() };
    const scoped = { a: createCapacityMeter(), b: createCapacityMeter() };

    await Promise.all([
      withMeter(scoped.a, () => work(a.table, a.keys, 20, threaded.a)),
      withMeter(scoped.b, () => work(b.table, b.keys, 7, threaded.b)),
    ]);

    expect(figures(scoped.a)).toEqual(figures(threaded.a));
    expect(figures(scoped.b)).toEqual(figures(threaded.b));
    // Not trivially equal: both did real, different work (20 and 7 deletes, each with index capacity).
    expect(threaded.a.byTarget[`${a.table}/CountryIndex`]).toBeGreaterThan(0);
    expect(threaded.a.capacityUnits).toBeGreaterThan(threaded.b.capacityUnits);
    // 4 requests besides the deletes: heads, key pages, one BatchWriteItem, plus the refused delete.
    expect([scoped.a.requests, scoped.b.requests]).toEqual([20 + 4, 7 + 4]);
  });

  it('books reads and writes apart by command, and a request in every enclosing scope', async () => {
    const { table, keys } = await loadedTable(20, 9);
    const threaded = { reads: createCapacityMeter(), writes: createCapacityMeter() };
    const split = { reads: createCapacityMeter(), writes: createCapacityMeter() };
    const outer = createCapacityMeter();

    await withMeter(outer, () =>
      withMeter(split, async () => {
        await readPartitionHeads(client, table, { meter: threaded.reads });
        await readPartitionKeys(client, table, partitionTag('p'), { meter: threaded.reads });
        await deleteStaleItems(client, table, partitionTag('p'), keys.slice(0, 5), { meter: threaded.writes });
      }),
    );

    expect(figures(split.reads)).toEqual(figures(threaded.reads));
    expect(figures(split.writes)).toEqual(figures(threaded.writes));
    expect([outer.requests, outer.capacityUnits]).toEqual([
      threaded.reads.requests + threaded.writes.requests,
      threaded.reads.capacityUnits + threaded.writes.capacityUnits,
    ]);
    expect(split.writes.requests).toBe(5);
  });

  it('adds its middleware once however often it is asked (a request is booked once)', async () => {
    const { table } = await loadedTable(5, 10);
    meterCapacity(client);
    meterCapacity(client);
    const threaded = createCapacityMeter();
    const scoped = createCapacityMeter();
    await withMeter(scoped, () => readPartitionHeads(client, table, { meter: threaded }));
    expect(figures(scoped)).toEqual(figures(threaded));
    expect(scoped.requests).toBe(1);
  });
});
