/**
 * Additive-increase / multiplicative-decrease concurrency, as TCP does for congestion:
 * halve the allowed requests in flight when the server throttles, grow back by about one
 * per round of successes.
 */
export interface Aimd {
  /** Requests currently allowed in flight (≥ 1). */
  readonly limit: number;
  /** Taken when a request is sent; hand it back to onThrottle. */
  ticket(): number;
  /** A request sent under `ticket` was throttled. */
  onThrottle(ticket: number): void;
  onSuccess(): void;
}

export function createAimd(max: number, min = 1): Aimd {
  if (!(max >= 1)) throw new RangeError(`concurrency must be ≥ 1, got ${max}`);
  let limit = max;
  // Requests already in flight when we halved were sent under the old limit; their
  // throttles describe the past and must not halve again (one cut per congestion event).
  let epoch = 0;
  return {
    get limit() {
      return Math.max(min, Math.floor(limit));
    },
    ticket: () => epoch,
    onThrottle(ticket) {
      if (ticket !== epoch) return;
      epoch += 1;
      limit = Math.max(min, limit / 2);
    },
    onSuccess() {
      limit = Math.min(max, limit + 1 / Math.max(1, limit));
    },
  };
}
