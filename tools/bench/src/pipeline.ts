/**
 * Benchmark: the whole pipeline over the real dataset on the embedded stack, stage by stage,
 * run as a user runs it (the app's command line, in its own process), against the simple
 * way's stages measured in the same run on the same DynamoDB Local:
 *  - load: one BatchWriteItem at a time into the original layout (two GSIs projecting ALL);
 *  - bubble map and histograms: two sequential full Scans (the original scanned per chart);
 *  - the UK trend: one unsplit Query of CountryIndex;
 *  - revenue on a date: a full Scan filtered on the day.
 * Both read the same cleaned items (the cleaning library's), so the ratio is about the
 * loading and reading strategy, which is where the original spent its time.
 *
 * And the floor: a bare load of the same items (the loader alone into a fresh table, no
 * capacity reporting, no bookkeeping), so `endToEndSeconds / bareLoadSeconds` says what
 * everything but the unavoidable writes costs (goal ≤ 1.2).
 *
 * Then the report's analytics twice over the loaded table (`--analytics-only --verify-analytics`):
 * from aggregates by key, and by the scan path; goals: RCU ≤ 2%, time ≤ 10% of the scan's.
 *
 * First of all, small partitions against big ones (pipeline-load-ratio.ts): the default run
 * (no --input: 50,000 synthetic rows), the real input's first days up to as many rows (the same
 * length, big partitions), the real input, then the same length and the default run again, each
 * through the app's command line on its own embedded stack after the same rest (--rest, default
 * 20 s); `smallVsLargeLoadRatio` = the default runs' load items/s taken together (all items over
 * all seconds) / the real run's (goal ≥ 2/3), split into `smallVsSameLengthLoadRatio` (what
 * small partitions cost) and `sameLengthVsLargeLoadRatio` (what a short run costs).
 * `os.loadavg()` is printed at the start and the end, and around each of those runs, so a busy
 * machine shows.
 *
 *   npx nx run bench:pipeline [-- --input <dir>] [--days <n>] [--no-peer] [--load-ratio-only | --no-load-ratio] [--rest <s>]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { cleanFiles, listCsvFiles, orderItems } from '@ecomlake/cleaning';
import { DYNAMODB_LOCAL_LOAD, ensureTable, loadItems, orderTableSpec, projectionOf } from '@ecomlake/dynamodb-repository';
import { startLocalStack, type LocalDynamoDbConfig } from '@ecomlake/local-stack';
import { BASELINE_LAYOUT, baselineLoad, baselineQuery, baselineScan } from './baseline';
import { linkInputSubset } from './input-subset';
import { loadAverage, measureLoadRatio, SMALL_VS_LARGE_GOAL, type LoadRatio } from './pipeline-load-ratio';
import { peakRssMiB, printJsonResult, printTable } from './report';

const WORKSPACE = path.resolve(__dirname, '../../..');
const DEFAULT_INPUT = path.resolve(WORKSPACE, '../shared/data/online-retail/by-day');

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** `--rest <s>`: seconds of rest before each load-ratio run (checked before anything starts). */
function restOption(withRatio: boolean): number | undefined {
  if (!process.argv.includes('--rest')) return undefined;
  if (!withRatio) throw new Error('--rest applies to the load ratio, which --no-load-ratio leaves out');
  const text = flag('rest');
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value) || value < 0) throw new Error(`--rest must be seconds ≥ 0, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`);
  return value;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

interface StageSummary {
  status: string;
  seconds: number;
}

