import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { milli, type OrderItem } from '@ecomlake/model';
import { startFaultProxy } from '../test-fixtures/fault-proxy';
import { testDynamoDb, uniqueName } from '../test-fixtures/stack';
import { byKey, readAll, totalMilli } from '../test-fixtures/table';
import { makeItems } from '../testing';
import { deleteTable, ensureTable } from './ensure-table';
import { loadPartitions, type LoadPartition, type PartitionLoadOptions } from './load-items';
import { checkAggregates } from './aggregates/check';
import { computeAggregates } from './aggregates/compute';
import { readAggregates } from './aggregates/read';
import { itemKey } from './marshal';
import { scanItems } from './paginate';
import { readCountries } from './catalog';
import { isReservedRecord, PARTITION_ATTRIBUTE, partitionTag, readPartitionHead, readPartitionHeads, readStoredPartition } from './partition-records';
import { prunePartitions } from './prune-partitions';
import { orderTableSpec, WITH_COUNTRY_INDEX } from './table-spec';

const client = new DynamoDBClient(testDynamoDb());
const tables: string[] = [];

async function freshTable(): Promise<string> {
  const table = uniqueName('parts');
  tables.push(table);
  // The opt-in layout with CountryIndex: the capacity and index figures below count its writes.
  await ensureTable(client, orderTableSpec(table, { indexes: WITH_COUNTRY_INDEX }), { pollMs: 50 });
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
  it('decides from the head and summary its caller just read: no read of its own, the same table', async () => {
    const table = await freshTable();
    const items = day(3);
    const given = (stored: LoadPartition['stored']) => ({ ...part('d3', 'v1', items), summary: 'first', ...(stored && { stored }) });
    const loaded = await load(table, [given(await readStoredPartition(client, table, 'd3'))]);
    expect(loaded.partitionsDone).toEqual(['d3']);
    expect(loaded.replaceCost.readRequests).toBe(0); // without `stored`: 1 (its own read of head and summary)
    expect((await readAll(client, table)).sort(byKey)).toEqual([...items].sort(byKey));
    // Done with this identity and summary: skipped, nothing read, nothing written.
    const again = await load(table, [given(await readStoredPartition(client, table, 'd3'))]);
    expect(again.partitionsSkipped).toEqual(['d3']);
    expect(again.requests).toBe(0);
  });

  it('lists each country once per run when loads share what they listed', async () => {
    const table = await freshTable();
    const listed = { countries: new Set<string>(), months: new Set<string>() };
    const [one, two] = [day(1), day(2)];
    const first = await load(table, [part('d1', 'v1', one)], { listed });
    expect([...listed.countries].sort()).toEqual([...new Set(one.map((i) => i.country))].sort());
    expect(await readCountries(client, table)).toEqual([...listed.countries].sort());
    // The second day's countries are all listed already: no catalog write, so one request fewer than alone.
    const shared = await load(table, [part('d2', 'v1', two)], { listed });
    const alone = await load(await freshTable(), [part('d2', 'v1', two)]);
    expect(new Set(two.map((i) => i.country)).size).toBeGreaterThan(0);
    expect([...new Set(two.map((i) => i.country))].every((c) => listed.countries.has(c))).toBe(true);
    expect(shared.requests).toBe(alone.requests - 1);
    expect(first.failed).toEqual([]);
  });

  it('lists each country and month once when loads sharing what they listed run at the same time', async () => {
    const table = await freshTable();
    // Catalog writes seen by a second client's own middleware (real requests to DynamoDB Local).
    const counted = new DynamoDBClient(testDynamoDb());
    const catalogWrites: { item: string; values: string[] }[] = [];
    counted.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Key?: Record<string, { S?: string }>; ExpressionAttributeValues?: Record<string, { SS?: string[] }> };
        if (context.commandName === 'UpdateItemCommand' && input.Key?.InvoiceNo?.S === '#catalog') {
          const values = Object.values(input.ExpressionAttributeValues ?? {}).flatMap((value) => value.SS ?? []);
          catalogWrites.push({ item: input.Key.StockCode?.S ?? '', values });
        }
        return next(args);
      },
      { step: 'initialize', name: 'countCatalogWrites' },
    );
    const listed = { countries: new Set<string>(), months: new Set<string>() };
    const days = [1, 2, 3, 4].map((d) => day(d));
    const withAggregates = (id: string, items: OrderItem[]): LoadPartition => ({ ...part(id, 'v1', items), aggregates: computeAggregates(items) });
    const loads = await Promise.all(days.map((items, i) => load(table, [withAggregates(`d${i + 1}`, items)], { listed }, counted)));
    counted.destroy();
    expect(loads.flatMap((l) => l.failed)).toEqual([]);
    const countries = [...new Set(days.flat().map((i) => i.country))].sort();
    expect([...listed.countries].sort()).toEqual(countries);
    expect(await readCountries(client, table)).toEqual(countries);
    // Four days of one month at once, their countries shared: every value written once, whatever the timing.
    const written = (item: string) => catalogWrites.filter((write) => write.item === item).flatMap((write) => write.values).sort();
    expect(new Set(catalogWrites.map((write) => write.item))).toEqual(new Set(['countries', 'aggregate-months']));
    expect(written('countries')).toEqual(countries);
    expect(written('aggregate-months')).toEqual(['2011-03']);
    expect([...listed.months]).toEqual(['2011-03']);
  });

  it('reports partitionsDone in the order given, whichever finished first', async () => {
    const table = await freshTable();
    // d1's own batches answer late (a client middleware holds them), so d2 finishes first.
    const slow = new DynamoDBClient(testDynamoDb());
    const d1 = partitionTag('d1');
    slow.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { RequestItems?: Record<string, { PutRequest?: { Item?: Record<string, { S?: string }> } }[]> };
        const puts = Object.values(input.RequestItems ?? {}).flat();
        if (context.commandName === 'BatchWriteItemCommand' && puts.length > 0 && puts.every((put) => put.PutRequest?.Item?.[PARTITION_ATTRIBUTE]?.S === d1)) {
          await new Promise((resolve) => setTimeout(resolve, 400));
        }
        return next(args);
      },
      { step: 'initialize', name: 'holdFirstPartition' },
    );
    const loaded = await load(table, [part('d1', 'v1', day(1)), part('d2', 'v1', day(2))], {}, slow);
    slow.destroy();
    expect(loaded.partitionsDone).toEqual(['d1', 'd2']);
    expect(loaded.written).toBe(120);
  });

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

