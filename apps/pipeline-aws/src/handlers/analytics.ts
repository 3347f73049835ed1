// Last step: the queries, the charts and report.html, from the loaded table, to S3.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { QualitySummary } from '@ecomlake/model';
import { buildReport } from '@ecomlake/report';
import { handlerClients, handlerSettings } from './environment';
import { analyticsEvent } from './events';
import { putBody, putJson, readJson } from './s3-json';
import { instrumented, type LambdaContext, type Telemetry } from './telemetry';

export interface AnalyticsOutput {
  readonly execution: string;
  /** `s3://bucket/runs/<execution>/report/`. */
  readonly report: string;
  readonly files: readonly string[];
}

export function handler(event: unknown, context?: LambdaContext): Promise<AnalyticsOutput> {
  return instrumented('Analytics', context, (t) => analyze(event, t));
}

async function analyze(event: unknown, t: Telemetry): Promise<AnalyticsOutput> {
  const settings = handlerSettings();
  const { s3, dynamodb } = handlerClients();
  const { execution } = analyticsEvent(event);
  const base = `${settings.runsPrefix}${execution}/`;
  const quality = await readJson<QualitySummary>(s3, settings.bucket, `${base}quality-report.json`);
  const built = await buildReport(dynamodb, settings.table, { quality, title: 'ecomlake report', subtitle: `run ${execution} · table ${settings.table}` });
  const files: string[] = [];
  for (const file of built.files) {
    await putBody(s3, settings.bucket, `${base}report/${file.name}`, file.body, file.contentType);
    files.push(file.name);
  }
  // The figures can be large: they go to S3, the state's output stays small.
  await putJson(s3, settings.bucket, `${base}report/figures.json`, built.figures);
  t.logger.info('report written', { execution, files: files.length + 1 });
  t.metrics.addMetric('ReportFiles', MetricUnit.Count, files.length + 1);
  return { execution, report: `s3://${settings.bucket}/${base}report/`, files: [...files, 'figures.json'] };
}
