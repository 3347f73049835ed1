import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { milli, type OrderItem } from '@ecomlake/model';
import { startFaultProxy } from '../test-fixtures/fault-proxy';
import { testDynamoDb, uniqueName } from '../test-fixtures/stack';
import { byKey, readAll, totalMilli } from '../test-fixtures/table';
import { makeItems } from '../testing';
import { deleteTable, ensureTable } from './ensure-table';
import { loadPartitions, type LoadPartition, type PartitionLoadOptions } from './load-items';
import { itemKey } from './marshal';
import { scanItems } from './paginate';
import { isReservedRecord, readPartitionHeads } from './partition-records';
import { orderTableSpec } from './table-spec';

const client = new DynamoDBClient(testDynamoDb());
const tables: string[] = [];

async function freshTable(): Promise<string> {
  const table = uniqueName('parts');
  tables.push(table);
  await ensureTable(client, orderTableSpec(table), { pollMs: 50 });
  return table;
}
afterAll(async () => {
  for (const name of tables) await deleteTable(client, name, { pollMs: 50 });
  client.destroy();
});

const day = (d: number, count = 60): OrderItem[] => makeItems(count, { seed: 20 + d, firstDay: `2011-03-${String(d).padStart(2, '0')}`, days: 1 });
const part = (id: string, identity: string, items: readonly OrderItem[], opened?: string[]): LoadPartition => ({
  id,
  identity,
  items: () => (opened?.push(id), items),
});
const load = (table: string, parts: LoadPartition[], options: PartitionLoadOptions = {}, via = client) =>
  loadPartitions(via, table, parts, { concurrency: 3, ...options });

/** Records a Scan sees that are neither orders nor the catalog: partition heads and key pages. */
async function ownRecords(table: string): Promise<string[]> {
  const names: string[] = [];
  for await (const record of scanItems(client, { TableName: table })) {
    if (isReservedRecord(record) && record.InvoiceNo.S !== '#catalog') names.push(`${record.InvoiceNo.S}/${record.StockCode.S}`);
  }
  return names.sort();
}

describe('loadPartitions: the table follows its input', () => {
  it('skips a partition loaded before with the same identity, without reading its items', async () => {
    const table = await freshTable();
    const days = [day(1), day(2)];
    const first = await load(table, [part('d1', 'v1', days[0]), part('d2', 'v1', days[1])]);
    expect(first).toMatchObject({ written: 120, partitionsDone: ['d1', 'd2'], partitionsSkipped: [], deleted: 0 });

    const opened: string[] = [];
    const again = await load(table, [part('d1', 'v1', days[0], opened), part('d2', 'v1', days[1], opened)]);
    expect(again).toMatchObject({ written: 0, partitionsDone: [], partitionsSkipped: ['d1', 'd2'] });
    expect(opened).toEqual([]);
    expect(await readAll(client, table)).toEqual(days.flat().sort(byKey));
  });

  it('loads a partition again when its identity changes (another ETag, encoding, rules version…)', async () => {
    const table = await freshTable();
    const items = day(3);
    await load(table, [part('d3', 'etag-1|latin1', items)]);
    // The same keys with other amounts, as another encoding or rule would give.
    const changed = items.map((item) => ({ ...item, quantity: item.quantity + 1, totalAmountMilli: milli((item.quantity + 1) * item.unitPriceMilli) }));
    const opened: string[] = [];
    const result = await load(table, [part('d3', 'etag-1|utf-8', changed, opened)]);
    expect(opened).toEqual(['d3']);
    expect(result).toMatchObject({ written: 60, partitionsDone: ['d3'], deleted: 0 });
    expect(await readAll(client, table)).toEqual([...changed].sort(byKey));
  });

  it('replaces a corrected partition: items no longer in it are deleted, its neighbours untouched', async () => {
    const table = await freshTable();
    const [d4, d5] = [day(4, 100), day(5)];
    await load(table, [part('d4', 'a', d4), part('d5', 'a', d5)]);
    const corrected = d4.slice(0, 60);
    const result = await load(table, [part('d4', 'b', corrected), part('d5', 'a', d5)]);
    expect(result).toMatchObject({ written: 60, deleted: 40, partitionsDone: ['d4'], partitionsSkipped: ['d5'] });
    const stored = await readAll(client, table);
    expect(stored).toEqual([...corrected, ...d5].sort(byKey));
    expect(totalMilli(stored)).toBe(totalMilli(corrected) + totalMilli(d5));
  });

  it('with prune, removes partitions that are no longer in the input, items and records', async () => {
    const table = await freshTable();
    const [d6, d7, d8] = [day(6), day(7), day(8)];
    await load(table, [part('d6', 'a', d6), part('d7', 'a', d7)]);
    const without = await load(table, [part('d6', 'a', d6), part('d8', 'a', d8)]);
    expect(without.partitionsRemoved).toEqual([]);
    expect(await readAll(client, table)).toHaveLength(180);

    const pruned = await load(table, [part('d6', 'a', d6), part('d8', 'a', d8)], { prune: true });
    expect(pruned).toMatchObject({ partitionsRemoved: ['d7'], deleted: 60, written: 0 });
    expect(await readAll(client, table)).toEqual([...d6, ...d8].sort(byKey));
    const heads = await readPartitionHeads(client, table);
    expect([...heads.values()].map((h) => h.id).sort()).toEqual(['d6', 'd8']);
    expect((await ownRecords(table)).filter((name) => name.startsWith('#partition'))).toHaveLength(2);
  });

  it.each([
    ['the new partition first', true],
    ['the old partition first', false],
  ])('never deletes a key that moved to another partition (%s)', async (_, newFirst) => {
    const table = await freshTable();
    const [d9, d10] = [day(9), day(10)];
    const moved = d9[0];
    await load(table, [part('d9', 'a', d9), part('d10', 'a', d10)]);
    // The line moves from d9 to d10 (say, a file split differently), with a new amount.
    const movedNow = { ...moved, quantity: 99, totalAmountMilli: milli(99 * moved.unitPriceMilli) };
    const parts = [part('d9', 'b', d9.slice(1)), part('d10', 'b', [...d10, movedNow])];
    await load(table, newFirst ? parts.reverse() : parts);
    const stored = await readAll(client, table);
    expect(stored).toEqual([...d9.slice(1), ...d10, movedNow].sort(byKey));
  });

  it('refuses the same partition id twice in one load', async () => {
    const table = await freshTable();
    await expect(load(table, [part('d1', 'a', day(1)), part('d1', 'b', day(2))])).rejects.toThrow('Partition "d1" is given twice');
  });
});

