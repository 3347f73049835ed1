import type { S3Client } from '@aws-sdk/client-s3';
import { testStack } from '@ecomlake/local-stack';
import { collect, freshBucket, putText, testClient } from '../test-fixtures/s3';
import { BucketNotFoundError } from './errors';
import { listObjects } from './list-objects';

describe('listObjects', () => {
  let client: S3Client;
  let bucket: string;
  const keys = ['by-day/2011-01-05.csv', 'by-day/2011-01-04.csv', 'by-day/2010-12-01.csv', 'by-dayz/x.csv', 'other/y.csv'];

  beforeAll(async () => {
    client = testClient();
    bucket = await freshBucket(client);
    for (const key of keys) await putText(client, bucket, key, `content of ${key}`);
  });
  afterAll(() => client.destroy());

  // Not 'by-day-old/': s3rver lists folder by folder, so it returns that after 'by-day/...' (S3 returns it
  // before) and its paging then skips it. Real S3 is not affected.
  it('yields every object across pages, in key order', async () => {
    const listed = await collect(listObjects(client, `s3://${bucket}/`, { pageSize: 2 }));
    expect(listed.map((o) => o.key)).toEqual([...keys].sort());
  });

  it('restricts to a folder when the prefix ends with a slash', async () => {
    const listed = await collect(listObjects(client, `s3://${bucket}/by-day/`, { pageSize: 1 }));
    expect(listed.map((o) => o.key)).toEqual(['by-day/2010-12-01.csv', 'by-day/2011-01-04.csv', 'by-day/2011-01-05.csv']);
  });

  it('reports size, ETag and the s3 URI of each object', async () => {
    const [first] = await collect(listObjects(client, `s3://${bucket}/other/`));
    expect(first).toMatchObject({ bucket, key: 'other/y.csv', uri: `s3://${bucket}/other/y.csv`, size: 'content of other/y.csv'.length });
    expect(first.etag).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('accepts client settings instead of a client', async () => {
    const listed = await collect(listObjects(testStack().s3, `s3://${bucket}/other/`));
    expect(listed).toHaveLength(1);
  });

  it('yields nothing for an empty prefix', async () => {
    expect(await collect(listObjects(client, `s3://${bucket}/nothing-here/`))).toEqual([]);
  });

  it('throws BucketNotFoundError for a missing bucket', async () => {
    await expect(collect(listObjects(client, 's3://no-such-bucket-s3x/'))).rejects.toBeInstanceOf(BucketNotFoundError);
  });
});
