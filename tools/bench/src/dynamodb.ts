/**
 * Benchmark: @ecomlake/dynamodb-repository + @ecomlake/queries against the simple way, on one
 * DynamoDB Local started here (in memory), with the cleaned items of the real dataset.
 *
 * Peer ("baseline"), in the same run on the same server:
 *  - load: the original layout (CountryIndex + CustomerIndex projecting ALL, no DateIndex),
 *    one BatchWriteItem at a time, UnprocessedItems re-sent at once;
 *  - read for the bubble map + histograms: one sequential Scan of that table with the same
 *    projection, aggregated the same way;
 *  - revenue on one date: a Scan of the whole table filtered on the day.
 * Ours: our layout (the same two GSIs, INCLUDE projections, no derived day/month
 * attributes) and loadPartitions, one partition per day with replace semantics, as the
 * pipeline loads (plain upserts with loadItems are timed too); salesOverview (one parallel scan of CountryIndex);
 * revenueOnDate (the catalog, then one CountryIndex Query per country for that day). Every
 * answer is compared with the baseline's; a mismatch fails the run.
 *
 * A warm-up load runs first so neither side pays the JVM's JIT warm-up. Timed loads ask for
 * no consumed capacity (as the original did; DynamoDB Local spends ~25% more CPU per item
 * computing it); WCU per item is measured on a uniform sample loaded with it on.
 *
 * The baseline runs start to end (load, read, date scan) and its table is dropped before
 * ours is loaded, so the server holds one big table at a time.
 *
 *   npx nx run bench:dynamodb [-- --input <dir>] [--limit <items>] [--concurrency <n>]
 *        [--segments <n>] [--sweep 1,2,4,8,16] [--no-split-check] [--decompose] [--heap <MiB>]
 *        [--capacity-sample <items>] [--skip-reads]
 *
 * --skip-reads: loads only (no scans or queries, ours or the baseline's): the load ratio
 * and the replace costs in a fraction of the time.
 * --sweep: load the first 50,000 items at each concurrency (to choose the default);
 * --decompose: also load with loadItems into the original layout, and one request at a
 * time into ours (which lever gives what).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { cleanFiles, listCsvFiles, orderItems } from '@ecomlake/cleaning';
import {
  deleteTable,
  ensureTable,
  loadItems,
  loadPartitions,
  orderTableSpec,
  projectionOf,
  type LoadPartition,
  type LoadResult,
  type OrderTableOptions,
} from '@ecomlake/dynamodb-repository';
import { startLocalStack, type LocalStack } from '@ecomlake/local-stack';
import type { OrderItem } from '@ecomlake/model';
import { DYNAMODB_LOCAL_QUERIES, revenueOnDate, runQuery, salesByCountry, salesOverview, type Row } from '@ecomlake/queries';
import { readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import path from 'node:path';
import { BASELINE_LAYOUT, baselineLoad, baselineQuery, baselineScan } from './baseline';
import { peakRssMiB, printJsonResult, printTable, type BenchRow } from './report';

const DATA = path.resolve(__dirname, '../../../../shared/data/online-retail/by-day');

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const seconds = (since: number) => (performance.now() - since) / 1000;

/** CPU seconds used so far by the DynamoDB Local JVM that this process started (Linux /proc). */
function serverCpuSeconds(): number {
  try {
    const parents = new Map<number, number>();
    const commands = new Map<number, string>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parents.set(Number(entry), Number(fields[1]));
        commands.set(Number(entry), stat);
      } catch {
        // The process ended while we looked.
      }
    }
    const descends = (pid: number): boolean => {
      for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
      return false;
    };
    let total = 0;
    for (const [pid, stat] of commands) {
      if (!stat.includes('(java)') || !descends(pid)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime + stime, in clock ticks (100 per second on Linux).
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    }
    return total;
  } catch {
    return NaN;
  }
}

