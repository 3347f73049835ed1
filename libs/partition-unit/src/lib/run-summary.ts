// run-summary.json: one shape, built by one pure function, whichever app ran the partitions.
import type { QualitySummary } from '@ecomlake/model';
import type { ReplaceCost } from '@ecomlake/dynamodb-repository';
import { costPreview, type CostPreview } from './cost-preview';
import type { FinishRunResult } from './finish-run';
import type { RunReduction } from './reduce';
import type { SkippedRunObject } from './run-objects';
import type { PartitionResult } from './types';

/**
 * running: under way (or killed before it could finish); succeeded: every output written;
 * failed: see failedStage and error; interrupted: stopped by a signal (Ctrl-C, SIGTERM).
 */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

/** One stage of a run as the summary keeps it. */
export interface StageSummary {
  readonly status: 'done' | 'skipped' | 'failed' | 'interrupted';
  readonly seconds: number;
  readonly reason?: string;
  readonly figures?: Record<string, unknown>;
}

/** The cleaned dataset as the run left it. */
export interface RunLakeSummary {
  /** `s3://bucket/clean/<table>/`: `orders/day=…/`, `excluded/`, `quarantine/`. */
  readonly uri: string;
  readonly format: 'csv' | 'parquet';
  readonly parts: number;
  /** Rows of the orders dataset. */
  readonly rows: number;
  readonly bytes: number;
  /** Files of partitions (or days) no longer in the input, removed; and their keys. */
  readonly removed: number;
  readonly removedKeys: readonly string[];
}

/** The load's totals over the partitions, the run's prune included. */
export interface RunLoadSummary {
  /** The run's items (the quality report's). */
  readonly items: number;
  readonly written: number;
  readonly retried: number;
  /** Written items per second of the partitions' wall time; absent when the app does not know it (the AWS app: Lambdas overlap). */
  readonly itemsPerSecond?: number;
  /** Write capacity units: loads, bookkeeping and the prune. */
  readonly consumedCapacity: number;
  readonly capacityByTarget: Readonly<Record<string, number>>;
  /** True when item writes' capacity was sampled and scaled, not read from every response. */
  readonly capacityEstimated: boolean;
  readonly partitionsLoaded: number;
  /** Already loaded from the same object with the same cleaning settings. */
  readonly partitionsSkipped: number;
  /** No longer in the input: their items were deleted. */
  readonly partitionsRemoved: number;
  /** Stale items of replaced partitions and all items of removed ones. */
  readonly deleted: number;
  readonly replaceCost: ReplaceCost;
}

/** The period's sales, exact decimal pounds; cancellations and net revenue when read from aggregates. */
export interface RunSales {
  readonly orders: number;
  readonly revenue: string;
  readonly cancellations?: number;
  readonly cancelled?: string;
  readonly netRevenue?: string;
}

/**
 * The shape of run-summary.json, both apps. Fields other than the first ones appear once the
 * run has got that far, or when the app knows them (noted on each).
 */
export interface RunSummary {
  readonly runId: string;
  readonly status: RunStatus;
  /** When the run started (the AWS app: absent, the execution records it). */
  readonly startedAt?: string;
  /** The Node.js that ran it (`process.version` of the process that wrote the summary): provenance for bug reports. */
  readonly node: string;
  /** When the run succeeded or failed; absent while running. */
  readonly finishedAt?: string;
  /** The stage that failed or was interrupted; null outside a stage. Only when failed or interrupted. */
  readonly failedStage?: string | null;
  /** The failure's message, without a stack. Only when failed or interrupted. */
  readonly error?: string;
  /** Where the run went, for people: `embedded stack (…)`, `aws eu-west-2`. */
  readonly target?: string;
  readonly input?: string;
  readonly table: string;
  readonly bucket: string;
  /** Seconds over the stages (the local app). */
  readonly totalSeconds?: number;
  /** Peak resident memory of the run's process, MiB (the local app). */
  readonly peakRssMiB?: number;
  /** Every stage that ran or was skipped, in order (the local app; the AWS app's steps are its execution's history). */
  readonly stages: Readonly<Record<string, StageSummary>>;
  /** Partitions the run reduced. */
  readonly partitions?: number;
  /** Listed objects the run did not take (folder markers, other names, archived), each with what to do. */
  readonly skippedObjects?: readonly SkippedRunObject[];
  /** The same object as quality-report.json, runId included. */
  readonly quality?: QualitySummary & { readonly runId: string };
  readonly lake?: RunLakeSummary;
  readonly load?: RunLoadSummary;
  /** `done`, or why the table and the lake were not pruned to the input. */
  readonly prune?: string;
  /** Seconds summed over partitions: work, not wall time. */
  readonly partitionSeconds?: PartitionResult['seconds'];
  /** What the run consumed on DynamoDB priced on demand, and a fresh load and one refresh of the input at 1x, 10x and 100x. */
  readonly cost?: CostPreview;
  /** Exactly the raw objects this run took, each read pinned to its ETag (the local app). */
  readonly manifest?: { readonly prefix: string; readonly objects: readonly { readonly key: string; readonly etag: string; readonly size: number }[] };
  /** The Distributed Map run that loaded the partitions (the AWS app). */
  readonly mapRunArn?: string;
  /** The report's answers and each query's figures (when the analytics ran in the same run). */
  readonly queries?: Readonly<Record<string, unknown>> & { readonly stats: readonly unknown[] };
  /** Questions the data has no rows for, and defaults chosen because of that. */
  readonly notes?: readonly string[];
  readonly sales?: RunSales;
  /** The files of this run, relative to where run-summary.json is. */
  readonly outputs: readonly string[];
}

