// What Step Functions itself would send and write, for running the handlers in-process:
// - ItemReader `arn:aws:states:::s3:listObjectsV2` items, as in
//   https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
//   ("Input passed to a child workflow execution": Etag with S3's quotes, LastModified in epoch seconds);
// - ResultWriter files, as in https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html:
//   `<Prefix>/<map run id>/manifest.json` listing `SUCCEEDED_<n>.json` / `FAILED_<n>.json` / `PENDING_<n>.json`,
//   each an array of child executions whose `Output` (and `Input`) are JSON strings; the Map's
//   own output is `{ MapRunArn, ResultWriterDetails: { Bucket, Key } }` with Key the manifest's.
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ChildExecutionResult, ListedObjectItem, ResultManifest, ResultWriterOutput } from '../handlers/events';

const ACCOUNT = '123456789012';
const MACHINE = 'EcomlakePipeline-partitions';

/** The raw prefix listed exactly as the ItemReader lists it: one item per object, in key order. */
export async function listedItems(s3: S3Client, bucket: string, prefix: string): Promise<ListedObjectItem[]> {
  const items: ListedObjectItem[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      items.push({
        Etag: String(o.ETag),
        Key: String(o.Key),
        LastModified: Math.floor((o.LastModified ?? new Date(0)).getTime() / 1000),
        Size: Number(o.Size),
        StorageClass: String(o.StorageClass ?? 'STANDARD'),
      });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return items;
}

/** One child execution: what it got (an item or a batch) and what it returned, or how it failed. */
export type ChildOutcome = { input: unknown; output: unknown } | { input: unknown; error: string; cause: string };

/**
 * Writes a map run's results as the ResultWriter does (SUCCEEDED_0.json, FAILED_0.json when
 * any failed, manifest.json) under `<prefix>/<map run id>/`, and returns the Map state's output.
 */
export async function writeMapRunResults(s3: S3Client, bucket: string, prefix: string, outcomes: readonly ChildOutcome[]): Promise<ResultWriterOutput> {
  const runId = randomUUID();
  const mapRunArn = `arn:aws:states:us-east-1:${ACCOUNT}:mapRun:${MACHINE}/Partitions:${runId}`;
  const base = `${prefix.replace(/\/$/, '')}/${runId}/`;
  const entry = (outcome: ChildOutcome): ChildExecutionResult & Record<string, unknown> => {
    const name = randomUUID();
    const failed = 'error' in outcome;
    return {
      ExecutionArn: `arn:aws:states:us-east-1:${ACCOUNT}:execution:${MACHINE}/Partitions:${name}`,
      Input: JSON.stringify(outcome.input),
      InputDetails: { Included: true },
      Name: name,
      ...(failed ? { Error: outcome.error, Cause: outcome.cause } : { Output: JSON.stringify(outcome.output), OutputDetails: { Included: true } }),
      RedriveCount: 0,
      RedriveStatus: failed ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
      StartDate: new Date().toISOString(),
      StateMachineArn: `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${MACHINE}/Partitions`,
      Status: failed ? 'FAILED' : 'SUCCEEDED',
      StopDate: new Date().toISOString(),
    };
  };
  const files: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', { Key: string; Size: number }[]> = { SUCCEEDED: [], FAILED: [], PENDING: [] };
  for (const status of ['SUCCEEDED', 'FAILED'] as const) {
    const of = outcomes.filter((o) => ('error' in o) === (status === 'FAILED'));
    if (of.length === 0) continue;
    const key = `${base}${status}_0.json`;
    const body = JSON.stringify(of.map(entry));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }));
    files[status].push({ Key: key, Size: Buffer.byteLength(body) });
  }
  const manifest: ResultManifest = { DestinationBucket: bucket, MapRunArn: mapRunArn, ResultFiles: files };
  const manifestKey = `${base}manifest.json`;
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: manifestKey, Body: JSON.stringify(manifest), ContentType: 'application/json' }));
  return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } };
}

/** The outcomes of a map run as its ResultWriter wrote them (succeeded children only), read back: inputs and outputs parsed. */
export async function readMapOutcomes(s3: S3Client, resultWriter: ResultWriterOutput): Promise<{ input: unknown; output: unknown }[]> {
  const get = async <T>(bucket: string, key: string): Promise<T> => JSON.parse(String(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString())) as T;
  const manifest = await get<ResultManifest>(resultWriter.ResultWriterDetails.Bucket, resultWriter.ResultWriterDetails.Key);
  const outcomes: { input: unknown; output: unknown }[] = [];
  for (const file of manifest.ResultFiles.SUCCEEDED) {
    for (const entry of await get<ChildExecutionResult[]>(manifest.DestinationBucket, file.Key)) outcomes.push({ input: JSON.parse(String(entry.Input)), output: JSON.parse(String(entry.Output)) });
  }
  return outcomes;
}
