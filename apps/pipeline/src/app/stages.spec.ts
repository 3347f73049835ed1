import { runStages, StageFailedError, type Stage } from './stages';

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
