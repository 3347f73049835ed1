import { parseCsvRows } from '@ecomlake/csv';
import { columnarTable } from '../test-fixtures/table';
import { csvChunks, csvField } from './csv-format';
import { tableColumns } from './table-columns';

describe('CSV output', () => {
  it('quotes only fields that need it, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('HAND WARMER, RED')).toBe('"HAND WARMER, RED"');
    expect(csvField('12" RULER')).toBe('"12"" RULER"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('writes null as empty, dates as ISO-8601, numbers and booleans as text', () => {
    expect([null, undefined, new Date(Date.UTC(2011, 0, 4, 10, 5)), -1.5, 12n, true].map(csvField)).toEqual([
      '',
      '',
      '2011-01-04T10:05:00.000Z',
      '-1.5',
      '12',
      'true',
    ]);
  });

  it('reads back through an RFC 4180 reader to the same fields, across chunks', () => {
    const table = columnarTable({
      InvoiceNo: ['536365', 'C536379', '536380'],
      Description: ['WHITE HANGING HEART T-LIGHT HOLDER', 'Discount, "special"', '£ POUND'],
      Quantity: [6, -1, 24],
    });
    const chunks = [...csvChunks(tableColumns(table), 2)];
    expect(chunks).toHaveLength(3); // header, then two chunks of at most two rows
    const rows = parseCsvRows(chunks.join(''));
    expect(rows.map((r) => (r.kind === 'record' ? r.fields : r.reason))).toEqual([
      ['536365', 'WHITE HANGING HEART T-LIGHT HOLDER', '6'],
      ['C536379', 'Discount, "special"', '-1'],
      ['536380', '£ POUND', '24'],
    ]);
    expect(rows[0].kind === 'record' && rows[0].header).toEqual(['InvoiceNo', 'Description', 'Quantity']);
  });
});
