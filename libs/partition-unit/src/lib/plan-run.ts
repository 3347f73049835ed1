import { formatS3Uri } from '@ecomlake/s3-extract';
import { createDisjointCheck } from './disjoint';
import { partitionIdentity } from './identity';
import { runPartition, storedInvoices, type PartitionUnitOptions } from './run-partition';
import type { PartitionTask } from './types';

/** What a run's first pass learns of a partition: enough to prove the partitions disjoint before anything is written. */
export interface PartitionPlan {
  readonly id: string;
  /** `s3://bucket/key` of the raw object. */
  readonly source: string;
  /** Invoice numbers of its clean items, sorted. */
  readonly invoices: readonly string[];
  /**
   * With `load`: true when the table had no head for the partition when planned, so nothing of
   * it was ever written there. Under the run's lease nothing but this run writes heads, so its
   * load may start from that (`PartitionTask.stored`) instead of reading again. Absent otherwise.
   */
  readonly neverLoaded?: true;
}

/**
 * Reads and cleans one partition, writing nothing (no lake part, no load): its invoices. With
 * `load` (the table the run loads), a partition whose stored summary has this identity (same
 * ETag and cleaning) takes its invoices from there: one strongly consistent read, no S3 GET;
 * one the table has no head for is marked `neverLoaded`.
 */
export async function planPartition(task: PartitionTask, options: Pick<PartitionUnitOptions, 's3' | 'clean' | 'read' | 'signal' | 'load'>): Promise<PartitionPlan> {
  const { s3, clean, read, signal, load } = options;
  let neverLoaded = false;
  if (load) {
    const stored = await storedInvoices(load, task.id, partitionIdentity(task.object.etag, clean), signal);
    if (stored.invoices) return { id: task.id, source: formatS3Uri({ bucket: task.object.bucket, key: task.object.key }), invoices: stored.invoices };
    neverLoaded = !stored.head;
  }
  const result = await runPartition(task, { s3, ...(clean && { clean }), ...(read && { read }), ...(signal && { signal }) });
  return { id: result.id, source: result.source, invoices: result.invoices, ...(neverLoaded && { neverLoaded: true }) };
}

/**
 * Throws `PartitionOverlapError`, as the reduce would, when an invoice is in two partitions,
 * and a RangeError when an id is given twice. Run it over every partition's plan before the
 * first write: keying is per partition, so overlapping partitions would take each other's
 * keys in the table, and the run would fail only after loading them all. To check plans as
 * they arrive, without holding them, use `createDisjointCheck`.
 */
export function checkPartitionsDisjoint(plans: Iterable<PartitionPlan>): void {
  const check = createDisjointCheck();
  let index = 0;
  for (const plan of plans) check.add(index++, plan);
  check.finish();
}
