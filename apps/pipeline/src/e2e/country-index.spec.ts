// CountryIndex is opt-in: a default run's table has only the index a default question reads;
// --country-index adds it; a table created with it before keeps it, and the run says how to drop it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { runCli, STACK_LINE, stackEnv, type CliResult } from './run-cli';

const dynamodb = new DynamoDBClient(testStack().dynamodb);
afterAll(() => dynamodb.destroy());

const CSV = [
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
  '536366,22633,HAND WARMER UNION JACK,6,2010-12-02 08:28:00,1.85,,France',
].join('\n');

function run(table: string, extra: readonly string[] = []): CliResult {
  const cwd = mkdtempSync(path.join(tmpdir(), 'pipeline-country-index-'));
  mkdirSync(path.join(cwd, 'days'));
  writeFileSync(path.join(cwd, 'days', 'orders.csv'), `${CSV}\n`);
  const r = runCli(['--input', 'days', '--out', 'result', '--target', 'aws', '--bucket', uniqueName('cidx'), '--table', table, '--no-analytics', ...extra], { cwd, env: stackEnv() });
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.status).toBe(0);
  return r;
}

async function indexes(table: string): Promise<string[]> {
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: table }));
  return (Table?.GlobalSecondaryIndexes ?? []).map((index) => String(index.IndexName)).sort();
}

test('a default run creates only CustomerIndex, and says nothing about indexes', async () => {
  const table = uniqueName('cidx');
  const r = run(table);
  expect(await indexes(table)).toEqual(['CustomerIndex']);
  expect(r.stdout).not.toContain('has index');
});

test('--country-index adds CountryIndex; a later default run keeps it and prints the command that drops it', async () => {
  const table = uniqueName('cidx');
  run(table, ['--country-index']);
  expect(await indexes(table)).toEqual(['CountryIndex', 'CustomerIndex']);
  const again = run(table);
  expect(await indexes(table)).toEqual(['CountryIndex', 'CustomerIndex']);
  const note = again.stdout.split('\n').find((line) => line.includes(`table ${table} has index CountryIndex`));
  expect(note).toContain('It is kept; to drop it, run: aws dynamodb update-table');
  expect(note).toContain(`--table-name ${table}`);
  expect(note).toContain("--country-index");
});
