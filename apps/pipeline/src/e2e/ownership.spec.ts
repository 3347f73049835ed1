// The table is exact after any sequence of runs (issue 18): whatever ran before on the same
// table (another layout of the same lines, failed, killed or stopped; another run at the same
// time), the next run of an input leaves the table equal to a fresh load of it. Real CLI
// processes against the test run's stack, which outlives them.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { cleanFiles, listCsvFiles, orderItems } from '@ecomlake/cleaning';
import { decodeItem, encodeItem, isReservedRecord, parallelScanItems, readPartitionHeads } from '@ecomlake/dynamodb-repository';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import type { OrderItem } from '@ecomlake/model';
import { runCli, startCli, STACK_LINE, WORKSPACE, stackEnv, type CliResult } from './run-cli';

const REAL = path.resolve(WORKSPACE, '../shared/data/online-retail/by-day');
const DAYS = readdirSync(REAL).filter((name) => name.endsWith('.csv')).sort().slice(40, 46);
jest.setTimeout(600_000);

const stack = testStack();
// A lease short enough that a run stopped past it is waited out quickly, long enough that a
// run on a busy machine (the e2e suites run two at a time) never misses its heartbeats for it:
// at 10 s, runs under a load average of 25 on 2 cores saw their lease expire while DynamoDB
// Local answered every request seconds late (and stopped, as they must).
const LEASE_TTL_S = 20;
const env = { ...stackEnv(), ECOMLAKE_LEASE_TTL: `${LEASE_TTL_S}s` };
const dynamodb = new DynamoDBClient(stack.dynamodb);
afterAll(() => dynamodb.destroy());

/** A folder of real days, each under the name `rename` gives it. */
function folder(name: string, days: readonly string[], rename: (day: string, i: number) => string = (day) => day): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'owners-')), name);
  mkdirSync(dir, { recursive: true });
  days.forEach((day, i) => copyFileSync(path.join(REAL, day), path.join(dir, rename(day, i))));
  return dir;
}

/** The days' lines cut into `count` files of equal line counts, each with the header (`split -l` plus a header), or only the first. */
function chunks(name: string, days: readonly string[], count: number, headers: 'each' | 'first' = 'each'): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'chunks-')), name);
  mkdirSync(dir, { recursive: true });
  let header = '';
  const rows: string[] = [];
  for (const day of days) {
    const [head, ...lines] = readFileSync(path.join(REAL, day), 'utf8').trimEnd().split('\n');
    header = head;
    rows.push(...lines);
  }
  const size = Math.ceil(rows.length / count);
  for (let i = 0; i < count; i += 1) {
    const body = rows.slice(i * size, (i + 1) * size);
    writeFileSync(path.join(dir, `x${String.fromCharCode(97 + i)}.csv`), [...(headers === 'each' || i === 0 ? [header] : []), ...body].join('\n') + '\n');
  }
  return dir;
}

function target() {
  const cwd = mkdtempSync(path.join(tmpdir(), 'owners-run-'));
  const table = uniqueName('owners');
  const bucket = uniqueName('owners');
  const out = () => path.join(cwd, `out-${Math.random().toString(36).slice(2, 8)}`);
  // The report is under test only where a test asks for it (--verify-analytics).
  const args = (input: string, ...more: string[]) => ['--input', input, '--table', table, '--bucket', bucket, '--out', out(), ...(more.includes('--verify-analytics') ? [] : ['--no-analytics']), ...more];
  return { cwd, table, args };
}
type Target = ReturnType<typeof target>;

async function tableItems(table: string): Promise<OrderItem[]> {
  const items: OrderItem[] = [];
  for await (const record of parallelScanItems(dynamodb, { TableName: table }, { segments: 4 })) if (!isReservedRecord(record)) items.push(decodeItem(record));
  return items.sort(byKey);
}

async function cleanedItems(dir: string): Promise<OrderItem[]> {
  const result = await cleanFiles(await listCsvFiles(dir), { concurrency: 1 });
  return [...orderItems(result.items)].sort(byKey);
}

function byKey(a: OrderItem, b: OrderItem): number {
  return a.invoiceNo < b.invoiceNo ? -1 : a.invoiceNo > b.invoiceNo ? 1 : a.stockCode < b.stockCode ? -1 : a.stockCode > b.stockCode ? 1 : 0;
}