async function main(): Promise<void> {
  const loadAverageAtStart = loadAverage();
  console.log(`load average at start (1, 5, 15 min; ${cpus().length} cores): ${loadAverageAtStart.join(', ')}`);
  const input = path.resolve(flag('input') ?? DEFAULT_INPUT);
  const days = flag('days') ? Number(flag('days')) : undefined;
  const withPeer = !process.argv.includes('--no-peer');
  const ratioOnly = process.argv.includes('--load-ratio-only');
  const withRatio = ratioOnly || !process.argv.includes('--no-load-ratio');
  const restSeconds = restOption(withRatio);
  const files = (await listCsvFiles(input)).slice(0, days);
  const work = mkdtempSync(path.join(tmpdir(), 'bench-pipeline-'));
  let source = input;
  if (days !== undefined) {
    // A subset: link the first N days into a folder of their own.
    source = path.join(work, 'input');
    linkInputSubset(input, files, source);
  }

  // Before the bench's own stack starts: the load-ratio runs meet only each other (and the machine).
  let loadRatio: LoadRatio | undefined;
  if (withRatio) {
    loadRatio = await measureLoadRatio({ workspace: WORKSPACE, work, realInput: source, fullDataset: days === undefined && input === DEFAULT_INPUT, ...(restSeconds !== undefined && { restSeconds }) });
    printLoadRatio(loadRatio);
  }
  if (ratioOnly && loadRatio) {
    const loadAverageAtEnd = loadAverage();
    console.log(`load average at end: ${loadAverageAtEnd.join(', ')}`);
    printJsonResult({ ...loadRatioResult(loadRatio), loadAverageAtStart, loadAverageAtEnd });
    return;
  }

  const stack = await startLocalStack({ inMemory: true });
  try {
    // Ours: the app's command line against this stack.
    const started = performance.now();
    const run = spawnSync(
      process.execPath,
      [path.join(WORKSPACE, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', path.join(WORKSPACE, 'tsconfig.base.json'), path.join(WORKSPACE, 'apps/pipeline/src/main.ts'), '--input', source, '--out', path.join(work, 'out'), '--format', 'parquet'],
      { cwd: work, encoding: 'utf8', env: { ...process.env, ...stack.env, CI: 'true' }, maxBuffer: 64 * 1024 * 1024 },
    );
    const wall = (performance.now() - started) / 1000;
    if (run.status !== 0) throw new Error(`the pipeline failed (exit ${run.status}): ${run.stderr.trim()}`);
    const summary = JSON.parse(readFileSync(path.join(work, 'out', 'run-summary.json'), 'utf8')) as {
      stages: Record<string, StageSummary>;
      quality: { rowsIn: number; items: number };
      queries: { revenueOnDate: { day: string } };
    };
    const stages = Object.fromEntries(Object.entries(summary.stages).map(([name, s]) => [name, s.seconds]));
    // The same input through the same app twice: the same items, or one of the answers is wrong.
    if (loadRatio && loadRatio.real.items !== summary.quality.items) {
      throw new Error(`the real input made ${summary.quality.items} items on the bench's stack but ${loadRatio.real.items} on the embedded stack`);
    }
    const analytics = analyticsBothWays(source, work, stack.env);
    const bareLoadSeconds = await bareLoad(stack.dynamodb, files);

    let peer: Record<string, number> | undefined;
    if (withPeer) peer = await simpleWay(stack.dynamodb, files, summary.queries.revenueOnDate.day);

    // The load overlaps reading, cleaning and the lake in the partitions stage.
    const ours = { load: stages.partitions ?? stages.load ?? 0, analytics: stages.analytics ?? 0 };
    const peerLoad = peer?.load ?? NaN;
    const peerReads = peer ? peer.bubbleScan + peer.histogramScan + peer.countryQuery + peer.dateScan : NaN;
    printTable('Pipeline, stage by stage (ours: the app; seconds)', Object.entries(stages).map(([stage, seconds]) => ({ stage, seconds })));
    printTable('The report\'s reads: aggregates by key against the scan path (goals: RCU ≤ 2%, time ≤ 10%)', [analytics]);
    printTable('End to end against a bare load of the same items (goal ≤ 1.2)', [
      { endToEndSeconds: round(wall), bareLoadSeconds: round(bareLoadSeconds), ratio: round(wall / bareLoadSeconds) },
    ]);
    if (peer) {
      printTable('The simple way, same server, same items (seconds)', Object.entries(peer).map(([stage, seconds]) => ({ stage, seconds: round(seconds) })));
      printTable('Ratios (peer seconds / our seconds)', [
        { what: 'load', ours: ours.load, peer: round(peerLoad), ratio: round(peerLoad / ours.load) },
        { what: 'queries (all reads)', ours: ours.analytics, peer: round(peerReads), ratio: round(peerReads / ours.analytics) },
      ]);
    }
    const loadAverageAtEnd = loadAverage();
    console.log(`load average at end: ${loadAverageAtEnd.join(', ')}`);
    printJsonResult({
      rows: summary.quality.rowsIn,
      items: summary.quality.items,
      totalSeconds: round(wall),
      endToEndSeconds: round(wall),
      bareLoadSeconds: round(bareLoadSeconds),
      analytics,
      endToEndOverBareLoad: round(wall / bareLoadSeconds),
      stages,
      peer: peer && Object.fromEntries(Object.entries(peer).map(([k, v]) => [k, round(v)])),
      loadRatio: peer ? round(peerLoad / ours.load) : undefined,
      readRatio: peer ? round(peerReads / ours.analytics) : undefined,
      peakRssMiB: peakRssMiB(),
      ...(loadRatio && loadRatioResult(loadRatio)),
      loadAverageAtStart,
      loadAverageAtEnd,
    });
  } finally {
    await stack.stop();
  }
}

const GOAL_TEXT = `≥ ${SMALL_VS_LARGE_GOAL.toFixed(3)} (two thirds)`;

function printLoadRatio(ratio: LoadRatio): void {
  printTable(
    'Load items/s: the default run (small partitions) against the real input (large ones) and its first days (the same length), each `pipeline:run` on its embedded stack, one after the other',
    [ratio.defaults[0], ...(ratio.sameLength?.runs ?? []), ratio.real, ratio.defaults[1]].sort((a, b) => a.order - b.order).map((run) => ({
      run: `${run.order}. ${run.name}`,
      'items/s (load.itemsPerSecond)': run.itemsPerSecond,
      partitions: run.partitions,
      items: run.items,
      'items/partition': Math.round(run.items / run.partitions),
      'partitions s': run.partitionsSeconds,
      'command s': run.wallSeconds,
      'load avg before': run.loadAverageBefore.join(' / '),
      'load avg after': run.loadAverageAfter.join(' / '),
    })),
  );
  const [before, after] = ratio.defaults;
  console.log(
    `\nsmallVsLargeLoadRatio = combined(${before.itemsPerSecond}, ${after.itemsPerSecond}) / ${ratio.real.itemsPerSecond} = ${round(ratio.defaultItemsPerSecond, 0)} / ${ratio.real.itemsPerSecond} = ${round(ratio.ratio, 4)} ` +
      `(goal ${GOAL_TEXT}; ${ratio.order}, ${ratio.restSeconds} s of rest before each): ${ratio.met === undefined ? 'no verdict (the goal compares with the full real dataset, not this input)' : ratio.met ? 'MET' : 'NOT MET'}`,
  );
  const same = ratio.sameLength;
  if (!same) {
    console.log('(the real input is no longer than the default run: no same-length runs)');
    return;
  }
  const [first, second] = same.runs;
  console.log(
    `the same length (the real input's first ${same.files} days): combined(${first.itemsPerSecond}, ${second.itemsPerSecond}) = ${round(same.itemsPerSecond, 0)} items/s; ` +
      `smallVsSameLengthLoadRatio = ${round(same.smallVsSameLength, 4)} (what small partitions cost), sameLengthVsLargeLoadRatio = ${round(same.sameLengthVsLarge, 4)} (what a run this short reaches with big partitions)`,
  );
}

/** The final JSON line's load-ratio fields. */
function loadRatioResult(ratio: LoadRatio): Record<string, unknown> {
  const fields = (run: LoadRatio['real']) => ({
    order: run.order,
    loadItemsPerSecond: run.itemsPerSecond,
    partitions: run.partitions,
    items: run.items,
    rowsIn: run.rowsIn,
    partitionsSeconds: run.partitionsSeconds,
    commandSeconds: run.wallSeconds,
    loadAverageBefore: run.loadAverageBefore,
    loadAverageAfter: run.loadAverageAfter,
  });
  return {
    smallVsLargeLoadRatio: round(ratio.ratio, 4),
    smallVsLargeLoadGoal: GOAL_TEXT,
    smallVsLargeLoadMet: ratio.met ?? null,
    smallVsLargeLoadField: 'run-summary.json load.itemsPerSecond',
    order: ratio.order,
    restSeconds: ratio.restSeconds,
    defaultLoadItemsPerSecond: round(ratio.defaultItemsPerSecond, 0),
    defaultRuns: ratio.defaults.map(fields),
    realRun: fields(ratio.real),
    ...(ratio.sameLength && {
      sameLengthLoadItemsPerSecond: round(ratio.sameLength.itemsPerSecond, 0),
      sameLengthFiles: ratio.sameLength.files,
      smallVsSameLengthLoadRatio: round(ratio.sameLength.smallVsSameLength, 4),
      sameLengthVsLargeLoadRatio: round(ratio.sameLength.sameLengthVsLarge, 4),
      sameLengthRuns: ratio.sameLength.runs.map(fields),
    }),
  };
}

/** The app again, analytics only with --verify-analytics: both read paths' cost from its run summary. */
function analyticsBothWays(source: string, work: string, env: Record<string, string>): Record<string, number> {
  const out = path.join(work, 'out-analytics');
  const run = spawnSync(
    process.execPath,
    [path.join(WORKSPACE, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', path.join(WORKSPACE, 'tsconfig.base.json'), path.join(WORKSPACE, 'apps/pipeline/src/main.ts'), '--input', source, '--out', out, '--analytics-only', '--verify-analytics'],
    { cwd: work, encoding: 'utf8', env: { ...process.env, ...env, CI: 'true' }, maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`the analytics run failed (exit ${run.status}): ${run.stderr.trim()}`);
  const summary = JSON.parse(readFileSync(path.join(out, 'run-summary.json'), 'utf8')) as { queries: { stats: { name: string; stats: { consumedCapacity: number; ms: number } }[] } };
  const sum = (keep: (name: string) => boolean, of: 'consumedCapacity' | 'ms') => summary.queries.stats.filter((q) => keep(q.name)).reduce((n, q) => n + q.stats[of], 0);
  // The report's own reads (aggregates, the customer's orders) against the scan path's answers to the same questions.
  const fromAggregates = (name: string) => name.startsWith('salesOverview') || name.startsWith('revenueOnDate');
  const fromScan = (name: string) => name.startsWith('verify: ');
  const aggregatesRcu = round(sum(fromAggregates, 'consumedCapacity'), 1);
  const scanRcu = round(sum(fromScan, 'consumedCapacity'), 1);
  const aggregatesMs = Math.round(sum(fromAggregates, 'ms'));
  const scanMs = Math.round(sum(fromScan, 'ms'));
  return { aggregatesRcu, scanRcu, rcuRatio: round(aggregatesRcu / scanRcu, 4), aggregatesMs, scanMs, timeRatio: round(aggregatesMs / scanMs, 4) };
}

/** The loader alone: the same items into a fresh table, DynamoDB Local's preset, no capacity asked, no catalog, no partitions. */
async function bareLoad(config: LocalDynamoDbConfig, files: string[]): Promise<number> {
  const client = new DynamoDBClient(config);
  const items = [...orderItems((await cleanFiles(files)).items)];
  const table = 'bench-bare-load';
  await ensureTable(client, orderTableSpec(table));
  const started = performance.now();
  const result = await loadItems(client, table, items, { concurrency: DYNAMODB_LOCAL_LOAD.concurrency, returnConsumedCapacity: 'NONE', catalog: false });
  const seconds = (performance.now() - started) / 1000;
  client.destroy();
  if (result.failed.length > 0) throw new Error(`the bare load failed ${result.failed.length} items`);
  return seconds;
}

/** The original's strategy, stage by stage, on the same server and the same cleaned items. */
async function simpleWay(config: LocalDynamoDbConfig, files: string[], day: string): Promise<Record<string, number>> {
  const client = new DynamoDBClient(config);
  const items = [...orderItems((await cleanFiles(files)).items)];
  const table = 'bench-simple-way';
  await ensureTable(client, orderTableSpec(table, BASELINE_LAYOUT));
  const time = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return (performance.now() - started) / 1000;
  };
  const fields = projectionOf(['invoiceNo', 'country', 'invoiceDate', 'totalAmountMilli', 'customerId']);
  const result = {
    load: await time(() => baselineLoad(client, table, items)),
    bubbleScan: await time(() => baselineScan(client, { TableName: table, ...fields }, () => undefined)),
    histogramScan: await time(() => baselineScan(client, { TableName: table, ...fields }, () => undefined)),
    countryQuery: await time(() => baselineQuery(client, table, 'United Kingdom')),
    dateScan: await time(() =>
      baselineScan(
        client,
        { TableName: table, FilterExpression: 'begins_with(InvoiceDate, :d)', ExpressionAttributeValues: { ':d': { S: day } }, ...fields },
        () => undefined,
      ),
    ),
  };
  client.destroy();
  return result;
}

main().catch((error: Error) => {
  console.error(`bench:pipeline: ${error.message}`);
  process.exit(1);
});