/** What a run knows when it writes its summary; everything but the first fields is optional. */
export interface RunSummaryInput {
  readonly runId: string;
  readonly status: RunStatus;
  readonly startedAt?: string;
  /** The Node.js that ran the run. Default `process.version`. */
  readonly node?: string;
  readonly finishedAt?: string;
  /** Only with status failed or interrupted. */
  readonly failure?: { readonly stage: string | null; readonly error: string };
  readonly target?: string;
  readonly input?: string;
  readonly table: string;
  readonly bucket: string;
  /** Stages in order. Default none. */
  readonly stages?: readonly ({ readonly name: string } & StageSummary)[];
  readonly peakRssMiB?: number;
  readonly manifest?: RunSummary['manifest'];
  readonly skippedObjects?: readonly SkippedRunObject[];
  /** The partitions' reduction (see `createRunFold`): quality, lake and load totals. */
  readonly reduction?: RunReduction;
  /** What `finishRun` removed; absent when the run did not prune (see `prune`). */
  readonly finished?: FinishRunResult;
  /** Why the run did not prune, when it chose not to. `prune` is `done` with `finished`, this otherwise, absent when neither is given. */
  readonly notPruned?: string;
  /** Where and how the lake was written; absent: no lake. */
  readonly lake?: { readonly uri: string; readonly format: 'csv' | 'parquet' };
  /** Wall time of the partitions' work, ms: gives `load.itemsPerSecond`. */
  readonly partitionsMs?: number;
  /** Read capacity of the analytics refresh in this run. Default 0. */
  readonly refreshReadUnits?: number;
  readonly queries?: RunSummary['queries'];
  readonly notes?: readonly string[];
  readonly sales?: RunSales;
  readonly mapRunArn?: string;
  readonly outputs: readonly string[];
}

/** Items per second of `ms` wall time, whole: the one place a run's load rate is computed. */
export function itemsPerSecond(items: number, ms: number): number {
  return ms > 0 ? Math.round((items / ms) * 1000) : 0;
}

/**
 * Builds run-summary.json from what the run knows, with no I/O: status and failure first (a
 * person opening the file sees them before the figures), the load totals with the prune's
 * deletes and capacity merged in, the cost preview from them.
 */
export function buildRunSummary(input: RunSummaryInput): RunSummary {
  const { reduction, finished, lake } = input;
  const failed = input.status === 'failed' || input.status === 'interrupted';
  const stages = input.stages ?? [];
  const load = reduction?.load && runLoadSummary(reduction, finished, input.partitionsMs);
  const refresh = input.refreshReadUnits ?? 0;
  return {
    runId: input.runId,
    status: input.status,
    ...(input.startedAt !== undefined && { startedAt: input.startedAt }),
    node: input.node ?? process.version,
    ...(input.finishedAt !== undefined && { finishedAt: input.finishedAt }),
    ...(failed && { failedStage: input.failure?.stage ?? null, error: input.failure?.error ?? '' }),
    ...(input.target !== undefined && { target: input.target }),
    ...(input.input !== undefined && { input: input.input }),
    table: input.table,
    bucket: input.bucket,
    ...(input.stages && { totalSeconds: Math.round(stages.reduce((sum, s) => sum + s.seconds, 0) * 1000) / 1000 }),
    ...(input.peakRssMiB !== undefined && { peakRssMiB: input.peakRssMiB }),
    stages: Object.fromEntries(stages.map(({ name, status, seconds, reason, figures }) => [name, { status, seconds, ...(reason && { reason }), ...(figures && { figures }) }])),
    ...(reduction && { partitions: reduction.partitions }),
    ...(input.skippedObjects && { skippedObjects: input.skippedObjects }),
    ...(reduction && { quality: { runId: input.runId, ...reduction.report } }),
    ...(reduction && lake && {
      lake: { uri: lake.uri, format: lake.format, ...reduction.lake, removed: finished?.lakeObjectsRemoved.length ?? 0, removedKeys: finished?.lakeObjectsRemoved ?? [] },
    }),
    ...(load && { load }),
    ...(finished ? { prune: 'done' } : input.notPruned !== undefined && { prune: input.notPruned }),
    ...(reduction && { partitionSeconds: reduction.seconds }),
    ...(reduction && {
      cost: costPreview({
        report: reduction.report,
        writeUnits: load?.consumedCapacity ?? finished?.consumedCapacity ?? 0,
        written: load?.written ?? 0,
        readUnits: (load?.replaceCost.readCapacity ?? 0) + refresh,
        refreshReadUnits: refresh,
      }),
    }),
    ...(input.manifest && { manifest: input.manifest }),
    ...(input.mapRunArn !== undefined && { mapRunArn: input.mapRunArn }),
    ...(input.queries && { queries: input.queries }),
    ...(input.notes && { notes: input.notes }),
    ...(input.sales && { sales: input.sales }),
    outputs: input.outputs,
  };
}

/** The partitions' load totals with the prune's deletes and capacity: what the run wrote and removed. */
export function runLoadSummary(reduction: RunReduction, finished: FinishRunResult | undefined, partitionsMs?: number): RunLoadSummary | undefined {
  const l = reduction.load;
  if (!l) return undefined;
  return {
    items: reduction.report.items,
    written: l.written,
    retried: l.retried,
    ...(partitionsMs !== undefined && { itemsPerSecond: itemsPerSecond(l.written, partitionsMs) }),
    consumedCapacity: l.consumedCapacity + (finished?.consumedCapacity ?? 0),
    capacityByTarget: l.capacityByTarget,
    capacityEstimated: l.capacityEstimated,
    partitionsLoaded: l.loaded.length,
    partitionsSkipped: l.skipped.length,
    partitionsRemoved: finished?.partitionsRemoved.length ?? 0,
    deleted: l.deleted + (finished?.itemsDeleted ?? 0),
    replaceCost: l.replaceCost,
  };
}
