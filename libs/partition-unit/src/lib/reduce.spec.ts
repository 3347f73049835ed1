// The reduce as a fold: results in any arrival order give what cleaning's one-shot reduce
// gives the whole list (report, samples, first error), without the fold holding the list.
import * as path from 'node:path';
import { checkNoOverlap, cleanFile, partitionCounts, reduceQuality } from '@ecomlake/cleaning';
import { milli } from '@ecomlake/model';
import { createRunFold, reducePartitions } from './reduce';
import type { PartitionResult } from './types';

const REAL = path.resolve(__dirname, '../../../../../shared/data/online-retail/by-day');
const DAYS = ['2010-12-01.csv', '2010-12-02.csv', '2010-12-03.csv', '2010-12-05.csv'];

async function resultOf(day: string): Promise<PartitionResult> {
  const p = await cleanFile(path.join(REAL, day));
  return {
    id: day, source: `s3://b/raw/${day}`, etag: '"x"', size: 0, identity: 'x', report: p.report, counts: partitionCounts(p),
    invoices: [...new Set(Array.from(p.items.array('invoiceNo') as ArrayLike<string>))].sort(),
    lake: [{ dataset: 'orders', key: `clean/orders/${day}.parquet`, uri: `s3://b/clean/orders/${day}.parquet`, rows: p.report.items, bytes: 100 }],
    seconds: { read: 0.1, clean: 0.2, lake: 0, load: 0 },
  };
}

/** Cleaning's one-shot reduce over the whole list: the expectation. */
const oneShot = (results: readonly PartitionResult[], samples?: number) =>
  reduceQuality(results.map((r) => ({ partition: r.source, report: r.report, counts: r.counts, invoices: r.invoices })), { samples });

function folded(results: readonly PartitionResult[], arrival: readonly number[], samples?: number) {
  const fold = createRunFold({ samples });
  for (const index of arrival) fold.add(index, results[index]);
  return fold.finish();
}

const errorOf = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
};

let days: PartitionResult[];
beforeAll(async () => {
  days = await Promise.all(DAYS.map(resultOf));
});

describe('createRunFold', () => {
  it('gives the whole list\'s report whatever the arrival order, with only the first samples of each rule', () => {
    const reduction = folded(days, [2, 0, 3, 1], 3);
    expect(reduction.report).toEqual(oneShot(days, 3));
    const samples = reduction.report.rules.map((rule) => rule.samples.length);
    expect(Math.max(...samples)).toBeLessThanOrEqual(3);
    expect(reduction.partitions).toBe(4);
    expect(reduction.partitionIds).toEqual(DAYS);
    expect(reduction.lakeKeys).toEqual(DAYS.map((d) => `clean/orders/${d}.parquet`));
    expect(reduction.lake).toEqual({ parts: 4, rows: days.reduce((n, r) => n + r.report.items, 0), bytes: 400 });
    expect(reduction.seconds).toEqual({ read: 0.4, clean: 0.8, lake: 0, load: 0 });
    expect(folded(days, [0, 1, 2, 3])).toEqual(folded(days, [3, 2, 1, 0]));
  });

  it('names the first invoice in two partitions as a check over the whole list does, whatever the arrival order', () => {
    // Partition 3 repeats an invoice of partition 1, partition 2 one of partition 0: the first in run order is 2's.
    const clash = [days[0], days[1], { ...days[2], invoices: [...days[2].invoices, days[0].invoices[5]].sort() }, { ...days[3], invoices: [days[1].invoices[0], ...days[3].invoices] }];
    const expected = errorOf(() => checkNoOverlap(clash.map((r) => ({ partition: r.source, invoices: r.invoices }))));
    expect(expected.message).toContain(days[0].invoices[5]);
    expect(errorOf(() => folded(clash, [3, 1, 2, 0])).message).toBe(expected.message);
  });

  it('throws cleaning\'s own error when the books do not balance or a total is not exact, totals over every partition', () => {
    // Partition 1 claims an item its report lacks, partition 3 one less: only the whole run is checked.
    const off = (r: PartitionResult, items: number): PartitionResult => ({ ...r, counts: { ...r.counts, items: r.counts.items + items } });
    const balanced = [days[0], off(days[1], 1), days[2], off(days[3], -1)];
    expect(folded(balanced, [1, 0, 3, 2]).report).toEqual(oneShot(balanced));
    const unbalanced = [days[0], off(days[1], 1), days[2], days[3]];
    expect(errorOf(() => folded(unbalanced, [0, 1, 2, 3])).message).toBe(errorOf(() => oneShot(unbalanced)).message);
    // Revenue past 2^53 - 1 milli from partition 2 on: the message gives the exact total of all four.
    const huge = (r: PartitionResult): PartitionResult => ({ ...r, report: { ...r.report, cleanRevenueMilli: milli(2 ** 52) } });
    const large = [days[0], huge(days[1]), huge(days[2]), huge(days[3])];
    expect(errorOf(() => folded(large, [2, 3, 0, 1])).message).toBe(errorOf(() => oneShot(large)).message);
  });

  it('sums load figures in run order and lists loaded and skipped partitions', () => {
    const figures = (status: 'loaded' | 'skipped', written: number) => ({
      status, written, retried: 1, deleted: 0, requests: 2, consumedCapacity: written * 1.5, capacityEstimated: false,
      capacityByTarget: { table: written }, replaceCost: { readRequests: 1, readCapacity: 0.5, writeRequests: 1, writeCapacity: 1 }, ms: 5,
    });
    const loaded = [{ ...days[0], load: figures('loaded', 10) }, days[1], { ...days[2], load: figures('skipped', 0) }, { ...days[3], load: figures('loaded', 4) }];
    expect(folded(loaded, [3, 2, 1, 0]).load).toEqual({
      loaded: [DAYS[0], DAYS[3]], skipped: [DAYS[2]], written: 14, retried: 3, deleted: 0, requests: 6, consumedCapacity: 21, capacityEstimated: false,
      capacityByTarget: { table: 14 }, replaceCost: { readRequests: 3, readCapacity: 1.5, writeRequests: 3, writeCapacity: 3 },
    });
    expect(reducePartitions(days).load).toBeUndefined();
  });

  it('refuses an id twice before anything else, and names a result that never arrived', () => {
    expect(() => folded([days[0], days[1], { ...days[0], invoices: ['x'] }], [0, 1, 2])).toThrow(`partition "${DAYS[0]}" is given twice (s3://b/raw/${DAYS[0]} and s3://b/raw/${DAYS[0]})`);
    const fold = createRunFold();
    fold.add(1, days[1]);
    expect(() => fold.finish()).toThrow(/1 arrived before result 0/);
    expect(() => fold.add(1, days[1])).toThrow(/given twice/);
  });
});
