import { cleanBoth, rowsOf } from '../../test-fixtures/clean-both';
import { csv, line } from '../../test-fixtures/retail-csv';

describe('the malformed rule', () => {
  it('quarantines unreadable rows with the reason, source and line, and keeps the rest', async () => {
    const day = await cleanBoth(
      csv(
        line(),
        line({ quantity: 'six' }),
        line({ price: '2,55' }).replace('2,55', '"2,55"'),
        line({ date: '2010-13-01 08:26:00' }),
        line({ invoice: '' }),
        line({ stock: '' }),
        '536365,85123A,TOO,FEW',
      ),
    );
    expect(rowsOf(day.quarantine)).toEqual([
      { source: 'day.csv', line: 3, reason: 'quantity "six" is not a whole number', text: line({ quantity: 'six' }) },
      {
        source: 'day.csv',
        line: 4,
        reason: 'unitPrice "2,55" is not a decimal number with at most 3 decimals',
        text: line({ price: '"2,55"' }),
      },
      {
        source: 'day.csv',
        line: 5,
        reason: 'invoiceDate "2010-13-01 08:26:00" is not a valid date in format iso (YYYY-MM-DD HH:mm:ss)',
        text: line({ date: '2010-13-01 08:26:00' }),
      },
      { source: 'day.csv', line: 6, reason: 'missing invoiceNo', text: line({ invoice: '' }) },
      { source: 'day.csv', line: 7, reason: 'missing stockCode', text: line({ stock: '' }) },
      { source: 'day.csv', line: 8, reason: 'expected 8 fields, found 4', text: '536365,85123A,TOO,FEW' },
    ]);
    expect(day.report.quarantined).toBe(6);
    expect(day.report.clean).toBe(1);
    expect(day.report.rowsIn).toBe(7);
  });

  it('reports the money of quarantined rows whose numbers were readable', async () => {
    const day = await cleanBoth(csv(line({ date: 'yesterday', quantity: '2', price: '1.5' }), line({ quantity: 'x' })));
    const rule = day.report.rules.find((r) => r.id === 'malformed');
    expect(rule).toMatchObject({ count: 2, amountMilli: 3000, action: 'quarantine', percent: 100 });
    expect(rule?.samples[0]).toEqual({ source: 'day.csv', line: 2, reason: expect.stringMatching(/^invoiceDate "yesterday"/), fields: line({ date: 'yesterday', quantity: '2', price: '1.5' }).split(',') });
  });

  it('quarantines amounts too large to be exact', async () => {
    const day = await cleanBoth(csv(line({ quantity: '999999999', price: '999999999.999' })));
    expect(rowsOf(day.quarantine)[0].reason).toBe('quantity × unitPrice is too large to be exact');
  });
});

describe('rows from other readers', () => {
  it('quarantines a record shorter than the header instead of reading past it', async () => {
    const { cleanRows } = await import('../clean-rows');
    const header = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];
    const day = await cleanRows([{ kind: 'record', source: 's3://raw/x.csv', line: 2, header, fields: ['536365', '85123A'] }]);
    expect(rowsOf(day.quarantine)).toEqual([{ source: 's3://raw/x.csv', line: 2, reason: 'expected 8 fields, found 2', text: '536365,85123A' }]);
  });
});
