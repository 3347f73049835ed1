import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { clientTimeouts } from './client-timeouts';

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

/** Runs `use` with a client and releases it afterwards. */
export async function withClient<T>(clientOrConfig: S3ClientOrConfig, use: (client: S3Client) => Promise<T>): Promise<T> {
  const held = holdClient(clientOrConfig);
  try {
    return await use(held.client);
  } finally {
    held.release();
  }
}
