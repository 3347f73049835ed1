import type { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fullJitterDelay, type BackoffOptions } from './backoff';
import { isRetryable } from './retryable';
import { send, type CallOptions } from './send';
import { sleep } from './sleep';

export interface RetryOptions {
  /** Sends before giving up on throttling, 5xx or broken connections. Default 10. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  signal?: AbortSignal;
}

/**
 * Runs one idempotent request, again after a full-jitter wait while it fails with a
 * retryable error (throttling, 5xx, broken connection), at most `maxAttempts` times.
 * The batch loader has its own loop: it also splits batches and tracks UnprocessedItems.
 */
export async function withRetries<T>(request: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { maxAttempts = 10 } = options;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await request();
    } catch (error) {
      if (options.signal?.aborted || !isRetryable(error) || attempt + 1 >= maxAttempts) throw error;
      await sleep(fullJitterDelay(attempt, options.backoff), options.signal);
    }
  }
}

/** `send` (metering, typed errors) with retries: the shape of every single-item request here. */
export function sendWithRetries<Output extends object & { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }>(
  client: DynamoDBClient,
  table: string,
  request: (abortSignal: AbortSignal | undefined) => Promise<Output>,
  options: CallOptions & RetryOptions = {},
): Promise<Output> {
  return withRetries(() => send(client, table, request, options), options);
}
