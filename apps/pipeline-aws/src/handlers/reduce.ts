// The run-level steps of an execution, one function (they need the same clients and grants):
// `begin` takes the table's lease; `check` proves the plan Map's partitions disjoint and begins
// the table run; `reduce` reads the load Map's ResultWriter output, reduces the partition
// results (the books must balance), prunes what the input no longer has and commits the table
// run, and writes the run's reports; `release` frees the lease, after the run or a failure.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { beginTableRun } from '@ecomlake/dynamodb-repository';
import { buildRunSummary, createDisjointCheck, createRunFold, finishRun, lakePrefix, type FinishRunResult, type SkippedRunObject } from '@ecomlake/partition-unit';
import { formatS3Uri } from '@ecomlake/s3-extract';
import { handlerClients, handlerSettings } from './environment';
import { InvalidEventError, runEvent, type BeginEvent, type CheckEvent, type ReduceEvent, type ReleaseEvent } from './events';
import { childOutputs, sortSkipped } from './map-results';
import { beginLease, MAX_WAIT_SECONDS, releaseRunLease, underLease, type BegunLease, type ReleasedLease } from './run-lease';
import { putJson } from './s3-json';
import { instrumented, recordSkipped, type LambdaContext, type Telemetry } from './telemetry';
import { readPlanOutput, readWorkerOutput, type PlanOutput, type WorkerOutput } from './worker-output';
import type { TableRun } from '@ecomlake/dynamodb-repository';

export { PartitionsFailedError } from './map-results';

export interface ReduceOutput {
  readonly execution: string;
  readonly qualityReport: string;
  readonly runSummary: string;
  readonly partitions: number;
  readonly items: number;
  /** Listed objects the run did not take (run-summary.json's `skippedObjects` lists them). */
  readonly skippedObjects: number;
}

/** The check step's output: the table run every load and the reduce are given. */
export interface CheckOutput {
  readonly partitions: number;
  readonly skippedObjects: number;
  readonly tableRun: TableRun;
}

export type RunStepOutput = BegunLease | CheckOutput | ReduceOutput | ReleasedLease;

export function handler(event: BeginEvent, context?: LambdaContext): Promise<BegunLease>;
export function handler(event: CheckEvent, context?: LambdaContext): Promise<CheckOutput>;
export function handler(event: ReduceEvent, context?: LambdaContext): Promise<ReduceOutput>;
export function handler(event: ReleaseEvent, context?: LambdaContext): Promise<ReleasedLease>;
export function handler(event: unknown, context?: LambdaContext): Promise<RunStepOutput>;
export function handler(event: unknown, context?: LambdaContext): Promise<RunStepOutput> {
  const step = typeof event === 'object' && event !== null ? String((event as { step?: unknown }).step) : '';
  const phase = { begin: 'Begin', check: 'Check', reduce: 'Reduce', release: 'Release' }[step] ?? 'Reduce';
  return instrumented(phase, context, async (t) => {
    const e = runEvent(event);
    switch (e.step) {
      case 'begin':
        return begin(e, t);
      case 'check':
        return check(e, t);
      case 'reduce':
        return reduceRun(e, t);
      case 'release':
        return release(e, t);
    }
  });
}

async function begin(event: BeginEvent, t: Telemetry): Promise<BegunLease> {
  const settings = handlerSettings();
  const { dynamodb } = handlerClients();
  const waitSeconds = event.waitSeconds ?? 0;
  if (waitSeconds > MAX_WAIT_SECONDS) throw new InvalidEventError(`execution input: waitSeconds ${waitSeconds} is past the begin step's limit; use at most ${MAX_WAIT_SECONDS}`);
  const lease = await beginLease(dynamodb, settings.table, { execution: event.execution, executionArn: event.executionArn }, waitSeconds);
  t.logger.info('lease taken', { execution: event.execution, table: settings.table, token: lease.token });
  return lease;
}

async function release(event: ReleaseEvent, t: Telemetry): Promise<ReleasedLease> {
  const settings = handlerSettings();
  const { dynamodb } = handlerClients();
  const released = await releaseRunLease(dynamodb, settings.table, { execution: event.execution, executionArn: event.executionArn });
  t.logger.info(released.released ? 'lease released' : 'lease not ours any more', { execution: event.execution, table: settings.table, ...released });
  return released;
}

/**
 * The first pass's verdict, before anything is written: every partition's invoices from the
 * plan Map, no invoice in two partitions (PartitionOverlapError otherwise); then the table
 * run begins under the lease (ownership checked when the last run did not finish).
 */
