import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import type { Aimd } from './aimd';
import { fullJitterDelay, type BackoffOptions } from './backoff';
import { EndpointUnreachableError, TableNotFoundError } from './errors';
import type { DynamoRecord } from './marshal';
import { attemptsOf } from './retry';
import { describeError, isRetryable, isThrottle } from './retryable';
import { send } from './send';
import { sleep } from './sleep';

/** Sends of a batch before an unreachable or silent endpoint fails the whole load. */
const ENDPOINT_ATTEMPTS = 3;

/** One item on its way into a BatchWriteItem request. */
export interface WriteEntry<T> {
  key: string;
  record: DynamoRecord;
  source: T;
}

export interface BatchContext {
  client: DynamoDBClient;
  table: string;
  aimd: Aimd;
  maxAttempts: number;
  backoff: BackoffOptions;
  signal: AbortSignal;
  /** When the load's time budget runs out (`Date.now()` ms): no send is retried past it. Default: none. */
  deadline?: number;
  /** What a sampled response reports of consumed capacity. */
  returnConsumedCapacity: 'INDEXES' | 'TOTAL' | 'NONE';
  /** Capacity is asked of one request in this many (1: every request). */
  capacityEvery: number;
  /** Requests sent so far, and items acknowledged by the requests that reported capacity. */
  sent: number;
  sampledItems: number;
  /** The table's key attribute names, to match UnprocessedItems back to entries. */
  keyAttributes: readonly [string, string];
}

export interface BatchOutcome<T> {
  written: WriteEntry<T>[];
  failed: { entry: WriteEntry<T>; reason: string }[];
  /** Item re-sends this batch needed. */
  retried: number;
}

/**
 * Writes up to 25 distinct-key entries, re-sending UnprocessedItems and retryable failures
 * with full-jitter backoff until done or `maxAttempts` sends. Items that still fail are
 * returned in `failed`, never dropped; a missing table or endpoint aborts the whole load.
 */
export async function writeBatch<T>(entries: WriteEntry<T>[], context: BatchContext): Promise<BatchOutcome<T>> {
  const outcome: BatchOutcome<T> = { written: [], failed: [], retried: 0 };
  let pending = entries;
  let lastError = '';
  // Requests sent, the SDK's own retries counted: one policy bounds them (see retry.ts).
  let sent = 0;
  for (let attempt = 0; sent < context.maxAttempts && pending.length > 0; attempt += 1) {
    if (attempt > 0) {
      outcome.retried += pending.length;
      await sleep(fullJitterDelay(attempt - 1, context.backoff), context.signal);
    }
    const ticket = context.aimd.ticket();
    try {
      const requests: WriteRequest[] = pending.map((entry) => ({ PutRequest: { Item: entry.record } }));
      const sampled = context.returnConsumedCapacity !== 'NONE' && context.sent++ % context.capacityEvery === 0;
      const output = await send(
        context.client,
        context.table,
        (abortSignal) =>
          context.client.send(
            new BatchWriteItemCommand({ RequestItems: { [context.table]: requests }, ReturnConsumedCapacity: sampled ? context.returnConsumedCapacity : 'NONE' }),
            { abortSignal },
          ),
        { signal: context.signal, ...(context.deadline !== undefined && { deadline: context.deadline }) },
      );
      sent += attemptsOf(output);
      const unprocessed = unprocessedKeys(output.UnprocessedItems?.[context.table], context.keyAttributes);
      const next: WriteEntry<T>[] = [];
      for (const entry of pending) (unprocessed.has(entry.key) ? next : outcome.written).push(entry);
      if (sampled) context.sampledItems += pending.length - next.length;
      if (next.length > 0) {
        // DynamoDB returns UnprocessedItems when a partition is over its throughput: a throttle.
        context.aimd.onThrottle(ticket);
        lastError = `${next.length} of ${pending.length} items returned as UnprocessedItems`;
      } else context.aimd.onSuccess();
      pending = next;
    } catch (error) {
      sent += attemptsOf(error);
      if (context.signal.aborted || error instanceof TableNotFoundError) throw error;
      if (context.deadline !== undefined && Date.now() >= context.deadline) throw error;
      if ((error as Error).name === 'ValidationException') return mergeOutcomes(outcome, await bisect(pending, error, context));
      if (!isRetryable(error)) {
        for (const entry of pending) outcome.failed.push({ entry, reason: describeError(error) });
        return outcome;
      }
      if (isThrottle(error)) context.aimd.onThrottle(ticket);
      // A dead or silent endpoint fails the load after a few tries, not every batch's ten.
      if (error instanceof EndpointUnreachableError && sent >= Math.min(ENDPOINT_ATTEMPTS, context.maxAttempts)) throw error;
      lastError = describeError(error);
    }
  }
  for (const entry of pending) {
    outcome.failed.push({ entry, reason: `not written after ${context.maxAttempts} attempts (last: ${lastError})` });
  }
  return outcome;
}

/** A request DynamoDB rejects as invalid fails as a whole; halve it to find the bad items. */
async function bisect<T>(entries: WriteEntry<T>[], error: unknown, context: BatchContext): Promise<BatchOutcome<T>> {
  if (entries.length === 1) return { written: [], failed: [{ entry: entries[0], reason: describeError(error) }], retried: 0 };
  const middle = Math.ceil(entries.length / 2);
  const first = await writeBatch(entries.slice(0, middle), context);
  return mergeOutcomes(first, await writeBatch(entries.slice(middle), context));
}

function mergeOutcomes<T>(a: BatchOutcome<T>, b: BatchOutcome<T>): BatchOutcome<T> {
  return { written: [...a.written, ...b.written], failed: [...a.failed, ...b.failed], retried: a.retried + b.retried };
}

function unprocessedKeys(requests: WriteRequest[] | undefined, [partitionKey, sortKey]: readonly [string, string]): Set<string> {
  const keys = new Set<string>();
  for (const request of requests ?? []) {
    const item = request.PutRequest?.Item;
    if (item) keys.add(`${item[partitionKey]?.S}\u0000${item[sortKey]?.S}`);
  }
  return keys;
}
