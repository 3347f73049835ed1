// After the Distributed Map: read its ResultWriter output, reduce the partition results
// (the books must balance), prune what the input no longer has, write the run's reports.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { S3Client } from '@aws-sdk/client-s3';
import { costPreview, finishRun, reducePartitions, type FinishRunResult, type PartitionResult, type SkippedRunObject } from '@ecomlake/partition-unit';
import { formatS3Uri } from '@ecomlake/s3-extract';
import { handlerClients, handlerSettings } from './environment';
import { reduceEvent, type ChildExecutionResult, type ResultManifest } from './events';
import { putJson, readJson } from './s3-json';
import { instrumented, recordSkipped, type LambdaContext, type Telemetry } from './telemetry';
import { readWorkerOutput, type WorkerOutput } from './worker-output';

/** Some partitions did not succeed: the run must not reduce, prune or report as if they had. */
export class PartitionsFailedError extends Error {
  override readonly name = 'PartitionsFailedError';
}

export interface ReduceOutput {
  readonly execution: string;
  readonly qualityReport: string;
  readonly runSummary: string;
  readonly partitions: number;
  readonly items: number;
  /** Listed objects the run did not take (run-summary.json's `skippedObjects` lists them). */
  readonly skippedObjects: number;
}

export function handler(event: unknown, context?: LambdaContext): Promise<ReduceOutput> {
  return instrumented('Reduce', context, (t) => reduceRun(event, t));
}

async function reduceRun(event: unknown, t: Telemetry): Promise<ReduceOutput> {
  const settings = handlerSettings();
  const { s3, dynamodb } = handlerClients();
  const { execution, prefix, resultWriter } = reduceEvent(event);
  const { Bucket: resultBucket, Key: manifestKey } = resultWriter.ResultWriterDetails;
  const manifest = await readJson<ResultManifest>(s3, resultBucket, manifestKey);
  await refuseUnfinished(s3, manifest);
  const { results, skipped } = await readResults(s3, manifest);
  recordSkipped(t, skipped);

  // Throws, naming the partitions, when the merged report does not balance against their counts.
  const reduction = reducePartitions(results);
  const lakeUri = formatS3Uri({ bucket: settings.bucket, key: settings.cleanPrefix });
  // Pruning keeps exactly this run's partitions: only right when the run listed the whole raw prefix,
  // and when no object was left out for being archived (its data is still the input's, unread).
  const archived = skipped.filter((s) => s.reason === 'archived');
  const whole = prefix === settings.rawPrefix && archived.length === 0;
  const finished: FinishRunResult | undefined = whole ? await finishRun(results, { s3, lakeUri, load: { client: dynamodb, table: settings.table } }) : undefined;
  const notPruned =
    prefix !== settings.rawPrefix
      ? `skipped: the run listed ${prefix}, not the whole ${settings.rawPrefix}; partitions outside it were kept`
      : `skipped: ${archived.length} archived object(s) were not read (first: ${archived[0]?.key}); their partitions were kept. Restore them and run again to prune`;

  const base = `${settings.runsPrefix}${execution}/`;
  const quality = { runId: execution, ...reduction.report };
  const load = reduction.load;
  const writeUnits = (load?.consumedCapacity ?? 0) + (finished?.consumedCapacity ?? 0);
  const summary = {
    runId: execution,
    status: 'succeeded',
    finishedAt: new Date().toISOString(),
    target: `aws ${process.env.AWS_REGION ?? ''}`.trim(),
    input: formatS3Uri({ bucket: settings.bucket, key: prefix }),
    table: settings.table,
    bucket: settings.bucket,
    mapRunArn: resultWriter.MapRunArn,
    partitions: reduction.partitions,
    // Listed but not taken (folder markers, other names, archived): never a failure, always said.
    skippedObjects: skipped,
    quality,
    lake: { uri: lakeUri, ...reduction.lake, removed: finished?.lakeObjectsRemoved.length ?? 0 },
    ...(load && {
      load: {
        written: load.written,
        retried: load.retried,
        partitionsLoaded: load.loaded.length,
        partitionsSkipped: load.skipped.length,
        partitionsRemoved: finished?.partitionsRemoved.length ?? 0,
        deleted: load.deleted + (finished?.itemsDeleted ?? 0),
        consumedCapacity: writeUnits,
        capacityByTarget: load.capacityByTarget,
        capacityEstimated: load.capacityEstimated,
        replaceCost: load.replaceCost,
      },
    }),
    prune: whole ? 'done' : notPruned,
    /** Seconds summed over partitions: Lambda work, not wall time. */
    partitionSeconds: reduction.seconds,
    // The same preview as the local app's (one home: partition-unit), DynamoDB on demand.
    cost: costPreview({ report: reduction.report, writeUnits, written: load?.written ?? 0, readUnits: load?.replaceCost.readCapacity ?? 0 }),
    outputs: ['quality-report.json', 'run-summary.json'],
  };
  const qualityReport = await putJson(s3, settings.bucket, `${base}quality-report.json`, quality);
  const runSummary = await putJson(s3, settings.bucket, `${base}run-summary.json`, summary);
  t.logger.info('run reduced', { execution, partitions: reduction.partitions, items: reduction.report.items, quarantined: reduction.report.quarantined, skippedObjects: skipped.length, prune: summary.prune });
  t.metrics.addMetric('RunItems', MetricUnit.Count, reduction.report.items);
  t.metrics.addMetric('RunLinesQuarantined', MetricUnit.Count, reduction.report.quarantined);
  t.metrics.addMetric('RunWriteCapacityConsumed', MetricUnit.Count, writeUnits);
  return { execution, qualityReport, runSummary, partitions: reduction.partitions, items: reduction.report.items, skippedObjects: skipped.length };
}

/** FAILED or PENDING children mean the input was not fully processed: fail with the first failure's error. */
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

/** The partition results of every succeeded child, and the objects they skipped (sorted by key). */
async function readResults(s3: S3Client, manifest: ResultManifest): Promise<{ results: PartitionResult[]; skipped: SkippedRunObject[] }> {
  const results: PartitionResult[] = [];
  const skipped: SkippedRunObject[] = [];
  for (const file of manifest.ResultFiles.SUCCEEDED) {
    const entries = await readJson<ChildExecutionResult[]>(s3, manifest.DestinationBucket, file.Key);
    for (const entry of entries) {
      if (typeof entry.Output !== 'string') throw new PartitionsFailedError(`s3://${manifest.DestinationBucket}/${file.Key}: child execution ${entry.Name ?? entry.ExecutionArn ?? '?'} has no Output`);
      const output = JSON.parse(entry.Output) as WorkerOutput;
      results.push(...(await readWorkerOutput(output, s3)));
      skipped.push(...(output.skipped ?? []));
    }
  }
  return { results, skipped: skipped.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) };
}
