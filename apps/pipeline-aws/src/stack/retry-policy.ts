/**
 * Which task errors the state machine retries, and how long the worst case takes.
 *
 * Every task is idempotent (a partition load replaces its own items, the reduce rewrites its
 * reports and prunes the same set, the analytics rewrites its files), so a retry is safe; what
 * decides is whether it can succeed. Retriers are tried in order and the first whose
 * ErrorEquals matches is used, and ASL cannot exclude names from `States.ALL`: so the
 * permanent names come first with MaxAttempts 0, then the Lambda service errors, then every
 * other task failure (`States.TaskFailed` matches any error except `States.Timeout`).
 */

/**
 * Errors a retry cannot fix: the handlers throw errors with these `name`s (Lambda reports the
 * name as the error type Step Functions matches).
 * - `PermanentPartitionError`: the worker's object cannot become a partition by trying again
 *   (not CSV, an invalid gzip, missing columns, an object replaced or deleted since the listing).
 * - `InvalidEventError`: an event not shaped as the state machine sends it (a wiring mistake).
 * - `PartitionsFailedError`: the reduce found FAILED or PENDING children in the map's results.
 * - `ReconciliationError`: the partitions' reports do not balance against their counts.
 * - `LeaseHeldError`: another execution holds the table's lease (past the input's `waitSeconds`):
 *   a retry would only wait again; the execution fails at once naming the holder.
 * - `LeaseLostError`: this execution's lease was taken or expired: its writes are over, and a
 *   retry under the same token cannot succeed.
 * - `PartitionOverlapError`: an invoice is in two raw objects (found by the first pass, before
 *   anything was written): the input must change.
 */
export const PERMANENT_ERRORS: readonly string[] = [
  'PermanentPartitionError',
  'InvalidEventError',
  'PartitionsFailedError',
  'ReconciliationError',
  'LeaseHeldError',
  'LeaseLostError',
  'PartitionOverlapError',
];

/** Errors of the Lambda service itself, answered before or instead of running our code. */
export const LAMBDA_SERVICE_ERRORS: readonly string[] = [
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
];

/**
 * Everything else a task can fail with: the runtime crashed or ran out of memory
 * (`Lambda.Unknown`), the function timed out (`Sandbox.Timedout`), the task's own timeout
 * (`States.Timeout`), and any error our code threw (an S3 or DynamoDB failure past the SDK's
 * retries, a partition whose items could not all be written): `States.TaskFailed`.
 */
export const TASK_FAILURE_ERRORS: readonly string[] = ['Lambda.Unknown', 'Sandbox.Timedout', 'States.Timeout', 'States.TaskFailed'];

/** One retrier: exponential backoff from `intervalSeconds`, capped at `maxDelaySeconds`, full jitter. */
export interface Retrier {
  readonly errors: readonly string[];
  /** Retries after the first attempt; 0 means "do not retry" (and stops later retriers matching). */
  readonly maxAttempts: number;
  readonly intervalSeconds: number;
  readonly backoffRate: number;
  readonly maxDelaySeconds: number;
}

/** The retriers of every task, in the order Step Functions must try them. */
export const TASK_RETRIERS: readonly Retrier[] = [
  { errors: PERMANENT_ERRORS, maxAttempts: 0, intervalSeconds: 1, backoffRate: 1, maxDelaySeconds: 1 },
  // Throttles and service hiccups: short waits, a few more attempts (each costs no run time).
  { errors: LAMBDA_SERVICE_ERRORS, maxAttempts: 4, intervalSeconds: 2, backoffRate: 2, maxDelaySeconds: 16 },
  // A failed run costs up to the function's timeout: two more tries.
  { errors: TASK_FAILURE_ERRORS, maxAttempts: 2, intervalSeconds: 2, backoffRate: 2, maxDelaySeconds: 16 },
];

/** An Express child workflow (the Map's worker, retries included) must end within 5 minutes. */
export const EXPRESS_DURATION_LIMIT_SECONDS = 300;

/** Waits of a retrier, worst case (full jitter only shortens them). */
export function retryWaitSeconds(retrier: Retrier): number {
  let total = 0;
  for (let attempt = 0; attempt < retrier.maxAttempts; attempt++) total += Math.min(retrier.intervalSeconds * retrier.backoffRate ** attempt, retrier.maxDelaySeconds);
  return total;
}

/**
 * The longest a task can take with these retriers: every attempt that runs our code lasts the
 * whole timeout, every wait is its longest, and service errors (answered without running the
 * function) add only their waits.
 */
export function worstCaseTaskSeconds(timeoutSeconds: number, retriers: readonly Retrier[] = TASK_RETRIERS): number {
  const runs = 1 + retriers.filter((r) => r.errors === TASK_FAILURE_ERRORS).reduce((n, r) => n + r.maxAttempts, 0);
  return runs * timeoutSeconds + retriers.reduce((sum, r) => sum + retryWaitSeconds(r), 0);
}

/** The longest worker timeout whose retries still fit an Express child's 5 minutes. */
export function maxExpressWorkerTimeoutSeconds(retriers: readonly Retrier[] = TASK_RETRIERS): number {
  const waits = retriers.reduce((sum, r) => sum + retryWaitSeconds(r), 0);
  const runs = worstCaseTaskSeconds(1, retriers) - waits;
  return Math.floor((EXPRESS_DURATION_LIMIT_SECONDS - waits) / runs);
}
