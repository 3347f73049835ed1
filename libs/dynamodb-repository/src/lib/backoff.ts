/** Retry timing shared by the loader and anything else that retries. */
export interface BackoffOptions {
  /** First retry waits up to this long. Default 50 ms. */
  baseDelayMs?: number;
  /** No wait exceeds this. Default 5 000 ms. */
  maxDelayMs?: number;
  /** Source of randomness in [0, 1); injectable for tests. Default Math.random. */
  random?: () => number;
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): a uniform wait in [0, min(max, base·2^attempt)), so retrying clients spread out
 * instead of hitting the server again in lockstep.
 */
export function fullJitterDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseDelayMs = 50, maxDelayMs = 5_000, random = Math.random } = options;
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}