/** Items and exact revenue first (a readable failure), then every item. */
async function expectTableToEqual(table: string, expected: readonly OrderItem[]): Promise<void> {
  const stored = await tableItems(table);
  const sum = (items: readonly OrderItem[]) => items.reduce((total, item) => total + item.totalAmountMilli, 0);
  expect({ count: stored.length, revenue: sum(stored) }).toEqual({ count: expected.length, revenue: sum(expected) });
  expect(stored).toEqual(expected);
}

function succeeds(t: Target, input: string, ...more: string[]): CliResult {
  const r = runCli(t.args(input, ...more), { cwd: t.cwd, env });
  expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
  return r;
}

function fails(t: Target, input: string, ...more: string[]): CliResult {
  const r = runCli(t.args(input, ...more), { cwd: t.cwd, env });
  expect(r.status).not.toBe(0);
  expect(r.stderr).not.toMatch(STACK_LINE);
  return r;
}

/** Starts a run in its own process group; resolves once `ready` holds (polled), with the child and its exit. */
async function startUntil(t: Target, input: string, ready: () => Promise<boolean>, ...more: string[]) {
  const child = startCli(t.args(input, ...more), { cwd: t.cwd, env, ownGroup: true, output: true });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  let done = false;
  void exited.then(() => (done = true));
  const deadline = Date.now() + 120_000;
  while (!done && Date.now() < deadline && !(await ready().catch(() => false))) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(done).toBe(false);
  return { child, exited, stderr: () => stderr };
}

const someDone = (table: string) => async () => [...(await readPartitionHeads(dynamodb, table)).values()].some((head) => head.state === 'done');

