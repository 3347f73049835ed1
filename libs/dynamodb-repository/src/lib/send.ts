import { ResourceNotFoundException, type ConsumedCapacity, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EndpointUnreachableError, TableNotFoundError } from './errors';
import { scopeMeters, type RequestKind } from './meter-scope';

/** Per-call settings shared by every helper. */
export interface CallOptions {
  /** Stops the call (and any retries or further pages). */
  signal?: AbortSignal;
  /**
   * Longest time the call may take, retries and waits included, in ms: a request still
   * unanswered then is cut and fails as EndpointUnreachableError (`timeout`), and no retry
   * starts that could not finish in time. Give it what the caller can wait (e.g. a Lambda's
   * remaining time less its own work). Default: none (the client's timeouts and attempts bound it).
   */
  budgetMs?: number;
  /** The budget as an instant (`Date.now()` ms), shared by every request of one call. Default: from `budgetMs`. */
  deadline?: number;
}

/** The instant a call's budget runs out, or undefined without one. */
export function deadlineOf(options: CallOptions): number | undefined {
  if (options.deadline !== undefined) return options.deadline;
  return options.budgetMs === undefined ? undefined : Date.now() + options.budgetMs;
}

/**
 * Runs one request, meters it, and turns errors whose meaning would otherwise be lost into
 * typed ones. Metering: the request, and the ConsumedCapacity of its answer, are booked on the
 * meters of every `withMeter` scope it is sent from (meter-scope.ts), once per send (the SDK's
 * own retries inside it are one request here, as `attemptsOf` counts them for the retry policy);
 * `kind` picks the reads or writes side of a `{ reads, writes }` sink. Errors: a missing table → TableNotFoundError, no server, or one that went silent past the
 * client's timeouts → EndpointUnreachableError (naming the endpoint; the SDK's error is its cause).
 *
 * `request` receives the abort signal to hand to `client.send(command, { abortSignal })`.
 */
export async function send<Output extends object & { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }>(
  client: DynamoDBClient,
  table: string,
  request: (abortSignal: AbortSignal | undefined) => Promise<Output>,
  options: CallOptions = {},
  kind: RequestKind = 'write',
): Promise<Output> {
  options.signal?.throwIfAborted();
  const deadline = deadlineOf(options);
  // Only a call with a budget pays for a combined signal (each adds a listener to the caller's).
  const budget = deadline === undefined ? undefined : AbortSignal.timeout(Math.max(0, deadline - Date.now()));
  const signal = budget && options.signal ? AbortSignal.any([options.signal, budget]) : (budget ?? options.signal);
  // Read before awaiting: the scopes are the caller's, whatever context the answer comes back on.
  const meters = scopeMeters(kind);
  for (const meter of meters) meter.requests += 1;
  try {
    const output = await request(signal);
    for (const meter of meters) meter.add(output.ConsumedCapacity);
    return output;
  } catch (error) {
    if (budget?.aborted && !options.signal?.aborted) {
      const cut = new Error(`no answer within the call's time budget (it ran out ${new Date(deadline ?? 0).toISOString()})`, { cause: error });
      throw new EndpointUnreachableError(await endpointOf(client), { cause: cut, reason: 'timeout' });
    }
    throw await translateError(client, error, table);
  }
}

/** Error codes of a socket that could not be opened at all (as opposed to one that broke). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The SDK's connection, idle (socketTimeout) and request timeouts, and the system's connect timeout.
 * Without them a stalled endpoint hangs a run for ever; with them it fails like an absent one.
 */
export function isTimeout(error: unknown): boolean {
  return (error as Error)?.name === 'TimeoutError' || errorCode(error, TIMEOUT) !== undefined;
}
const TIMEOUT = new Set(['ETIMEDOUT']);

/**
 * The socket error code of an SDK error, if it is one of `codes`. The SDK wraps errors from
 * another realm (e.g. jest's sandbox) in a plain Error whose message holds the code.
 */
export function errorCode(error: unknown, codes: ReadonlySet<string>): string | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && codes.has(code)) return code;
  const message = String((error as Error)?.message ?? '');
  return [...codes].find((candidate) => message.includes(candidate));
}

export async function translateError(client: DynamoDBClient, error: unknown, table: string): Promise<unknown> {
  if (error instanceof ResourceNotFoundException || (error as Error)?.name === 'ResourceNotFoundException') {
    return new TableNotFoundError(table, { cause: error });
  }
  if (errorCode(error, UNREACHABLE)) return new EndpointUnreachableError(await endpointOf(client), { cause: error });
  if (isTimeout(error)) return new EndpointUnreachableError(await endpointOf(client), { cause: error, reason: 'timeout' });
  return error;
}

async function endpointOf(client: DynamoDBClient): Promise<string> {
  try {
    const endpoint = await client.config.endpoint?.();
    if (endpoint) return `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}${endpoint.path}`;
  } catch {
    // Fall through: the endpoint is only used for the message.
  }
  return `the ${await client.config.region()} regional endpoint`;
}
