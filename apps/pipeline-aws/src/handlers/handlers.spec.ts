import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { uniqueName } from '@ecomlake/local-stack';
import { reducePartitions, type CostPreview, type PartitionResult } from '@ecomlake/partition-unit';
import { dataLines, handlerWorld, loadLocally, tableRecords, uploadDays, type HandlerWorld } from '../test-fixtures/handler-env';
import { listedItems, writeMapRunResults, type ChildOutcome } from '../test-fixtures/step-functions';
import { handler as analytics } from './analytics';
import { handler as reduce } from './reduce';
import { readJson } from './s3-json';
import { handler as worker } from './worker';
import { readWorkerOutput, workerOutput, type WorkerOutput } from './worker-output';

// Six real days: ~16,000 lines, a few seconds per load on DynamoDB Local. The whole dataset runs in real-dataset.spec.ts (e2e).
const DAYS = ['2010-12-01.csv', '2010-12-02.csv', '2010-12-03.csv', '2010-12-05.csv', '2010-12-06.csv', '2010-12-07.csv'];

describe('the handlers, in-process against the embedded stack, on the events Step Functions sends', () => {
  let world: HandlerWorld;
  let outcomes: { input: unknown; output: WorkerOutput }[];
  let results: PartitionResult[];

  beforeAll(async () => {
    // Powertools' JSON logs and EMF lines would flood the test output; shipped-bundles.spec.ts checks them.
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    world = await handlerWorld();
    await uploadDays(world.s3, world.bucket, DAYS);
    const items = await listedItems(world.s3, world.bucket, 'raw/');
    // Four children with one item each, all at once, and one child with an ItemBatcher batch of two.
    const singles = items.slice(0, 4);
    const batch = { Items: items.slice(4), BatchInput: { source: 'test' } };
    const outputs = await Promise.all([...singles.map((item) => worker(item)), worker(batch)]);
    outcomes = [...singles.map((input, i) => ({ input, output: outputs[i] })), { input: batch, output: outputs[4] }];
    results = (await Promise.all(outputs.map((o) => readWorkerOutput(o, world.s3)))).flat();
  });
  afterAll(() => world?.restore());

  it('runs the partition unit once per listed object, single or batched, keyed by the object under raw/', () => {
    expect(results.map((r) => r.id).sort()).toEqual(DAYS);
    expect(results.every((r) => r.load?.status === 'loaded')).toBe(true);
    // Each day's clean orders went to the lake as one Hive partition.
    expect(results.flatMap((r) => r.lake.filter((p) => p.dataset === 'orders').map((p) => p.day)).sort()).toEqual(DAYS.map((d) => d.replace('.csv', '')));
  });

  it('reduces the ResultWriter output to the quality report and the table the local app gets from the same objects', async () => {
    const execution = uniqueName('exec');
    const resultWriter = await writeMapRunResults(world.s3, world.bucket, `runs/${execution}/map`, outcomes);
    const out = await reduce({ execution, prefix: 'raw/', resultWriter });
    expect(out).toEqual({
      execution,
      qualityReport: `s3://${world.bucket}/runs/${execution}/quality-report.json`,
      runSummary: `s3://${world.bucket}/runs/${execution}/run-summary.json`,
      partitions: DAYS.length,
      items: expect.any(Number),
      skippedObjects: 0,
    });
    const quality = await readJson<Record<string, unknown>>(world.s3, world.bucket, `runs/${execution}/quality-report.json`);
    // Counted by hand from the files: every line is in the report.
    expect(quality.rowsIn).toBe(dataLines(DAYS));

    const localTable = uniqueName('orders-local');
    const local = await loadLocally(world.s3, world.dynamodb, world.bucket, localTable, await listedItems(world.s3, world.bucket, 'raw/'));
    expect(quality).toEqual({ runId: execution, ...JSON.parse(JSON.stringify(reducePartitions(local).report)) });
    const [aws, mine] = await Promise.all([tableRecords(world.dynamodb, world.table), tableRecords(world.dynamodb, localTable)]);
    expect(aws.length).toBeGreaterThan(out.items);
    expect(aws).toEqual(mine);

    const summary = await readJson<{ load: { written: number; consumedCapacity: number }; cost: CostPreview }>(
      world.s3,
      world.bucket,
      `runs/${execution}/run-summary.json`,
    );
    expect(summary.load.written).toBe(out.items);
    const { run, scaled } = summary.cost;
    expect(run.writeUnits).toBeCloseTo(summary.load.consumedCapacity, 0);
    // On-demand at $0.625 per million write units; 10x and 100x the dataset at this run's units per item.
    expect(run.usd).toBeCloseTo((summary.load.consumedCapacity * 0.625 + run.readUnits * 0.125) / 1e6, 4);
    expect(scaled.map((s) => [s.factor, s.items])).toEqual([1, 10, 100].map((f) => [f, f * out.items]));
    expect(scaled[2].load.writeUnits).toBeCloseTo(100 * summary.load.consumedCapacity, -1);
  });

  it('writes the charts and report.html of the loaded table under runs/<execution>/report/', async () => {
    const execution = uniqueName('exec');
    await reduce({ execution, prefix: 'raw/', resultWriter: await writeMapRunResults(world.s3, world.bucket, `runs/${execution}/map`, outcomes) });
    const out = await analytics({ execution });
    const listed = await world.s3.send(new ListObjectsV2Command({ Bucket: world.bucket, Prefix: `runs/${execution}/report/` }));
    const names = (listed.Contents ?? []).map((o) => String(o.Key).slice(`runs/${execution}/report/`.length)).sort();
    expect(names).toEqual([...out.files].sort());
    expect(names).toEqual(expect.arrayContaining(['report.html', 'figures.json']));
    expect(names.some((n) => n.endsWith('.svg'))).toBe(true);
  });

  it('fails the run, naming the first failure, when the map run has FAILED children; nothing is reported', async () => {
    const execution = uniqueName('exec');
    const failed: ChildOutcome = { input: outcomes[0].input, error: 'PartitionLoadError', cause: 'partition 2010-12-01.csv: 3 items could not be written' };
    const resultWriter = await writeMapRunResults(world.s3, world.bucket, `runs/${execution}/map`, [...outcomes.slice(1), failed]);
    await expect(reduce({ execution, prefix: 'raw/', resultWriter })).rejects.toThrow(
      /1 FAILED and 0 PENDING result files; first: PartitionLoadError: partition 2010-12-01\.csv: 3 items could not be written .*Nothing was reduced or pruned/,
    );
    await expect(readJson(world.s3, world.bucket, `runs/${execution}/quality-report.json`)).rejects.toThrow(/NoSuchKey/);
  });

  it('fails the run when the partition reports do not balance', async () => {
    const execution = uniqueName('exec');
    const [first, ...rest] = outcomes;
    const output = first.output as { results: PartitionResult[] };
    const tampered = { results: [{ ...output.results[0], report: { ...output.results[0].report, rowsIn: output.results[0].report.rowsIn + 1 } }] };
    const resultWriter = await writeMapRunResults(world.s3, world.bucket, `runs/${execution}/map`, [{ input: first.input, output: tampered }, ...rest]);
    await expect(reduce({ execution, prefix: 'raw/', resultWriter })).rejects.toMatchObject({ name: 'ReconciliationError' });
  });

  it('fails the run when a partition comes back twice', async () => {
    const execution = uniqueName('exec');
    const resultWriter = await writeMapRunResults(world.s3, world.bucket, `runs/${execution}/map`, [...outcomes, outcomes[0]]);
    await expect(reduce({ execution, prefix: 'raw/', resultWriter })).rejects.toThrow('partition "2010-12-01.csv" is given twice');
  });

  it('skips what a run does not take (a marker, a note, an archived day) without reading it, and the reduce lists it', async () => {
    // None of these exist in the bucket: a read would fail the child, so passing proves none was read.
    const item = (Key: string, StorageClass = 'STANDARD', Size = 0): Record<string, unknown> => ({ Key, Etag: '"d41d8cd98f00b204e9800998ecf8427e"', Size, LastModified: 1_700_000_000, StorageClass });
    const strays = { Items: [item('raw/_SUCCESS'), item('raw/notes/README.txt', 'STANDARD', 12), item('raw/2009-01-01.csv', 'DEEP_ARCHIVE', 9_000), item('raw/old/')] };
    const output = await worker(strays);
    expect(output).toEqual({
      results: [],
      skipped: [
        { key: 'raw/_SUCCESS', size: 0, reason: 'folder-marker', detail: 'raw/_SUCCESS: a folder marker written by a tool (no data)' },
        { key: 'raw/notes/README.txt', size: 12, reason: 'not-csv', detail: 'raw/notes/README.txt: not a .csv or .csv.gz object; rename it to include it' },
        { key: 'raw/2009-01-01.csv', size: 9_000, reason: 'archived', detail: 'raw/2009-01-01.csv: archived in DEEP_ARCHIVE; restore it (S3 RestoreObject) and run again to include it' },
        { key: 'raw/old/', size: 0, reason: 'folder-marker', detail: 'raw/old/: a folder marker written by a tool (no data)' },
      ],
    });
    // A lone marker is a child of its own when the Map has no ItemBatcher: still no failure.
    expect(await worker(item('raw/_SUCCESS'))).toEqual({ results: [], skipped: [expect.objectContaining({ key: 'raw/_SUCCESS', reason: 'folder-marker' })] });

    const execution = uniqueName('exec');
    const resultWriter = await writeMapRunResults(world.s3, world.bucket, `runs/${execution}/map`, [...outcomes, { input: strays, output }]);
    const out = await reduce({ execution, prefix: 'raw/', resultWriter });
    expect(out).toMatchObject({ partitions: DAYS.length, skippedObjects: 4 });
    const summary = await readJson<{ skippedObjects: { key: string; reason: string }[]; prune: string }>(world.s3, world.bucket, `runs/${execution}/run-summary.json`);
    // An archived object is still input: pruning would drop its partition from the table.
    expect(summary.prune).toBe('skipped: 1 archived object(s) were not read (first: raw/2009-01-01.csv); their partitions were kept. Restore them and run again to prune');
    expect(summary.skippedObjects.map((s) => [s.key, s.reason])).toEqual([
      ['raw/2009-01-01.csv', 'archived'],
      ['raw/_SUCCESS', 'folder-marker'],
      ['raw/notes/README.txt', 'not-csv'],
      ['raw/old/', 'folder-marker'],
    ]);
  });

  it('takes the ETag spelling of S3\'s API as well as the ItemReader\'s Etag', async () => {
    const { Etag, ...rest } = (await listedItems(world.s3, world.bucket, 'raw/2010-12-01'))[0];
    const output = await worker({ ...rest, ETag: Etag });
    expect('results' in output && output.results.map((r) => [r.id, r.etag])).toEqual([['2010-12-01.csv', Etag]]);
  });

  it('names a wrongly wired event instead of failing somewhere inside', async () => {
    await expect(worker({ key: 'raw/x.csv' })).rejects.toThrow('worker event item 0: expected a listObjectsV2 item {Key, Etag, Size, LastModified, StorageClass}');
    await expect(reduce({ execution: 'x' })).rejects.toThrow('reduce event: expected {execution, prefix, resultWriter: {MapRunArn, ResultWriterDetails: {Bucket, Key}}}');
  });

  it('keeps results over the size limit out of the state: written to S3, read back by the reduce', async () => {
    const spilled = await workerOutput(results.slice(0, 2), { s3: world.s3, bucket: world.bucket, prefix: 'runs/partition-results/', limit: 1_000 });
    expect('spilled' in spilled && spilled.spilled.key).toMatch(/^runs\/partition-results\/[0-9a-f]{64}\.json$/);
    expect(JSON.stringify(spilled).length).toBeLessThan(400);
    expect(await readWorkerOutput(spilled, world.s3)).toEqual(JSON.parse(JSON.stringify(results.slice(0, 2))));
    // And the reduce takes it like any inline output.
    const execution = uniqueName('exec');
    const others = outcomes.filter((o) => !('results' in o.output && o.output.results.some((r) => r.id === results[0].id || r.id === results[1].id)));
    const resultWriter = await writeMapRunResults(world.s3, world.bucket, `runs/${execution}/map`, [...others, { input: {}, output: spilled }]);
    const out = await reduce({ execution, prefix: 'raw/', resultWriter });
    expect(out.partitions).toBe(DAYS.length);
  });

  it('keeps the table and the lake when the run listed only part of raw/ (pruning would drop the rest)', async () => {
    const execution = uniqueName('exec');
    const one = outcomes.slice(0, 1);
    const before = (await tableRecords(world.dynamodb, world.table)).length;
    const out = await reduce({ execution, prefix: 'raw/2010-12-01', resultWriter: await writeMapRunResults(world.s3, world.bucket, `runs/${execution}/map`, one) });
    expect(out.partitions).toBe(1);
    expect((await tableRecords(world.dynamodb, world.table)).length).toBe(before);
    const summary = await readJson<{ prune: string; load: { written: number; consumedCapacity: number }; cost: CostPreview }>(
      world.s3,
      world.bucket,
      `runs/${execution}/run-summary.json`,
    );
    expect(summary.prune).toBe('skipped: the run listed raw/2010-12-01, not the whole raw/; partitions outside it were kept');
    // One day's own rate (fewer customer-index entries than the dataset's 2.747), not the measured default.
    expect(summary.cost.writeUnitsPerItem).toBe(Math.round((summary.load.consumedCapacity / summary.load.written) * 10_000) / 10_000);
    expect(summary.cost.writeUnitsPerItemMeasured).toBe(true);
  });
});
