// run-summary.json: written "running" when a run claims the out folder, then "succeeded",
// "failed" or "interrupted" when it ends. Every output of a run carries its runId.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatMilli } from '@ecomlake/model';
import { buildRunSummary, type RunSales, type RunStatus, type RunSummary } from '@ecomlake/partition-unit';
import type { AnalyticsResult } from './analytics';
import { claimOutDir, OUT_NAMES, removeOutput, writeJsonAtomic } from './out-dir';
import { inputOf, manifestOf, NOTHING_YET, reductionOf, type CompletedStages, type RunEnv, type RunSoFar } from './run-model';
import type { Settings } from './settings';
import { RunInterruptedError, StageFailedError, type StageRecord } from './stages';

// One shape for both apps: partition-unit's RunSummary (see its README).
export type { RunStatus, RunSummary, StageSummary } from '@ecomlake/partition-unit';

/** Which run this is: the id its outputs carry, and when it started. */
export interface RunIdentity {
  runId: string;
  startedAt: string;
}

/** A new run's identity: `20240501T093012Z-3fa9c1` (start time to the second, then 6 random hex digits), sortable and unique. */
export function newRun(now: Date = new Date()): RunIdentity {
  const startedAt = now.toISOString();
  const stamp = startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return { runId: `${stamp}-${randomBytes(3).toString('hex')}`, startedAt };
}

/** Claims `settings.out` for a new run: run-summary.json says "running", and the previous run's outputs are removed. */
export function startRun(settings: Settings, now: Date = new Date()): RunIdentity {
  const run = newRun(now);
  const running = buildRunSummary({ runId: run.runId, status: 'running', startedAt: run.startedAt, input: settings.input, table: settings.table, bucket: settings.bucket, outputs: [OUT_NAMES.summary] });
  claimOutDir(settings.out, running);
  return run;
}

/** Writes run-summary.json "succeeded"; the last file of a successful run. */
export function writeSucceeded(env: RunEnv, done: CompletedStages, records: readonly StageRecord[]): RunSummary {
  const summary = summarize(env.settings, env, { env, soFar: { done, kept: {} } }, records, { status: 'succeeded', finishedAt: new Date().toISOString() });
  writeJsonAtomic(path.join(env.settings.out, OUT_NAMES.summary), summary);
  return summary;
}

/**
 * Writes run-summary.json "failed" ("interrupted" when the cause is a signal): the failed
 * stage, the error's message, the stages that completed with their figures, and what the run
 * got as far as (`soFar`). Removes this run's report.html, which a failed run never has. `env`
 * is undefined when the run failed before opening its clients.
 */
export function writeFailed(settings: Settings, run: RunIdentity, failure: { error: unknown; env?: RunEnv; soFar?: RunSoFar; records?: readonly StageRecord[] }): RunSummary {
  const { error, env, soFar = NOTHING_YET } = failure;
  const stageFailed = error instanceof StageFailedError;
  const records = stageFailed ? error.records : (failure.records ?? []);
  const cause = stageFailed ? error.cause : error;
  removeOutput(path.join(settings.out, OUT_NAMES.report));
  const summary = summarize(settings, run, { env, soFar }, records, {
    status: cause instanceof RunInterruptedError ? 'interrupted' : 'failed',
    finishedAt: new Date().toISOString(),
    failure: { stage: stageFailed ? error.stage : null, error: (cause instanceof Error ? cause.message : '') || String(cause) },
  });
  writeJsonAtomic(path.join(settings.out, OUT_NAMES.summary), summary);
  return summary;
}

/** What the run knows, as partition-unit's one summary shape. */
function summarize(
  settings: Settings,
  run: RunIdentity,
  { env, soFar }: { env: RunEnv | undefined; soFar: RunSoFar },
  records: readonly StageRecord[],
  end: { status: RunStatus; finishedAt: string; failure?: { stage: string | null; error: string } },
): RunSummary {
  const input = inputOf(soFar);
  const reduction = reductionOf(soFar);
  const manifest = manifestOf(soFar);
  const { finished, lake } = soFar.done.reduce ?? {};
  const { analytics } = soFar.done;
  return buildRunSummary({
    runId: run.runId,
    startedAt: run.startedAt,
    ...end,
    target: env?.clients.description,
    input: input ? (input.kind === 's3' ? input.uri : input.path) : settings.input,
    table: settings.table,
    bucket: settings.bucket,
    stages: records,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(reduction && { reduction }),
    ...(finished && { finished }),
    ...(lake && { lake }),
    ...(soFar.done.partitions && { partitionsMs: soFar.done.partitions.ms }),
    ...(manifest && { manifest: { prefix: manifest.prefix, objects: manifest.objects.map((o) => ({ key: o.key, etag: o.etag, size: o.size })) } }),
    ...(analytics && {
      refreshReadUnits: analytics.readCapacity,
      queries: { ...analytics.answers, stats: analytics.queries },
      notes: analytics.notes,
      sales: salesOf(analytics.summary),
    }),
    outputs: outputsOf(settings.out, analytics),
  });
}

function salesOf(summary: AnalyticsResult['summary']): RunSales {
  const { orders, revenueMilli, cancellations, cancelledMilli, netRevenueMilli } = summary;
  return {
    orders,
    revenue: formatMilli(revenueMilli),
    ...(cancelledMilli !== undefined && netRevenueMilli !== undefined && { cancellations, cancelled: formatMilli(cancelledMilli), netRevenue: formatMilli(netRevenueMilli) }),
  };
}

/** The files this run has in the out folder, relative to it. */
function outputsOf(out: string, analytics: AnalyticsResult | undefined): string[] {
  const candidates = [OUT_NAMES.quality, OUT_NAMES.report, ...(analytics?.chartFiles ?? []).map((file) => path.relative(out, file))];
  return [OUT_NAMES.summary, ...candidates.filter((name) => existsSync(path.join(out, name)))];
}

/**
 * Rewrites the run-summary.json of a failed run in `out` as interrupted by `interruption`:
 * for a failure that was the interruption's doing (the embedded stack stopped by the same
 * Ctrl-C before this process heard of it). The failed stage is marked interrupted. Returns
 * the summary, or undefined if there is no failed summary to rewrite.
 */
export function markInterrupted(out: string, interruption: RunInterruptedError): RunSummary | undefined {
  const file = path.join(out, OUT_NAMES.summary);
  let summary: RunSummary;
  try {
    summary = JSON.parse(readFileSync(file, 'utf8')) as RunSummary;
  } catch {
    return undefined;
  }
  if (summary.status !== 'failed') return summary;
  const stage = summary.failedStage ? summary.stages[summary.failedStage] : undefined;
  const stages = stage && summary.failedStage ? { ...summary.stages, [summary.failedStage]: { ...stage, status: 'interrupted' as const } } : summary.stages;
  // A failed summary has status, failedStage and error in their places already: the spread keeps them there.
  const rewritten: RunSummary = { ...summary, status: 'interrupted', error: interruption.message, stages };
  writeJsonAtomic(file, rewritten);
  return rewritten;
}
