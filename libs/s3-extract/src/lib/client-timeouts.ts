/**
 * Timeouts for an AWS SDK v3 client (S3 or DynamoDB alike: they are settings of the SDK's Node HTTP
 * handler, not of a service). Without them the SDK waits for ever on a peer that accepted a
 * connection and went silent, and no retry can start.
 */
export interface ClientTimeoutOptions {
  /** Longest wait for a TCP connection (and TLS handshake) to open, in ms. Default: 5,000. */
  readonly connectionTimeout?: number;
  /**
   * Longest silence on an open connection, in ms, either way: catches a peer that stalls before or
   * during an answer, and never cuts one that keeps sending, however slowly. (The SDK's `socketTimeout`.)
   * Default: 30,000.
   */
  readonly idleTimeout?: number;
  /**
   * Longest time from sending a request to the first bytes of its answer, in ms, the request's own
   * body included (an 8 MiB upload part on a slow link). Caps a peer that trickles. Default: 300,000.
   */
  readonly requestTimeout?: number;
}

/** The `requestHandler` settings `clientTimeouts` builds: `NodeHttpHandlerOptions` of `@smithy/node-http-handler`. */
export interface ClientTimeouts {
  readonly requestHandler: {
    readonly connectionTimeout: number;
    readonly socketTimeout: number;
    readonly requestTimeout: number;
    /** Without it the SDK only logs a warning when requestTimeout passes. */
    readonly throwOnRequestTimeout: true;
  };
}

export const DEFAULT_CLIENT_TIMEOUTS: Required<ClientTimeoutOptions> = { connectionTimeout: 5_000, idleTimeout: 30_000, requestTimeout: 300_000 };

/**
 * Client settings that bound every request in time; spread them into the client's config:
 * `new S3Client({ ...config, ...clientTimeouts() })`, `new DynamoDBClient({ ...config, ...clientTimeouts() })`.
 * A request that times out fails with the SDK's `TimeoutError`, which the SDK retries like other
 * transient errors (its `maxAttempts`); this library then reports the endpoint (`EndpointUnavailableError`).
 */
export function clientTimeouts(options: ClientTimeoutOptions = {}): ClientTimeouts {
  const settings = { ...DEFAULT_CLIENT_TIMEOUTS, ...definedOnly(options) };
  for (const [name, value] of Object.entries(settings)) {
    if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`clientTimeouts: ${name} must be a positive number of milliseconds, got ${value}`);
  }
  return {
    requestHandler: {
      connectionTimeout: settings.connectionTimeout,
      socketTimeout: settings.idleTimeout,
      requestTimeout: settings.requestTimeout,
      throwOnRequestTimeout: true,
    },
  };
}

function definedOnly(options: ClientTimeoutOptions): ClientTimeoutOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
