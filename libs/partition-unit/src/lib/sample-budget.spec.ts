import * as path from 'node:path';
import { cleanFile, partitionCounts } from '@ecomlake/cleaning';
import { reducePartitions } from './reduce';
import { sampleBudget } from './sample-budget';
import type { PartitionResult } from './types';

const REAL = path.resolve(__dirname, '../../../../../shared/data/online-retail/by-day');
const DAYS = ['2010-12-01.csv', '2010-12-02.csv', '2010-12-03.csv', '2010-12-05.csv'];

async function resultOf(day: string): Promise<PartitionResult> {
  const p = await cleanFile(path.join(REAL, day));
  return {
    id: day, source: day, etag: '"x"', size: 0, identity: 'x', report: p.report, counts: partitionCounts(p),
    invoices: [...new Set(Array.from(p.items.array('invoiceNo') as ArrayLike<string>))].sort(), lake: [], seconds: { read: 0, clean: 0, lake: 0, load: 0 },
  };
}

describe('sampleBudget', () => {
  it('keeps only the samples the merged report shows, so the reduce gives the same report whatever the arrival order', async () => {
    const full = await Promise.all(DAYS.map(resultOf));
    const budget = sampleBudget(3);
    for (const index of [2, 0, 3, 1]) budget.add(index, full[index]);
    const trimmed = budget.results();
    expect(reducePartitions(trimmed, { samples: 3 }).report).toEqual(reducePartitions(full, { samples: 3 }).report);
    // At most 3 samples of a rule over all results, and the counts untouched.
    const kept = new Map<string, number>();
    for (const r of trimmed) for (const rule of r.report.rules) kept.set(rule.id, (kept.get(rule.id) ?? 0) + rule.samples.length);
    expect(Math.max(...kept.values())).toBeLessThanOrEqual(3);
    expect(trimmed.map((r) => r.report.rules.map((rule) => rule.count))).toEqual(full.map((r) => r.report.rules.map((rule) => rule.count)));
  });

  it('says which results are missing', async () => {
    const budget = sampleBudget();
    budget.add(1, await resultOf(DAYS[1]));
    expect(() => budget.results()).toThrow(/1 arrived before result 0/);
  });
});
