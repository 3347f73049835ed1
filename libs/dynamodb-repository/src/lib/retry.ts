import type { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fullJitterDelay, type BackoffOptions } from './backoff';
import { isRetryable } from './retryable';
import type { RequestKind } from './meter-scope';
import { deadlineOf, send, type CallOptions } from './send';
import { sleep } from './sleep';

/**
 * The one retry policy of this library. Its loop is the only one that decides: the SDK's own
 * retries (the client's `maxAttempts`) run inside each of its sends and are counted as its
 * attempts, so `maxAttempts` bounds the requests a call sends in all, and `budgetMs` its time.
 */
export interface RetryOptions {
  /**
   * Requests sent before giving up on throttling, 5xx or broken connections, the SDK's own
   * retries included (a send the SDK tried 3 times counts 3). Default 10.
   */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  signal?: AbortSignal;
}

/** The options one send of a retried call gets: the caller's, with the call's deadline fixed. */
export type Attempt = CallOptions & { deadline?: number };

/**
 * Runs one idempotent request, again after a full-jitter wait while it fails with a retryable
 * error (throttling, 5xx, broken connection) or `again` says its answer left work undone (e.g.
 * UnprocessedItems), until `maxAttempts` requests (the SDK's retries counted) or the call's
 * time budget are spent. Out of attempts or time, it throws the last error or returns the last
 * answer (the caller names what is undone). `request` gets the options to send with: its signal
 * and the call's deadline (`send` cuts a request still unanswered at the deadline).
 */
export async function withRetries<T>(
  request: (attempt: Attempt) => Promise<T>,
  options: RetryOptions & CallOptions = {},
  again?: (value: T) => boolean,
): Promise<T> {
  const { maxAttempts = 10 } = options;
  const attempt: Attempt = { ...options, deadline: deadlineOf(options) };
  let sent = 0;
  for (let round = 0; ; round += 1) {
    let last: { value: T } | { error: unknown };
    try {
      const value = await request(attempt);
      if (!again?.(value)) return value;
      sent += attemptsOf(value);
      last = { value };
    } catch (error) {
      if (options.signal?.aborted || !isRetryable(error)) throw error;
      sent += attemptsOf(error);
      last = { error };
    }
    const wait = fullJitterDelay(round, options.backoff);
    const outOfTime = attempt.deadline !== undefined && Date.now() + wait >= attempt.deadline;
    if (sent >= maxAttempts || outOfTime) {
      if ('error' in last) throw last.error;
      return last.value;
    }
    await sleep(wait, options.signal);
  }
}

/** `send` (metering, typed errors, the time budget) with retries: the shape of every single-item request here. */
export function sendWithRetries<Output extends object & { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }>(
  client: DynamoDBClient,
  table: string,
  request: (abortSignal: AbortSignal | undefined) => Promise<Output>,
  options: CallOptions & RetryOptions = {},
  kind: RequestKind = 'write',
  again?: (output: Output) => boolean,
): Promise<Output> {
  return withRetries((attempt) => send(client, table, request, attempt, kind), options, again);
}

interface Metadata {
  $metadata?: { attempts?: number };
  cause?: unknown;
}

/**
 * Requests the SDK sent for one of our sends: its retry middleware records them on the answer
 * and on the error (`$metadata.attempts`); our typed errors keep the SDK's as their cause.
 */
export function attemptsOf(outcome: unknown): number {
  const shape = (outcome ?? {}) as Metadata;
  const attempts = shape.$metadata?.attempts ?? ((shape.cause ?? {}) as Metadata).$metadata?.attempts;
  return typeof attempts === 'number' && attempts >= 1 ? attempts : 1;
}
