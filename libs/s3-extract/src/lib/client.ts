import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { clientTimeouts, type ClientTimeoutOptions } from './client-timeouts';

/**
 * A ready client, or the settings to make one. A client made here lives for one call
 * (or one iteration) and is destroyed after it; pass a client to reuse connections.
 * Settings without a `requestHandler` get `clientTimeouts()`' defaults.
 */
export type S3ClientOrConfig = S3Client | S3ClientConfig;

export interface HeldClient {
  readonly client: S3Client;
  /** Destroys the client if it was made here; a no-op for a caller's client. */
  release(): void;
}

/** Duck-typed so that a caller's client from another copy of the SDK is accepted too. */
export function holdClient(clientOrConfig: S3ClientOrConfig): HeldClient {
  if (typeof (clientOrConfig as S3Client).send === 'function') {
    return { client: clientOrConfig as S3Client, release: () => undefined };
  }
  const client = new S3Client({ ...clientTimeouts(), ...(clientOrConfig as S3ClientConfig) });
  return { client, release: () => client.destroy() };
}

export interface S3ClientSettings {
  /** The AWS region. Default: the SDK's own resolution (`AWS_REGION`, the profile). */
  readonly region?: string;
  /**
   * An S3-compatible server's URL (`AWS_ENDPOINT_URL_S3`): MinIO, s3rver, a gateway. Default:
   * AWS's own endpoint. Such servers get path-style addressing (they rarely serve bucket
   * subdomains) and checksums only where the API requires them (many reject the newer ones).
   */
  readonly endpoint?: string;
  /** How long a request may take. Default: `clientTimeouts()`' defaults. */
  readonly timeouts?: ClientTimeoutOptions;
}

/**
 * The one S3 client configuration both apps use: bounded in time (`clientTimeouts`), and
 * compatible with S3-speaking servers when `endpoint` is set. `new S3Client(s3ClientConfig({ region, endpoint }))`.
 */
export function s3ClientConfig(settings: S3ClientSettings = {}): S3ClientConfig {
  const { region, endpoint, timeouts } = settings;
  return {
    ...(region && { region }),
    ...clientTimeouts(timeouts),
    ...(endpoint && { endpoint, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
  };
}

/** Runs `use` with a client and releases it afterwards. */
export async function withClient<T>(clientOrConfig: S3ClientOrConfig, use: (client: S3Client) => Promise<T>): Promise<T> {
  const held = holdClient(clientOrConfig);
  try {
    return await use(held.client);
  } finally {
    held.release();
  }
}
