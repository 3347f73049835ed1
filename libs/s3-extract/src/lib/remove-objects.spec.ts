import type { S3Client } from '@aws-sdk/client-s3';
import { collect, freshBucket, putText, testClient } from '../test-fixtures/s3';
import { listObjects } from './list-objects';
import { removeStaleObjects } from './remove-objects';

describe('removeStaleObjects', () => {
  let client: S3Client;
  let bucket: string;

  beforeAll(async () => {
    client = testClient();
    bucket = await freshBucket(client);
  });
  afterAll(() => client.destroy());

  const keys = async (prefix: string) => (await collect(listObjects(client, `s3://${bucket}/${prefix}`))).map((o) => o.key).sort();

  it('deletes every object under the folder but the kept keys, and returns the deleted keys sorted', async () => {
    const parts = [
      'clean/orders/day=2011-12-07/part-a.parquet',
      'clean/orders/day=2011-12-08/part-a.parquet',
      'clean/orders/day=2011-12-08/part-b.parquet',
      'clean/orders/day=2011-12-09/part-c.parquet',
      'clean/orders/day=2011-12-10/part-d.parquet',
    ];
    // Beside the folder, never under it: a longer name and a parent-level file.
    const others = ['clean/orders-old/day=2011-12-07/part-a.parquet', 'clean/orders.json'];
    for (const key of [...parts, ...others]) await putText(client, bucket, key, key);
    const keep = new Set(['clean/orders/day=2011-12-08/part-b.parquet', 'clean/orders/day=2011-12-09/part-c.parquet', 'clean/orders/day=2011-12-11/part-e.parquet']);

    const removed = await removeStaleObjects(client, `s3://${bucket}/clean/orders`, keep);

    expect(removed).toEqual(['clean/orders/day=2011-12-07/part-a.parquet', 'clean/orders/day=2011-12-08/part-a.parquet', 'clean/orders/day=2011-12-10/part-d.parquet']);
    expect(await keys('clean/')).toEqual([
      'clean/orders-old/day=2011-12-07/part-a.parquet',
      'clean/orders.json',
      'clean/orders/day=2011-12-08/part-b.parquet',
      'clean/orders/day=2011-12-09/part-c.parquet',
    ]);
    // A second run finds nothing stale.
    expect(await removeStaleObjects(client, `s3://${bucket}/clean/orders/`, keep)).toEqual([]);
  });

  it('refuses to clear a whole bucket, and stops when aborted', async () => {
    await expect(removeStaleObjects(client, `s3://${bucket}`, new Set())).rejects.toThrow(RangeError);
    await expect(removeStaleObjects(client, `s3://${bucket}/`, new Set())).rejects.toThrow(/will not clear a whole bucket/);
    await putText(client, bucket, 'aborted/x.csv', 'x');
    const controller = new AbortController();
    controller.abort();
    await expect(removeStaleObjects(client, `s3://${bucket}/aborted/`, new Set(), { signal: controller.signal })).rejects.toThrow();
    expect(await keys('aborted/')).toEqual(['aborted/x.csv']);
  });
});
