import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { uniqueName } from '@ecomlake/local-stack';
import { lakePrefix } from '@ecomlake/partition-unit';
import { executionArn } from '../test-fixtures/execution';
import { handlerWorld, type HandlerWorld } from '../test-fixtures/handler-env';
import { beginLease, releaseRunLease, underLease } from './run-lease';

describe('working under the execution\u2019s lease', () => {
  let world: HandlerWorld;
  beforeAll(async () => {
    world = await handlerWorld();
  });
  afterAll(() => world?.restore());

  it('sends no write under the table\u2019s lake once the lease is no longer held; writes elsewhere pass', async () => {
    const name = uniqueName('exec');
    const owner = { execution: name, executionArn: executionArn(name) };
    const { token } = await beginLease(world.dynamodb, world.table, owner);
    const where = { table: world.table, bucket: world.bucket, lakePrefix: lakePrefix(world.table) };
    const part = `${lakePrefix(world.table)}orders/day=2010-12-01/part-x.parquet`;
    try {
      const outcome = await underLease(world, where, token, async (lease) => {
        await world.s3.send(new PutObjectCommand({ Bucket: world.bucket, Key: `${lakePrefix(world.table)}held.txt`, Body: 'held' }));
        // Released by this worker (a joined lease's release only stops its heartbeat): by its own account no longer held.
        await lease.release();
        const refused = await world.s3.send(new PutObjectCommand({ Bucket: world.bucket, Key: part, Body: 'late' })).then(
          () => undefined,
          (error: Error) => error,
        );
        // Outside the table's lake (the run's reports): not fenced.
        await world.s3.send(new PutObjectCommand({ Bucket: world.bucket, Key: `runs/${name}/note.txt`, Body: 'ok' }));
        return refused;
      });
      expect(outcome).toMatchObject({ name: 'LeaseLostError', reason: 'released' });
      await expect(world.s3.send(new HeadObjectCommand({ Bucket: world.bucket, Key: part }))).rejects.toMatchObject({ name: 'NotFound' });
      // The fence is gone with the work: the same client writes the lake again.
      await world.s3.send(new PutObjectCommand({ Bucket: world.bucket, Key: part, Body: 'after' }));
    } finally {
      expect(await releaseRunLease(world.dynamodb, world.table, owner)).toEqual({ released: true });
    }
  });
});
