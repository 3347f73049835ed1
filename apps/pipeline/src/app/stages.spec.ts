import { runChain, runStages, StageFailedError, type ChainStages, type ChainValues, type Stage } from './stages';

test('runStages runs in order, skips on request and stops at the first failure naming it', async () => {
  const ran: string[] = [];
  const stages: Stage<{ skipLoad: boolean }>[] = [
    { name: 'upload', run: async () => { ran.push('upload'); return { objects: 3 }; } },
    { name: 'load', skip: (c) => (c.skipLoad ? '--no-load' : undefined), run: async () => { ran.push('load'); } },
    { name: 'queries', run: async () => { throw new Error('table missing'); } },
    { name: 'charts', run: async () => { ran.push('charts'); } },
  ];
  const error = await runStages(stages, { skipLoad: true }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StageFailedError);
  const failed = error as StageFailedError;
  expect(failed.message).toBe('stage "queries" failed: table missing');
  expect(failed.records.map((r) => [r.name, r.status])).toEqual([
    ['upload', 'done'],
    ['load', 'skipped'],
    ['queries', 'failed'],
  ]);
  expect(failed.records[0].figures).toEqual({ objects: 3 });
  expect(ran).toEqual(['upload']);
});

interface Chain {
  upload: { uri: string; objects: string[] };
  regroup: { days: number };
  reduce: { rows: number; pruned?: boolean };
}

test('runChain hands each stage the values of the stages before it, never changing one once given', async () => {
  const seen: Partial<Chain>[] = [];
  const stages: ChainStages<{ byDay: boolean }, Chain> = [
    { name: 'upload', run: async () => ({ value: { uri: 's3://b/raw/', objects: ['a.csv', 'b.csv'] }, figures: { objects: 2 } }) },
    { name: 'regroup', skip: (env) => (env.byDay ? undefined : 'partitions are files'), run: async () => ({ value: { days: 3 } }) },
    {
      name: 'reduce',
      run: async (_env, done) => {
        seen.push(done);
        return { value: { rows: (done.upload?.objects.length ?? 0) * 10 } };
      },
    },
  ];
  const { records, done } = await runChain(stages, { byDay: false });
  expect(records.map((r) => [r.name, r.status, r.figures])).toEqual([
    ['upload', 'done', { objects: 2 }],
    ['regroup', 'skipped', undefined],
    ['reduce', 'done', undefined],
  ]);
  expect(done).toEqual({ upload: { uri: 's3://b/raw/', objects: ['a.csv', 'b.csv'] }, reduce: { rows: 20 } });
  // What the reduce stage was given is what it was given then: the run's later values are new objects.
  expect(seen).toEqual([{ upload: { uri: 's3://b/raw/', objects: ['a.csv', 'b.csv'] } }]);
});

test('runChain reports what a failed stage kept, with the values of the stages that completed', async () => {
  const reported: ChainValues<Chain>[] = [];
  const stages: ChainStages<Record<string, never>, Chain> = [
    { name: 'upload', run: async () => ({ value: { uri: 's3://b/raw/', objects: [] } }) },
    {
      name: 'reduce',
      run: async (_env, _done, keep) => {
        keep({ rows: 7 });
        throw new Error('lease lost');
      },
    },
  ];
  const error = await runChain(stages, {}, { onValues: (values) => reported.push(values) }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StageFailedError);
  expect((error as StageFailedError).message).toBe('stage "reduce" failed: lease lost');
  expect(reported.at(-1)).toEqual({ done: { upload: { uri: 's3://b/raw/', objects: [] } }, kept: { reduce: { rows: 7 } } });
});

test('runChain stops at an abort like runStages: the running stage is interrupted, none after it runs', async () => {
  const controller = new AbortController();
  const ran: string[] = [];
  const stages: ChainStages<Record<string, never>, Chain> = [
    {
      name: 'upload',
      run: async () => {
        // Once the runner watches this stage's promise (it does so as soon as run returns it).
        queueMicrotask(() => controller.abort(new Error('interrupted by SIGINT (Ctrl-C)')));
        // Never settles: only the abort ends this stage.
        return new Promise<never>(() => undefined);
      },
    },
    { name: 'reduce', run: async () => (ran.push('reduce'), { value: { rows: 0 } }) },
  ];
  const error = await runChain(stages, {}, { signal: controller.signal }).catch((e: unknown) => e);
  expect((error as StageFailedError).records.map((r) => [r.name, r.status])).toEqual([['upload', 'interrupted']]);
  expect(ran).toEqual([]);
});