describe('loadPartitions: cut off at any request, a rerun gives the same table', () => {
  // Version 1 of four days, then version 2: d1 corrected (lines gone, amounts changed),
  // d2 unchanged, d3 dropped from the input, d4 loses a line to the new day d5.
  const v1 = [day(11, 40), day(12, 30), day(13, 12), day(14, 30)];
  const v2 = {
    d1: v1[0].slice(0, 30).map((item, i) => (i % 3 === 0 ? { ...item, totalAmountMilli: milli(item.totalAmountMilli + 1) } : item)),
    d2: v1[1],
    d4: v1[3].slice(1),
    d5: [...day(15, 20), v1[3][0]],
  };
  const version1 = () => [part('d1', 'a', v1[0]), part('d2', 'a', v1[1]), part('d3', 'a', v1[2]), part('d4', 'a', v1[3])];
  const version2 = () => [part('d1', 'b', v2.d1), part('d2', 'a', v2.d2), part('d4', 'b', v2.d4), part('d5', 'a', v2.d5)];
  const expected = Object.values(v2).flat().sort(byKey);
  const options: PartitionLoadOptions = { prune: true, concurrency: 2, maxAttempts: 2, backoff: { baseDelayMs: 1, maxDelayMs: 2 } };

  let requests = 0;
  beforeAll(async () => {
    const table = await freshTable();
    await load(table, version1());
    const proxy = await startFaultProxy(testDynamoDb().endpoint, {});
    const via = new DynamoDBClient({ ...testDynamoDb(), endpoint: proxy.endpoint, maxAttempts: 1 });
    await load(table, version2(), options, via);
    requests = proxy.stats.requests;
    via.destroy();
    await proxy.close();
    expect(await readAll(client, table)).toEqual(expected);
  });

  it('at every request of a replacing load (writes, deletes, bookkeeping)', async () => {
    expect(requests).toBeGreaterThan(20);
    for (let cut = 1; cut <= requests; cut += 1) {
      const table = await freshTable();
      await load(table, version1());
      const proxy = await startFaultProxy(testDynamoDb().endpoint, {}, 1, { cutAfter: cut });
      const via = new DynamoDBClient({ ...testDynamoDb(), endpoint: proxy.endpoint, maxAttempts: 1 });
      const interrupted = await load(table, version2(), options, via).then(
        (result) => result.failed.length > 0,
        () => true,
      );
      via.destroy();
      await proxy.close();
      expect([cut, interrupted]).toEqual([cut, true]);

      const rerun = await load(table, version2(), { prune: true });
      expect(rerun.failed).toEqual([]);
      const stored = await readAll(client, table);
      expect([cut, stored.length, totalMilli(stored)]).toEqual([cut, expected.length, totalMilli(expected)]);
      expect(stored.map(itemKey)).toEqual(expected.map(itemKey));
      expect(stored).toEqual(expected);
      const heads = [...(await readPartitionHeads(client, table)).values()];
      expect(heads.map((h) => `${h.id}:${h.state}`).sort()).toEqual(['d1:done', 'd2:done', 'd4:done', 'd5:done']);
      await deleteTable(client, table, { pollMs: 50 });
      tables.splice(tables.indexOf(table), 1);
    }
  }, 240_000);
});
