// Each table owns its lake prefix: two inputs loaded into two tables of one bucket (as the
// README advises "to keep both") keep both lakes; pruning one never touches the other's files.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { listObjects } from '@ecomlake/s3-extract';
import { runCli, STACK_LINE, stackEnv, WORKSPACE } from './run-cli';

const REAL = path.resolve(WORKSPACE, '../shared/data/online-retail/by-day');
const s3 = new S3Client(testStack().s3);
afterAll(() => s3.destroy());

function input(name: string, days: readonly string[]): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'lake-tables-')), name);
  mkdirSync(dir);
  for (const day of days) copyFileSync(path.join(REAL, day), path.join(dir, day));
  return dir;
}

async function keys(bucket: string, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const object of listObjects(s3, `s3://${bucket}/${prefix}`)) found.push(object.key);
  return found.sort();
}

test('two tables in one bucket: the second run leaves the first table\'s lake files alone', async () => {
  const bucket = uniqueName('lakes');
  const [first, second] = [uniqueName('first'), uniqueName('second')];
  const cwd = mkdtempSync(path.join(tmpdir(), 'lake-tables-run-'));
  const run = (dir: string, table: string) => {
    const r = runCli(['--input', dir, '--table', table, '--bucket', bucket, '--out', path.join(cwd, table), '--no-analytics'], { cwd, env: stackEnv() });
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
    return JSON.parse(readFileSync(path.join(cwd, table, 'run-summary.json'), 'utf8'));
  };
  run(input('a', ['2010-12-01.csv', '2010-12-02.csv']), first);
  const firstLake = await keys(bucket, `clean/${first}/`);
  expect(firstLake.filter((key) => key.includes('/orders/day=')).length).toBe(2);
  const summary = run(input('b', ['2010-12-03.csv']), second);
  expect(summary.stages.reduce.figures.lake).toMatchObject({ removed: 0, removedKeys: [] });
  expect(await keys(bucket, `clean/${first}/`)).toEqual(firstLake);
  // The second table's orders are under its own prefix: one part, its one day.
  expect((await keys(bucket, `clean/${second}/orders/`)).map((key) => key.split('/')[3])).toEqual(['day=2010-12-03']);
});
