import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { testStack } from '@ecomlake/local-stack';
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { freshBucket, testClient } from '../test-fixtures/s3';
import { AccessDeniedError, BucketNotFoundError, S3EndpointUnreachableError, ObjectNotFoundError } from './errors';
import { s3Call } from './map-error';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('mapping S3 failures to typed errors', () => {
  let client: S3Client;
  let bucket: string;
  beforeAll(async () => {
    client = testClient();
    bucket = await freshBucket(client);
  });
  afterAll(() => client.destroy());

  const get = (c: S3Client, b: string, key: string) => s3Call(c, { bucket: b, key }, () => c.send(new GetObjectCommand({ Bucket: b, Key: key })));
  const head = (c: S3Client, b: string, key: string) => s3Call(c, { bucket: b, key }, () => c.send(new HeadObjectCommand({ Bucket: b, Key: key })));

  it('a missing bucket is BucketNotFoundError, saying how to create it', async () => {
    const error = await get(client, 'no-such-bucket-s3x', 'k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BucketNotFoundError);
    expect((error as Error).message).toContain('aws s3 mb s3://no-such-bucket-s3x');
  });

  it('a missing key is ObjectNotFoundError', async () => {
    await expect(get(client, bucket, 'missing.csv')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it("tells HeadObject's bare 404 apart: missing key vs missing bucket", async () => {
    await expect(head(client, bucket, 'missing.csv')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(head(client, 'no-such-bucket-s3x', 'missing.csv')).rejects.toBeInstanceOf(BucketNotFoundError);
  });

  it('a rejected key pair is AccessDeniedError, and no part of the credentials is kept or printed', async () => {
    const secret = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCY-SECRET';
    const keyId = 'AKIAIOSFODNN7EXAMPLE';
    const denied = new S3Client({ ...testStack().s3, credentials: { accessKeyId: keyId, secretAccessKey: secret } });
    try {
      const error = await get(denied, bucket, 'k').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AccessDeniedError);
      const printed = inspect(error, { depth: 10, showHidden: true }) + String(error) + JSON.stringify(error);
      expect(printed).not.toContain(secret);
      expect(printed).not.toContain(keyId);
      expect((error as Error).message).toContain('credentials');
    } finally {
      denied.destroy();
    }
  });

  it('a closed port is S3EndpointUnreachableError naming the endpoint', async () => {
    const port = await closedPort();
    const dead = new S3Client({ ...testStack().s3, endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 });
    try {
      const error = await get(dead, bucket, 'k').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(S3EndpointUnreachableError);
      // Not DynamoDB's EndpointUnreachableError: an app handling both can tell them apart by name.
      expect((error as Error).name).toBe('S3EndpointUnreachableError');
      expect((error as Error).message).toContain(`http://127.0.0.1:${port}`);
      expect((error as S3EndpointUnreachableError).origin?.code).toBe('ECONNREFUSED');
    } finally {
      dead.destroy();
    }
  });

  it('passes other errors through unchanged', async () => {
    const boom = new Error('boom');
    await expect(s3Call(client, { bucket }, () => Promise.reject(boom))).rejects.toBe(boom);
  });
});
