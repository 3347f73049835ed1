/**
 * The DynamoDB benchmark's phases, in the order main runs them. Each returns what it measured;
 * nothing here prints (summary.ts turns the results into the tables and the JSON line).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  computeAggregates,
  deleteTable,
  ensureTable,
  loadItems,
  loadPartitions,
  orderTableSpec,
  projectionOf,
  WITH_COUNTRY_INDEX,
  type IndexName,
  type LoadPartition,
  type LoadResult,
  type OrderTableOptions,
} from '@ecomlake/dynamodb-repository';
import type { LocalStack } from '@ecomlake/local-stack';
import type { OrderItem } from '@ecomlake/model';
import { createAggregateQueries, DYNAMODB_LOCAL_QUERIES, runQuery, salesByCountry, salesOverview } from '@ecomlake/queries';
import { BASELINE_LAYOUT, baselineLoad, baselineQuery, baselineScan } from '../baseline';
import type { BenchRow } from '../report';
import { hottest, tallyingClient, type HotKey } from './hot-keys';
import { byDay, plainAggregates } from './items';
import { measured, notRun, round, type Measured } from './measure';
import type { BenchOptions } from './options';

/** What every phase works on: the options, the items and the clients of one DynamoDB Local. */
export interface Bench {
  options: BenchOptions;
  items: OrderItem[];
  stack: LocalStack;
  /** For the loads: maxAttempts 1, as the loaders retry themselves. */
  client: DynamoDBClient;
  /** For the reads: the SDK's standard retries, baseline and ours alike. */
  reader: DynamoDBClient;
}

/** Requests and read capacity of a read. */
export interface ReadStats {
  requests: number;
  consumedCapacity: number;
}

async function freshTable(client: DynamoDBClient, name: string, layout: OrderTableOptions = {}): Promise<string> {
  await deleteTable(client, name, { pollMs: 50 });
  await ensureTable(client, orderTableSpec(name, layout), { pollMs: 50 });
  return name;
}

export async function dropTable(bench: Bench, table: string): Promise<void> {
  await deleteTable(bench.client, table, { pollMs: 50 });
}

/**
 * Items of the warm-up load. 20,000 left the JIT still compiling in the timed load: a first full
 * load on a fresh server ran 10% slower than the next (10,906 vs 12,105 items/s, C2 5.5 CPU-s vs 0.4).
 */
export const WARM_UP_ITEMS = 100_000;

/** A first load on each server so no side pays the JVM's JIT warm-up. */
export async function warmUp({ client, items }: Bench): Promise<void> {
  const warm = await freshTable(client, 'bench-warmup');
  await loadItems(client, warm, items.slice(0, WARM_UP_ITEMS));
  await deleteTable(client, warm, { pollMs: 50 });
}

/** Write capacity per item (unrounded) of each layout and loader, from one uniform sample. */
export interface CapacityFigures {
  /** Items in the sample. */
  items: number;
  /** Ours, upserts: the table alone, what each of its indexes adds, and in all. */
  tableWcu: number;
  gsi: { name: IndexName; wcu: number }[];
  totalWcu: number;
  /** With CountryIndex (opt-in): in all, and what that index alone adds. */
  wideWcu: number;
  countryIndexWcu: number;
  /** Ours by day with replace semantics: per item in all, and without the bookkeeping. */
  partitionWcu: number;
  itemWcuWithTag: number;
  partitionLoad: LoadResult;
  /** The original layout, one BatchWriteItem at a time. */
  baselineWcu: number;
}

/**
 * Write capacity per item, from a uniform sample loaded with ReturnConsumedCapacity on: the
 * timed loads ask for none, as the original did (DynamoDB Local spends ~25% more CPU per item
 * when asked).
 */
