/**
 * Benchmark: the whole clean stage of @ecomlake/cleaning on the real dataset: read, parse,
 * apply the rules, key the items and build the arquero tables (`cleanFiles`: one partition
 * per daily file, worker threads plus the calling thread, merged and reconciled).
 *
 * Peer, in the same process and run: DuckDB doing the same rules in SQL (`rulesAsSql`:
 * read_csv of every file as text, the rules, clean lines and keyed items materialized).
 * Both must agree on rows, items and revenue, or the benchmark fails.
 *
 * Rounds: ours cold (the number that counts: a fresh process, JIT and worker start-up
 * included), the peer, ours on one thread warm (same process), then ours on one thread
 * cold in a fresh process, so one thread and several are compared on equal terms. Peak
 * RSS is read right after ours, before DuckDB allocates in this process.
 *
 * The machine is shared: the load average is read at the start and the end, and the CPU
 * time other processes used during the run (Linux: during the cold two-thread run, and
 * during the whole bench); a run where other processes kept more than `--quiet-others`
 * cores busy (default 0.2) is flagged noisy. Without /proc the load average decides:
 * above `--quiet-load` (default half the cores) is noisy.
 *
 * Worker threads run from a bundle of their sources, built once per source change (see
 * @ecomlake/cleaning's worker-bundle.ts), as the built package runs compiled JavaScript:
 * the first run after an edit also pays that build (20-100 ms).
 *
 *   npx nx run bench:clean [-- --input <dir>] [--concurrency <n>] [--quiet-load <n>] [--quiet-others <cores>]
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { cleanFiles, listCsvFiles, type CleanResult } from '@ecomlake/cleaning';
import { rulesAsSql } from '@ecomlake/cleaning/testing';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import path from 'node:path';
import { cpuSnapshot, describeLoad, formatLoad, judgeLoad, loadAverage, otherCores } from './clean-load';
import { peakRssMiB, printJsonResult, printTable } from './report';

const DATA = path.resolve(__dirname, '../../../../shared/data/online-retail/by-day');

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** Wall time, and CPU time of the process (all threads: more than wall when they run in parallel). */
async function ours(files: string[], concurrency: number): Promise<{ seconds: number; cpuSeconds: number; result: CleanResult }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await cleanFiles(files, { concurrency });
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, result };
}

/**
 * Ours cold on `threads` threads in a fresh Node process (same flags and loader as this
 * one), for a one-thread figure that pays the same start-up as the main cold run.
 */
function oursInFreshProcess(input: string, threads: number): { seconds: number; cpuSeconds: number } {
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--input', input, '--child-threads', String(threads)], { encoding: 'utf8' });
  const last = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !last.startsWith('{')) throw new Error(`the fresh-process run failed (exit ${child.status}): ${child.stderr.trim() || last}`);
  return JSON.parse(last) as { seconds: number; cpuSeconds: number };
}

async function duckdb(files: string[]): Promise<{ seconds: number; rows: number; items: number; revenueMilli: string }> {
  const started = performance.now();
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  await con.run(rulesAsSql({ files }));
  const seconds = (performance.now() - started) / 1000;
  const [totals] = (
    await con.runAndReadAll(
      'SELECT (SELECT count(*) FROM ruled) AS rows, (SELECT count(*) FROM items) AS items, (SELECT sum(totalAmountMilli) FROM lines) AS revenue',
    )
  ).getRowObjects();
  con.closeSync();
  return { seconds, rows: Number(totals.rows), items: Number(totals.items), revenueMilli: String(totals.revenue) };
}