describe('loadPartitions without prune: a worker reads only the heads of its own partitions', () => {
  // Identities as long as the pipeline's (an ETag and a fingerprint), so heads weigh ~300
  // bytes and reading all of them would cost more RCU as the table grows.
  const identity = (version: string) => `${version}|${'f'.repeat(240)}`;
  const readCost = async (table: string, p: LoadPartition) => {
    const { replaceCost, failed } = await load(table, [p]);
    expect(failed).toEqual([]);
    return { readRequests: replaceCost.readRequests, readCapacity: replaceCost.readCapacity };
  };

  it('costs the same reads with 1 or 31 partitions in the table', async () => {
    const table = await freshTable();
    await load(table, [part('p0', identity('a'), day(1, 5))]);
    // A first load reads its head (absent: 1 RCU, strongly consistent) and no key pages;
    // a replacement reads its head and its one key page (1 RCU each, both under 4 KB).
    const firstWithOne = await readCost(table, part('x1', identity('a'), day(2, 5)));
    const replaceWithOne = await readCost(table, part('p0', identity('b'), day(1, 4)));
    expect(firstWithOne).toEqual({ readRequests: 1, readCapacity: 1 });
    expect(replaceWithOne).toEqual({ readRequests: 2, readCapacity: 2 });

    const others = Array.from({ length: 29 }, (_, i) => part(`q${i}`, identity('a'), day(3 + (i % 20), 3)));
    await load(table, others);
    expect((await readPartitionHeads(client, table)).size).toBe(31);
    expect(await readCost(table, part('x2', identity('a'), day(2, 5)))).toEqual(firstWithOne);
    expect(await readCost(table, part('x1', identity('b'), day(2, 4)))).toEqual(replaceWithOne);
    // And an unchanged partition is skipped for its head read alone.
    expect(await readCost(table, part('x2', identity('a'), day(2, 5)))).toEqual({ readRequests: 1, readCapacity: 1 });
  });

  it('readPartitionHead gives one head by id, or undefined for a partition never loaded', async () => {
    const table = await freshTable();
    const items = day(16);
    await load(table, [part('d16', 'v1', items)]);
    expect(await readPartitionHead(client, table, 'd16')).toEqual({
      id: 'd16', tag: partitionTag('d16'), identity: 'v1', state: 'done', keyCount: new Set(items.map(itemKey)).size,
    });
    expect(await readPartitionHead(client, table, 'd17')).toBeUndefined();
  });
});

