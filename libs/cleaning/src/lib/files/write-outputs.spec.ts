import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCsvRows } from '@ecomlake/csv';
import { csv, line } from '../../test-fixtures/retail-csv';
import { tempDir } from '../../test-fixtures/temp-dir';
import { cleanBuffer } from '../clean-buffer';
import { mergePartitions } from '../merge/merge-partitions';
import { writeCleanOutputs } from './write-outputs';

describe('writeCleanOutputs', () => {
  const result = mergePartitions([
    cleanBuffer(
      Buffer.from(csv(line({ description: 'HEART, "RED"' }).replace('HEART, "RED"', '"HEART, ""RED"""'), line(), line(), line({ invoice: 'C1' }), line({ quantity: '1.5' }))),
      'day.csv',
    ),
  ]);
  const out = path.join(tempDir(), 'out');
  const read = (name: string) => parseCsvRows(fs.readFileSync(path.join(out, name)), { source: name }).map((r) => (r.kind === 'record' ? r.fields : r.reason));

  it('writes the report, items, excluded, cancellations and quarantined rows', async () => {
    expect(await writeCleanOutputs(result, out)).toEqual({
      'quality-report.json': null,
      'items.csv': 1,
      'excluded.csv': 2,
      'cancellations.csv': 1,
      'quarantined.csv': 1,
    });
    expect(JSON.parse(fs.readFileSync(path.join(out, 'quality-report.json'), 'utf8'))).toEqual(result.report);
  });

  it('writes money as exact pounds and quotes text only where CSV needs it', () => {
    expect(fs.readFileSync(path.join(out, 'items.csv'), 'utf8').split('\n')[0]).toBe(
      'invoiceNo,stockCode,description,quantity,invoiceDate,unitPrice,customerId,country,totalAmount,invoiceDay,month,lineCount,nonProduct',
    );
    // The first two lines share a key: one item, the first line's description.
    expect(read('items.csv')).toEqual([['536365', '85123A', 'HEART, "RED"', '12', '2010-12-01T08:26:00', '2.55', '17850', 'United Kingdom', '30.6', '2010-12-01', '2010-12', '2', 'false']]);
    expect(read('excluded.csv').map((r) => (r as string[]).slice(0, 3))).toEqual([
      ['duplicate', 'day.csv', '4'],
      ['cancellation', 'day.csv', '5'],
    ]);
    expect(read('cancellations.csv')).toHaveLength(1);
    expect(read('quarantined.csv')).toEqual([['day.csv', '6', 'quantity "1.5" is not a whole number', line({ quantity: '1.5' })]]);
  });
});
