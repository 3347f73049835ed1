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
 * Ours: the default layout (only the index a default question reads: CustomerIndex, INCLUDE
 * projection; CountryIndex is opt-in, `--country-index`; no derived day/month attributes) and
 * loadPartitions, one partition per day with its aggregates and replace semantics, as the
 * pipeline loads (plain upserts with loadItems are timed too); salesOverview, the scan path
 * (one parallel scan of the table, or of CountryIndex with `--country-index`); revenueOnDate
 * from the aggregates by key, as the report reads it. The reads run on the first full load,
 * the same items as the baseline's, and every answer is compared with the baseline's; the
 * corrected day of the rerun is compared with its own items. A mismatch fails the run.
 *
 * Hot keys: the first full load of ours is sent through a client that tallies every write by
 * the table's partition key (InvoiceNo, or a record's reserved key) and, for each put of an
 * item, by each index's key (CustomerID; Country, the opt-in CountryIndex's, is tallied too).
 * `hottestKeyShare` is the largest share one key value takes of a resource's writes, over
 * the table and every index of the default table.
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
 *        [--capacity-sample <items>] [--skip-reads] [--country-index] [--no-baseline]
 *
 * --no-baseline: no peer and no timed upserts (the answers are checked against aggregates
 * computed from the items): the capacity, hot-key and answer figures in a fraction of the time.
 * --country-index: ours with CountryIndex (the layout before it was opt-in); the UK split
 * check needs it and runs only then.
 * --skip-reads: loads only (no scans or queries, ours or the baseline's): the load ratio
 * and the replace costs in a fraction of the time.
 * --sweep: load the first 50,000 items at each concurrency (to choose the default);
 * --decompose: also load with loadItems into the original layout, and one request at a
 * time into ours (which lever gives what).
 */
import { DynamoDBClient, type AttributeValue, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { cleanFiles, listCsvFiles, orderItems } from '@ecomlake/cleaning';
import {
  ATTRIBUTE,
  computeAggregates,
  DEFAULT_INDEXES,
  deleteTable,
  ensureTable,
  INDEXES,
  WITH_COUNTRY_INDEX,
  loadItems,
  loadPartitions,
  orderTableSpec,
  projectionOf,
  type LoadPartition,
  type LoadResult,
  type IndexName,
  type OrderTableOptions,
} from '@ecomlake/dynamodb-repository';
import { startLocalStack, type LocalStack } from '@ecomlake/local-stack';
import type { OrderItem } from '@ecomlake/model';
import { createAggregateQueries, DYNAMODB_LOCAL_QUERIES, runQuery, salesByCountry, salesOverview, type Row } from '@ecomlake/queries';
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

/** Items grouped by day with their aggregates, as the pipeline's partitions (one raw object per day). */
function byDay(items: readonly OrderItem[], version = 'v1'): LoadPartition[] {
  const days = new Map<string, OrderItem[]>();
  for (const item of items) {
    let day = days.get(item.invoiceDay);
    if (!day) days.set(item.invoiceDay, (day = []));
    day.push(item);
  }
  return [...days].map(([day, list]) => ({ id: `${day}.csv`, identity: version, items: list, aggregates: computeAggregates(list) }));
}

/** Writes per key value of each resource: `table` (its partition key) and each index's. */
type KeyTally = Map<string, Map<string, number>>;

/**
 * A client whose every write is tallied by key before it is sent: the table's partition key
 * for each put, update and delete, and each index's partition key for each put of a record
 * that has it (an index entry is written only then on a first load).
 */
function tallyingClient(config: DynamoDBClientConfig, indexes: readonly IndexName[]): { client: DynamoDBClient; tally: KeyTally } {
  const tally: KeyTally = new Map();
  const count = (resource: string, key: string | undefined) => {
    if (key === undefined) return;
    const counts = tally.get(resource) ?? new Map<string, number>();
    tally.set(resource, counts);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  const put = (item: Record<string, AttributeValue>) => {
    count('table', item[ATTRIBUTE.invoiceNo]?.S);
    for (const index of indexes) count(index, item[INDEXES[index].partitionKey]?.S);
  };
  const keyed = (key: Record<string, AttributeValue> | undefined) => count('table', key?.[ATTRIBUTE.invoiceNo]?.S);
  const client = new DynamoDBClient(config);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as {
        RequestItems?: Record<string, { PutRequest?: { Item?: Record<string, AttributeValue> }; DeleteRequest?: { Key?: Record<string, AttributeValue> } }[]>;
        TransactItems?: { Put?: { Item?: Record<string, AttributeValue> }; Update?: { Key?: Record<string, AttributeValue> }; Delete?: { Key?: Record<string, AttributeValue> } }[];
        Item?: Record<string, AttributeValue>;
        Key?: Record<string, AttributeValue>;
      };
      for (const requests of Object.values(input.RequestItems ?? {})) {
        for (const request of requests) {
          if (request.PutRequest?.Item) put(request.PutRequest.Item);
          else keyed(request.DeleteRequest?.Key);
        }
      }
      for (const item of input.TransactItems ?? []) {
        if (item.Put?.Item) put(item.Put.Item);
        else keyed(item.Update?.Key ?? item.Delete?.Key);
      }
      if (input.Item) put(input.Item);
      // Reads carry a Key too (GetItem): only updates and deletes write.
      else if (context.commandName === 'UpdateItemCommand' || context.commandName === 'DeleteItemCommand') keyed(input.Key);
      return next(args);
    },
    { step: 'initialize', name: 'benchKeyTally' },
  );
  return { client, tally };
}

/** The hottest key of each resource: its value, its writes, and its share of the resource's writes. */
function hottest(tally: KeyTally): Record<string, { key: string; writes: number; of: number; share: number }> {
  const out: Record<string, { key: string; writes: number; of: number; share: number }> = {};
  for (const [resource, counts] of tally) {
    let top: [string, number] = ['', 0];
    let total = 0;
    for (const entry of counts) {
      total += entry[1];
      if (entry[1] > top[1]) top = entry;
    }
    out[resource] = { key: top[0], writes: top[1], of: total, share: total > 0 ? top[1] / total : 0 };
  }
  return out;
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

const USAGE = `npx nx run bench:dynamodb [-- --input <dir>] [--limit <items>] [--concurrency <n>] [--segments <n>]
     [--sweep 1,2,4,8,16] [--no-split-check] [--decompose] [--heap <MiB>] [--capacity-sample <items>]
     [--skip-reads] [--country-index] [--no-baseline]
The real dataset by default (${DATA}); several minutes: see the header of tools/bench/src/dynamodb.ts.`;

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    return;
  }
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
  const countryIndex = process.argv.includes('--country-index');
  const noBaseline = process.argv.includes('--no-baseline');
  // Ours: the default table, or with CountryIndex (the layout before it was opt-in).
  const ours: OrderTableOptions = countryIndex ? { indexes: WITH_COUNTRY_INDEX } : {};
  const oursIndexes = countryIndex ? WITH_COUNTRY_INDEX : DEFAULT_INDEXES;

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
    const sampleOurs = await freshTable(client, 'bench-capacity-ours', ours);
    const sampleLoad = await loadItems(client, sampleOurs, sample, { returnConsumedCapacity: 'INDEXES' });
    await deleteTable(client, sampleOurs, { pollMs: 50 });
    // The same sample with CountryIndex (opt-in): what the index alone adds.
    const sampleWide = await freshTable(client, 'bench-capacity-country', { indexes: WITH_COUNTRY_INDEX });
    const sampleWideLoad = await loadItems(client, sampleWide, sample, { returnConsumedCapacity: 'INDEXES' });
    await deleteTable(client, sampleWide, { pollMs: 50 });
    // The same sample by day with replace semantics: what the bookkeeping and the tag add.
    const sampleParts = await freshTable(client, 'bench-capacity-partitions', ours);
    const samplePartitionLoad = await loadPartitions(client, sampleParts, byDay(sample), { returnConsumedCapacity: 'INDEXES' });
    await deleteTable(client, sampleParts, { pollMs: 50 });
    const sampleBaseline = await freshTable(client, 'bench-capacity-baseline', BASELINE_LAYOUT);
    const baselineWcu = (await baselineLoad(client, sampleBaseline, sample, 'TOTAL')) / sample.length;
    await deleteTable(client, sampleBaseline, { pollMs: 50 });

    const sweepRows: BenchRow[] = [];
    for (const c of sweep ?? []) {
      const table = await freshTable(client, `bench-sweep-${c}`, ours);
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
    // Without it (--no-baseline) the expected answers are computed from the items themselves.
    const plain = plainAggregates();
    const skipped = { value: 0, seconds: NaN, serverCpu: NaN };
    let baseDayRevenue = 0;
    if (noBaseline) {
      for (const item of items) {
        plain.add(item);
        if (item.invoiceDay === day) baseDayRevenue += item.totalAmountMilli;
      }
    }
    const baselineTable = noBaseline ? '' : await freshTable(client, 'bench-baseline', BASELINE_LAYOUT);
    const baseLoad = noBaseline ? { value: 0, seconds: NaN, serverCpu: NaN } : await measured(() => baselineLoad(client, baselineTable, items));
    const baseScan = skipReads || noBaseline ? skipped : await measured(() => baselineScan(reader, { TableName: baselineTable, ...fields }, plain.add));
    const baseDate = skipReads || noBaseline ? skipped : await measured(() =>
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
    if (!noBaseline) await deleteTable(client, baselineTable, { pollMs: 50 });

    // Ours: plain upserts first (the loader before replace semantics), then by day as the pipeline loads.
    const upsertTable = noBaseline ? '' : await freshTable(client, 'bench-upsert', ours);
    const upsertLoad = noBaseline
      ? { value: { written: items.length }, seconds: NaN, serverCpu: NaN }
      : await measured(() => loadItems(client, upsertTable, items, { concurrency, returnConsumedCapacity: 'NONE' }));
    if (upsertLoad.value.written !== items.length) throw new Error(`loadItems wrote ${upsertLoad.value.written} of ${items.length}`);
    if (!noBaseline) await deleteTable(client, upsertTable, { pollMs: 50 });
    const oursTable = await freshTable(client, 'bench-ours', ours);
    const days = byDay(items);
    // Every write of the first full load tallied by key (CountryIndex's key too, for the opt-in layout's figure).
    const tallied = tallyingClient({ ...stack.dynamodb, maxAttempts: 1 }, WITH_COUNTRY_INDEX);
    const ourLoad = await measured(() => loadPartitions(tallied.client, oursTable, days, { concurrency, returnConsumedCapacity: 'NONE' }));
    tallied.client.destroy();
    if (ourLoad.value.written !== items.length || ourLoad.value.failed.length > 0) throw new Error(`loadPartitions wrote ${ourLoad.value.written} of ${items.length}`);
    const hot = hottest(tallied.tally);

    // The reads, on the table as first loaded: the same items as the baseline's.
    const ourScan = skipReads ? { value: { data: { countryMonths: [], orderValues: [] }, stats: { requests: 0, consumedCapacity: 0 } }, seconds: NaN, serverCpu: NaN } : await measured(() => salesOverview(reader, oursTable, {}, { segments }));
    const ourDigest = JSON.stringify([
      ourScan.value.data.countryMonths.map((c) => [`${c.country}|${c.month}`, c.revenueMilli, c.orders]).sort(),
      ourScan.value.data.orderValues.map((o) => [o.invoiceNo, o.valueMilli]).sort(),
    ]);
    const scanAgree = skipReads || ourDigest === plain.digest();
    // Revenue on the date as the report reads it: the aggregates, by key.
    const aggregates = createAggregateQueries(reader, oursTable);
    const ourDate = skipReads ? { value: { data: { revenueMilli: 0 }, stats: { requests: 1, consumedCapacity: NaN } }, seconds: NaN, serverCpu: NaN } : await measured(() => aggregates.revenueOnDate(day));
    const dateAgree = skipReads || ourDate.value.data.revenueMilli === baseDayRevenue;

    // The biggest partition (UK), split into month ranges read in parallel vs one long Query: CountryIndex only.
    const splitRows: BenchRow[] = [];
    if (splitCheck && !skipReads && countryIndex) {
      const split = await measured(() => runQuery(reader, oursTable, salesByCountry('United Kingdom'), DYNAMODB_LOCAL_QUERIES));
      const single = await measured(() => baselineQuery(reader, oursTable, 'United Kingdom'));
      if (split.value.data.revenueMilli !== single.value.data.revenueMilli) throw new Error('split and single UK queries disagree');
      splitRows.push(
        { read: 'UK via CountryIndex, 3-day sub-ranges, 4 in flight', items: split.value.stats.items, seconds: split.seconds, requests: split.value.stats.requests, rcu: round(split.value.stats.consumedCapacity, 1) },
        { read: 'UK via CountryIndex, one Query', items: single.value.stats.items, seconds: single.seconds, requests: single.value.stats.requests, rcu: round(single.value.stats.consumedCapacity, 1) },
      );
    }

    // Reruns: nothing changed (every day skipped), then the largest day corrected (its last 40 items gone).
    const rerun = await measured(() => loadPartitions(client, oursTable, days, { concurrency, returnConsumedCapacity: 'INDEXES' }));
    const largest = days.reduce((a, b) => ((a.items as OrderItem[]).length >= (b.items as OrderItem[]).length ? a : b));
    const kept = (largest.items as OrderItem[]).slice(0, -40);
    const corrected = days.map((p) => (p === largest ? { ...p, identity: 'v2', items: kept, aggregates: computeAggregates(kept) } : p));
    const reload = await measured(() => loadPartitions(client, oursTable, corrected, { concurrency, returnConsumedCapacity: 'INDEXES' }));
    const largestItems = (largest.items as OrderItem[]).length;
    if (reload.value.deleted !== 40 || rerun.value.partitionsSkipped.length !== days.length) throw new Error('rerun or reload did not do what it should');
    // The corrected day against its own items, summed the plain way.
    const correctedDay = kept[0].invoiceDay;
    const correctedRevenue = kept.reduce((sum, item) => sum + item.totalAmountMilli, 0);
    const reloadAgree = skipReads || (await aggregates.revenueOnDate(correctedDay)).data.revenueMilli === correctedRevenue;
    await deleteTable(client, oursTable, { pollMs: 50 });

    // Which lever gives what: each loader on the other layout.
    const decomposeRows: BenchRow[] = [];
    if (decompose) {
      for (const [run, layout, simple] of [
        ['loadItems, original layout', BASELINE_LAYOUT, false],
        ['1 BatchWriteItem at a time, our layout', ours, true],
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
    const gsi = oursIndexes.map((name) => ({ name, wcu: wcu(`${sampleOurs}/${name}`) }));
    const totalWcu = sampleLoad.consumedCapacity / sample.length;
    const countryIndexWcu = (sampleWideLoad.capacityByTarget[`${sampleWide}/CountryIndex`] ?? 0) / sample.length;
    const wideWcu = sampleWideLoad.consumedCapacity / sample.length;
    // The table's own key and each index of ours; CountryIndex's figure is reported either way.
    const resources = ['table', ...oursIndexes];
    const hottestKeyShare = Math.max(...resources.map((resource) => hot[resource]?.share ?? 0));
    const shareOf = (resource: string) => round(hot[resource]?.share ?? 0, 4);

    printTable(`load ${items.length.toLocaleString('en-GB')} items`, [
      { run: 'baseline: 1 BatchWriteItem at a time, original layout (2 GSIs, ALL)', seconds: baseLoad.seconds, itemsPerSecond: baselineLoadItemsPerSecond, wcuPerItem: round(baselineWcu), serverCpuSeconds: baseLoad.serverCpu },
      { run: `ours: loadItems (upserts), concurrency ${concurrency ?? 'default'}, ${oursIndexes.join(' + ')} INCLUDE`, seconds: upsertLoad.seconds, itemsPerSecond: upsertItemsPerSecond, wcuPerItem: round(totalWcu), serverCpuSeconds: upsertLoad.serverCpu },
      { run: `ours: loadPartitions by day (replace semantics), ${days.length} partitions`, seconds: ourLoad.seconds, itemsPerSecond: loadItemsPerSecond, wcuPerItem: round(partitionWcu), serverCpuSeconds: ourLoad.serverCpu },
    ]);
    printTable('replace semantics: what reruns cost', [
      { run: `first load, sample by day (${samplePartitionLoad.partitionsDone.length} partitions, ${sample.length} items)`, wcuPerItem: round(partitionWcu), wcuPerItemUpsert: round(totalWcu), ...replaceFigures(samplePartitionLoad) },
      { run: `rerun, nothing changed (${rerun.value.partitionsSkipped.length} skipped)`, seconds: round(rerun.seconds), ...replaceFigures(rerun.value) },
      { run: `rerun, largest day (${largestItems} items) minus 40: replaced`, seconds: round(reload.seconds), written: reload.value.written, deleted: reload.value.deleted, totalWcu: round(reload.value.consumedCapacity, 1), ...replaceFigures(reload.value) },
    ]);
    printTable(`write capacity units per item (ours: ${oursIndexes.join(' + ')}; uniform sample of ${sample.length.toLocaleString('en-GB')} items)`, [
      { layout: 'table only', wcuPerItem: round(tableWcu) },
      ...gsi.map((index) => ({ layout: `${index.name} alone adds`, wcuPerItem: round(index.wcu) })),
      { layout: `ours (${oursIndexes.join(' + ')})`, wcuPerItem: round(totalWcu) },
      { layout: 'with CountryIndex (opt-in; the layout before)', wcuPerItem: round(wideWcu) },
      { layout: 'CountryIndex alone adds', wcuPerItem: round(countryIndexWcu) },
    ]);
    printTable(`hottest key of each resource (writes of the first full load, ${days.length} partitions)`, [
      ...['table', 'CustomerIndex', 'CountryIndex'].map((resource) => ({
        resource: `${resource}${resource === 'table' ? ' (InvoiceNo)' : ` (${INDEXES[resource as IndexName].partitionKey})`}${oursIndexes.includes(resource as IndexName) || resource === 'table' ? '' : ', not in ours'}`,
        key: hot[resource]?.key ?? '',
        writes: hot[resource]?.writes ?? 0,
        of: hot[resource]?.of ?? 0,
        share: shareOf(resource),
      })),
    ]);
    printTable('read for the bubble map + histograms', [
      { run: 'baseline: sequential projected Scan of the table', seconds: baseScan.seconds, rcu: round(baseScan.value, 1), serverCpuSeconds: baseScan.serverCpu },
      { run: `ours: salesOverview (the scan path), parallel Scan of ${countryIndex ? 'CountryIndex' : 'the table'} (${ourScan.value.stats.requests} requests, segments ${segments})`, seconds: ourScan.seconds, rcu: round(ourScan.value.stats.consumedCapacity, 1), serverCpuSeconds: ourScan.serverCpu },
    ]);
    printTable(`revenue on ${day} (${perDay.get(day)} items)`, [
      { run: 'baseline: Scan filtered on the day', seconds: baseDate.seconds, rcu: baselineDateQueryRcu },
      { run: `ours: revenueOnDate from the aggregates by key (${ourDate.value.stats.requests} requests, the coverage check included)`, seconds: ourDate.seconds, rcu: dateQueryRcu },
    ]);
    printTable(countryIndex ? 'splitting the biggest partition' : 'splitting the biggest partition (needs --country-index)', splitRows);
    printTable('load levers (same items)', decomposeRows);
    console.log(
      `\nanswers agree: bubble map + histograms ${scanAgree ? 'yes' : 'NO'}, revenue on date ${dateAgree ? 'yes' : 'NO'}, corrected day after the reload ${reloadAgree ? 'yes' : 'NO'}`,
    );

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
      baselineWcuPerItem: round(baselineWcu),
      wcuPerItemTable: round(tableWcu),
      ...Object.fromEntries(gsi.map((index) => [`wcuPerItem${index.name}`, round(index.wcu)])),
      wcuPerItemWithCountryIndex: round(wideWcu),
      wcuPerItemCountryIndex: round(countryIndexWcu),
      hottestKeyShareTable: shareOf('table'),
      hottestKeyShareCustomerIndex: shareOf('CustomerIndex'),
      hottestKeyShareCountryIndex: shareOf('CountryIndex'),
      indexes: oursIndexes.join(','),
      ukSplitSeconds: splitRows[0]?.seconds,
      ukSingleQuerySeconds: splitRows[1]?.seconds,
      concurrency: concurrency ?? 'default',
      segments,
      answersAgree: scanAgree && dateAgree && reloadAgree,
      peakRssMiB: peakRssMiB(),
      wcuPerItem: round(totalWcu),
      hottestKeyShare: round(hottestKeyShare, 4),
    });
    if (!scanAgree || !dateAgree || !reloadAgree) process.exitCode = 1;
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
