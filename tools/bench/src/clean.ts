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
 * included), the peer, then ours on one thread. Peak RSS is read right after ours, before
 * DuckDB allocates in this process.
 *
 *   npx nx run bench:clean [-- --input <dir>] [--concurrency <n>]
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { cleanFiles, listCsvFiles, type CleanResult } from '@ecomlake/cleaning';
import { rulesAsSql } from '@ecomlake/cleaning/testing';
import * as os from 'node:os';
import path from 'node:path';
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
  const concurrency = Number(flag('concurrency') ?? os.availableParallelism());
  const files = await listCsvFiles(input);

  const cold = await ours(files, concurrency);
  const peakRss = peakRssMiB();
  const peer = await duckdb(files);
  const single = await ours(files, 1);

  const report = cold.result.report;
  const agree = peer.rows === report.rowsIn && peer.items === report.items && peer.revenueMilli === String(report.cleanRevenueMilli);
  const rowsPerSecond = Math.round(report.rowsIn / cold.seconds);
  printTable(`clean stage: ${files.length} files, ${report.rowsIn.toLocaleString('en-GB')} rows (${os.cpus().length} cores)`, [
    { run: `ecomlake cleanFiles, ${concurrency} threads (cold)`, seconds: cold.seconds, rowsPerSecond, items: report.items, revenue: report.cleanRevenue },
    { run: 'ecomlake cleanFiles, 1 thread', seconds: single.seconds, rowsPerSecond: Math.round(report.rowsIn / single.seconds), items: single.result.report.items, revenue: single.result.report.cleanRevenue },
    { run: 'DuckDB, same rules in SQL (peer)', seconds: peer.seconds, rowsPerSecond: Math.round(peer.rows / peer.seconds), items: peer.items, revenue: `${peer.revenueMilli} milli` },
  ]);
  console.log(`\nagree with DuckDB on rows, items and revenue: ${agree ? 'yes' : 'NO'}; reconciled: ${report.reconciled ? 'yes' : 'NO'}`);
  console.log(`peak RSS after ours: ${peakRss} MiB (target < 400); whole clean stage: ${cold.seconds.toFixed(3)} s (target < 1.0)`);
  console.log(`CPU time of the cold run, all threads: ${cold.cpuSeconds.toFixed(3)} s; load average now: ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`);
  printJsonResult({
    rows: report.rowsIn,
    seconds: round(cold.seconds),
    rowsPerSecond,
    peakRssMiB: peakRss,
    duckdbSeconds: round(peer.seconds),
    ratioVsDuckdb: round(cold.seconds / peer.seconds),
    cpuSeconds: round(cold.cpuSeconds),
    singleThreadSeconds: round(single.seconds),
    loadAverage: round(os.loadavg()[0]),
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
