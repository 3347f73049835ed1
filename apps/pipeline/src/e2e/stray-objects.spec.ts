// One rule for what a run takes, the same in both apps (classifyRunObject): an s3:// input
// with a `_SUCCESS` marker, a README and a folder marker beside its days loads the days and
// lists the rest, never failing on them.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { ensureBucket } from '@ecomlake/s3-extract';
import { runCli, STACK_LINE, stackEnv, WORKSPACE } from './run-cli';

const REAL = path.resolve(WORKSPACE, '../shared/data/online-retail/by-day');
const s3 = new S3Client(testStack().s3);
afterAll(() => s3.destroy());

test('an s3:// input takes its .csv objects and lists the stray ones it left out', async () => {
  const bucket = uniqueName('stray');
  await ensureBucket(s3, bucket);
  const put = (key: string, body: string | Buffer) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  for (const day of ['2010-12-01.csv', '2010-12-02.csv']) await put(`exports/${day}`, readFileSync(path.join(REAL, day)));
  await put('exports/_SUCCESS', '');
  await put('exports/README.txt', 'exported by the shop');
  await put('exports/archive/', '');
  const cwd = mkdtempSync(path.join(tmpdir(), 'stray-'));
  const r = runCli(['--input', `s3://${bucket}/exports/`, '--bucket', bucket, '--table', uniqueName('stray'), '--out', 'out', '--no-analytics'], { cwd, env: stackEnv() });
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
  expect(r.stdout).toContain('extract: 3 objects left out');
  const summary = JSON.parse(readFileSync(path.join(cwd, 'out', 'run-summary.json'), 'utf8'));
  expect(summary.stages.extract.figures.objects).toBe(2);
  expect(summary.stages.extract.figures.skippedObjects.map((o: { key: string; reason: string }) => [o.key, o.reason]).sort()).toEqual([
    ['exports/README.txt', 'not-csv'],
    ['exports/_SUCCESS', 'folder-marker'],
    ['exports/archive/', 'folder-marker'],
  ]);
  expect(summary.stages.reduce.figures.partitionsLoaded).toBe(2);
});
