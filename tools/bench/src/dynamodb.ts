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
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startLocalStack } from '@ecomlake/local-stack';
import * as os from 'node:os';
import { busiestDay, loadedItems } from './dynamodb/items';
import { seconds } from './dynamodb/measure';
import { parseOptions, USAGE } from './dynamodb/options';
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
  timeUpserts,
  warmUp,
  type Bench,
} from './dynamodb/phases';
import { answersAgree, answersLine, benchJson, benchTables, type BenchRun } from './dynamodb/summary';
import { printJsonResult, printTable } from './report';

/** Every phase in order, on one server; the server holds one big table at a time. */
async function runPhases(bench: Bench): Promise<BenchRun> {
  await warmUp(bench);
  const capacity = await capacitySamples(bench);
  const sweepRows = await concurrencySweep(bench);
  const day = busiestDay(bench.items);
  const baseline = await runBaseline(bench, day.day);
  const upserts = await timeUpserts(bench);
  const ours = await loadByDay(bench);
  const reads = await readOurs(bench, ours.table, day.day, baseline.expected);
  const splitRows = await splitCheck(bench, ours.table);
  const reruns = await rerunLoads(bench, ours.table, ours.days);
  await dropTable(bench, ours.table);
  const decomposeRows = await decomposeLevers(bench);
  return { options: bench.options, items: bench.items.length, capacity, sweepRows, day, baseline, upserts, ours, reads, splitRows, reruns, decomposeRows };
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
  // 1 GiB of heap failed with InternalFailure while both full tables were held.
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
    console.log(`${items.length.toLocaleString('en-GB')} items (cleaned in ${cleanSeconds.toFixed(1)} s); DynamoDB Local in memory, ${os.cpus().length} cores`);
    const run = await runPhases(bench);
    // Printed once every phase is done (the sweep's table too, still first).
    for (const table of benchTables(run)) printTable(table.title, table.rows);
    console.log(answersLine(run));
    printJsonResult(benchJson(run));
    if (!answersAgree(run)) process.exitCode = 1;
  } finally {
    bench.client.destroy();
    bench.reader.destroy();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
