// Real days through the AWS handlers (e2e target only). Not all 305: the local app's own e2e
// (apps/pipeline real-dataset.spec.ts) loads the whole dataset and checks it against the
// reference figures, and both apps run the same partition unit. What this suite adds is that the
// handlers, in the order the state machine gives, end in the same quality report and the same
// table as the local unit on the same objects: so it takes the days where something differs,
// every cleaning rule and quarantine reason at its busiest day, the largest and smallest days,
// the first and the last (about 20 days, a tenth of the lines, ~1 minute instead of ~17).
// ECOMLAKE_AWS_E2E_DAYS=all takes every day.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { cleanFile } from '@ecomlake/cleaning';
import { uniqueName } from '@ecomlake/local-stack';
import { reducePartitions } from '@ecomlake/partition-unit';
import { BY_DAY, dataLines, handlerWorld, loadLocally, tableRecords, uploadDays, type HandlerWorld } from '../test-fixtures/handler-env';
import { runExecution } from '../test-fixtures/execution';
import { listedItems } from '../test-fixtures/step-functions';
import { stateMachineDefinition, synthTemplate } from '../test-fixtures/template';
import { handler as reduce, type ReduceOutput } from './reduce';
import { readJson } from './s3-json';
import { handler as worker } from './worker';

const ALL_FILES = readdirSync(BY_DAY).filter((f) => f.endsWith('.csv')).sort();

/** The days that exercise each thing a day can hold: chosen from what cleaning finds in them, not by hand. */
async function representativeDays(files: readonly string[]): Promise<string[]> {
  const reports = await Promise.all(files.map(async (file) => ({ file, partition: await cleanFile(path.join(BY_DAY, file)) })));
  const chosen = new Set<string>([files[0], files[files.length - 1]]);
  const busiest = (score: (p: (typeof reports)[number]['partition']) => number): void => {
    const best = reports.reduce((a, b) => (score(b.partition) > score(a.partition) ? b : a));
    if (score(best.partition) > 0) chosen.add(best.file);
  };
  busiest((p) => p.report.items);
  busiest((p) => -p.report.items);
  busiest((p) => p.report.guests);
  busiest((p) => p.report.combinedLines);
  busiest((p) => p.report.nonProductLines);
  const rules = new Set(reports.flatMap((r) => r.partition.report.rules.filter((rule) => rule.count > 0).map((rule) => rule.id)));
  for (const id of rules) busiest((p) => p.report.rules.find((rule) => rule.id === id)?.count ?? 0);
  const reasons = new Set(reports.flatMap((r) => r.partition.quarantine.array('reason') as string[]));
  for (const reason of reasons) busiest((p) => (p.quarantine.array('reason') as string[]).filter((r) => r === reason).length);
  return [...chosen].sort();
}

describe('the AWS handlers over real days', () => {
  let world: HandlerWorld;
  let FILES: string[];
  beforeAll(async () => {
    FILES = process.env.ECOMLAKE_AWS_E2E_DAYS === 'all' ? ALL_FILES : await representativeDays(ALL_FILES);
    world = await handlerWorld();
    await uploadDays(world.s3, world.bucket, FILES);
  });
  afterAll(() => world?.restore());

  it('give the quality report and the table the local app gives on the same objects', async () => {
    const items = await listedItems(world.s3, world.bucket, 'raw/');
    expect(items).toHaveLength(FILES.length);
    // One execution as the definition orders it: lease, first pass, check, load, reduce, release.
    const execution = uniqueName('exec');
    const run = await runExecution({ definition: stateMachineDefinition(synthTemplate().template), s3: world.s3, bucket: world.bucket, name: execution, worker, reduce });
    expect(run.error).toBeUndefined();
    expect((run.state.reduce as ReduceOutput).partitions).toBe(FILES.length);
    const quality = await readJson<Record<string, unknown>>(world.s3, world.bucket, `runs/${execution}/quality-report.json`);
    // Every line of the chosen files, counted from the files by hand (541,909 over all 305).
    expect(quality.rowsIn).toBe(dataLines(FILES));

    const localTable = uniqueName('orders-local');
    const local = await loadLocally(world.s3, world.dynamodb, world.bucket, localTable, items);
    expect(quality).toEqual({ runId: execution, ...JSON.parse(JSON.stringify(reducePartitions(local).report)) });
    const [aws, mine] = await Promise.all([tableRecords(world.dynamodb, world.table), tableRecords(world.dynamodb, localTable)]);
    expect(aws.length).toBe(mine.length);
    expect(aws).toEqual(mine);
  }, 45 * 60_000); // all 305 days: two loads of ~520,000 items into one DynamoDB Local, ~10 minutes each on 2 cores
});
