// The whole real dataset through the AWS handlers (e2e target only: minutes).
import { readdirSync } from 'node:fs';
import { uniqueName } from '@ecomlake/local-stack';
import { reducePartitions } from '@ecomlake/partition-unit';
import { BY_DAY, dataLines, handlerWorld, loadLocally, tableRecords, uploadDays, type HandlerWorld } from '../test-fixtures/handler-env';
import { runExecution } from '../test-fixtures/execution';
import { listedItems } from '../test-fixtures/step-functions';
import { stateMachineDefinition, synthTemplate } from '../test-fixtures/template';
import { handler as reduce, type ReduceOutput } from './reduce';
import { readJson } from './s3-json';
import { handler as worker } from './worker';

const FILES = readdirSync(BY_DAY).filter((f) => f.endsWith('.csv')).sort();

describe('the AWS handlers over the whole real dataset', () => {
  let world: HandlerWorld;
  beforeAll(async () => {
    world = await handlerWorld();
    await uploadDays(world.s3, world.bucket, FILES);
  });
  afterAll(() => world?.restore());

  it('give the quality report and the table the local app gives on the same 305 objects', async () => {
    const items = await listedItems(world.s3, world.bucket, 'raw/');
    expect(items).toHaveLength(FILES.length);
    // One execution as the definition orders it: lease, first pass, check, load, reduce, release.
    const execution = uniqueName('exec');
    const run = await runExecution({ definition: stateMachineDefinition(synthTemplate().template), s3: world.s3, bucket: world.bucket, name: execution, worker, reduce });
    expect(run.error).toBeUndefined();
    expect((run.state.reduce as ReduceOutput).partitions).toBe(FILES.length);
    const quality = await readJson<Record<string, unknown>>(world.s3, world.bucket, `runs/${execution}/quality-report.json`);
    // 541,909 lines, counted from the files by hand.
    expect(quality.rowsIn).toBe(dataLines(FILES));
    expect(quality.rowsIn).toBe(541_909);

    const localTable = uniqueName('orders-local');
    const local = await loadLocally(world.s3, world.dynamodb, world.bucket, localTable, items);
    expect(quality).toEqual({ runId: execution, ...JSON.parse(JSON.stringify(reducePartitions(local).report)) });
    const [aws, mine] = await Promise.all([tableRecords(world.dynamodb, world.table), tableRecords(world.dynamodb, localTable)]);
    expect(aws.length).toBe(mine.length);
    expect(aws).toEqual(mine);
  }, 45 * 60_000); // two loads of ~520,000 items into one DynamoDB Local: ~10 minutes each on 2 cores
});
