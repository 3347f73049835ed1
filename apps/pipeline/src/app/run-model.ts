// One run of the local app, as values: what the run is given (RunEnv, fixed for the run) and
// what each stage gives the stages after it (StageValues, one per stage, never assigned after
// it is given). Types and readers only, so every module may import it.
import type { CatalogListed, Lease, TableRun } from '@ecomlake/dynamodb-repository';
import type { FinishRunResult, RunFold, RunReduction } from '@ecomlake/partition-unit';
import type { ObjectInfo } from '@ecomlake/s3-extract';
import type { AnalyticsResult } from './analytics';
import type { Clients } from './clients';
import type { RawInput } from './input';
import type { Progress, ProgressOptions } from './progress';
import type { Settings } from './settings';
import type { ChainValues } from './stages';

/** What a run is given: fixed from its start to its end. */
export interface RunEnv {
  /** This run's id, carried by every output it writes; see run-summary.ts. */
  readonly runId: string;
  readonly startedAt: string;
  readonly settings: Settings;
  readonly clients: Clients;
  /** DynamoDB is DynamoDB Local (the embedded stack, or an endpoint on loopback): its presets apply. */
  readonly dynamoDbLocal: boolean;
  readonly dataDir: string;
  readonly wholeObjectBytes: number;
  readonly signal?: AbortSignal;
  readonly log: (line: string) => void;
  readonly progress: (label: string, options?: ProgressOptions) => Progress;
}

/** The table's lease: this run is its one writer until it is released (see runPipeline). */
export interface HeldLease {
  readonly lease: Lease;
  /** Stops checking the lease before each write. */
  readonly unfence: () => void;
}

/** The lease stage's value: the input it checked first, and the lease it holds. */
export interface WriterLease {
  readonly input: RawInput;
  readonly held: HeldLease;
}

/** The upload stage's value: the input, the raw prefix it is in, and the objects uploaded there (none for an s3:// input). */
export interface UploadedInput {
  readonly input: RawInput;
  readonly rawUri: string;
  readonly objects: readonly ObjectInfo[];
}

/** The run's manifest: exactly the raw objects it takes (key, ETag, size) under its raw prefix; later stages read only these. */
export interface RunManifest {
  readonly prefix: string;
  readonly objects: readonly ObjectInfo[];
}

/** With --partition-by day: the day objects (the partitions) and their prefix. */
export interface RegroupedDays {
  readonly uri: string;
  readonly objects: readonly ObjectInfo[];
}

/** The plan stage's value: the table's run of writes (begun once the partitions proved disjoint, with --load). */
export interface RunPlan {
  /** Countries and months this run's loads have listed in the table's catalog: one memory for the run, filled as partitions load. */
  readonly listed: CatalogListed;
  /** Partitions the table had no head for when planned (`PartitionPlan.neverLoaded`): their loads start from that, under the lease. */
  readonly neverLoaded: ReadonlySet<string>;
  readonly tableRun?: TableRun;
}

/** The partitions' results, folded as they arrived (each dropped once folded), and the stage's wall time. */
export interface PartitionResults {
  readonly fold: RunFold;
  readonly ms: number;
}

/** The reduce stage's value: the run's books (quality report, lake and load totals), what it removed, where the lake is. */
export interface ReducedRun {
  readonly reduction: RunReduction;
  /** What the reduce removed because the input no longer has it. */
  readonly finished: FinishRunResult;
  /** Where and how the lake was written (absent with --no-save-cleaned). */
  readonly lake?: { readonly uri: string; readonly format: 'csv' | 'parquet' };
}

/** Each stage's value, by stage name, in run order. */
export interface StageValues {
  lease: WriterLease;
  upload: UploadedInput;
  extract: RunManifest;
  regroup: RegroupedDays;
  plan: RunPlan;
  partitions: PartitionResults;
  reduce: ReducedRun;
  analytics: AnalyticsResult;
}

/** The values of the stages that completed (a skipped stage has none). */
export type CompletedStages = Readonly<Partial<StageValues>>;

/** What a run has so far, what a failed stage had kept included: what run-summary.json reports and runPipeline cleans up after. */
export type RunSoFar = ChainValues<StageValues>;

/** A run that has nothing yet (it failed before its first stage). */
export const NOTHING_YET: RunSoFar = { done: {}, kept: {} };

/** The input the run resolved (the lease stage checks it first; the upload stage otherwise), if it got that far. */
export function inputOf({ done, kept }: RunSoFar): RawInput | undefined {
  return done.lease?.input ?? kept.lease?.input ?? done.upload?.input ?? kept.upload?.input;
}

/** The raw prefix and the objects the run takes (the day objects with --partition-by day), if it got as far as the prefix. */
export function manifestOf({ done, kept }: RunSoFar): { prefix: string; objects: readonly ObjectInfo[] } | undefined {
  const prefix = done.upload?.rawUri ?? kept.upload?.rawUri;
  if (!prefix) return undefined;
  return { prefix, objects: done.regroup?.objects ?? done.extract?.objects ?? done.upload?.objects ?? kept.upload?.objects ?? [] };
}

/** The run's reduction, if it got that far (the reduce stage keeps it before it prunes the table and the lake). */
export function reductionOf({ done, kept }: RunSoFar): RunReduction | undefined {
  return done.reduce?.reduction ?? kept.reduce?.reduction;
}

/** A value an earlier stage gives whenever this one runs (their skips agree): its absence is a bug here, not the user's. */
export function need<T>(value: T | undefined, stage: keyof StageValues): T {
  if (value === undefined) throw new Error(`internal: the ${stage} stage's value is missing`);
  return value;
}
