/**
 * Benchmark: does a run scale with the data? Synthetic input at 1x and 10x the real
 * dataset's rows (541,909) goes through every stage but the load (upload, extract, the
 * partitions: read, clean, lake write; the reduce), as a user runs it: the app's command
 * line, in its own process, against an S3 of its own. Reports each stage's seconds and the
 * process's peak RSS. Goals: peak RSS at 10x at most 1.3x that at 1x (memory follows the
 * partitions in flight, not the dataset: the reduce folds results as they arrive), seconds at
 * most 11x (linear).
 *
 * With `--with-load` the runs also load the table and refresh the report from aggregates,
 * checked by a scan (`--verify-analytics`): the refresh's RCU should grow with days,
 * countries and orders, not with items, while the scan's grows with items.
 *
 * `--layout days` (default): N times the rows over N times the calendar (ten years of daily
 * files for 10x: more partitions of the real size, as when more shops or years arrive);
 * `--layout rows`: N times the rows in the same 305 daily files (partitions N times larger, so
 * memory follows the largest partition).
 *
 *   npx nx run bench:scale [-- --rows 541909] [--factors 1,10] [--seed 42] [--layout days|rows] [--with-load]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startLocalStack, writeSyntheticDataset } from '@ecomlake/local-stack';
import { printJsonResult, printTable } from './report';

const WORKSPACE = path.resolve(__dirname, '../../..');
const REAL_ROWS = 541_909;

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

interface Measured {
  factor: number;
  rows: number;
  items: number;
  /** With --with-load: orders, and the report's read capacity from aggregates and by the scan. */
  refresh?: { orders: number; aggregatesRcu: number; scanRcu: number };
  stages: Record<string, number>;
  seconds: number;
  peakRssMiB: number;
}

async function measure(factor: number, baseRows: number, seed: number, work: string, withLoad: boolean, layout: 'days' | 'rows'): Promise<Measured> {
  const rows = baseRows * factor;
  const input = path.join(work, `rows-${rows}`);
  // Generated before the clock starts: the run is measured, not the generator.
  await writeSyntheticDataset(input, { rows, seed, ...(layout === 'days' && { from: calendarFrom(factor) }) });
  const stack = await startLocalStack({ inMemory: true });
  try {
    const out = path.join(work, `out-${factor}`);
    const started = performance.now();
    const run = spawnSync(
      process.execPath,
      [
        path.join(WORKSPACE, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', path.join(WORKSPACE, 'tsconfig.base.json'), path.join(WORKSPACE, 'apps/pipeline/src/main.ts'),
        '--input', input, '--out', out, '--no-use-cache', '--bucket', `scale-${factor}`,
        ...(withLoad ? ['--verify-analytics', '--table', `scale-${factor}`] : ['--no-load', '--no-analytics']),
      ],
      { cwd: work, encoding: 'utf8', env: { ...process.env, ...stack.env, CI: 'true' }, maxBuffer: 64 * 1024 * 1024 },
    );
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== 0) throw new Error(`the pipeline failed at ${factor}x (exit ${run.status}): ${run.stderr.trim()}`);
    const summary = JSON.parse(readFileSync(path.join(out, 'run-summary.json'), 'utf8')) as {
      stages: Record<string, { seconds: number; status: string }>;
      quality: { rowsIn: number; items: number };
      peakRssMiB: number;
      sales?: { orders: number };
      queries?: { stats: { name: string; stats: { consumedCapacity: number } }[] };
    };
    if (summary.quality.rowsIn !== rows) throw new Error(`${factor}x: the run read ${summary.quality.rowsIn} rows of ${rows}`);
    const stages = Object.fromEntries(Object.entries(summary.stages).filter(([, s]) => s.status !== 'skipped').map(([name, s]) => [name, s.seconds]));
    const rcu = (keep: (name: string) => boolean) => round((summary.queries?.stats ?? []).filter((q) => keep(q.name)).reduce((n, q) => n + q.stats.consumedCapacity, 0), 1);
    const refresh = withLoad
      ? { orders: summary.sales?.orders ?? 0, aggregatesRcu: rcu((n) => n.startsWith('salesOverview') || n.startsWith('revenueOnDate')), scanRcu: rcu((n) => n.startsWith('verify: ')) }
      : undefined;
    return { factor, rows, items: summary.quality.items, stages, seconds: round(seconds), peakRssMiB: summary.peakRssMiB, ...(refresh && { refresh }) };
  } finally {
    await stack.stop();
    rmSync(input, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const baseRows = Number(flag('rows') ?? REAL_ROWS);
  const factors = (flag('factors') ?? '1,10').split(',').map(Number);
  const seed = Number(flag('seed') ?? 42);
  const withLoad = process.argv.includes('--with-load');
  const layout = flag('layout') ?? 'days';
  if (layout !== 'days' && layout !== 'rows') throw new Error(`--layout must be days or rows, got "${layout}"`);
  if (factors.length < 2 || factors.some((f) => !Number.isInteger(f) || f < 1)) throw new Error('--factors must list at least two whole numbers ≥ 1, e.g. 1,10');
  const work = mkdtempSync(path.join(tmpdir(), 'bench-scale-'));
  try {
    const results: Measured[] = [];
    for (const factor of factors) results.push(await measure(factor, baseRows, seed, work, withLoad, layout));
    const [base] = results;
    const stageNames = Object.keys(base.stages);
    printTable(
      'Every stage but the load (seconds; peak RSS of the app process)',
      results.map((r) => ({ rows: r.rows, items: r.items, ...Object.fromEntries(stageNames.map((s) => [s, r.stages[s] ?? 0])), 'wall s': r.seconds, 'peak RSS MiB': r.peakRssMiB })),
    );
    if (withLoad) {
      printTable('A report refresh: aggregates by key against the scan path (RCU)', results.map((r) => ({ rows: r.rows, items: r.items, orders: r.refresh?.orders ?? 0, 'aggregates RCU': r.refresh?.aggregatesRcu ?? 0, 'scan RCU': r.refresh?.scanRcu ?? 0 })));
    }
    const last = results[results.length - 1];
    const ratios = {
      factor: last.factor / base.factor,
      secondsRatio: round(last.seconds / base.seconds),
      stageSecondsRatio: round(sumOf(last.stages) / sumOf(base.stages)),
      peakRssRatio: round(last.peakRssMiB / base.peakRssMiB),
    };
    printTable(`Ratios ${last.factor}x / ${base.factor}x (goals: seconds ≤ ${ratios.factor * 1.1}x, peak RSS ≤ 1.3x)`, [ratios]);
    printJsonResult({ baseRows, layout, results, ...ratios });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The real data's calendar (2010-12-01 to 2011-12-09), stretched back to `factor` times its length. */
function calendarFrom(factor: number): string {
  const to = Date.parse('2011-12-09T00:00:00Z');
  const days = Math.round((to - Date.parse('2010-12-01T00:00:00Z')) / 86_400_000) + 1;
  return new Date(to - (days * factor - 1) * 86_400_000).toISOString().slice(0, 10);
}

function sumOf(stages: Record<string, number>): number {
  return Object.values(stages).reduce((a, b) => a + b, 0);
}

main().catch((error: Error) => {
  console.error(`bench:scale: ${error.message}`);
  process.exit(1);
});
