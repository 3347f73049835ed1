// Reruns are exact: whatever happened before (another input with the same folder name,
// another encoding, a corrected file, a run killed with SIGKILL mid-load or mid-replace),
// the table after a run equals the cleaning of exactly that run's input, key by key.
// The CLI runs in its own processes against the test run's stack, which outlives them.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { cleanFiles, listCsvFiles, orderItems } from '@ecomlake/cleaning';
import { decodeItem, isReservedRecord, parallelScanItems, readPartitionHeads } from '@ecomlake/dynamodb-repository';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import type { OrderItem } from '@ecomlake/model';
import { runCli, startCli, STACK_LINE, WORKSPACE, stackEnv } from './run-cli';

const REAL = path.resolve(WORKSPACE, '../shared/data/online-retail/by-day');
const DAYS = readdirSync(REAL).filter((name) => name.endsWith('.csv')).sort().slice(0, 20);
jest.setTimeout(600_000);

const stack = testStack();
const env = stackEnv();
const dynamodb = new DynamoDBClient(stack.dynamodb);
afterAll(() => dynamodb.destroy());

/** A folder `<parent>/<name>` holding copies of some real days. */
function folder(parent: string, name: string, days: readonly string[]): string {
  const dir = path.join(parent, name);
  mkdirSync(dir, { recursive: true });
  for (const day of days) copyFileSync(path.join(REAL, day), path.join(dir, day));
  return dir;
}

/** A pipeline target: its own bucket, table and out folder, shared by the runs of one test. */
function target() {
  const cwd = mkdtempSync(path.join(tmpdir(), 'pipeline-rerun-'));
  const table = uniqueName('rerun');
  const bucket = uniqueName('rerun');
  const args = (input: string, ...more: string[]) => [
    '--input', input, '--table', table, '--bucket', bucket, '--out', path.join(cwd, 'out'), '--no-analytics', '--no-save-cleaned', ...more,
  ];
  return { cwd, table, args };
}

/** Every order item in the table (not its own records), sorted by key. */
async function tableItems(table: string): Promise<OrderItem[]> {
  const items: OrderItem[] = [];
  for await (const record of parallelScanItems(dynamodb, { TableName: table }, { segments: 4 })) {
    if (!isReservedRecord(record)) items.push(decodeItem(record));
  }
  return items.sort(byKey);
}

/** What a fresh load of these files must give: the cleaning library's items. */
async function cleanedItems(dir: string, encoding: 'utf-8' | 'latin1' = 'utf-8'): Promise<OrderItem[]> {
  const result = await cleanFiles(await listCsvFiles(dir), { encoding, concurrency: 1 });
  return [...orderItems(result.items)].sort(byKey);
}

function byKey(a: OrderItem, b: OrderItem): number {
  return a.invoiceNo < b.invoiceNo ? -1 : a.invoiceNo > b.invoiceNo ? 1 : a.stockCode < b.stockCode ? -1 : a.stockCode > b.stockCode ? 1 : 0;
}

const total = (items: readonly OrderItem[]) => items.reduce((sum, item) => sum + item.totalAmountMilli, 0);

async function expectTableToEqual(table: string, expected: readonly OrderItem[]): Promise<void> {
  const stored = await tableItems(table);
  expect({ count: stored.length, total: total(stored) }).toEqual({ count: expected.length, total: total(expected) });
  expect(stored).toEqual(expected);
}

function run(t: ReturnType<typeof target>, input: string, ...more: string[]) {
  const r = runCli(t.args(input, ...more), { cwd: t.cwd, env });
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
  return { ...r, summary: JSON.parse(readFileSync(path.join(t.cwd, 'out', 'run-summary.json'), 'utf8')) };
}