export async function capacitySamples({ client, items, options }: Bench): Promise<CapacityFigures> {
  const step = Math.max(1, Math.floor(items.length / options.capacitySample));
  const sample = items.filter((_, i) => i % step === 0);
  const sampleOurs = await freshTable(client, 'bench-capacity-ours', options.ours);
  const sampleLoad = await loadItems(client, sampleOurs, sample, { returnConsumedCapacity: 'INDEXES' });
  await deleteTable(client, sampleOurs, { pollMs: 50 });
  // The same sample with CountryIndex (opt-in): what the index alone adds.
  const sampleWide = await freshTable(client, 'bench-capacity-country', { indexes: WITH_COUNTRY_INDEX });
  const sampleWideLoad = await loadItems(client, sampleWide, sample, { returnConsumedCapacity: 'INDEXES' });
  await deleteTable(client, sampleWide, { pollMs: 50 });
  // The same sample by day with replace semantics: what the bookkeeping and the tag add.
  const sampleParts = await freshTable(client, 'bench-capacity-partitions', options.ours);
  const partitionLoad = await loadPartitions(client, sampleParts, byDay(sample), { returnConsumedCapacity: 'INDEXES' });
  await deleteTable(client, sampleParts, { pollMs: 50 });
  const sampleBaseline = await freshTable(client, 'bench-capacity-baseline', BASELINE_LAYOUT);
  const baselineWcu = (await baselineLoad(client, sampleBaseline, sample, 'TOTAL')) / sample.length;
  await deleteTable(client, sampleBaseline, { pollMs: 50 });

  const wcu = (target: string) => (sampleLoad.capacityByTarget[target] ?? 0) / sample.length;
  return {
    items: sample.length,
    tableWcu: wcu(sampleOurs),
    gsi: options.oursIndexes.map((name) => ({ name, wcu: wcu(`${sampleOurs}/${name}`) })),
    totalWcu: sampleLoad.consumedCapacity / sample.length,
    wideWcu: sampleWideLoad.consumedCapacity / sample.length,
    countryIndexWcu: (sampleWideLoad.capacityByTarget[`${sampleWide}/CountryIndex`] ?? 0) / sample.length,
    partitionWcu: partitionLoad.consumedCapacity / sample.length,
    itemWcuWithTag: (partitionLoad.consumedCapacity - partitionLoad.replaceCost.writeCapacity) / sample.length,
    partitionLoad,
    baselineWcu,
  };
}

/** `--sweep`: the first 50,000 items loaded at each concurrency, into our layout. */
export async function concurrencySweep({ client, items, options }: Bench): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const c of options.sweep ?? []) {
    const table = await freshTable(client, `bench-sweep-${c}`, options.ours);
    const run = await measured(() => loadItems(client, table, items.slice(0, 50_000), { concurrency: c, returnConsumedCapacity: 'NONE' }));
    rows.push({ concurrency: c, items: run.value.written, seconds: run.seconds, itemsPerSecond: Math.round(run.value.written / run.seconds), serverCpuSeconds: run.serverCpu });
    await deleteTable(client, table, { pollMs: 50 });
  }
  return rows;
}

/** The baseline's timings (values: capacity units) and the answers ours must give. */
export interface BaselineRun {
  load: Measured<number>;
  scan: Measured<number>;
  date: Measured<number>;
  /** The bubble map's and histograms' aggregates (plainAggregates' digest) and the revenue on the day. */
  expected: { digest: string; dayRevenue: number };
}

/**
 * The baseline, start to end, then its table is dropped: one big table at a time in the
 * server. Without it (--no-baseline) the expected answers are computed from the items.
 */
export async function runBaseline({ client, reader, items, options }: Bench, day: string): Promise<BaselineRun> {
  const plain = plainAggregates();
  let dayRevenue = 0;
  if (options.noBaseline) {
    for (const item of items) {
      plain.add(item);
      if (item.invoiceDay === day) dayRevenue += item.totalAmountMilli;
    }
    return { load: notRun(0), scan: notRun(0), date: notRun(0), expected: { digest: plain.digest(), dayRevenue } };
  }
  const fields = projectionOf(['invoiceNo', 'invoiceDate', 'totalAmountMilli', 'country', 'customerId']);
  const table = await freshTable(client, 'bench-baseline', BASELINE_LAYOUT);
  const load = await measured(() => baselineLoad(client, table, items));
  const scan = options.skipReads ? notRun(0) : await measured(() => baselineScan(reader, { TableName: table, ...fields }, plain.add));
  const date = options.skipReads ? notRun(0) : await measured(() =>
    baselineScan(
      reader,
      {
        TableName: table,
        FilterExpression: 'begins_with(#date, :day)',
        ExpressionAttributeNames: { '#date': 'InvoiceDate', ...projectionOf(['totalAmountMilli']).ExpressionAttributeNames },
        ExpressionAttributeValues: { ':day': { S: day } },
        ProjectionExpression: projectionOf(['totalAmountMilli']).ProjectionExpression,
      },
      (row) => (dayRevenue += row.totalAmountMilli as number),
    ),
  );
  await deleteTable(client, table, { pollMs: 50 });
  return { load, scan, date, expected: { digest: plain.digest(), dayRevenue } };
}