async function check(event: CheckEvent, t: Telemetry): Promise<CheckOutput> {
  const settings = handlerSettings();
  const { s3, dynamodb } = handlerClients();
  // Each child's plans are checked as they are read, then dropped: the step holds the invoices' owners only.
  const disjoint = createDisjointCheck();
  let partitions = 0;
  let skipped = 0;
  for await (const output of childOutputs<PlanOutput>(s3, event.resultWriter)) {
    for (const plan of await readPlanOutput(output, s3)) disjoint.add(partitions++, plan);
    skipped += output.skipped?.length ?? 0;
  }
  disjoint.finish();
  const where = { table: settings.table, bucket: settings.bucket, lakePrefix: lakePrefix(settings.table) };
  const tableRun = await underLease({ s3, dynamodb }, where, event.lease, (lease) => beginTableRun(dynamodb, settings.table, event.execution, { signal: lease.signal }));
  t.logger.info('partitions disjoint; table run begun', { execution: event.execution, partitions, ownershipChecked: tableRun.checked, invalidated: tableRun.invalidated.length });
  return { partitions, skippedObjects: skipped, tableRun };
}

async function reduceRun(event: ReduceEvent, t: Telemetry): Promise<ReduceOutput> {
  const settings = handlerSettings();
  const { s3, dynamodb } = handlerClients();
  const { execution, prefix, resultWriter } = event;
  // Results are folded as each child's output is read, then dropped: memory does not grow with the partitions.
  const fold = createRunFold();
  let index = 0;
  const unsorted: SkippedRunObject[] = [];
  for await (const output of childOutputs<WorkerOutput>(s3, resultWriter)) {
    for (const result of await readWorkerOutput(output, s3)) fold.add(index++, result);
    unsorted.push(...(output.skipped ?? []));
  }
  const skipped = sortSkipped(unsorted);
  recordSkipped(t, skipped);

  // Throws, naming the partitions, when the merged report does not balance against their counts.
  const reduction = fold.finish();
  const lake = lakePrefix(settings.table);
  const lakeUri = formatS3Uri({ bucket: settings.bucket, key: lake });
  // Pruning keeps exactly this run's partitions: only right when the run listed the whole raw prefix,
  // and when no object was left out for being archived (its data is still the input's, unread).
  const archived = skipped.filter((s) => s.reason === 'archived');
  const whole = prefix === settings.rawPrefix && archived.length === 0;
  // Under the lease: the prune's writes are fenced, and the table run is committed after it
  // (a run over part of raw/ prunes nothing and leaves the table `writing`: the next run checks ownership).
  const finished: FinishRunResult | undefined = whole
    ? await underLease({ s3, dynamodb }, { table: settings.table, bucket: settings.bucket, lakePrefix: lake }, event.lease, (held) =>
        finishRun(reduction, { s3, lakeUri, load: { client: dynamodb, table: settings.table, run: event.run }, signal: held.signal }),
      )
    : undefined;
  const notPruned =
    prefix !== settings.rawPrefix
      ? `skipped: the run listed ${prefix}, not the whole ${settings.rawPrefix}; partitions outside it were kept`
      : `skipped: ${archived.length} archived object(s) were not read (first: ${archived[0]?.key}); their partitions were kept. Restore them and run again to prune`;

  const base = `${settings.runsPrefix}${execution}/`;
  const summary = buildRunSummary({
    runId: execution,
    status: 'succeeded',
    finishedAt: new Date().toISOString(),
    target: `aws ${process.env.AWS_REGION ?? ''}`.trim(),
    input: formatS3Uri({ bucket: settings.bucket, key: prefix }),
    table: settings.table,
    bucket: settings.bucket,
    mapRunArn: resultWriter.MapRunArn,
    // Listed but not taken (folder markers, other names, archived): never a failure, always said.
    skippedObjects: skipped,
    reduction,
    ...(finished ? { finished } : { notPruned }),
    lake: { uri: lakeUri, format: 'parquet' },
    outputs: ['quality-report.json', 'run-summary.json'],
  });
  const quality = summary.quality;
  const writeUnits = summary.load?.consumedCapacity ?? 0;
  const qualityReport = await putJson(s3, settings.bucket, `${base}quality-report.json`, quality);
  const runSummary = await putJson(s3, settings.bucket, `${base}run-summary.json`, summary);
  t.logger.info('run reduced', { execution, partitions: reduction.partitions, items: reduction.report.items, quarantined: reduction.report.quarantined, skippedObjects: skipped.length, prune: summary.prune });
  t.metrics.addMetric('RunItems', MetricUnit.Count, reduction.report.items);
  t.metrics.addMetric('RunLinesQuarantined', MetricUnit.Count, reduction.report.quarantined);
  t.metrics.addMetric('RunWriteCapacityConsumed', MetricUnit.Count, writeUnits);
  return { execution, qualityReport, runSummary, partitions: reduction.partitions, items: reduction.report.items, skippedObjects: skipped.length };
}