/** Starts a run and SIGKILLs it once `ready` says so (polled against the table). */
async function killDuring(t: ReturnType<typeof target>, input: string, ready: () => Promise<boolean>): Promise<void> {
  // Its own process group: tsx runs the pipeline in a child process, and kill -9 must reach it too.
  const child = startCli(t.args(input), { cwd: t.cwd, env, ownGroup: true });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  let done = false;
  void exited.then(() => (done = true));
  while (!done && !(await ready().catch(() => false))) await new Promise((resolve) => setTimeout(resolve, 25));
  process.kill(-(child.pid ?? 0), 'SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

async function heads(table: string) {
  return [...(await readPartitionHeads(dynamodb, table)).values()];
}

test('a second input with the same folder name replaces the first: nothing of the first is read or kept', async () => {
  const t = target();
  const work = mkdtempSync(path.join(tmpdir(), 'same-name-'));
  run(t, folder(path.join(work, 'a'), 'days', DAYS.slice(0, 2)));
  const second = folder(path.join(work, 'b'), 'days', DAYS.slice(2, 3));
  const { summary } = run(t, second);
  const lines = readFileSync(path.join(second, DAYS[2]), 'utf8').trimEnd().split('\n').length - 1;
  expect(summary.quality.rowsIn).toBe(lines);
  expect(summary.stages.extract.figures.objects).toBe(1);
  expect(summary.stages.reduce.figures).toMatchObject({ partitionsLoaded: 1, partitionsRemoved: 2 });
  await expectTableToEqual(t.table, await cleanedItems(second));
});

test('a file deleted from the input leaves the lake prefix, the report and the table', async () => {
  const t = target();
  const dir = folder(mkdtempSync(path.join(tmpdir(), 'deleted-')), 'days', DAYS.slice(0, 3));
  run(t, dir);
  rmSync(path.join(dir, DAYS[1]));
  const { summary } = run(t, dir);
  expect(summary.stages.upload.figures).toMatchObject({ uploaded: 0, skipped: 2, removed: 1 });
  expect(summary.stages.reduce.figures).toMatchObject({ partitionsLoaded: 0, partitionsSkipped: 2, partitionsRemoved: 1 });
  await expectTableToEqual(t.table, await cleanedItems(dir));
});

test('a latin-1 day read as UTF-8, then again with --encoding latin1: the table is the latin-1 cleaning', async () => {
  const t = target();
  const dir = mkdtempSync(path.join(tmpdir(), 'latin1-'));
  const text = readFileSync(path.join(REAL, DAYS[0]), 'utf8')
    .split('\n')
    .map((line, i) => (i > 0 && i % 7 === 0 ? line.replace(/,([A-Z ]+?) ?,/, ',CAFÉ $1 À LA CRÈME,') : line))
    .join('\n');
  writeFileSync(path.join(dir, DAYS[0]), Buffer.from(text, 'latin1'));
  run(t, dir);
  const { summary } = run(t, dir, '--encoding', 'latin1');
  expect(summary.stages.reduce.figures).toMatchObject({ partitionsLoaded: 1, partitionsSkipped: 0 });
  const expected = await cleanedItems(dir, 'latin1');
  expect(expected.some((item) => item.description.includes('CAFÉ'))).toBe(true);
  await expectTableToEqual(t.table, expected);
});

test('a day loaded, then corrected upstream (last 40 lines removed): the table holds the corrected day only', async () => {
  const t = target();
  const dir = folder(mkdtempSync(path.join(tmpdir(), 'corrected-')), 'days', DAYS.slice(3, 4));
  const file = path.join(dir, DAYS[3]);
  run(t, dir);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  writeFileSync(file, `${lines.slice(0, -40).join('\n')}\n`);
  const { summary } = run(t, dir);
  expect(summary.stages.reduce.figures.deleted).toBeGreaterThan(0);
  await expectTableToEqual(t.table, await cleanedItems(dir));
});

describe('killed with SIGKILL, then rerun', () => {
  const t = target();
  const dir = folder(mkdtempSync(path.join(tmpdir(), 'killed-')), 'days', DAYS);

  test('during the load of 20 days: the rerun finishes it and the table equals the cleaning', async () => {
    await killDuring(t, dir, async () => (await heads(t.table)).some((h) => h.state === 'done'));
    const before = await heads(t.table);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(DAYS.length + 1);
    const { summary } = run(t, dir);
    // Requests the killed process had sent may still land after it died: at least these were done.
    const { partitionsSkipped, partitionsLoaded } = summary.stages.reduce.figures;
    expect(partitionsSkipped).toBeGreaterThanOrEqual(before.filter((h) => h.state === 'done').length);
    expect(partitionsSkipped + partitionsLoaded).toBe(DAYS.length);
    expect(partitionsLoaded).toBeGreaterThan(0);
    await expectTableToEqual(t.table, await cleanedItems(dir));
  });

  test('during a replace of corrected days: the rerun leaves exactly the corrected data', async () => {
    for (const day of DAYS.filter((_, i) => i % 2 === 0)) {
      const file = path.join(dir, day);
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      writeFileSync(file, `${lines.slice(0, -40).join('\n')}\n`);
    }
    const identities = new Map((await heads(t.table)).map((h) => [h.id, h.identity]));
    // Killed once a corrected day is recorded as being replaced (its new version half-written at most).
    await killDuring(t, dir, async () => (await heads(t.table)).some((h) => h.state === 'loading' && h.identity !== identities.get(h.id)));
    run(t, dir);
    await expectTableToEqual(t.table, await cleanedItems(dir));
    expect((await heads(t.table)).every((h) => h.state === 'done')).toBe(true);
  });
});