/** Ours as plain upserts (the loader before replace semantics); not run with --no-baseline. */
export async function timeUpserts({ client, items, options }: Bench): Promise<Measured<{ written: number }>> {
  if (options.noBaseline) return notRun({ written: items.length });
  const table = await freshTable(client, 'bench-upsert', options.ours);
  const load = await measured(() => loadItems(client, table, items, { concurrency: options.concurrency, returnConsumedCapacity: 'NONE' }));
  if (load.value.written !== items.length) throw new Error(`loadItems wrote ${load.value.written} of ${items.length}`);
  await deleteTable(client, table, { pollMs: 50 });
  return load;
}

/**
 * Ours by day exactly as `loadByDay` loads it (the same tallying client), timed on a server of
 * its own before the baseline's, its table then dropped: with `loadByDay` after the baseline,
 * ours is measured on both sides of it (main does not run it with --no-baseline, which has no ratio).
 */
export async function timeOursBefore(bench: Bench): Promise<Measured<{ written: number }>> {
  const ours = await loadByDay(bench);
  await dropTable(bench, ours.table);
  return ours.load;
}

/** Ours loaded as the pipeline loads (its table stays for the reads and the reruns). */
export interface OurLoad {
  table: string;
  days: LoadPartition[];
  load: Measured<LoadResult>;
  /** The hottest key of each resource ('table', each index's name; CountryIndex's too). */
  hot: Record<string, HotKey>;
}

/** Ours by day, every write of this first full load tallied by key (CountryIndex's key too, for the opt-in layout's figure). */
export async function loadByDay({ client, stack, items, options }: Bench): Promise<OurLoad> {
  const table = await freshTable(client, 'bench-ours', options.ours);
  const days = byDay(items);
  const tallied = tallyingClient({ ...stack.dynamodb, maxAttempts: 1 }, WITH_COUNTRY_INDEX);
  let load: Measured<LoadResult>;
  try {
    load = await measured(() => loadPartitions(tallied.client, table, days, { concurrency: options.concurrency, returnConsumedCapacity: 'NONE' }));
  } finally {
    tallied.client.destroy();
  }
  if (load.value.written !== items.length || load.value.failed.length > 0) throw new Error(`loadPartitions wrote ${load.value.written} of ${items.length}`);
  return { table, days, load, hot: hottest(tallied.tally) };
}

/** Our reads and whether each answer equals the baseline's (true when skipped). */
export interface OurReads {
  scan: Measured<ReadStats>;
  scanAgree: boolean;
  date: Measured<ReadStats>;
  dateAgree: boolean;
}

/** The reads, on the table as first loaded: the same items as the baseline's. */
export async function readOurs({ reader, options }: Bench, table: string, day: string, expected: BaselineRun['expected']): Promise<OurReads> {
  if (options.skipReads) {
    return { scan: notRun({ requests: 0, consumedCapacity: 0 }), scanAgree: true, date: notRun({ requests: 1, consumedCapacity: NaN }), dateAgree: true };
  }
  const overview = await measured(() => salesOverview(reader, table, {}, { segments: options.segments }));
  const digest = JSON.stringify([
    overview.value.data.countryMonths.map((c) => [`${c.country}|${c.month}`, c.revenueMilli, c.orders]).sort(),
    overview.value.data.orderValues.map((o) => [o.invoiceNo, o.valueMilli]).sort(),
  ]);
  // Revenue on the date as the report reads it: the aggregates, by key.
  const revenue = await measured(() => createAggregateQueries(reader, table).revenueOnDate(day));
  return {
    scan: { ...overview, value: overview.value.stats },
    scanAgree: digest === expected.digest,
    date: { ...revenue, value: revenue.value.stats },
    dateAgree: revenue.value.data.revenueMilli === expected.dayRevenue,
  };
}