async function measured<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number; serverCpu: number }> {
  const cpu = serverCpuSeconds();
  const started = performance.now();
  const value = await run();
  return { value, seconds: seconds(started), serverCpu: round(serverCpuSeconds() - cpu, 1) };
}

/** The bubble map's and histograms' aggregates computed the plain way, to compare answers. */
function plainAggregates() {
  const cells = new Map<string, { revenue: number; invoices: Set<string> }>();
  const orders = new Map<string, number>();
  return {
    add(row: Row) {
      const key = `${row.country}|${(row.invoiceDate as string).slice(0, 7)}`;
      const cell = cells.get(key) ?? { revenue: 0, invoices: new Set<string>() };
      cells.set(key, cell);
      cell.revenue += row.totalAmountMilli as number;
      cell.invoices.add(row.invoiceNo as string);
      orders.set(row.invoiceNo as string, (orders.get(row.invoiceNo as string) ?? 0) + (row.totalAmountMilli as number));
    },
    digest: () =>
      JSON.stringify([
        [...cells.entries()].map(([key, cell]) => [key, cell.revenue, cell.invoices.size]).sort(),
        [...orders.entries()].sort(),
      ]),
  };
}

async function loadedItems(input: string, limit: number): Promise<OrderItem[]> {
  const result = await cleanFiles(await listCsvFiles(input), { concurrency: 2 });
  const items: OrderItem[] = [];
  for (const item of orderItems(result.items)) {
    if (items.length >= limit) break;
    items.push(item);
  }
  return items;
}

/** Items grouped by day, as the pipeline's partitions (one raw object per day). */
function byDay(items: readonly OrderItem[], version = 'v1'): LoadPartition[] {
  const days = new Map<string, OrderItem[]>();
  for (const item of items) {
    let day = days.get(item.invoiceDay);
    if (!day) days.set(item.invoiceDay, (day = []));
    day.push(item);
  }
  return [...days].map(([day, list]) => ({ id: `${day}.csv`, identity: version, items: list }));
}

/** Read and write capacity of a load's replace bookkeeping, per partition loaded or skipped. */
function replaceFigures(result: LoadResult) {
  const { readCapacity, writeCapacity, readRequests, writeRequests } = result.replaceCost;
  return { readCapacity: round(readCapacity, 1), writeCapacity: round(writeCapacity, 1), readRequests, writeRequests };
}

async function freshTable(client: DynamoDBClient, name: string, layout: OrderTableOptions = {}): Promise<string> {
  await deleteTable(client, name, { pollMs: 50 });
  await ensureTable(client, orderTableSpec(name, layout), { pollMs: 50 });
  return name;
}

