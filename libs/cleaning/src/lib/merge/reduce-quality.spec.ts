import { cleanBuffer } from '../clean-buffer';
import { PartitionOverlapError, ReconciliationError } from '../errors';
import { csv, line } from '../../test-fixtures/retail-csv';
import type { CleanPartition } from '../types';
import { partitionCounts, reduceQuality, type PartitionQuality } from './reduce-quality';

const dayOne = csv(line(), line({ stock: '71053', customer: '' }), line(), line({ invoice: 'C1', quantity: '-1' }));
const dayTwo = csv(line({ invoice: '536400', date: '2010-12-02 09:00:00' }), line({ invoice: '536400', quantity: 'x' }), line({ invoice: '536401', price: '0' }));

function summary(p: CleanPartition): PartitionQuality {
  return { partition: p.partition, report: p.report, counts: partitionCounts(p), invoices: p.items.array('invoiceNo') as string[] };
}

describe('reduceQuality', () => {
  const parts = [cleanBuffer(Buffer.from(dayOne), 'd1.csv'), cleanBuffer(Buffer.from(dayTwo), 'd2.csv')];

  it('merges partition summaries into the report of a merge of their rows, without the rows', () => {
    const report = reduceQuality(parts.map(summary));
    // By hand: 7 rows in; clean 536365×2 items (one combined line) + 536400; 1 quarantined (quantity x).
    expect(report).toMatchObject({ rowsIn: 7, clean: 3, quarantined: 1, items: 3, cleanRevenueMilli: 45_900, reconciled: true });
    expect(report.excluded).toEqual({ duplicate: 1, cancellation: 1, non_positive_quantity: 0, non_positive_price: 1 });
  });

  it('fails, naming the difference, when a partition counts other rows than its report says', () => {
    const [one, two] = parts.map(summary);
    const lost = { ...two, counts: { ...two.counts, items: two.counts.items - 1, itemLines: two.counts.itemLines - 1 } };
    expect(() => reduceQuality([one, lost])).toThrow(ReconciliationError);
    expect(() => reduceQuality([one, lost])).toThrow(/report says 3 items, the table holds 2/);
  });

  it('fails when a report was never reconciled', () => {
    const [one, two] = parts.map(summary);
    expect(() => reduceQuality([one, { ...two, report: { ...two.report, reconciled: false } }])).toThrow(/d2\.csv.*not reconciled/);
  });

  it('finds an invoice that two partitions both hold', () => {
    const [one] = parts.map(summary);
    expect(() => reduceQuality([one, { ...one, partition: 'copy.csv' }])).toThrow(PartitionOverlapError);
  });
});