/** The biggest partition (UK), split into month ranges read in parallel vs one long Query: CountryIndex only. */
export async function splitCheck({ reader, options }: Bench, table: string): Promise<BenchRow[]> {
  if (!options.splitCheck || options.skipReads || !options.countryIndex) return [];
  const split = await measured(() => runQuery(reader, table, salesByCountry('United Kingdom'), DYNAMODB_LOCAL_QUERIES));
  const single = await measured(() => baselineQuery(reader, table, 'United Kingdom'));
  if (split.value.data.revenueMilli !== single.value.data.revenueMilli) throw new Error('split and single UK queries disagree');
  return [
    { read: 'UK via CountryIndex, 3-day sub-ranges, 4 in flight', items: split.value.stats.items, seconds: split.seconds, requests: split.value.stats.requests, rcu: round(split.value.stats.consumedCapacity, 1) },
    { read: 'UK via CountryIndex, one Query', items: single.value.stats.items, seconds: single.seconds, requests: single.value.stats.requests, rcu: round(single.value.stats.consumedCapacity, 1) },
  ];
}

/** The two reruns: nothing changed, then the largest day corrected. */
export interface Reruns {
  unchanged: Measured<LoadResult>;
  corrected: Measured<LoadResult>;
  /** Items of the largest day before its correction. */
  changedDayItems: number;
  /** The corrected day's revenue read back equals its own items' (true with --skip-reads). */
  reloadAgree: boolean;
}

/** Reruns: nothing changed (every day skipped), then the largest day corrected (its last 40 items gone). */
export async function rerunLoads({ client, reader, options }: Bench, table: string, days: readonly LoadPartition[]): Promise<Reruns> {
  const load = { concurrency: options.concurrency, returnConsumedCapacity: 'INDEXES' } as const;
  const unchanged = await measured(() => loadPartitions(client, table, days, load));
  const largest = days.reduce((a, b) => ((a.items as OrderItem[]).length >= (b.items as OrderItem[]).length ? a : b));
  const kept = (largest.items as OrderItem[]).slice(0, -40);
  const corrected = days.map((p) => (p === largest ? { ...p, identity: 'v2', items: kept, aggregates: computeAggregates(kept) } : p));
  const reload = await measured(() => loadPartitions(client, table, corrected, load));
  if (reload.value.deleted !== 40 || unchanged.value.partitionsSkipped.length !== days.length) throw new Error('rerun or reload did not do what it should');
  // The corrected day against its own items, summed the plain way.
  const correctedRevenue = kept.reduce((sum, item) => sum + item.totalAmountMilli, 0);
  const reloadAgree = options.skipReads || (await createAggregateQueries(reader, table).revenueOnDate(kept[0].invoiceDay)).data.revenueMilli === correctedRevenue;
  return { unchanged, corrected: reload, changedDayItems: (largest.items as OrderItem[]).length, reloadAgree };
}

/** `--decompose`, which lever gives what: each loader on the other layout. */
export async function decomposeLevers({ client, items, options }: Bench): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  if (!options.decompose) return rows;
  for (const [run, layout, simple] of [
    ['loadItems, original layout', BASELINE_LAYOUT, false],
    ['1 BatchWriteItem at a time, our layout', options.ours, true],
  ] as [string, OrderTableOptions, boolean][]) {
    const table = await freshTable(client, 'bench-decompose', layout);
    const load = await measured(async () =>
      simple ? baselineLoad(client, table, items) : (await loadItems(client, table, items, { concurrency: options.concurrency, returnConsumedCapacity: 'NONE' })).written,
    );
    rows.push({ run, seconds: load.seconds, itemsPerSecond: Math.round(items.length / load.seconds), serverCpuSeconds: load.serverCpu });
    await deleteTable(client, table, { pollMs: 50 });
  }
  return rows;
}
