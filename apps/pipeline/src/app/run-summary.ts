// run-summary.json: written "running" when a run claims the out folder, then "succeeded",
// "failed" or "interrupted" when it ends. Every output of a run carries its runId.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatMilli, type QualityReport } from '@ecomlake/model';
import type { ReplaceCost } from '@ecomlake/dynamodb-repository';
import { costPreview, type CostPreview } from '@ecomlake/partition-unit';
import type { AnalyticsResult, QueryRun } from './analytics';
import { claimOutDir, OUT_NAMES, removeOutput, writeJsonAtomic } from './out-dir';
import type { RunContext, RunLake } from './pipeline';
import type { Settings } from './settings';
import { RunInterruptedError, StageFailedError, type StageRecord } from './stages';

/**
 * running: under way (or killed before it could finish); succeeded: every output written;
 * failed: see failedStage and error; interrupted: stopped by a signal (Ctrl-C, SIGTERM), the
 * stage it stopped in as failedStage and the signal as error.
 */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

/** Which run this is: the id its outputs carry, and when it started. */
export interface RunIdentity {
  runId: string;
  startedAt: string;
}

export interface StageSummary {
  status: StageRecord['status'];
  seconds: number;
  reason?: string;
  figures?: Record<string, unknown>;
}

/** The shape of run-summary.json. Fields after `bucket` appear once the run has got that far. */
export interface RunSummary extends RunIdentity {
  status: RunStatus;
  /** When the run succeeded or failed; absent while running. */
  finishedAt?: string;
  /** The stage that failed or was interrupted; null when the run stopped outside a stage (opening the clients, writing the report). Only when failed or interrupted. */
  failedStage?: string | null;
  /** The failure's message, without a stack (`interrupted by SIGINT (Ctrl-C)`). Only when failed or interrupted. */
  error?: string;
  target?: string;
  input?: string;
  table: string;
  bucket: string;
  totalSeconds?: number;
  /** Peak resident memory of the run's process so far, MiB (the embedded stack's JVM not included). */
  peakRssMiB?: number;
  /** Every stage that ran or was skipped, in order; a failed run ends with its failed stage. */
  stages: Record<string, StageSummary>;
  quality?: QualityReport & { runId: string };
  /** The cleaned dataset: `orders/day=YYYY-MM-DD/part-….parquet` (Hive layout), `excluded/`, `quarantine/`. */
  lake?: RunLake;
  load?: {
    items?: number;
    written: number;
    retried: number;
    /** Written items per second of the partitions stage's wall time (reads, cleaning and lake writes overlap it). */
    itemsPerSecond: number;
    consumedCapacity: number;
    capacityByTarget: Record<string, number>;
    /** True when item writes' capacity was sampled and scaled (the DynamoDB Local preset), not read from every response. */
    capacityEstimated: boolean;
    partitionsLoaded: number;
    /** Already loaded from the same object with the same cleaning settings. */
    partitionsSkipped: number;
    /** No longer in the input: their items were deleted. */
    partitionsRemoved: number;
    /** Items deleted: stale items of replaced partitions and all items of removed ones. */
    deleted: number;
    replaceCost: ReplaceCost;
  };
  /**
   * What the run consumed on DynamoDB and what it would cost on demand on AWS; the same for a
   * fresh load and one refresh of the whole input at 1x, 10x and 100x.
   */
  cost?: CostPreview;
  /** Exactly the raw objects this run took; later stages read only these, each pinned to its ETag. */
  manifest?: { prefix: string; objects: { key: string; etag: string; size: number }[] };
  queries?: AnalyticsResult['answers'] & { stats: QueryRun[] };
  /** Questions the data has no rows for (a period, a day, a customer, a country) and defaults chosen because of that: never a silent zero. Only when the analytics ran. */
  notes?: string[];
  /** The period's sales, exact decimal pounds; cancellations and net revenue when read from aggregates. */
  sales?: { orders: number; revenue: string; cancellations?: number; cancelled?: string; netRevenue?: string };
  /** The files of this run in the out folder, relative to it; the next run removes them. */
  outputs: string[];
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
  const running: RunSummary = { runId: run.runId, status: 'running', startedAt: run.startedAt, input: settings.input, table: settings.table, bucket: settings.bucket, stages: {}, outputs: [OUT_NAMES.summary] };
  claimOutDir(settings.out, running);
  return run;
}

/** Writes run-summary.json "succeeded"; the last file of a successful run. */
export function writeSucceeded(c: RunContext, records: readonly StageRecord[]): RunSummary {
  const summary = { ...summarize(c.settings, c, c, records), status: 'succeeded' as const, finishedAt: new Date().toISOString() };
  writeJsonAtomic(path.join(c.settings.out, OUT_NAMES.summary), reorder(summary));
  return summary;
}