describe('prunePartitions: many workers, then one prune', () => {
  const [d1, d2, d3] = [day(17), day(18), day(19)];

  it('leaves exactly the kept partitions, as a fresh load of them would', async () => {
    const table = await freshTable();
    // Three workers at once, a partition each, as Lambdas or the local app's pool run them.
    await Promise.all([part('d1', 'a', d1), part('d2', 'a', d2), part('d3', 'a', d3)].map((p) => load(table, [p])));
    const pruned = await prunePartitions(client, table, ['d1', 'd3', 'never-loaded'], { concurrency: 4 });

    const fresh = await freshTable();
    await load(fresh, [part('d1', 'a', d1), part('d3', 'a', d3)]);
    expect(await readAll(client, table)).toEqual(await readAll(client, fresh));
    expect(await readAll(client, table)).toEqual([...d1, ...d3].sort(byKey));
    expect(await ownRecords(table)).toEqual(await ownRecords(fresh));
    expect([...(await readPartitionHeads(client, table)).values()].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...(await readPartitionHeads(client, fresh)).values()].sort((a, b) => a.id.localeCompare(b.id)),
    );

    // By hand: the heads (one Query, 3 small heads) and d2's one key page, 1 RCU each; a
    // conditional DeleteItem per item (1 WCU in the table, 1 in CountryIndex, 1 in
    // CustomerIndex unless a guest), then d2's key page, summary and head in one BatchWriteItem
    // (the summary's delete is new with summaries: none was stored here, and this stack
    // reports 2 WCU for deleting an absent item, measured).
    const d2Keys = new Set(d2.map(itemKey));
    const customers = d2.filter((item, i) => item.customerId && d2.findLastIndex((other) => itemKey(other) === itemKey(item)) === i).length;
    expect(pruned).toEqual({
      removed: ['d2'],
      deleted: d2Keys.size,
      requests: 2 + d2Keys.size + 1,
      readCapacity: 2,
      writeCapacity: 2 * d2Keys.size + customers + 2 + 2,
    });
  });

  it('removes nothing when every recorded partition is kept, and reads only the heads', async () => {
    const table = await freshTable();
    await load(table, [part('d1', 'a', d1)]);
    expect(await prunePartitions(client, table, new Set(['d1', 'd9']))).toEqual({ removed: [], deleted: 0, requests: 1, readCapacity: 1, writeCapacity: 0 });
    expect(await readAll(client, table)).toEqual([...d1].sort(byKey));
  });

  it('refuses a concurrency below 1 before sending anything', async () => {
    await expect(prunePartitions(client, 'no-such-table', [], { concurrency: 0 })).rejects.toThrow('concurrency must be a whole number ≥ 1, got 0');
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
  // Each partition carries its aggregates: they must end exactly as a fresh load's too.
  // And its summary: kept with the head's `done`, so it too must end as a fresh load's.
  const withAggregates = (id: string, identity: string, items: readonly OrderItem[]): LoadPartition => ({
    ...part(id, identity, items),
    aggregates: computeAggregates(items, []),
    summary: JSON.stringify({ id, identity, items: items.length }),
  });
  const expectSummaries = async (table: string, cut: number) => {
    for (const p of version2()) expect([cut, (await readStoredPartition(client, table, p.id)).summary]).toEqual([cut, { identity: p.identity, text: p.summary }]);
    expect([cut, await readStoredPartition(client, table, 'd3')]).toEqual([cut, {}]);
  };
  const version1 = () => [withAggregates('d1', 'a', v1[0]), withAggregates('d2', 'a', v1[1]), withAggregates('d3', 'a', v1[2]), withAggregates('d4', 'a', v1[3])];
  const version2 = () => [withAggregates('d1', 'b', v2.d1), withAggregates('d2', 'a', v2.d2), withAggregates('d4', 'b', v2.d4), withAggregates('d5', 'a', v2.d5)];
  const expected = Object.values(v2).flat().sort(byKey);
  const expectedAggregates = computeAggregates(expected, []);
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
      expect([cut, (await readAggregates(client, table)).aggregates]).toEqual([cut, expectedAggregates]);
      expect(await checkAggregates(client, table)).toMatchObject({ partitions: 4 });
      await expectSummaries(table, cut);
      const heads = [...(await readPartitionHeads(client, table)).values()];
      expect(heads.map((h) => `${h.id}:${h.state}`).sort()).toEqual(['d1:done', 'd2:done', 'd4:done', 'd5:done']);
      await deleteTable(client, table, { pollMs: 50 });
      tables.splice(tables.indexOf(table), 1);
    }
  }, 240_000);

  it('at every request of workers loading a partition each, then one prune', async () => {
    const worker: PartitionLoadOptions = { ...options, prune: false };
    // As the Distributed Map runs it: a failed worker fails the run, and the prune (the reduce) runs only after all succeeded.
    const run = async (table: string, via: DynamoDBClient): Promise<boolean> => {
      for (const p of version2()) {
        const result = await load(table, [p], worker, via);
        if (result.failed.length > 0) return false;
      }
      await prunePartitions(via, table, version2().map((p) => p.id), worker);
      return true;
    };
    const counted = await freshTable();
    await load(counted, version1());
    const proxy = await startFaultProxy(testDynamoDb().endpoint, {});
    const via = new DynamoDBClient({ ...testDynamoDb(), endpoint: proxy.endpoint, maxAttempts: 1 });
    expect(await run(counted, via)).toBe(true);
    const workerRequests = proxy.stats.requests;
    via.destroy();
    await proxy.close();
    expect(await readAll(client, counted)).toEqual(expected);

    expect(workerRequests).toBeGreaterThan(20);
    for (let cut = 1; cut <= workerRequests; cut += 1) {
      const table = await freshTable();
      await load(table, version1());
      const proxy = await startFaultProxy(testDynamoDb().endpoint, {}, 1, { cutAfter: cut });
      const via = new DynamoDBClient({ ...testDynamoDb(), endpoint: proxy.endpoint, maxAttempts: 1 });
      const completed = await run(table, via).catch(() => false);
      via.destroy();
      await proxy.close();
      expect([cut, completed]).toEqual([cut, false]);

      expect(await run(table, client)).toBe(true);
      const stored = await readAll(client, table);
      expect([cut, stored.length, totalMilli(stored)]).toEqual([cut, expected.length, totalMilli(expected)]);
      expect(stored).toEqual(expected);
      expect([cut, (await readAggregates(client, table)).aggregates]).toEqual([cut, expectedAggregates]);
      await expectSummaries(table, cut);
      const heads = [...(await readPartitionHeads(client, table)).values()];
      expect(heads.map((h) => `${h.id}:${h.state}`).sort()).toEqual(['d1:done', 'd2:done', 'd4:done', 'd5:done']);
      await deleteTable(client, table, { pollMs: 50 });
      tables.splice(tables.indexOf(table), 1);
    }
  }, 240_000);
});

