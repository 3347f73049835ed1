import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { readLease, readTableRunState } from '@ecomlake/dynamodb-repository';
import { uniqueName } from '@ecomlake/local-stack';
import { reducePartitions, type CostPreview, type PartitionResult } from '@ecomlake/partition-unit';
import { executionArn, holdRun, runExecution, type ExecutionOutcome } from '../test-fixtures/execution';
import { BY_DAY, dataLines, handlerWorld, loadLocally, tableRecords, uploadDays, type HandlerWorld } from '../test-fixtures/handler-env';
import { mapBatch } from '../test-fixtures/state-input';
import { listedItems, readMapOutcomes, writeMapRunResults, type ChildOutcome } from '../test-fixtures/step-functions';
import { stateMachineDefinition, synthTemplate, type AslDefinition } from '../test-fixtures/template';
import type { ResultWriterOutput } from './events';
import { handler as analytics } from './analytics';
import { handler as reduce, type ReduceOutput } from './reduce';
import { readJson } from './s3-json';
import { handler as worker } from './worker';
import { readWorkerOutput, workerOutput, type WorkerOutput } from './worker-output';

const DAYS = ['2010-12-01.csv', '2010-12-02.csv', '2010-12-03.csv'];

/** Keys under a prefix of the world's bucket. */
async function keysUnder(world: HandlerWorld, prefix: string): Promise<string[]> {
  const listed = await world.s3.send(new ListObjectsV2Command({ Bucket: world.bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => String(o.Key)).sort();
}

describe('the handlers, in-process against the embedded stack, on the events Step Functions sends', () => {
  let world: HandlerWorld;
  let definition: AslDefinition;
  let first: ExecutionOutcome;
  let outcomes: { input: unknown; output: WorkerOutput }[];
  let results: PartitionResult[];

  /** The reduce on synthetic map results, under a lease and a table run of its own (released after). */
  async function reduceHeld(execution: string, resultWriter: ResultWriterOutput, prefix = 'raw/'): Promise<ReduceOutput> {
    const held = await holdRun(reduce, world.dynamodb, world.table, execution);
    try {
      return await reduce({ step: 'reduce', execution, prefix, lease: held.token, run: held.run, resultWriter });
    } finally {
      await held.release();
    }
  }

  beforeAll(async () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    definition = stateMachineDefinition(synthTemplate().template);
    world = await handlerWorld();
    await uploadDays(world.s3, world.bucket, DAYS);
    first = await runExecution({ definition, s3: world.s3, bucket: world.bucket, name: uniqueName('exec'), worker, reduce });
    outcomes = (await readMapOutcomes(world.s3, first.state.map as ResultWriterOutput)) as { input: unknown; output: WorkerOutput }[];
    results = (await Promise.all(outcomes.map((o) => readWorkerOutput(o.output, world.s3)))).flat();
  });
  afterAll(() => world?.restore());

  it('runs an execution as the definition orders it: begin, plan, check, load, reduce, release; the table equals a fresh load and the lease is free', async () => {
    expect(first.error).toBeUndefined();
    expect(first.states).toEqual(['Begin run', 'Plan', 'Check partitions', 'Partitions', 'Reduce', 'Release lease']);
    expect(first.state.check).toMatchObject({ partitions: DAYS.length, skippedObjects: 0, tableRun: { table: world.table, checked: true, invalidated: [] } });
    expect(first.state.released).toEqual({ released: true });
    expect(await readLease(world.dynamodb, world.table)).toBeUndefined();
    // The reduce committed the table run after its prune: the next run trusts the heads.
    expect(await readTableRunState(world.dynamodb, world.table)).toMatchObject({ state: 'committed', runId: (first.state.check as { tableRun: { runId: string } }).tableRun.runId });
    const localTable = uniqueName('orders-local');
    await loadLocally(world.s3, world.dynamodb, world.bucket, localTable, await listedItems(world.s3, world.bucket, 'raw/'));
    const [aws, mine] = await Promise.all([tableRecords(world.dynamodb, world.table), tableRecords(world.dynamodb, localTable)]);
    expect(aws.length).toBeGreaterThan(0);
    expect(aws).toEqual(mine);
  });

  it('runs the partition unit once per listed object, keyed by the object under raw/, writing the lake under clean/<table>/', async () => {
    expect(results.map((r) => r.id).sort()).toEqual(DAYS);
    expect(results.every((r) => r.load?.status === 'loaded')).toBe(true);
    const orders = results.flatMap((r) => r.lake.filter((p) => p.dataset === 'orders'));
    expect(orders.map((p) => p.day).sort()).toEqual(DAYS.map((d) => d.replace('.csv', '')));
    for (const part of orders) expect(part.key).toMatch(new RegExp(`^clean/${world.table}/orders/day=\\d{4}-\\d{2}-\\d{2}/part-[^/]+\\.parquet$`));
    expect((await keysUnder(world, 'clean/')).every((key) => key.startsWith(`clean/${world.table}/`))).toBe(true);
  });

  it('reduces the ResultWriter output to the quality report and the table the local app gets from the same objects', async () => {
    const execution = uniqueName('exec');
    const resultWriter = await writeMapRunResults(world.s3, world.bucket, `runs/${execution}/map`, outcomes);
    const out = await reduceHeld(execution, resultWriter);
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
    await reduceHeld(execution, await writeMapRunResults(world.s3, world.bucket, `runs/${execution}/map`, outcomes));
    const out = await analytics({ execution });
    const names = (await keysUnder(world, `runs/${execution}/report/`)).map((key) => key.slice(`runs/${execution}/report/`.length));
    expect(names).toEqual([...out.files].sort());
    expect(names).toEqual(expect.arrayContaining(['report.html', 'figures.json']));
    expect(names.some((n) => n.endsWith('.svg'))).toBe(true);
  });

  it('fails a second execution at once while the first holds the lease, naming the first; with waitSeconds it waits for the release', async () => {
    const a = uniqueName('exec');
    const b = uniqueName('exec');
    const held = await holdRun(reduce, world.dynamodb, world.table, a);
    try {
      const second = await runExecution({ definition, s3: world.s3, bucket: world.bucket, name: b, worker, reduce });
      expect(second.states).toEqual(['Begin run', 'Release after failure']);
      expect(second.error?.Error).toBe('LeaseHeldError');
      expect(second.error?.Cause).toContain(`is being written by execution ${executionArn(a)} (run ${a})`);
      expect(second.error?.Cause).toContain('or with the input {"waitSeconds": N} (at most 600) to wait for it');
      // Its release left the first's lease alone.
      expect(second.state.released).toEqual({ released: false, heldBy: executionArn(a) });
      expect((await readLease(world.dynamodb, world.table))?.owner).toEqual({ runId: a, executionArn: executionArn(a) });
      const waiting = reduce({ step: 'begin', execution: b, executionArn: executionArn(b), waitSeconds: 60 });
      await held.release();
      expect((await waiting).token).toBeGreaterThan(held.token);
    } finally {
      await reduce({ step: 'release', execution: b, executionArn: executionArn(b) });
      await held.release();
    }
    await expect(reduce({ step: 'begin', execution: b, executionArn: executionArn(b), waitSeconds: 601 })).rejects.toThrow('waitSeconds 601 is past the begin step\'s limit; use at most 600');
  });

  it('takes an ItemBatcher batch: the objects in Items, the mode, lease and table run once in BatchInput', async () => {
    const batched = stateMachineDefinition(synthTemplate({ batching: { maxItemsPerBatch: 4 } }).template);
    const execution = uniqueName('exec');
    const held = await holdRun(reduce, world.dynamodb, world.table, execution);
    try {
      const items = await listedItems(world.s3, world.bucket, 'raw/');
      const state = { run: { prefix: 'raw/' }, lease: { token: held.token }, check: { tableRun: held.run } };
      const plan = await worker(mapBatch(batched, 'Plan', state, items) as { BatchInput: { mode: 'plan' } });
      expect('plans' in plan && plan.plans.map((p) => p.id)).toEqual(DAYS);
      const load = await worker(mapBatch(batched, 'Partitions', state, items));
      // Loaded before with the same objects and cleaning: each partition skips on its head.
      expect((await readWorkerOutput(load, world.s3)).map((r) => [r.id, r.load?.status])).toEqual(DAYS.map((d) => [d, 'skipped']));
    } finally {
      await held.release();
    }
  });

  it('fails the run, naming the first failure, when the map run has FAILED children; nothing is reported', async () => {
    const execution = uniqueName('exec');
    const failed: ChildOutcome = { input: outcomes[0].input, error: 'PartitionLoadError', cause: 'partition 2010-12-01.csv: 3 items could not be written' };
    const resultWriter = await writeMapRunResults(world.s3, world.bucket, `runs/${execution}/map`, [...outcomes.slice(1), failed]);
    await expect(reduceHeld(execution, resultWriter)).rejects.toThrow(
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
    await expect(reduceHeld(execution, resultWriter)).rejects.toMatchObject({ name: 'ReconciliationError' });
  });

  it('fails the run when a partition comes back twice', async () => {
    const execution = uniqueName('exec');
    const resultWriter = await writeMapRunResults(world.s3, world.bucket, `runs/${execution}/map`, [...outcomes, outcomes[0]]);
    await expect(reduceHeld(execution, resultWriter)).rejects.toThrow('partition "2010-12-01.csv" is given twice');
  });

  it('skips what a run does not take (a marker, a note, an archived day) without reading it, in both Maps, and the reduce lists it', async () => {
    // None of these exist in the bucket: a read would fail the child, so passing proves none was read.
    const item = (Key: string, StorageClass = 'STANDARD', Size = 0): Record<string, unknown> => ({ Key, Etag: '"d41d8cd98f00b204e9800998ecf8427e"', Size, LastModified: 1_700_000_000, StorageClass });
    const listed = [item('raw/_SUCCESS'), item('raw/notes/README.txt', 'STANDARD', 12), item('raw/2009-01-01.csv', 'DEEP_ARCHIVE', 9_000), item('raw/old/')];
    const held = await holdRun(reduce, world.dynamodb, world.table, uniqueName('exec'));
    const strays = { Items: listed, BatchInput: { mode: 'load', lease: held.token, run: held.run } };
    const [output, plan, lone] = await Promise.all([
      worker(strays),
      worker({ Items: listed, BatchInput: { mode: 'plan' as const, lease: held.token } }),
      worker({ mode: 'load', lease: held.token, run: held.run, object: item('raw/_SUCCESS') }),
    ]).finally(() => held.release());
    expect(plan).toEqual({ plans: [], skipped: (output as { skipped: unknown }).skipped });
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
    expect(lone).toEqual({ results: [], skipped: [expect.objectContaining({ key: 'raw/_SUCCESS', reason: 'folder-marker' })] });

    const execution = uniqueName('exec');
    const resultWriter = await writeMapRunResults(world.s3, world.bucket, `runs/${execution}/map`, [...outcomes, { input: strays, output }]);
    const out = await reduceHeld(execution, resultWriter);
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
    const held = await holdRun(reduce, world.dynamodb, world.table, uniqueName('exec'));
    const output = await worker({ mode: 'load', lease: held.token, run: held.run, object: { ...rest, ETag: Etag } }).finally(() => held.release());
    expect('results' in output && output.results.map((r) => [r.id, r.etag])).toEqual([['2010-12-01.csv', Etag]]);
  });

  it('names a wrongly wired event instead of failing somewhere inside', async () => {
    await expect(worker({ mode: 'plan', lease: 1, object: { key: 'raw/x.csv' } })).rejects.toThrow('worker event item 0: expected a listObjectsV2 item {Key, Etag, Size, LastModified, StorageClass}');
    // A load without the table run the check step began: no partition loads outside a run.
    await expect(worker({ mode: 'load', lease: 1, object: {} })).rejects.toMatchObject({ name: 'InvalidEventError', message: expect.stringContaining('worker event: expected {mode: "plan"|"load", lease: <token>, run: <table run, in load mode>') });
    await expect(reduce({ step: 'reduce', execution: 'x' })).rejects.toThrow(
      'reduce function event: expected {step: "reduce", execution, prefix, lease, run, resultWriter: {MapRunArn, ResultWriterDetails: {Bucket, Key}}}',
    );
    await expect(reduce({ execution: 'x' })).rejects.toThrow('reduce function event: expected {step: "begin", execution, executionArn, waitSeconds?} or {step: "check"');
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
    const out = await reduceHeld(execution, resultWriter);
    expect(out.partitions).toBe(DAYS.length);
  });

  it('keeps the table and the lake when the run listed only part of raw/ (pruning would drop the rest)', async () => {
    const execution = uniqueName('exec');
    const one = outcomes.slice(0, 1);
    const before = (await tableRecords(world.dynamodb, world.table)).length;
    const out = await reduceHeld(execution, await writeMapRunResults(world.s3, world.bucket, `runs/${execution}/map`, one), 'raw/2010-12-01');
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

describe('one writer at a time, and the table exact after any sequence of runs', () => {
  let definition: AslDefinition;
  beforeAll(() => {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    definition = stateMachineDefinition(synthTemplate().template);
  });

  /** A fresh bucket and table (the handlers' environment points at them until `restore`). */
  async function fresh(run: (world: HandlerWorld) => Promise<void>): Promise<void> {
    const world = await handlerWorld();
    try {
      await run(world);
    } finally {
      world.restore();
    }
  }
  const put = (world: HandlerWorld, key: string, body: string): Promise<unknown> => world.s3.send(new PutObjectCommand({ Bucket: world.bucket, Key: key, Body: body }));
  const execute = (world: HandlerWorld, failAfter?: string): Promise<ExecutionOutcome> =>
    runExecution({ definition, s3: world.s3, bucket: world.bucket, name: uniqueName('exec'), worker, reduce, ...(failAfter && { failAfter }) });

  it('fails in the check step, before anything is written, when the input cuts an invoice in two; the lease is freed', async () => {
    await fresh(async (world) => {
      const [header, ...lines] = readFileSync(path.join(BY_DAY, '2010-12-01.csv'), 'utf8').split('\n').filter((l) => l.trim() !== '');
      // Cut inside an invoice: the line before the cut has the same InvoiceNo as the one after it.
      const cut = lines.findIndex((line, i) => i > 100 && line.split(',')[0] === lines[i - 1].split(',')[0]);
      const invoice = lines[cut].split(',')[0];
      await put(world, 'raw/part-a.csv', [header, ...lines.slice(0, cut)].join('\n') + '\n');
      await put(world, 'raw/part-b.csv', [header, ...lines.slice(cut)].join('\n') + '\n');
      const run = await execute(world);
      expect(run.states).toEqual(['Begin run', 'Plan', 'Check partitions', 'Release after failure']);
      expect(run.error?.Error).toBe('PartitionOverlapError');
      expect(run.error?.Cause).toContain(invoice);
      expect(run.error?.Cause).toContain(`s3://${world.bucket}/raw/part-a.csv`);
      expect(run.error?.Cause).toContain(`s3://${world.bucket}/raw/part-b.csv`);
      // Nothing written: no record in the table (no partition head, no run marker), no lake part; the lease is free.
      expect(await tableRecords(world.dynamodb, world.table)).toEqual([]);
      expect(await readTableRunState(world.dynamodb, world.table)).toBeUndefined();
      expect(await keysUnder(world, 'clean/')).toEqual([]);
      expect(await readLease(world.dynamodb, world.table)).toBeUndefined();
    });
  });

  it('fails a worker given a stale token with LeaseLostError, before it writes anything', async () => {
    await fresh(async (world) => {
      await uploadDays(world.s3, world.bucket, ['2010-12-02.csv']);
      const [object] = await listedItems(world.s3, world.bucket, 'raw/');
      const stale = await holdRun(reduce, world.dynamodb, world.table, uniqueName('exec'));
      await stale.release();
      const current = await holdRun(reduce, world.dynamodb, world.table, uniqueName('exec'));
      try {
        for (const mode of ['plan', 'load'] as const) {
          const failure = worker({ mode, lease: stale.token, run: stale.run, object });
          await expect(failure).rejects.toMatchObject({ name: 'LeaseLostError', reason: 'taken' });
        }
        // The table holds the two runs' markers and nothing else; the lake is empty.
        expect(await tableRecords(world.dynamodb, world.table)).toEqual([]);
        expect(await keysUnder(world, 'clean/')).toEqual([]);
      } finally {
        await current.release();
      }
    });
  });

  it('after the same lines under other names were loaded by an execution that failed after its load Map, a run of the original input leaves the table a fresh load of it', async () => {
    await fresh(async (world) => {
      const days = ['2010-12-01.csv', '2010-12-02.csv', '2010-12-03.csv'];
      const text = (day: string): string => readFileSync(path.join(BY_DAY, day), 'utf8');
      await uploadDays(world.s3, world.bucket, days);
      expect((await execute(world)).error).toBeUndefined();
      // Another layout of the same lines: the first two days as one object, the third renamed.
      for (const day of days) await world.s3.send(new DeleteObjectCommand({ Bucket: world.bucket, Key: `raw/${day}` }));
      await put(world, 'raw/layout-b/first-two.csv', text(days[0]) + text(days[1]).split('\n').slice(1).join('\n'));
      await put(world, 'raw/layout-b/third.csv', text(days[2]));
      const failed = await execute(world, 'Partitions');
      expect(failed.states).toEqual(['Begin run', 'Plan', 'Check partitions', 'Partitions', 'Release after failure']);
      expect(failed.error?.Error).toBe('TestFailure');
      // The original input again, byte for byte (same ETags: each head still says done with its identity).
      for (const key of ['raw/layout-b/first-two.csv', 'raw/layout-b/third.csv']) await world.s3.send(new DeleteObjectCommand({ Bucket: world.bucket, Key: key }));
      await uploadDays(world.s3, world.bucket, days);
      const again = await execute(world);
      expect(again.error).toBeUndefined();
      // The table was left `writing`: the check found the three days and the other layout's partitions sharing invoices.
      const { tableRun } = again.state.check as { tableRun: { checked: boolean; invalidated: string[] } };
      expect(tableRun.checked).toBe(true);
      expect([...tableRun.invalidated].sort()).toEqual([...days, 'layout-b/first-two.csv', 'layout-b/third.csv'].sort());
      const localTable = uniqueName('orders-local');
      await loadLocally(world.s3, world.dynamodb, world.bucket, localTable, await listedItems(world.s3, world.bucket, 'raw/'));
      const [aws, mine] = await Promise.all([tableRecords(world.dynamodb, world.table), tableRecords(world.dynamodb, localTable)]);
      expect(aws.length).toBeGreaterThan(0);
      expect(aws).toEqual(mine);
      // The lake too: only the original days' parts under the table's prefix.
      const parts = (await keysUnder(world, `clean/${world.table}/orders/`)).map((key) => key.replace(/\/part-.*$/, ''));
      expect(parts).toEqual(days.map((d) => `clean/${world.table}/orders/day=${d.replace('.csv', '')}`));
    });
  });
});