async function main(): Promise<void> {
  const input = path.resolve(process.cwd(), flag('input') ?? DATA);
  const limit = Number(flag('limit') ?? Infinity);
  const concurrency = flag('concurrency') ? Number(flag('concurrency')) : undefined;
  const segments: number | 'auto' = flag('segments') ? Number(flag('segments')) : 'auto';
  const sweep = flag('sweep')?.split(',').map(Number);
  const splitCheck = !process.argv.includes('--no-split-check');
  const decompose = process.argv.includes('--decompose');
  const capacitySample = Number(flag('capacity-sample') ?? 50_000);
  const heap = Number(flag('heap') ?? 2048);
  const skipReads = process.argv.includes('--skip-reads');

  const cleanStarted = performance.now();
  const items = await loadedItems(input, limit);
  const cleanSeconds = seconds(cleanStarted);
  // 1 GiB of heap failed with InternalFailure while both full tables were held.
  const stack: LocalStack = await startLocalStack({ inMemory: true, javaHeapMiB: heap });
  // The loaders retry themselves; the SDK's own retries would hide throttling from them.
  const client = new DynamoDBClient({ ...stack.dynamodb, maxAttempts: 1 });
  // Reads rely on the SDK's standard retries (5xx, throttling), baseline and ours alike.
  const reader = new DynamoDBClient(stack.dynamodb);
  try {
    console.log(`${items.length.toLocaleString('en-GB')} items (cleaned in ${cleanSeconds.toFixed(1)} s); DynamoDB Local in memory, ${os.cpus().length} cores`);
    const warm = await freshTable(client, 'bench-warmup');
    await loadItems(client, warm, items.slice(0, 20_000));
    await deleteTable(client, warm, { pollMs: 50 });

    // Write capacity per item, from a uniform sample loaded with ReturnConsumedCapacity on:
    // the timed loads below ask for none, as the original did (DynamoDB Local spends ~25%
    // more CPU per item when asked).
    const step = Math.max(1, Math.floor(items.length / capacitySample));
    const sample = items.filter((_, i) => i % step === 0);
    const sampleOurs = await freshTable(client, 'bench-capacity-ours');
    const sampleLoad = await loadItems(client, sampleOurs, sample, { returnConsumedCapacity: 'INDEXES' });
    await deleteTable(client, sampleOurs, { pollMs: 50 });
    // The same sample by day with replace semantics: what the bookkeeping and the tag add.
    const sampleParts = await freshTable(client, 'bench-capacity-partitions');
    const samplePartitionLoad = await loadPartitions(client, sampleParts, byDay(sample), { returnConsumedCapacity: 'INDEXES' });
    await deleteTable(client, sampleParts, { pollMs: 50 });
    const sampleBaseline = await freshTable(client, 'bench-capacity-baseline', BASELINE_LAYOUT);
    const baselineWcu = (await baselineLoad(client, sampleBaseline, sample, 'TOTAL')) / sample.length;
    await deleteTable(client, sampleBaseline, { pollMs: 50 });

    const sweepRows: BenchRow[] = [];
    for (const c of sweep ?? []) {
      const table = await freshTable(client, `bench-sweep-${c}`);
      const run = await measured(() => loadItems(client, table, items.slice(0, 50_000), { concurrency: c, returnConsumedCapacity: 'NONE' }));
      sweepRows.push({ concurrency: c, items: run.value.written, seconds: run.seconds, itemsPerSecond: Math.round(run.value.written / run.seconds), serverCpuSeconds: run.serverCpu });
      await deleteTable(client, table, { pollMs: 50 });
    }
    printTable('load rate by concurrency (first 50,000 items, our layout)', sweepRows);

    const fields = projectionOf(['invoiceNo', 'invoiceDate', 'totalAmountMilli', 'country', 'customerId']);
    const perDay = new Map<string, number>();
    for (const item of items) perDay.set(item.invoiceDay, (perDay.get(item.invoiceDay) ?? 0) + 1);
    const day = [...perDay.entries()].sort((a, b) => b[1] - a[1])[0][0];

    // Baseline, start to end, then its table is dropped: one big table at a time in the server.
    const baselineTable = await freshTable(client, 'bench-baseline', BASELINE_LAYOUT);
    const baseLoad = await measured(() => baselineLoad(client, baselineTable, items));
    const plain = plainAggregates();
    const skipped = { value: 0, seconds: NaN, serverCpu: NaN };
    const baseScan = skipReads ? skipped : await measured(() => baselineScan(reader, { TableName: baselineTable, ...fields }, plain.add));
    let baseDayRevenue = 0;
    const baseDate = skipReads ? skipped : await measured(() =>
      baselineScan(
        reader,
        {
          TableName: baselineTable,
          FilterExpression: 'begins_with(#date, :day)',
          ExpressionAttributeNames: { '#date': 'InvoiceDate', ...projectionOf(['totalAmountMilli']).ExpressionAttributeNames },
          ExpressionAttributeValues: { ':day': { S: day } },
          ProjectionExpression: projectionOf(['totalAmountMilli']).ProjectionExpression,
        },
        (row) => (baseDayRevenue += row.totalAmountMilli as number),
      ),
    );
    await deleteTable(client, baselineTable, { pollMs: 50 });

    // Ours: plain upserts first (the loader before replace semantics), then by day as the pipeline loads.
    const upsertTable = await freshTable(client, 'bench-upsert');
    const upsertLoad = await measured(() => loadItems(client, upsertTable, items, { concurrency, returnConsumedCapacity: 'NONE' }));
    if (upsertLoad.value.written !== items.length) throw new Error(`loadItems wrote ${upsertLoad.value.written} of ${items.length}`);
    await deleteTable(client, upsertTable, { pollMs: 50 });
    const oursTable = await freshTable(client, 'bench-ours');
    const days = byDay(items);
    const ourLoad = await measured(() => loadPartitions(client, oursTable, days, { concurrency, returnConsumedCapacity: 'NONE' }));
    if (ourLoad.value.written !== items.length || ourLoad.value.failed.length > 0) throw new Error(`loadPartitions wrote ${ourLoad.value.written} of ${items.length}`);
    // Reruns: nothing changed (every day skipped), then the largest day corrected (its last 40 items gone).
    const rerun = await measured(() => loadPartitions(client, oursTable, days, { concurrency, returnConsumedCapacity: 'INDEXES' }));
    const largest = days.reduce((a, b) => ((a.items as OrderItem[]).length >= (b.items as OrderItem[]).length ? a : b));
    const corrected = days.map((p) => (p === largest ? { ...p, identity: 'v2', items: (p.items as OrderItem[]).slice(0, -40) } : p));
    const reload = await measured(() => loadPartitions(client, oursTable, corrected, { concurrency, returnConsumedCapacity: 'INDEXES' }));
    const largestItems = (largest.items as OrderItem[]).length;
    if (reload.value.deleted !== 40 || rerun.value.partitionsSkipped.length !== days.length) throw new Error('rerun or reload did not do what it should');
    const ourScan = skipReads ? { value: { data: { countryMonths: [], orderValues: [] }, stats: { requests: 0, consumedCapacity: 0 } }, seconds: NaN, serverCpu: NaN } : await measured(() => salesOverview(reader, oursTable, {}, { segments }));
    const ourDigest = JSON.stringify([
      ourScan.value.data.countryMonths.map((c) => [`${c.country}|${c.month}`, c.revenueMilli, c.orders]).sort(),
      ourScan.value.data.orderValues.map((o) => [o.invoiceNo, o.valueMilli]).sort(),
    ]);
    const scanAgree = skipReads || ourDigest === plain.digest();
    const ourDate = skipReads ? { value: { data: { revenueMilli: 0 }, stats: { requests: 1, consumedCapacity: NaN } }, seconds: NaN, serverCpu: NaN } : await measured(() => runQuery(reader, oursTable, revenueOnDate(day), DYNAMODB_LOCAL_QUERIES));
    const dateAgree = skipReads || ourDate.value.data.revenueMilli === baseDayRevenue;

    // The biggest partition (UK), split into month ranges read in parallel vs one long Query.
    const splitRows: BenchRow[] = [];
    if (splitCheck && !skipReads) {
      const split = await measured(() => runQuery(reader, oursTable, salesByCountry('United Kingdom'), DYNAMODB_LOCAL_QUERIES));
      const single = await measured(() => baselineQuery(reader, oursTable, 'United Kingdom'));
      if (split.value.data.revenueMilli !== single.value.data.revenueMilli) throw new Error('split and single UK queries disagree');
      splitRows.push(
        { read: 'UK via CountryIndex, 3-day sub-ranges, 4 in flight', items: split.value.stats.items, seconds: split.seconds, requests: split.value.stats.requests, rcu: round(split.value.stats.consumedCapacity, 1) },
        { read: 'UK via CountryIndex, one Query', items: single.value.stats.items, seconds: single.seconds, requests: single.value.stats.requests, rcu: round(single.value.stats.consumedCapacity, 1) },
      );
    }
    await deleteTable(client, oursTable, { pollMs: 50 });

    // Which lever gives what: each loader on the other layout.
    const decomposeRows: BenchRow[] = [];
    if (decompose) {
      for (const [run, layout, simple] of [
        ['loadItems, original layout', BASELINE_LAYOUT, false],
        ['1 BatchWriteItem at a time, our layout', {}, true],
      ] as [string, OrderTableOptions, boolean][]) {
        const table = await freshTable(client, 'bench-decompose', layout);
        const load = await measured(async () =>
          simple ? baselineLoad(client, table, items) : (await loadItems(client, table, items, { concurrency, returnConsumedCapacity: 'NONE' })).written,
        );
        decomposeRows.push({ run, seconds: load.seconds, itemsPerSecond: Math.round(items.length / load.seconds), serverCpuSeconds: load.serverCpu });
        await deleteTable(client, table, { pollMs: 50 });
      }
    }

    const loadItemsPerSecond = Math.round(items.length / ourLoad.seconds);
    const upsertItemsPerSecond = Math.round(items.length / upsertLoad.seconds);
    const partitionWcu = samplePartitionLoad.consumedCapacity / sample.length;
    const baselineLoadItemsPerSecond = Math.round(items.length / baseLoad.seconds);
    const dateQueryRcu = round(ourDate.value.stats.consumedCapacity, 1);
    const baselineDateQueryRcu = round(baseDate.value, 1);
    const byTarget = sampleLoad.capacityByTarget;
    const wcu = (target: string) => (byTarget[target] ?? 0) / sample.length;
    const tableWcu = wcu(sampleOurs);
    const gsi = ['CountryIndex', 'CustomerIndex'].map((name) => ({ name, wcu: wcu(`${sampleOurs}/${name}`) }));
    const totalWcu = sampleLoad.consumedCapacity / sample.length;

    printTable(`load ${items.length.toLocaleString('en-GB')} items`, [
      { run: 'baseline: 1 BatchWriteItem at a time, original layout (2 GSIs, ALL)', seconds: baseLoad.seconds, itemsPerSecond: baselineLoadItemsPerSecond, wcuPerItem: round(baselineWcu), serverCpuSeconds: baseLoad.serverCpu },
      { run: `ours: loadItems (upserts), concurrency ${concurrency ?? 'default'}, 2 GSIs INCLUDE`, seconds: upsertLoad.seconds, itemsPerSecond: upsertItemsPerSecond, wcuPerItem: round(totalWcu), serverCpuSeconds: upsertLoad.serverCpu },
      { run: `ours: loadPartitions by day (replace semantics), ${days.length} partitions`, seconds: ourLoad.seconds, itemsPerSecond: loadItemsPerSecond, wcuPerItem: round(partitionWcu), serverCpuSeconds: ourLoad.serverCpu },
    ]);
    printTable('replace semantics: what reruns cost', [
      { run: `first load, sample by day (${samplePartitionLoad.partitionsDone.length} partitions, ${sample.length} items)`, wcuPerItem: round(partitionWcu), wcuPerItemUpsert: round(totalWcu), ...replaceFigures(samplePartitionLoad) },
      { run: `rerun, nothing changed (${rerun.value.partitionsSkipped.length} skipped)`, seconds: round(rerun.seconds), ...replaceFigures(rerun.value) },
      { run: `rerun, largest day (${largestItems} items) minus 40: replaced`, seconds: round(reload.seconds), written: reload.value.written, deleted: reload.value.deleted, totalWcu: round(reload.value.consumedCapacity, 1), ...replaceFigures(reload.value) },
    ]);
    printTable(`write capacity units per item (ours; uniform sample of ${sample.length.toLocaleString('en-GB')} items)`, [
      { layout: 'table only', wcuPerItem: round(tableWcu) },
      ...gsi.map((index) => ({ layout: `without ${index.name}`, wcuPerItem: round(totalWcu - index.wcu) })),
      ...gsi.map((index) => ({ layout: `${index.name} alone adds`, wcuPerItem: round(index.wcu) })),
      { layout: 'both GSIs (ours)', wcuPerItem: round(totalWcu) },
    ]);
    printTable('read for the bubble map + histograms', [
      { run: 'baseline: sequential projected Scan of the table', seconds: baseScan.seconds, rcu: round(baseScan.value, 1), serverCpuSeconds: baseScan.serverCpu },
      { run: `ours: salesOverview, parallel Scan of CountryIndex (${ourScan.value.stats.requests} requests, segments ${segments})`, seconds: ourScan.seconds, rcu: round(ourScan.value.stats.consumedCapacity, 1), serverCpuSeconds: ourScan.serverCpu },
    ]);
    printTable(`revenue on ${day} (${perDay.get(day)} items)`, [
      { run: 'baseline: Scan filtered on the day', seconds: baseDate.seconds, rcu: baselineDateQueryRcu },
      { run: `ours: revenueOnDate, catalog + ${ourDate.value.stats.requests - 1} CountryIndex Queries`, seconds: ourDate.seconds, rcu: dateQueryRcu },
    ]);
    printTable('splitting the biggest partition', splitRows);
    printTable('load levers (same items)', decomposeRows);
    console.log(`\nanswers agree: bubble map + histograms ${scanAgree ? 'yes' : 'NO'}, revenue on date ${dateAgree ? 'yes' : 'NO'}`);

    printJsonResult({
      items: items.length,
      loadItemsPerSecond,
      baselineLoadItemsPerSecond,
      loadRatio: round(loadItemsPerSecond / baselineLoadItemsPerSecond, 2),
      upsertItemsPerSecond,
      upsertLoadRatio: round(upsertItemsPerSecond / baselineLoadItemsPerSecond, 2),
      wcuPerItemReplace: round(partitionWcu, 4),
      itemWcuWithTag: round((samplePartitionLoad.consumedCapacity - samplePartitionLoad.replaceCost.writeCapacity) / sample.length, 4),
      bookkeepingWcuPerItemFullDays: round(ourLoad.value.replaceCost.writeCapacity / items.length, 4),
      bookkeepingRcuFirstLoad: round(ourLoad.value.replaceCost.readCapacity, 1),
      wcuPerItemUpsert: round(totalWcu, 4),
      unchangedRerunRcu: round(rerun.value.replaceCost.readCapacity, 1),
      unchangedRerunWcu: round(rerun.value.consumedCapacity, 1),
      changedDayItems: largestItems,
      changedDayRcu: round(reload.value.replaceCost.readCapacity, 1),
      changedDayWcu: round(reload.value.consumedCapacity, 1),
      changedDayBookkeepingWcu: round(reload.value.replaceCost.writeCapacity, 1),
      loadServerCpuSeconds: ourLoad.serverCpu,
      baselineLoadServerCpuSeconds: baseLoad.serverCpu,
      scanSeconds: round(ourScan.seconds),
      baselineScanSeconds: round(baseScan.seconds),
      scanRatio: round(baseScan.seconds / ourScan.seconds, 2),
      scanRcu: round(ourScan.value.stats.consumedCapacity, 1),
      baselineScanRcu: round(baseScan.value, 1),
      dateQueryRcu,
      baselineDateQueryRcu,
      dateRcuRatio: round(baselineDateQueryRcu / dateQueryRcu, 1),
      dateQuerySeconds: round(ourDate.seconds),
      baselineDateQuerySeconds: round(baseDate.seconds),
      wcuPerItem: round(totalWcu),
      baselineWcuPerItem: round(baselineWcu),
      wcuPerItemTable: round(tableWcu),
      ...Object.fromEntries(gsi.map((index) => [`wcuPerItemWithout${index.name}`, round(totalWcu - index.wcu)])),
      ukSplitSeconds: splitRows[0]?.seconds,
      ukSingleQuerySeconds: splitRows[1]?.seconds,
      concurrency: concurrency ?? 'default',
      segments,
      answersAgree: scanAgree && dateAgree,
      peakRssMiB: peakRssMiB(),
    });
    if (!scanAgree || !dateAgree) process.exitCode = 1;
  } finally {
    client.destroy();
    reader.destroy();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
