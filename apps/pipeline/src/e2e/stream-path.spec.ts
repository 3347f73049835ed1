// Small objects are cleaned whole on the fast path, large ones streamed record by record:
// both paths must give the same result. A threshold of 0 forces streaming.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { runPipeline } from '../app/pipeline';
import { resolveSettings } from '../app/settings';

test('streamed and whole-object cleaning give the same quality report', async () => {
  const { s3, dynamodb } = testStack();
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey });
  const env = { AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint, AWS_REGION: s3.region };
  const work = mkdtempSync(path.join(tmpdir(), 'pipeline-stream-'));
  const bucket = uniqueName('stream');
  const reports = [];
  for (const wholeObjectBytes of [0, 1 << 30]) {
    const out = path.join(work, `out-${wholeObjectBytes}`);
    const argv = ['--rows', '4000', '--out', out, '--bucket', bucket, '--no-load', '--no-analytics', '--no-save-cleaned'];
    await runPipeline(resolveSettings(argv, env, path.join(work, 'no.env')), { env, dataDir: work, wholeObjectBytes, log: () => undefined, progress: false });
    reports.push(JSON.parse(readFileSync(path.join(out, 'quality-report.json'), 'utf8')));
  }
  // Each run stamps its own runId; everything else must match.
  const [{ runId: first, ...streamed }, { runId: second, ...whole }] = reports;
  expect(first).not.toBe(second);
  expect(streamed.rowsIn).toBe(4000);
  expect(streamed.reconciled).toBe(true);
  expect(streamed).toEqual(whole);
});
