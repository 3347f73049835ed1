import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { OrderItem } from '@ecomlake/model';
import { testDynamoDb, uniqueName } from '../test-fixtures/stack';
import { readAll, totalMilli } from '../test-fixtures/table';
import { makeItems } from '../testing';
import { deleteTable, ensureTable } from './ensure-table';
import { loadPartitions, type LoadPartition } from './load-items';
import { readPartitionHead } from './partition-records';
import { prunePartitions } from './prune-partitions';
import { orderTableSpec } from './table-spec';
import { beginTableRun, commitTableRun, invalidatePartitionHeads, readTableRunState } from './table-run';

const client = new DynamoDBClient(testDynamoDb());
const tables: string[] = [];

async function freshTable(): Promise<string> {
  const table = uniqueName('owners');
  tables.push(table);
  await ensureTable(client, orderTableSpec(table), { pollMs: 50 });
  return table;
}
afterAll(async () => {
  for (const name of tables) await deleteTable(client, name, { pollMs: 50 });
  client.destroy();
});

const day = (d: number): OrderItem[] => makeItems(80, { seed: 40 + d, firstDay: `2011-05-${String(d).padStart(2, '0')}`, days: 1 });
const part = (id: string, identity: string, items: readonly OrderItem[]): LoadPartition => ({ id, identity, items });
const byInvoice = (items: readonly OrderItem[], keep: (invoice: number) => boolean) => items.filter((item) => keep(Number(item.invoiceNo)));
const sorted = (items: readonly OrderItem[]) => [...items].sort((a, b) => a.invoiceNo.localeCompare(b.invoiceNo) || a.stockCode.localeCompare(b.stockCode));

/** The whole input as one run: what `nx run pipeline:run` does, partition by partition. */
async function fullRun(table: string, parts: LoadPartition[]) {
  return loadPartitions(client, table, parts, { concurrency: 3, prune: true });
}

describe('ownership across runs: the table equals a fresh load of the last input, whatever ran before', () => {
  it('reloads partitions whose keys another layout took over in a run that did not finish', async () => {
    const table = await freshTable();
    const [one, two] = [day(1), day(2)];
    const x = [part('day1.csv', 'v1', one), part('day2.csv', 'v1', two)];
    await fullRun(table, x);
    // The same lines cut into two chunks across the days, loaded without finishing the run (no prune).
    const all = [...one, ...two];
    const cut = Number(all[Math.floor(all.length / 2)].invoiceNo);
    await loadPartitions(client, table, [part('chunk-a', 'v1', byInvoice(all, (n) => n < cut)), part('chunk-b', 'v1', byInvoice(all, (n) => n >= cut))], { concurrency: 3 });
    expect((await readTableRunState(client, table))?.state).toBe('writing');

    const again = await fullRun(table, x);

    // Without the check both days were skipped and the prune of the chunks emptied the table.
    expect(again.partitionsSkipped).toEqual([]);
    expect(again.partitionsRemoved.sort()).toEqual(['chunk-a', 'chunk-b']);
    const stored = await readAll(client, table);
    expect({ count: stored.length, total: totalMilli(stored) }).toEqual({ count: all.length, total: totalMilli(all) });
    expect(stored).toEqual(sorted(all));
    expect((await readTableRunState(client, table))?.state).toBe('committed');
  });

  it('reloads a partition robbed by one that is still in the input, whose new version gives the keys back', async () => {
    const table = await freshTable();
    const [one, two] = [day(3), day(4)];
    await fullRun(table, [part('p', 'v1', one), part('q', 'v1', two)]);
    // q, edited to hold p's lines too, loads alone: it takes p's keys.
    await loadPartitions(client, table, [part('q', 'v2', [...one, ...two])], { concurrency: 3 });
    // q back as it was: its replace deletes the keys it took (they are tagged q now); p must load again.
    const back = await fullRun(table, [part('p', 'v1', one), part('q', 'v1', two)]);
    expect(back.partitionsSkipped).toEqual([]);
    expect(await readAll(client, table)).toEqual(sorted([...one, ...two]));
  });

  it('trusts the heads of a committed table: a rerun skips everything and reads no key page', async () => {
    const table = await freshTable();
    const x = [part('a', 'v1', day(5)), part('b', 'v1', day(6))];
    await fullRun(table, x);
    const run = await beginTableRun(client, table, 'rerun');
    expect({ checked: run.checked, invalidated: run.invalidated }).toEqual({ checked: false, invalidated: [] });
    // One marker read (1 RCU) and one marker write.
    expect(run.cost).toEqual({ readRequests: 1, readCapacity: 1, writeRequests: 1, writeCapacity: 1 });
    const rerun = await loadPartitions(client, table, x, { concurrency: 3, run });
    expect(rerun.partitionsSkipped.sort()).toEqual(['a', 'b']);
    await prunePartitions(client, table, ['a', 'b']);
    await commitTableRun(client, run);
    expect((await readTableRunState(client, table))?.state).toBe('committed');
  });

  it('does not let a run commit over a run that began after it', async () => {
    const table = await freshTable();
    const first = await beginTableRun(client, table, 'first');
    await beginTableRun(client, table, 'second');
    await expect(commitTableRun(client, first)).rejects.toThrow(/conditional/i);
    expect(await readTableRunState(client, table)).toMatchObject({ state: 'writing', runId: 'second' });
  });

  it('loads named partitions again after invalidatePartitionHeads, even with an unchanged identity', async () => {
    const table = await freshTable();
    const x = [part('a', 'v1', day(7)), part('b', 'v1', day(8))];
    await fullRun(table, x);
    expect(await invalidatePartitionHeads(client, table, ['b'])).toEqual(['b']);
    expect((await readPartitionHead(client, table, 'b'))?.state).toBe('loading');
    const reload = await fullRun(table, x);
    expect({ loaded: reload.partitionsDone, skipped: reload.partitionsSkipped }).toEqual({ loaded: ['b'], skipped: ['a'] });
    expect((await invalidatePartitionHeads(client, table, undefined)).sort()).toEqual(['a', 'b']);
  });
});
