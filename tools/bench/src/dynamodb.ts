/**
 * Benchmark: @ecomlake/dynamodb-repository + @ecomlake/queries against the simple way, on
 * DynamoDB Local started here (in memory), with the cleaned items of the real dataset.
 *
 * Peer ("baseline"), in the same run:
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
 * Each timed load runs on its own DynamoDB Local, started fresh and warmed the same way (a
 * load of `WARM_UP_ITEMS` items, so neither side pays the JVM's JIT warm-up): the baseline's
 * (its load, then its reads), the upserts', and ours (its load, reads, reruns). On one shared
 * server a load paid for what the phases before it left there: after the baseline's two
 * sequential scans ours loaded at 8,059 items/s, 1.77 times the baseline, where the same build
 * with --skip-reads made 10,400 (2.31). The capacity samples and the sweep share a first server.
 * The timed loads run in the order upserts, ours, baseline, ours (each on a server of its own),
 * and `loadRatio` takes ours' two loads together (all items over all seconds): loads minutes
 * apart vary by up to a quarter on this machine (the same loadPartitions gave 10,004 to 12,327
 * items/s), and ours coming last, after ten minutes of load, put any drift on our side alone.
 * Timed loads ask for no consumed capacity (as the original did; DynamoDB Local spends ~25%
 * more CPU per item computing it); WCU per item is measured on a uniform sample loaded with it on.
 * Each server holds one big table at a time.
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
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startLocalStack } from '@ecomlake/local-stack';
import type { OrderItem } from '@ecomlake/model';
import * as os from 'node:os';
import { busiestDay, loadedItems } from './dynamodb/items';
import { notRun, seconds } from './dynamodb/measure';
import { parseOptions, USAGE, type BenchOptions } from './dynamodb/options';
import {
  capacitySamples,
  concurrencySweep,
  decomposeLevers,
  dropTable,
  loadByDay,
  readOurs,
  rerunLoads,
  runBaseline,
  splitCheck,
  timeOursBefore,
  timeUpserts,
  warmUp,
  type Bench,
} from './dynamodb/phases';
import { answersAgree, answersLine, benchJson, benchTables, type BenchRun } from './dynamodb/summary';
import { printJsonResult, printTable } from './report';

/** Every phase in order; each timed load on a fresh server of its own (`onFreshServer`). */
async function runPhases(options: BenchOptions, items: OrderItem[]): Promise<BenchRun> {
  const { capacity, sweepRows } = await onFreshServer(options, items, async (bench) => ({
    capacity: await capacitySamples(bench),
    sweepRows: await concurrencySweep(bench),
  }));
  const day = busiestDay(items);
  // With --no-baseline the peer phases only compute the expected answers: no server of their own.
  // Upserts, ours, the baseline, ours: ours on both sides of the baseline (see the header).
  const upsertsFirst = options.noBaseline ? undefined : await onFreshServer(options, items, timeUpserts);
  const oursBefore = options.noBaseline ? notRun({ written: items.length }) : await onFreshServer(options, items, timeOursBefore);
  const peers = upsertsFirst && { baseline: await onFreshServer(options, items, (bench) => runBaseline(bench, day.day)), upserts: upsertsFirst };
  return onFreshServer(options, items, async (bench) => {
    const { baseline, upserts } = peers ?? { baseline: await runBaseline(bench, day.day), upserts: await timeUpserts(bench) };
    const ours = await loadByDay(bench);
    const reads = await readOurs(bench, ours.table, day.day, baseline.expected);
    const splitRows = await splitCheck(bench, ours.table);
    const reruns = await rerunLoads(bench, ours.table, ours.days);
    await dropTable(bench, ours.table);
    const decomposeRows = await decomposeLevers(bench);
    return { options, items: items.length, capacity, sweepRows, day, baseline, upserts, oursBefore, ours, reads, splitRows, reruns, decomposeRows };
  });
}

/** Runs `phase` on a DynamoDB Local of its own, started in memory and warmed up, and stops it after. */
async function onFreshServer<T>(options: BenchOptions, items: OrderItem[], phase: (bench: Bench) => Promise<T>): Promise<T> {
  // --heap (default 2 GiB): 1 GiB failed with InternalFailure when one server held two full tables.
  const stack = await startLocalStack({ inMemory: true, javaHeapMiB: options.heap });
  const bench: Bench = {
    options,
    items,
    stack,
    // The loaders retry themselves; the SDK's own retries would hide throttling from them.
    client: new DynamoDBClient({ ...stack.dynamodb, maxAttempts: 1 }),
    // Reads rely on the SDK's standard retries (5xx, throttling), baseline and ours alike.
    reader: new DynamoDBClient(stack.dynamodb),
  };
  try {
    await warmUp(bench);
    return await phase(bench);
  } finally {
    bench.client.destroy();
    bench.reader.destroy();
    await stack.stop();
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv);
  if (!options) {
    console.log(USAGE);
    return;
  }
  const cleanStarted = performance.now();
  const items = await loadedItems(options.input, options.limit);
  const cleanSeconds = seconds(cleanStarted);
  console.log(`${items.length.toLocaleString('en-GB')} items (cleaned in ${cleanSeconds.toFixed(1)} s); DynamoDB Local in memory, a fresh one for each timed load, ${os.cpus().length} cores`);
  const run = await runPhases(options, items);
  // Printed once every phase is done (the sweep's table too, still first).
  for (const table of benchTables(run)) printTable(table.title, table.rows);
  console.log(answersLine(run));
  printJsonResult(benchJson(run));
  if (!answersAgree(run)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
