import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { testStack } from '@ecomlake/local-stack';
import { s3ClientConfig } from './client';
import { freshBucket } from '../test-fixtures/s3';

describe('s3ClientConfig', () => {
  it('bounds every request in time, and leaves region and endpoint to the SDK when not given', () => {
    const config = s3ClientConfig();
    expect(config).toEqual({ requestHandler: { connectionTimeout: 5_000, socketTimeout: 30_000, requestTimeout: 300_000, throwOnRequestTimeout: true } });
  });

  it('sets up an S3-compatible endpoint: path-style addressing, checksums only where required', () => {
    expect(s3ClientConfig({ region: 'eu-west-2', endpoint: 'http://127.0.0.1:9000', timeouts: { idleTimeout: 1_000 } })).toMatchObject({
      region: 'eu-west-2',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { socketTimeout: 1_000 },
    });
  });

  it('makes a client that writes and reads an object on an S3-speaking server (s3rver)', async () => {
    const { s3 } = testStack();
    const client = new S3Client({ ...s3ClientConfig({ region: s3.region, endpoint: s3.endpoint }), credentials: s3.credentials });
    try {
      const bucket = await freshBucket(client, 'client-config');
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'a/b.csv', Body: 'InvoiceNo\n536365\n' }));
      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/b.csv' }));
      expect(await got.Body?.transformToString()).toBe('InvoiceNo\n536365\n');
    } finally {
      client.destroy();
    }
  });
});
