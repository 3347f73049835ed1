// Structured JSON logs and CloudWatch metrics (Embedded Metric Format, written to stdout and
// turned into metrics by CloudWatch Logs: no PutMetricData call, no extra permission) with
// Powertools for AWS Lambda. Only counts, ids, keys and seconds are logged: never the
// environment, credentials or row contents.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { PartitionResult, SkippedRunObject } from '@ecomlake/partition-unit';

/** The part of Lambda's context object the logs carry (request id, function). */
export interface LambdaContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
}

export interface Telemetry {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Default namespace when POWERTOOLS_METRICS_NAMESPACE is unset (the stack sets it). */
export const METRICS_NAMESPACE = 'Ecomlake';

let shared: Telemetry | undefined;

/**
 * The logger and metrics of this process, made on first use (so settings in the environment
 * at the first invocation apply: POWERTOOLS_SERVICE_NAME, POWERTOOLS_LOG_LEVEL,
 * POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_METRICS_DISABLED), with this invocation's context.
 */
export function telemetry(context?: LambdaContext): Telemetry {
  shared ??= {
    logger: new Logger(),
    metrics: new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE }),
  };
  // Powertools types the context as aws-lambda's Context; these are the fields it reads.
  if (context) shared.logger.addContext(context as Parameters<Logger['addContext']>[0]);
  return shared;
}

/** Runs one invocation: a cold-start metric, the phase's duration, and metrics flushed even when it throws. */
export async function instrumented<T>(phase: string, context: LambdaContext | undefined, run: (t: Telemetry) => Promise<T>): Promise<T> {
  const t = telemetry(context);
  t.metrics.captureColdStartMetric();
  const started = process.hrtime.bigint();
  try {
    return await run(t);
  } catch (error) {
    t.logger.error(`${phase} failed`, error as Error);
    throw error;
  } finally {
    t.metrics.addMetric(`${phase}Seconds`, MetricUnit.Seconds, Number(process.hrtime.bigint() - started) / 1e9);
    t.metrics.publishStoredMetrics();
  }
}

/** One partition's figures: items written, lines quarantined, capacity consumed, seconds per phase. */
export function recordPartition(t: Telemetry, result: PartitionResult): void {
  const load = result.load;
  t.logger.info('partition done', {
    partition: result.id,
    status: load?.status ?? 'not loaded',
    rowsIn: result.report.rowsIn,
    items: result.report.items,
    quarantined: result.report.quarantined,
    written: load?.written ?? 0,
    consumedCapacity: load?.consumedCapacity ?? 0,
    seconds: result.seconds,
  });
  t.metrics.addMetric('ItemsWritten', MetricUnit.Count, load?.written ?? 0);
  t.metrics.addMetric('LinesQuarantined', MetricUnit.Count, result.report.quarantined);
  t.metrics.addMetric('WriteCapacityConsumed', MetricUnit.Count, load?.consumedCapacity ?? 0);
  t.metrics.addMetric(load?.status === 'skipped' ? 'PartitionsUnchanged' : 'PartitionsLoaded', MetricUnit.Count, 1);
  for (const [phase, seconds] of Object.entries(result.seconds)) t.metrics.addMetric(`${phase[0].toUpperCase()}${phase.slice(1)}Seconds`, MetricUnit.Seconds, seconds);
}

/** Objects a run left out: one warning each (the run summary lists them too) and a count. */
export function recordSkipped(t: Telemetry, skipped: readonly SkippedRunObject[]): void {
  for (const s of skipped) t.logger.warn('object skipped', { key: s.key, size: s.size, reason: s.reason, detail: s.detail });
  if (skipped.length > 0) t.metrics.addMetric('ObjectsSkipped', MetricUnit.Count, skipped.length);
}
