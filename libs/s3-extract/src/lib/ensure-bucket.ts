import { CreateBucketCommand, HeadBucketCommand, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { withClient, type S3ClientOrConfig } from './client';
import { errorOrigin, s3Call } from './map-error';

export interface EnsureBucketOptions {
  /** Region for a new bucket outside us-east-1 (S3's LocationConstraint). Default: none. */
  readonly region?: string;
}

/**
 * Creates the bucket unless it exists (HeadBucket first, so an existing bucket needs only
 * read permission). Returns whether it was created. Access and endpoint failures are typed.
 */
export async function ensureBucket(clientOrConfig: S3ClientOrConfig, bucket: string, options: EnsureBucketOptions = {}): Promise<{ created: boolean }> {
  return withClient(clientOrConfig, async (client) => {
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
      return { created: false };
    } catch (error) {
      if (errorOrigin(error).httpStatus !== 404) {
        // Not "missing": unreachable endpoint or access denied; the typed mapping says which.
        await s3Call(client, { bucket }, () => Promise.reject(error));
      }
    }
    const { region } = options;
    const configuration = region && region !== 'us-east-1' ? { LocationConstraint: region as BucketLocationConstraint } : undefined;
    await s3Call(client, { bucket }, () => client.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: configuration })));
    return { created: true };
  });
}