async function main(): Promise<void> {
  const input = path.resolve(process.cwd(), flag('input') ?? DATA);
  const files = await listCsvFiles(input);
  const child = flag('child-threads');
  if (child !== undefined) {
    const { seconds, cpuSeconds } = await ours(files, Number(child));
    return printJsonResult({ seconds, cpuSeconds });
  }
  const concurrency = Number(flag('concurrency') ?? os.availableParallelism());
  const cores = os.cpus().length;
  const quietLoad = flag('quiet-load') === undefined ? undefined : Number(flag('quiet-load'));
  if (quietLoad !== undefined && !(quietLoad >= 0)) throw new Error(`--quiet-load ${flag('quiet-load')}: give a load average, such as 1 (default: half the cores).`);
  const quietOthers = flag('quiet-others') === undefined ? undefined : Number(flag('quiet-others'));
  if (quietOthers !== undefined && !(quietOthers >= 0)) throw new Error(`--quiet-others ${flag('quiet-others')}: give a number of cores, such as 0.2 (the default).`);
  const loadStart = loadAverage();
  const cpuStart = cpuSnapshot();
  console.log(`load average (1, 5, 15 min) at start: ${formatLoad(loadStart)} on ${cores} cores`);

  const cold = await ours(files, concurrency);
  const othersCold = otherCores(cpuStart, cpuSnapshot());
  const peakRss = peakRssMiB();
  const peer = await duckdb(files);
  const single = await ours(files, 1);
  const singleCold = oursInFreshProcess(input, 1);
  const loadEnd = loadAverage();
  const othersRun = otherCores(cpuStart, cpuSnapshot());
  // The busier of the two: a burst during the short cold run would vanish in the whole run's average.
  const others = othersCold === undefined || othersRun === undefined ? undefined : Math.max(othersCold, othersRun);
  const load = judgeLoad(loadStart, loadEnd, cores, quietLoad, others, quietOthers);

  const report = cold.result.report;
  const agree = peer.rows === report.rowsIn && peer.items === report.items && peer.revenueMilli === String(report.cleanRevenueMilli);
  const rowsPerSecond = Math.round(report.rowsIn / cold.seconds);
  printTable(`clean stage: ${files.length} files, ${report.rowsIn.toLocaleString('en-GB')} rows (${cores} cores)`, [
    { run: `ecomlake cleanFiles, ${concurrency} threads (cold)`, seconds: cold.seconds, rowsPerSecond, items: report.items, revenue: report.cleanRevenue },
    { run: 'ecomlake cleanFiles, 1 thread (cold, fresh process)', seconds: singleCold.seconds, rowsPerSecond: Math.round(report.rowsIn / singleCold.seconds), items: '', revenue: '' },
    { run: 'ecomlake cleanFiles, 1 thread (warm)', seconds: single.seconds, rowsPerSecond: Math.round(report.rowsIn / single.seconds), items: single.result.report.items, revenue: single.result.report.cleanRevenue },
    { run: 'DuckDB, same rules in SQL (peer)', seconds: peer.seconds, rowsPerSecond: Math.round(peer.rows / peer.seconds), items: peer.items, revenue: `${peer.revenueMilli} milli` },
  ]);
  console.log(`\nagree with DuckDB on rows, items and revenue: ${agree ? 'yes' : 'NO'}; reconciled: ${report.reconciled ? 'yes' : 'NO'}`);
  console.log(`peak RSS after ours: ${peakRss} MiB (target < 400); whole clean stage: ${cold.seconds.toFixed(3)} s (target < 1.0)`);
  console.log(`CPU time of the cold run, all threads: ${cold.cpuSeconds.toFixed(3)} s (one thread, cold: ${singleCold.cpuSeconds.toFixed(3)} s)`);
  console.log(describeLoad(load, loadStart, loadEnd, cores));
  printJsonResult({
    rows: report.rowsIn,
    seconds: round(cold.seconds),
    rowsPerSecond,
    peakRssMiB: peakRss,
    duckdbSeconds: round(peer.seconds),
    ratioVsDuckdb: round(cold.seconds / peer.seconds),
    cpuSeconds: round(cold.cpuSeconds),
    singleThreadSeconds: round(single.seconds),
    singleThreadColdSeconds: round(singleCold.seconds),
    loadAverage: round(loadEnd[0]),
    loadAverageStart: round(loadStart[0]),
    loadAverageEnd: round(loadEnd[0]),
    otherCoresCold: othersCold === undefined ? null : round(othersCold),
    otherCores: othersRun === undefined ? null : round(othersRun),
    noisy: load.noisy,
    concurrency,
    files: files.length,
    items: report.items,
    cleanRevenue: report.cleanRevenue,
    agreeWithDuckdb: agree,
  });
  if (!agree) process.exitCode = 1;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
