import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ReadWriteMeters } from './meter-scope';
import type { DynamoRecord } from './marshal';
import { deleteStaleItems, readPartitionKeys, writeRecords, type PartitionHead, type PartitionKeys, type RecordOptions } from './partition-records';
import { planAlongside, planBegin, planFinish, planRemove, type PartitionAggregates, type ReplacePlan, type ReplaceStep } from './plan/replace-plan';

export type { PartitionAggregates, ReplacePlan } from './plan/replace-plan';

/**
 * Replace semantics, sent: the requests are computed by the pure planners of
 * plan/replace-plan.ts (where the invariant and its three steps are described); this file
 * reads what they need (recorded keys) and sends their steps in order.
 */
export interface ReplaceContext {
  client: DynamoDBClient;
  table: string;
  options: RecordOptions;
  /** Stale deletes in flight at most. */
  concurrency: number;
}

/**
 * The load's context, with the meters its bookkeeping is booked on: reads (heads, key pages)
 * and writes (records, stale deletes), by command, in `withMeter(context, ...)` scopes.
 */
export type MeteredReplaceContext = ReplaceContext & ReadWriteMeters;

/** A begun replacement: its plan, and the write sent alongside the items (the aggregates), awaited by `finishReplace`. */
export interface BegunReplace {
  plan: ReplacePlan;
  alongside: Promise<number>;
}

/**
 * Records old ∪ new keys and the head `loading` (one request), then starts the aggregates'
 * write without waiting for it: it overlaps the items, and the finish waits for it.
 */
export async function beginReplace(
  context: ReplaceContext,
  partition: { id: string; tag: string; identity: string; itemKeys: ReadonlySet<string>; aggregates?: PartitionAggregates; summary?: DynamoRecord },
  known: PartitionHead | undefined,
): Promise<BegunReplace> {
  const { plan, begin } = planBegin({ ...partition, recorded: await recordedKeys(context, partition.tag, known) });
  await sendSteps(context, [begin]);
  const alongside = sendSteps(context, [planAlongside(plan)]);
  // Observed now, rethrown by finishReplace: a partition whose items fail is never finished.
  alongside.catch(() => undefined);
  return { plan, alongside };
}

/** Waits for the aggregates, deletes the stale keys, records the new keys and marks the head done. Returns items deleted. */
export async function finishReplace(context: ReplaceContext, begun: BegunReplace): Promise<number> {
  await begun.alongside;
  return sendSteps(context, planFinish(begun.plan));
}

/** Removes a partition that is no longer in the input: its items and aggregates, then its records. Returns items deleted. */
export async function removePartition(context: ReplaceContext, head: PartitionHead): Promise<number> {
  return sendSteps(context, planRemove(head, await recordedKeys(context, head.tag, head)));
}

/**
 * Removes, one after another, every partition among `heads` whose tag is not in `keep`,
 * yielding each as it is gone: callers count what was done even if a later one fails. The
 * run-level prune of `prunePartitions` and of `loadPartitions({ prune: true })`.
 */
export async function* removePartitionsExcept(
  context: ReplaceContext,
  heads: Iterable<PartitionHead>,
  keep: ReadonlySet<string>,
): AsyncGenerator<{ head: PartitionHead; deleted: number }> {
  for (const head of heads) {
    if (keep.has(head.tag)) continue;
    yield { head, deleted: await removePartition(context, head) };
  }
}

/** Sends steps in order (an empty one sends nothing); returns items deleted (aggregate records not counted). */
export async function sendSteps(context: ReplaceContext, steps: readonly ReplaceStep[]): Promise<number> {
  const { client, table } = context;
  const write = { ...context.options, concurrency: context.concurrency };
  let deleted = 0;
  for (const step of steps) {
    if (step.kind === 'write') {
      if (step.puts.length + step.deletes.length > 0) await writeRecords(client, table, step, write);
    } else if (step.keys.length > 0) {
      const outcome = await deleteStaleItems(client, table, step.tag, step.keys, write);
      if (step.counted) deleted += outcome.deleted;
    }
  }
  return deleted;
}

/** Without a head nothing of the partition was ever written (pages and head go in one request, items after), so nothing is read. */
async function recordedKeys(context: ReplaceContext, tag: string, known: PartitionHead | undefined): Promise<PartitionKeys> {
  if (!known) return { keys: new Set(), pageKeys: [] };
  return readPartitionKeys(context.client, context.table, tag, context.options);
}
