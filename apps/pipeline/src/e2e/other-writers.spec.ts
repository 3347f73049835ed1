// A table loaded by another tool (plain BatchWriteItem, no aggregates): the report says so
// and names the flag; --rebuild-aggregates recomputes them from a scan, and the scan path
// (--verify-analytics) gives the same answers.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { deleteTable, encodeItem, ensureTable, orderTableSpec } from '@ecomlake/dynamodb-repository';
import { makeItems } from '@ecomlake/dynamodb-repository/testing';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { formatMilli, milli } from '@ecomlake/model';
import { runCli, STACK_LINE, stackEnv } from './run-cli';

jest.setTimeout(300_000);
const stack = testStack();
const env = stackEnv();
const dynamodb = new DynamoDBClient(stack.dynamodb);
const table = uniqueName('other-writer');
const items = makeItems(600, { seed: 5, firstDay: '2011-03-01', days: 12 });

beforeAll(async () => {
  await ensureTable(dynamodb, orderTableSpec(table), { pollMs: 50 });
  // Another tool's load: 25 items a request, nothing but the items.
  for (let i = 0; i < items.length; i += 25) {
    const requests = items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: encodeItem(item) } }));
    const answer = await dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
    expect(Object.keys(answer.UnprocessedItems ?? {})).toEqual([]);
  }
});
afterAll(async () => {
  await deleteTable(dynamodb, table, { pollMs: 50 });
  dynamodb.destroy();
});

test('analytics over a table without aggregates fails clearly, then --rebuild-aggregates answers as the scan does', () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'other-writer-'));
  const args = ['--analytics-only', '--table', table, '--bucket', uniqueName('other-writer'), '--out', 'result'];
  const refused = runCli(args, { cwd, env });
  expect(refused.status).toBe(1);
  expect(refused.stderr).not.toMatch(STACK_LINE);
  expect(refused.stderr).toMatch(/holds order items but no aggregates/);
  expect(refused.stderr).toContain('--rebuild-aggregates');

  const rebuilt = runCli([...args, '--rebuild-aggregates', '--verify-analytics', '--country', 'France'], { cwd, env });
  expect(rebuilt.stderr).toBe('');
  expect(rebuilt.status).toBe(0);
  expect(rebuilt.stdout).toMatch(/aggregates rebuilt from a scan: 600 items in 12 days/);
  const summary = JSON.parse(readFileSync(path.join(cwd, 'result', 'run-summary.json'), 'utf8'));
  expect(summary.stages.analytics.figures).toMatchObject({ verified: true });
  // By hand from the items written; no cancellations are known after a rebuild.
  const france = items.filter((i) => i.country === 'France');
  expect(summary.queries.salesByCountry).toEqual({
    country: 'France',
    revenue: formatMilli(milli(france.reduce((sum, i) => sum + i.totalAmountMilli, 0))),
    orders: new Set(france.map((i) => i.invoiceNo)).size,
    items: france.length,
  });
  expect(summary.sales).toEqual({ orders: new Set(items.map((i) => i.invoiceNo)).size, revenue: formatMilli(milli(items.reduce((sum, i) => sum + i.totalAmountMilli, 0))) });
});
