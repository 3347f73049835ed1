import { escape } from 'arquero';
import { cleanBuffer } from '../clean-buffer';
import { cleanRows } from '../clean-rows';
import { PartitionOverlapError } from '../errors';
import { rowsOf } from '../../test-fixtures/clean-both';
import { csv, line, rawRows } from '../../test-fixtures/retail-csv';
import { mergePartitions } from './merge-partitions';

const dayOne = csv(line(), line({ stock: '71053', customer: '' }), line(), line({ invoice: 'C1', quantity: '-1' }));
const dayTwo = csv(line({ invoice: '536400', date: '2010-12-02 09:00:00' }), line({ invoice: '536400', quantity: 'x' }), line({ invoice: '536401', price: '0' }));

describe('mergePartitions', () => {
  it('concatenates tables in partition order and sums reports, reconciled over the whole', async () => {
    const parts = [cleanBuffer(Buffer.from(dayOne), 'd1.csv'), await cleanRows(rawRows(dayTwo, 'd2.csv'))];
    const merged = mergePartitions(parts);
    expect(merged.partitions.map((p) => p.partition)).toEqual(['d1.csv', 'd2.csv']);
    expect(rowsOf(merged.lines).map((r) => `${r.source}:${r.line}`)).toEqual(['d1.csv:2', 'd1.csv:3', 'd2.csv:2']);
    expect(rowsOf(merged.items).map((r) => `${r.invoiceNo}/${r.stockCode}/${r.customerId}`)).toEqual(['536365/85123A/17850', '536365/71053/null', '536400/85123A/17850']);
    expect(rowsOf(merged.excluded).map((r) => r.rule)).toEqual(['duplicate', 'cancellation', 'non_positive_price']);
    expect(rowsOf(merged.quarantine)).toEqual([expect.objectContaining({ source: 'd2.csv', line: 3 })]);
    expect(merged.report).toMatchObject({
      rowsIn: 7,
      clean: 3,
      excluded: { duplicate: 1, cancellation: 1, non_positive_quantity: 0, non_positive_price: 1 },
      quarantined: 1,
      cleanRevenueMilli: 3 * 15300,
      cleanRevenue: '45.9',
      items: 3,
      guests: 1,
      reconciled: true,
    });
    expect(merged.report.rules.find((r) => r.id === 'duplicate')?.percent).toBe(14.286);
  });

  it('gives the same result for tables a caller has transformed (merged by value)', () => {
    const parts = [cleanBuffer(Buffer.from(dayOne), 'd1.csv'), cleanBuffer(Buffer.from(dayTwo), 'd2.csv')];
    const fast = mergePartitions(parts);
    const reordered = parts.map((p) => ({ ...p, excluded: p.excluded.filter(escape(() => true)) }));
    const slow = mergePartitions(reordered);
    expect(slow.report).toEqual(fast.report);
    for (const name of ['lines', 'items', 'excluded', 'quarantine'] as const) expect(rowsOf(slow[name])).toEqual(rowsOf(fast[name]));
  });

  it('keeps each rule’s first samples across partitions, up to the limit', () => {
    const parts = ['a', 'b', 'c'].map((s, i) => {
      const row = line({ invoice: String(536000 + i) });
      return cleanBuffer(Buffer.from(csv(row, row, row)), `${s}.csv`);
    });
    const merged = mergePartitions(parts, { samples: 3 });
    expect(merged.report.rules.find((r) => r.id === 'duplicate')?.samples.map((s) => `${s.source}:${s.line}`)).toEqual(['a.csv:3', 'a.csv:4', 'b.csv:3']);
  });

  it('refuses an invoice found in two partitions, since keying is per partition', () => {
    const parts = [cleanBuffer(Buffer.from(csv(line())), 'd1.csv'), cleanBuffer(Buffer.from(csv(line({ stock: '71053' }))), 'd2.csv')];
    expect(() => mergePartitions(parts)).toThrow(PartitionOverlapError);
    expect(() => mergePartitions(parts)).toThrow(/Invoice 536365 appears in two partitions \(d1\.csv and d2\.csv\)/);
  });
});
