import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { uniqueName } from '@ecomlake/local-stack';
import { ensureBucket } from './ensure-bucket';
import { S3EndpointUnreachableError } from './errors';
import { testClient } from '../test-fixtures/s3';

describe('ensureBucket', () => {
  const client = testClient();
  afterAll(() => client.destroy());

  test('creates a missing bucket once, then finds it', async () => {
    const bucket = uniqueName('ensure');
    expect(await ensureBucket(client, bucket)).toEqual({ created: true });
    expect(await ensureBucket(client, bucket)).toEqual({ created: false });
    await expect(client.send(new HeadBucketCommand({ Bucket: bucket }))).resolves.toBeDefined();
  });

  test('an unreachable endpoint is a typed error naming it', async () => {
    const dead = new S3Client({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    const error = await ensureBucket(dead, 'any-bucket').catch((e: unknown) => e);
    dead.destroy();
    expect(error).toBeInstanceOf(S3EndpointUnreachableError);
    expect((error as Error).message).toContain('127.0.0.1:9');
  });
});