describe('another layout of the same lines, then the input again', () => {
  test('an invoice cut across two files fails before anything is written; the table keeps the last input', async () => {
    const t = target();
    const x = folder('x', DAYS.slice(0, 3));
    succeeds(t, x);
    const heads = await readPartitionHeads(dynamodb, t.table);
    const r = fails(t, chunks('cut', DAYS.slice(0, 3), 2));
    expect(r.stderr).toMatch(/Invoice \S+ appears in two partitions \(s3:\/\/\S+\/xa\.csv and s3:\/\/\S+\/xb\.csv\)/);
    expect(r.stderr).toContain('stage "plan"');
    expect(r.stderr).toContain('rerun with --partition-by day');
    expect(await readPartitionHeads(dynamodb, t.table)).toEqual(heads);
    succeeds(t, x);
    await expectTableToEqual(t.table, await cleanedItems(x));
  });

  test('with --partition-by day, the same chunks load: one partition a day, each invoice whole, the table equal to the days', async () => {
    const t = target();
    const x = folder('x', DAYS.slice(0, 3));
    succeeds(t, x);
    const r = succeeds(t, chunks('cut', DAYS.slice(0, 3), 4, 'first'), '--partition-by', 'day');
    expect(r.stdout).toMatch(/regroup: \d+ lines of 4 files into 3 days/);
    // The regrouped days are the same bytes as the day files: the same partitions, unchanged, skipped.
    expect(r.stdout).toMatch(/load: 0 partitions loaded, 3 skipped/);
    await expectTableToEqual(t.table, await cleanedItems(x));
    const heads = [...(await readPartitionHeads(dynamodb, t.table)).values()].map((head) => head.id).sort();
    expect(heads).toEqual(DAYS.slice(0, 3));
  });

  test('chunks whose later files lack the header fail before anything is written', async () => {
    const t = target();
    const x = folder('x', DAYS.slice(0, 3));
    succeeds(t, x);
    const r = fails(t, chunks('headless', DAYS.slice(0, 3), 3, 'first'));
    expect(r.stderr).toContain('stage "plan"');
    succeeds(t, x);
    await expectTableToEqual(t.table, await cleanedItems(x));
  });

  test('the days renamed, killed with SIGKILL mid-load, then the days again: every line is back', async () => {
    const t = target();
    const x = folder('x', DAYS.slice(0, 3));
    succeeds(t, x);
    const renamed = folder('renamed', DAYS.slice(0, 3), (_, i) => `day${i + 1}.csv`);
    const renamedHeads = async () => [...(await readPartitionHeads(dynamodb, t.table)).values()].some((head) => head.id.startsWith('day') && head.state === 'done');
    const { child, exited } = await startUntil(t, renamed, renamedHeads);
    process.kill(-(child.pid ?? 0), 'SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // Killed on this host: its lease is taken at once, not after the lease's life.
    const r = succeeds(t, x);
    expect(r.stdout).toMatch(/ownership: \d+ partitions lost lines/);
    await expectTableToEqual(t.table, await cleanedItems(x));
  });
});

describe('one writer at a time', () => {
  test('two runs at once on one table: the second fails at once naming the first; the table is the first input, then the second', async () => {
    const t = target();
    const x = folder('x', DAYS.slice(0, 3));
    const y = folder('y', DAYS.slice(1, 4));
    // The first run holds the table for as long as the test needs: stopped mid-load, with a lease that outlives the pause.
    const first = await startUntil(t, x, someDone(t.table), '--lease-ttl', '10m');
    process.kill(-(first.child.pid ?? 0), 'SIGSTOP');
    let second: CliResult;
    try {
      second = fails(t, y);
    } finally {
      process.kill(-(first.child.pid ?? 0), 'SIGCONT');
    }
    expect(second.stderr).toMatch(new RegExp(`table ${t.table} is being written by run \\S+ \\(.+, pid \\d+\\), started .+, last heartbeat .+, expires .+`));
    expect(await first.exited).toBe(0);
    await expectTableToEqual(t.table, await cleanedItems(x));
    succeeds(t, y);
    await expectTableToEqual(t.table, await cleanedItems(y));
  });

  test('with --wait, the second run waits for the first and then loads its own input', async () => {
    const t = target();
    const x = folder('x', DAYS.slice(0, 3));
    const y = folder('y', DAYS.slice(2, 5));
    const first = await startUntil(t, x, someDone(t.table), '--lease-ttl', '10m');
    process.kill(-(first.child.pid ?? 0), 'SIGSTOP');
    const second = startCli(t.args(y, '--wait', '5m'), { cwd: t.cwd, env, output: true });
    let stdout = '';
    let stderr = '';
    second.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    second.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const secondExit = new Promise<number | null>((resolve) => second.once('exit', (code) => resolve(code)));
    try {
      // The second run says whom it waits for, then waits while the first is stopped.
      const deadline = Date.now() + 120_000;
      while (!/lease: table \S+ is being written by run/.test(stdout) && second.exitCode === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stdout).toMatch(/lease: table \S+ is being written by run \S+ \(.+, pid \d+\) until .+; waiting up to 300 s/);
    } finally {
      process.kill(-(first.child.pid ?? 0), 'SIGCONT');
    }
    expect(await first.exited).toBe(0);
    expect({ status: await secondExit, stderr: stderr.split('\n').filter((line) => !/^(upload|plan|partitions) /.test(line) && line !== '').join('\n') }).toEqual({ status: 0, stderr: '' });
    await expectTableToEqual(t.table, await cleanedItems(y));
  });

  test('a run stopped (SIGSTOP) past its lease, whose lease another run took, stops without writing when resumed', async () => {
    const t = target();
    const x = folder('x', DAYS.slice(0, 3));
    const y = folder('y', DAYS.slice(3, 6));
    const paused = await startUntil(t, x, someDone(t.table));
    process.kill(-(paused.child.pid ?? 0), 'SIGSTOP');
    try {
      // The lease lives LEASE_TTL_S without a heartbeat: the second run waits for it, then loads y.
      succeeds(t, y, '--wait', '60s');
      await expectTableToEqual(t.table, await cleanedItems(y));
    } finally {
      process.kill(-(paused.child.pid ?? 0), 'SIGCONT');
    }
    expect(await paused.exited).not.toBe(0);
    expect(paused.stderr()).toMatch(/lease/i);
    await expectTableToEqual(t.table, await cleanedItems(y));
  });
});

test('--verify-analytics names --reload when the items are wrong, and --reload all repairs the table', async () => {
  const t = target();
  const x = folder('x', DAYS.slice(0, 2));
  succeeds(t, x);
  // Another writer deletes one invoice's lines: the heads still say the partitions are loaded.
  const items = await tableItems(t.table);
  const victim = items.filter((item) => item.invoiceNo === items[0].invoiceNo);
  for (const item of victim) {
    const { InvoiceNo, StockCode } = encodeItem(item);
    await dynamodb.send(new DeleteItemCommand({ TableName: t.table, Key: { InvoiceNo, StockCode } }));
  }
  const verify = fails(t, x, '--analytics-only', '--verify-analytics');
  expect(verify.stderr).toContain('--reload all');
  const reload = succeeds(t, x, '--reload', 'all');
  expect(reload.stdout).toMatch(/reload: 2 partitions will load again/);
  await expectTableToEqual(t.table, await cleanedItems(x));
  succeeds(t, x, '--analytics-only', '--verify-analytics');
});
