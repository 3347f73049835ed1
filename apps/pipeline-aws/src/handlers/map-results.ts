// A Distributed Map's results as its ResultWriter left them: the manifest, then each
// SUCCEEDED file's child outputs. Both Maps of a run (plan and load) are read this way.
import type { S3Client } from '@aws-sdk/client-s3';
import type { SkippedRunObject } from '@ecomlake/partition-unit';
import type { ChildExecutionResult, ResultManifest, ResultWriterOutput } from './events';
import { readJson } from './s3-json';
import { EcomlakeError } from '@ecomlake/util';

/** Some partitions did not succeed: the run must not reduce, prune or report as if they had. */
export class PartitionsFailedError extends EcomlakeError<'pipeline-aws.partitionsFailed'> {
  override readonly name = 'PartitionsFailedError';
  constructor(message: string, options?: ErrorOptions) {
    super('pipeline-aws.partitionsFailed', message, options);
  }
}

/**
 * Every succeeded child's output, parsed, one result file at a time (a run's reduce folds them
 * as they come and holds none). FAILED or PENDING children mean the input was not fully
 * processed: PartitionsFailedError, with the first failure's error, before any output.
 */
export async function* childOutputs<T>(s3: S3Client, resultWriter: ResultWriterOutput): AsyncGenerator<T> {
  const { Bucket, Key } = resultWriter.ResultWriterDetails;
  const manifest = await readJson<ResultManifest>(s3, Bucket, Key);
  await refuseUnfinished(s3, manifest);
  for (const file of manifest.ResultFiles.SUCCEEDED) {
    const entries = await readJson<ChildExecutionResult[]>(s3, manifest.DestinationBucket, file.Key);
    for (const entry of entries) {
      if (typeof entry.Output !== 'string') throw new PartitionsFailedError(`s3://${manifest.DestinationBucket}/${file.Key}: child execution ${entry.Name ?? entry.ExecutionArn ?? '?'} has no Output`);
      yield JSON.parse(entry.Output) as T;
    }
  }
}

/** The objects the children skipped, sorted by key. */
export function sortSkipped(skipped: SkippedRunObject[]): SkippedRunObject[] {
  return skipped.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function refuseUnfinished(s3: S3Client, manifest: ResultManifest): Promise<void> {
  const { FAILED = [], PENDING = [] } = manifest.ResultFiles;
  if (FAILED.length === 0 && PENDING.length === 0) return;
  let first = '';
  if (FAILED.length > 0) {
    const entries = await readJson<ChildExecutionResult[]>(s3, manifest.DestinationBucket, FAILED[0].Key);
    const e = entries[0];
    if (e) first = `; first: ${e.Error ?? 'error'}: ${e.Cause ?? ''} (input ${e.Input ?? '?'})`;
  }
  throw new PartitionsFailedError(
    `map run ${manifest.MapRunArn}: ${FAILED.length} FAILED and ${PENDING.length} PENDING result files${first}. ` +
      'Nothing was reduced or pruned; fix the cause and start a new execution (loaded partitions are skipped).',
  );
}