describe('a partition\'s summary', () => {
  it('is written in the head\'s `done` request, read with the head in one, rewritten on a skip only when it differs, removed with its partition', async () => {
    const table = await freshTable();
    // Every BatchWriteItem as sent, and every request's name.
    const batches: string[][] = [];
    const names: string[] = [];
    const via = new DynamoDBClient(testDynamoDb());
    via.middlewareStack.add((next, context) => async (args) => {
      names.push(context.commandName ?? '?');
      const input = args.input as { RequestItems?: Record<string, { PutRequest?: { Item?: Record<string, { S?: string }> } }[]> };
      if (context.commandName === 'BatchWriteItemCommand') {
        batches.push((input.RequestItems?.[table] ?? []).map((w) => `${w.PutRequest?.Item?.InvoiceNo?.S ?? 'delete'}:${w.PutRequest?.Item?.State?.S ?? ''}`));
      }
      return next(args);
    }, { step: 'initialize' });
    const d1 = { ...part('d1', 'a', day(21, 30)), summary: 'first' };
    await load(table, [d1], {}, via);
    const done = batches.filter((batch) => batch.includes('#partition:done'));
    expect(done).toEqual([['#partition:done', `#summary#${partitionTag('d1')}:`]]);
    expect(await readStoredPartition(client, table, 'd1')).toMatchObject({ head: { state: 'done', identity: 'a' }, summary: { identity: 'a', text: 'first' } });

    // A skip with the same summary writes nothing; with another, one put.
    names.length = 0;
    expect(await load(table, [d1], {}, via)).toMatchObject({ partitionsSkipped: ['d1'], replaceCost: { readRequests: 1, writeRequests: 0 } });
    expect(names).toEqual(['BatchGetItemCommand']);
    expect(await load(table, [{ ...d1, summary: 'second' }], {}, via)).toMatchObject({ partitionsSkipped: ['d1'], replaceCost: { readRequests: 1, writeRequests: 1 } });
    expect((await readStoredPartition(client, table, 'd1')).summary).toEqual({ identity: 'a', text: 'second' });
    // A load without a summary reads the head alone, as before.
    names.length = 0;
    await load(table, [part('d1', 'a', [])], {}, via);
    expect(names).toEqual(['GetItemCommand']);

    // Out of scans' way (reserved), and gone with the partition.
    expect((await ownRecords(table)).filter((name) => name.startsWith('#summary#'))).toEqual([`#summary#${partitionTag('d1')}/0`]);
    await prunePartitions(client, table, []);
    expect(await readStoredPartition(client, table, 'd1')).toEqual({});
    expect((await ownRecords(table)).filter((name) => /^#(partition|keys#|summary#)/.test(name))).toEqual([]);
    via.destroy();
  });
});
