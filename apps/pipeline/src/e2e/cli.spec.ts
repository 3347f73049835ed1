// The command line as a user meets it: each mistake ends in one clear message and a
// non-zero exit, never a stack trace; the default run works from an empty folder.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { processesMentioning, runCli, STACK_LINE } from './run-cli';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

const work = () => mkdtempSync(path.join(tmpdir(), 'pipeline-cli-'));

describe('mistakes', () => {
  test('an unknown flag is named', () => {
    const r = runCli(['--bogus'], { cwd: work() });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("pipeline: Unknown option '--bogus'. See --help.");
  });

  test('a bad value is named with its flag', () => {
    const r = runCli(['--format', 'xlsx'], { cwd: work() });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--format must be one of csv, parquet; got "xlsx"');
  });

  test('a missing input path is named, absolute, before any work (exit 2)', () => {
    const cwd = work();
    const r = runCli(['--input', 'no/such/folder', '--target', 'local'], { cwd });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`pipeline: --input ${cwd}/no/such/folder: no such file or folder.`);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  test('an empty input folder is named', () => {
    const cwd = work();
    mkdirSync(path.join(cwd, 'empty'));
    const r = runCli(['--input', 'empty'], { cwd, env: unreachable() });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--input ${cwd}/empty: the folder has no .csv or .csv.gz files.`);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  test('an unreachable endpoint is named, with the stages that completed', () => {
    const r = runCli(['--rows', '500'], { cwd: work(), env: unreachable() });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/stage "lease" failed: .*127\.0\.0\.1:9/);
    expect(r.stderr).toContain('Completed stages: none.');
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stderr + r.stdout).not.toContain('secret-not-to-print');
  });

  test('--target aws without credentials says what to set', () => {
    const r = runCli(['--target', 'aws'], { cwd: work(), env: { AWS_REGION: 'eu-west-2', AWS_EC2_METADATA_DISABLED: 'true', HOME: work() } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('No AWS credentials found: set AWS_PROFILE');
  });

  test('--help lists the options and exits 0', () => {
    const r = runCli(['--help'], { cwd: work() });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--analytics-only');
  });
});

test('the default run starts the embedded stack, writes every output and leaves no process behind', () => {
  const cwd = work();
  const r = runCli(['--rows', '3000', '--out', 'result', '--net-trend'], { cwd });
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('embedded stack');
  // 3,000 lines are over in seconds: DynamoDB Local compiles its hot path only with C2 (jitForLines).
  expect(r.stdout).toMatch(/DynamoDB Local http:\/\/127\.0\.0\.1:\d+ with quick-start JIT;/);

  const out = path.join(cwd, 'result');
  const summary = JSON.parse(readFileSync(path.join(out, 'run-summary.json'), 'utf8'));
  const quality = JSON.parse(readFileSync(path.join(out, 'quality-report.json'), 'utf8'));
  expect(quality.rowsIn).toBe(3000);
  expect(quality.reconciled).toBe(true);
  expect(summary.quality).toEqual(quality);
  expect(Object.keys(summary.stages)).toEqual(['lease', 'upload', 'extract', 'regroup', 'plan', 'partitions', 'reduce', 'analytics']);
  expect(summary.load).toMatchObject({ items: quality.items, written: quality.items });
  // A fresh table: the plan pass found no head, so no partition reads it again before loading.
  expect(summary.load.replaceCost.readRequests).toBe(0);
  // The cost preview prices what the run consumed, and a whole load at 1x, 10x and 100x.
  expect(summary.cost.run.writeUnits).toBeCloseTo(summary.load.consumedCapacity, 0);
  expect(summary.cost.scaled.map((s: { factor: number; items: number }) => [s.factor, s.items])).toEqual([1, 10, 100].map((f) => [f, f * quality.items]));
  expect(summary.cost.scaled[1].load.writeUnits).toBeCloseTo(10 * summary.cost.scaled[0].load.writeUnits, 0);
  expect(summary.cost.prices).toMatchObject({ region: 'us-east-1', asOf: expect.any(String) });
  expect(summary.queries.salesByCountry.country).toBe('United Kingdom');
  expect(Number(summary.queries.revenueOnDate.revenue)).toBeGreaterThan(0);

  const charts = readdirSync(path.join(out, 'charts'));
  for (const name of ['sales-trend.svg', 'sales-trend.png', 'bubble-map.gif', 'bubble-map.webp', 'bubble-map-all.png', 'order-values.png']) {
    expect(charts).toContain(name);
  }
  expect(charts.filter((f) => /^bubble-map-\d{4}-\d{2}\.png$/.test(f)).length).toBeGreaterThanOrEqual(12);
  // --net-trend: the synthetic data has cancellations, read from the aggregates.
  expect(readFileSync(path.join(out, 'charts', 'sales-trend.svg'), 'utf8')).toContain('class="net"');
  expect(summary.sales).toMatchObject({ cancellations: expect.any(Number), netRevenue: expect.any(String) });
  expect(existsSync(path.join(out, 'report.html'))).toBe(true);
  expect(existsSync(path.join(cwd, '.data', 'local-stack', 's3'))).toBe(true);

  // The stack's supervisor and JVM carry its data folder in their environment.
  expect(processesMentioning(path.join(cwd, '.data'))).toEqual([]);

  // A second default run gives the same figures and says what it skipped: the lake kept
  // every raw file; the embedded DynamoDB is in memory, so every partition loads again.
  const again = runCli(['--rows', '3000', '--out', 'result'], { cwd });
  expect(again.status).toBe(0);
  const second = JSON.parse(readFileSync(path.join(out, 'run-summary.json'), 'utf8'));
  const files = summary.stages.extract.figures.objects;
  expect(again.stdout).toContain(`upload: 0 uploaded, ${files} skipped (already in the lake), 0 removed`);
  expect(again.stdout).toMatch(new RegExp(`load: ${files} partitions loaded, 0 skipped`));
  expect(second.stages.upload.figures).toMatchObject({ uploaded: 0, skipped: files });
  expect(second.quality.runId).not.toBe(quality.runId);
  expect({ ...second.quality, runId: quality.runId }).toEqual(quality);
  expect(second.queries).toEqual({ ...summary.queries, stats: expect.any(Array) });
});

test('input entries that cannot be read are left out and reported, never silently', () => {
  const cwd = work();
  const days = path.join(cwd, 'days');
  mkdirSync(days);
  writeFileSync(path.join(days, '2011-01-04.csv'), `${HEADER}\n536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2011-01-04 08:26:00,2.55,17850,United Kingdom\n`);
  symlinkSync(path.join(cwd, 'nowhere.csv'), path.join(days, 'gone.csv'));
  const r = runCli(['--input', 'days', '--no-load', '--no-analytics', '--no-save-cleaned', '--out', 'result'], { cwd });
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('upload: 1 input entries could not be read and were left out: gone.csv: broken link');
  const summary = JSON.parse(readFileSync(path.join(cwd, 'result', 'run-summary.json'), 'utf8'));
  expect(summary.stages.upload.figures.unreadable).toEqual([{ path: 'gone.csv', reason: 'broken link' }]);
  expect(summary.quality.rowsIn).toBe(1);
});

test('--analytics-only on the embedded stack says why it cannot run and what to run instead', () => {
  const r = runCli(['--analytics-only'], { cwd: work() });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('the embedded DynamoDB lives in memory for one run');
  expect(r.stderr).toContain('npx nx run local-stack:serve');
  expect(r.stderr).not.toMatch(STACK_LINE);
});

function unreachable(): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
    AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret-not-to-print',
  };
}
