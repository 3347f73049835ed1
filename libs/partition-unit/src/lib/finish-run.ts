import type { S3Client } from '@aws-sdk/client-s3';
import { commitTableRun, prunePartitions } from '@ecomlake/dynamodb-repository';
import { removeStaleObjects } from '@ecomlake/s3-extract';
import { LAKE_DATASETS } from './lake-layout';
import type { PartitionLoadTarget } from './run-partition';
import type { RunReduction } from './reduce';
import type { PartitionResult } from './types';

/** What a run keeps: its partitions' ids and lake files (a reduction has both), or its results. */
export type RunKeeps = Pick<RunReduction, 'partitionIds' | 'lakeKeys'> | readonly PartitionResult[];

export interface FinishRunOptions {
  readonly s3: S3Client;
  /** The lake's clean prefix the partitions wrote under. Default: the lake is not pruned. */
  readonly lakeUri?: string;
  /** The table the partitions loaded into. Default: the table is not pruned. */
  readonly load?: PartitionLoadTarget;
  readonly signal?: AbortSignal;
}

/** What a run removed because its input no longer has it. */
export interface FinishRunResult {
  /** Partitions removed from the table, with their items. */
  readonly partitionsRemoved: readonly string[];
  readonly itemsDeleted: number;
  /** Lake files of partitions (or days) no longer in the input. */
  readonly lakeObjectsRemoved: readonly string[];
  /** Write capacity units the table's prune consumed. */
  readonly consumedCapacity: number;
}

/**
 * The run-level step after every partition succeeded: the table and the lake keep exactly
 * the partitions of this run's input, so both equal a fresh load of it, and the run's table
 * run (`load.run`) is committed. Call it only with the whole input's reduction (or results):
 * anything else is removed.
 */
export async function finishRun(run: RunKeeps, options: FinishRunOptions): Promise<FinishRunResult> {
  const { s3, lakeUri, load, signal } = options;
  const { partitionIds, lakeKeys } = isResults(run) ? { partitionIds: run.map((r) => r.id), lakeKeys: run.flatMap((r) => r.lake.map((p) => p.key)) } : run;
  let partitionsRemoved: readonly string[] = [];
  let itemsDeleted = 0;
  let consumedCapacity = 0;
  if (load) {
    const pruned = await prunePartitions(load.client, load.table, partitionIds, { ...pickRetry(load.options), ...(signal && { signal }) });
    partitionsRemoved = pruned.removed;
    itemsDeleted = pruned.deleted;
    consumedCapacity = pruned.writeCapacity;
    // The table now equals a fresh load of exactly this input: the next run may trust its heads.
    if (load.run) await commitTableRun(load.client, load.run, { ...pickRetry(load.options), ...(signal && { signal }) });
  }
  const lakeObjectsRemoved: string[] = [];
  if (lakeUri) {
    const base = lakeUri.endsWith('/') ? lakeUri : `${lakeUri}/`;
    const keep = new Set(lakeKeys);
    for (const dataset of LAKE_DATASETS) lakeObjectsRemoved.push(...(await removeStaleObjects(s3, `${base}${dataset}/`, keep, { signal })));
  }
  return { partitionsRemoved, itemsDeleted, lakeObjectsRemoved, consumedCapacity };
}

function pickRetry(options: PartitionLoadTarget['options']): { maxAttempts?: number; backoff?: NonNullable<PartitionLoadTarget['options']>['backoff'] } {
  return { ...(options?.maxAttempts && { maxAttempts: options.maxAttempts }), ...(options?.backoff && { backoff: options.backoff }) };
}

function isResults(run: RunKeeps): run is readonly PartitionResult[] {
  return Array.isArray(run);
}
