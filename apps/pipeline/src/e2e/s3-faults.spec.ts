// The pipeline against a misbehaving S3: a real proxy on loopback in front of the test
// run's s3rver. A connection cut mid-body is resumed and the run's figures are exact; a
// body that is short but looks complete fails the run, naming the object.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cleanFiles, listCsvFiles } from '@ecomlake/cleaning';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { startS3FaultProxy, type S3Fault } from '@ecomlake/s3-extract/testing';
import { runCli, runCliAsync, STACK_LINE, WORKSPACE } from './run-cli';

const REAL = path.resolve(WORKSPACE, '../shared/data/online-retail/by-day');
const DAYS = readdirSync(REAL).filter((name) => name.endsWith('.csv')).sort().slice(10, 13);
const stack = testStack();

function input(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 's3-faults-')), 'days');
  mkdirSync(dir);
  for (const day of DAYS) copyFileSync(path.join(REAL, day), path.join(dir, day));
  return dir;
}

/** Uploads through a clean connection, then runs again with the objects read through the faulty proxy. */
async function runThrough(fault: S3Fault, times?: number) {
  const dir = input();
  const cwd = path.dirname(dir);
  const args = ['--input', dir, '--bucket', uniqueName('faults'), '--table', uniqueName('faults'), '--out', 'out', '--no-analytics', '--no-save-cleaned', '--no-use-cache'];
  const env = {
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamodb.endpoint,
    AWS_REGION: stack.s3.region,
    AWS_ACCESS_KEY_ID: stack.s3.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: stack.s3.credentials.secretAccessKey,
  };
  // The files reach the lake through a clean connection first; the faults are for reading them.
  const upload = runCli([...args, '--no-load'], { cwd, env: { ...env, AWS_ENDPOINT_URL_S3: stack.s3.endpoint } });
  expect(upload.status).toBe(0);
  const proxy = await startS3FaultProxy(stack.s3.endpoint, { fault, times });
  try {
    // Not spawnSync: the proxy lives in this process and must keep answering.
    const r = await runCliAsync(args, { cwd, env: { ...env, AWS_ENDPOINT_URL_S3: proxy.endpoint } });
    const summary = JSON.parse(readFileSync(path.join(cwd, 'out', 'run-summary.json'), 'utf8'));
    return { r, summary, dir, faulted: proxy.stats.faulted };
  } finally {
    await proxy.close();
  }
}

test('connections cut mid-body are resumed: the figures equal the cleaning of the files', async () => {
  const { r, summary, dir, faulted } = await runThrough('cut', 2);
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.status).toBe(0);
  expect(faulted).toBe(2);
  const expected = (await cleanFiles(await listCsvFiles(dir), { concurrency: 1 })).report;
  expect({ rowsIn: summary.quality.rowsIn, clean: summary.quality.clean, revenue: summary.quality.cleanRevenue, items: summary.quality.items }).toEqual({
    rowsIn: expected.rowsIn,
    clean: expected.clean,
    revenue: expected.cleanRevenue,
    items: expected.items,
  });
  expect(summary.load).toMatchObject({ written: expected.items });
});

test('a body that ends early but looks complete fails the run, naming the object, never as clean rows', async () => {
  const { r, summary } = await runThrough('short-clean');
  expect(r.status).toBe(1);
  expect(r.stderr).not.toMatch(STACK_LINE);
  // The first pass reads every object before anything is written: it is where the short body is found.
  expect(r.stderr).toMatch(/stage "plan" failed: .*s3:\/\/[^ ]+\/raw\/days-[0-9a-f]{8}\/\d{4}-\d{2}-\d{2}\.csv/);
  expect(summary).toMatchObject({ status: 'failed', failedStage: 'plan' });
  expect(summary.load).toBeUndefined();
});
