import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { PartitionPlan, PartitionResult, SkippedRunObject } from '@ecomlake/partition-unit';
import { putJson, readJson } from './s3-json';

/**
 * Step Functions refuses a task output over 256 KiB. A partition's result is a few KiB (its
 * report, counts and invoice numbers, no rows); a batch of many, or a day with tens of
 * thousands of invoices, can pass that, so above this limit the results go to S3 and the
 * output carries their location.
 */
export const INLINE_RESULT_LIMIT = 192 * 1024;

/** Results written to S3 instead of travelling in the output. */
export interface SpilledResults {
  readonly bucket: string;
  readonly key: string;
  readonly bytes: number;
  readonly partitions: number;
}

/**
 * What a worker invocation returns: the child workflow's output, one entry of the ResultWriter's
 * files. `skipped`: listed objects the run does not take (see `classifyRunObject`), present when any.
 */
export type WorkerOutput = ({ readonly results: readonly PartitionResult[] } | { readonly spilled: SpilledResults }) & { readonly skipped?: readonly SkippedRunObject[] };

/** What a worker in `plan` mode returns: each partition's `{ id, source, invoices }`, inline or spilled as results are. */
export type PlanOutput = ({ readonly plans: readonly PartitionPlan[] } | { readonly spilled: SpilledResults }) & { readonly skipped?: readonly SkippedRunObject[] };

export interface WorkerOutputOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  /** Where oversized results go, e.g. `runs/partition-results/`. */
  readonly prefix: string;
  /** Default `INLINE_RESULT_LIMIT`. */
  readonly limit?: number;
  /** Objects of the invocation the run does not take; they travel inline (a key and a sentence each). Default none. */
  readonly skipped?: readonly SkippedRunObject[];
}

/** The results inline when small enough, else written (named by their content, so a retry rewrites the same object) and pointed to. */
export function workerOutput(results: readonly PartitionResult[], options: WorkerOutputOptions): Promise<WorkerOutput> {
  return inlineOrSpilled('results', results, options);
}

/** A plan worker's output: the plans inline when small enough, else spilled as results are. */
export function planOutput(plans: readonly PartitionPlan[], options: WorkerOutputOptions): Promise<PlanOutput> {
  return inlineOrSpilled('plans', plans, options);
}

async function inlineOrSpilled<K extends string, T>(field: K, values: readonly T[], options: WorkerOutputOptions): Promise<({ [k in K]: readonly T[] } | { spilled: SpilledResults }) & { skipped?: readonly SkippedRunObject[] }> {
  const skipped = options.skipped && options.skipped.length > 0 ? { skipped: options.skipped } : {};
  const json = JSON.stringify({ [field]: values });
  const bytes = Buffer.byteLength(json);
  if (bytes <= (options.limit ?? INLINE_RESULT_LIMIT)) return { [field]: values, ...skipped } as { [k in K]: readonly T[] } & typeof skipped;
  const key = `${options.prefix}${createHash('sha256').update(json).digest('hex')}.json`;
  await putJson(options.s3, options.bucket, key, values);
  return { spilled: { bucket: options.bucket, key, bytes, partitions: values.length }, ...skipped };
}

/** The partition results of one worker output, read back from S3 when they were spilled. */
export async function readWorkerOutput(output: WorkerOutput, s3: S3Client): Promise<PartitionResult[]> {
  if ('results' in output) return [...output.results];
  return readJson<PartitionResult[]>(s3, output.spilled.bucket, output.spilled.key);
}

/** The plans of one plan worker's output, read back from S3 when they were spilled. */
export async function readPlanOutput(output: PlanOutput, s3: S3Client): Promise<PartitionPlan[]> {
  if ('plans' in output) return [...output.plans];
  return readJson<PartitionPlan[]>(s3, output.spilled.bucket, output.spilled.key);
}
