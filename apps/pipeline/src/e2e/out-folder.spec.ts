// One run, one consistent set of outputs: a run claims the out folder before its first
// stage, so a failed run never leaves its files beside an older run's, and run-summary.json
// says which run the folder holds and how it ended.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { runCli, STACK_LINE } from './run-cli';

const work = () => mkdtempSync(path.join(tmpdir(), 'pipeline-out-'));
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/** Every file under `dir`, relative to it, sorted; not the folder's bookkeeping (.ecomlake-outputs.json, the run's lock). */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.ecomlake'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();

test('a rerun that fails at load replaces the previous run’s outputs with its own, marked failed', () => {
  const cwd = work();
  const out = path.join(cwd, 'result');

  const first = runCli(['--rows', '2000', '--out', 'result'], { cwd });
  expect(first.stderr).not.toMatch(STACK_LINE);
  expect(first.status).toBe(0);
  const before = readJson(path.join(out, 'run-summary.json'));
  expect(before).toMatchObject({ status: 'succeeded', runId: expect.stringMatching(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/) });
  expect(before.failedStage).toBeUndefined();
  expect(readJson(path.join(out, 'quality-report.json')).runId).toBe(before.runId);
  expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toContain(before.runId);
  expect(first.stdout).toContain(before.runId);
  // The summary lists exactly the files the run left.
  expect([...before.outputs].sort()).toEqual(filesUnder(out));
  expect(filesUnder(out).filter((f) => f.startsWith('charts/')).length).toBeGreaterThan(12);

  // The user keeps a file of theirs in the folder: the next run leaves it alone.
  writeFileSync(path.join(out, 'notes.txt'), 'mine');

  // The same folder, now S3 that answers and DynamoDB that does not: the table's lease, the first stage, fails.
  const { s3 } = testStack();
  const second = runCli(['--rows', '2000', '--out', 'result', '--target', 'aws', '--bucket', uniqueName('out-folder')], {
    cwd,
    env: {
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
      AWS_REGION: s3.region,
      AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    },
  });
  expect(second.status).toBe(1);
  expect(second.stderr).toMatch(/stage "lease" failed: .*127\.0\.0\.1:9/);
  expect(second.stderr).toContain('Completed stages: none.');
  expect(second.stderr).not.toMatch(STACK_LINE);

  const summary = readJson(path.join(out, 'run-summary.json'));
  expect(summary.runId).not.toBe(before.runId);
  expect(summary).toMatchObject({ status: 'failed', failedStage: 'lease', error: expect.stringContaining('127.0.0.1:9') });
  expect(summary.error).not.toMatch(STACK_LINE);
  expect(Object.entries(summary.stages).map(([name, s]) => `${name} ${(s as { status: string }).status}`)).toEqual([
    'lease failed',
  ]);

  // The table is checked before any partition is read, so nothing was cleaned for nothing;
  // nothing of the first run is left, and the user's file is.
  expect(existsSync(path.join(out, 'report.html'))).toBe(false);
  expect(filesUnder(out)).toEqual(['notes.txt', 'run-summary.json']);
  expect(readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');
  expect(summary.outputs).toEqual(['run-summary.json']);
});

test('a run that fails before its first stage still leaves a failed summary', () => {
  const cwd = work();
  const r = runCli(['--target', 'aws', '--out', 'result'], { cwd, env: { AWS_REGION: 'eu-west-2', AWS_EC2_METADATA_DISABLED: 'true', HOME: work() } });
  expect(r.status).toBe(2);
  const summary = readJson(path.join(cwd, 'result', 'run-summary.json'));
  expect(summary).toMatchObject({ status: 'failed', failedStage: null, stages: {}, outputs: ['run-summary.json'] });
  expect(summary.error).toContain('No AWS credentials found');
});