/**
 * Writes run-summary.json "failed" ("interrupted" when the cause is a signal): the failed
 * stage, the error's message, the stages that completed with their figures, and what the run
 * got as far as. Removes this run's report.html, which a failed run never has. `context` is
 * undefined when the run failed before opening its clients.
 */
export function writeFailed(settings: Settings, run: RunIdentity, failure: { error: unknown; context?: RunContext; records?: readonly StageRecord[] }): RunSummary {
  const { error, context } = failure;
  const stageFailed = error instanceof StageFailedError;
  const records = stageFailed ? error.records : (failure.records ?? []);
  const cause = stageFailed ? error.cause : error;
  removeOutput(path.join(settings.out, OUT_NAMES.report));
  const summary: RunSummary = {
    ...summarize(settings, run, context, records),
    status: cause instanceof RunInterruptedError ? 'interrupted' : 'failed',
    finishedAt: new Date().toISOString(),
    failedStage: stageFailed ? error.stage : null,
    error: (cause instanceof Error ? cause.message : '') || String(cause),
  };
  writeJsonAtomic(path.join(settings.out, OUT_NAMES.summary), reorder(summary));
  return summary;
}

function summarize(settings: Settings, run: RunIdentity, c: RunContext | undefined, records: readonly StageRecord[]): RunSummary {
  const load = c?.load;
  const quality = c?.report;
  return {
    runId: run.runId,
    status: 'running',
    startedAt: run.startedAt,
    target: c?.clients.description,
    input: c?.input ? (c.input.kind === 's3' ? c.input.uri : c.input.path) : settings.input,
    table: settings.table,
    bucket: settings.bucket,
    totalSeconds: Math.round(records.reduce((sum, r) => sum + r.seconds, 0) * 1000) / 1000,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    stages: Object.fromEntries(records.map((r) => [r.name, { status: r.status, seconds: r.seconds, ...(r.reason && { reason: r.reason }), ...(r.figures && { figures: r.figures }) }])),
    // The same object as quality-report.json, runId included.
    quality: quality && c && { runId: c.runId, ...quality },
    lake: c?.lake,
    load: load && {
      items: quality?.items,
      written: load.written,
      retried: load.retried,
      itemsPerSecond: load.ms > 0 ? Math.round((load.written / load.ms) * 1000) : 0,
      consumedCapacity: load.consumedCapacity,
      capacityByTarget: load.capacityByTarget,
      capacityEstimated: load.capacityEstimated,
      partitionsLoaded: load.loaded.length,
      partitionsSkipped: load.skipped.length,
      partitionsRemoved: load.removed.length,
      deleted: load.deleted,
      replaceCost: load.replaceCost,
    },
    cost: quality && c ? runCost(c, quality) : undefined,
    manifest: c?.rawUri ? { prefix: c.rawUri, objects: c.objects.map((o) => ({ key: o.key, etag: o.etag, size: o.size })) } : undefined,
    queries: c?.analytics && { ...c.analytics.answers, stats: c.analytics.queries },
    notes: c?.analytics?.notes,
    sales: c?.analytics && salesOf(c.analytics.summary),
    outputs: outputsOf(settings.out, c),
  };
}

function salesOf(summary: AnalyticsResult['summary']): NonNullable<RunSummary['sales']> {
  const { orders, revenueMilli, cancellations, cancelledMilli, netRevenueMilli } = summary;
  return {
    orders,
    revenue: formatMilli(revenueMilli),
    ...(cancelledMilli !== undefined && netRevenueMilli !== undefined && { cancellations, cancelled: formatMilli(cancelledMilli), netRevenue: formatMilli(netRevenueMilli) }),
  };
}

function runCost(c: RunContext, report: QualityReport): CostPreview {
  const refresh = c.analytics?.readCapacity ?? 0;
  return costPreview({
    report,
    writeUnits: c.load?.consumedCapacity ?? 0,
    written: c.load?.written ?? 0,
    readUnits: (c.load?.replaceCost.readCapacity ?? 0) + refresh,
    refreshReadUnits: refresh,
  });
}

/** The files this run has in the out folder, relative to it. */
function outputsOf(out: string, c: RunContext | undefined): string[] {
  const candidates = [OUT_NAMES.quality, OUT_NAMES.report, ...(c?.analytics?.chartFiles ?? []).map((file) => path.relative(out, file))];
  return [OUT_NAMES.summary, ...candidates.filter((name) => existsSync(path.join(out, name)))];
}

/** Status and failure first, so a person opening the file sees them before the figures. */
function reorder(summary: RunSummary): RunSummary {
  const { runId, status, startedAt, finishedAt, failedStage, error, ...rest } = summary;
  return { runId, status, startedAt, finishedAt, ...((status === 'failed' || status === 'interrupted') && { failedStage, error }), ...rest };
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
  if (stage) stage.status = 'interrupted';
  const rewritten = reorder({ ...summary, status: 'interrupted', error: interruption.message });
  writeJsonAtomic(file, rewritten);
  return rewritten;
}
