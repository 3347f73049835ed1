import { errorCode, isTimeout } from './send';

/** Error names DynamoDB uses when it sheds load; retry later, and send less meanwhile. */
const THROTTLES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

/** Server-side timeouts (names the SDK's own retry takes as transient) and our unreachable endpoint. */
const TRANSIENT = new Set(['RequestTimeout', 'RequestTimeoutException', 'EndpointUnreachableError']);

/** Socket failures after a connection existed: the request may or may not have run. */
const NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ECONNREFUSED', 'EAI_AGAIN']);

interface SdkErrorShape {
  name?: string;
  code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
}

export function isThrottle(error: unknown): boolean {
  return THROTTLES.has((error as SdkErrorShape)?.name ?? '');
}

/**
 * Worth sending again: throttling, server faults (5xx), broken connections and timeouts (the
 * client's, see `isTimeout`). Safe for writes here because a PutRequest of the same item is idempotent.
 */
export function isRetryable(error: unknown): boolean {
  const shape = (error ?? {}) as SdkErrorShape;
  if (isThrottle(error)) return true;
  if ((shape.$metadata?.httpStatusCode ?? 0) >= 500 || shape.$fault === 'server') return true;
  if (errorCode(error, NETWORK) || isTimeout(error)) return true;
  if (TRANSIENT.has(shape.name ?? '')) return true;
  return /socket hang up/i.test(String((error as Error)?.message ?? ''));
}

export function describeError(error: unknown): string {
  const shape = (error ?? {}) as SdkErrorShape & { message?: string };
  return `${shape.name ?? 'Error'}: ${shape.message ?? String(error)}`;
}
