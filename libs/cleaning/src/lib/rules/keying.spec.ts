import { cleanBoth, rowsOf } from '../../test-fixtures/clean-both';
import { csv, line } from '../../test-fixtures/retail-csv';

describe('keying for DynamoDB', () => {
  it('combines lines sharing invoiceNo and stockCode: sums, lineCount, earliest date, first price', async () => {
    const day = await cleanBoth(
      csv(
        line({ quantity: '6', price: '2.55', date: '2010-12-01 08:27:00' }),
        line({ stock: '71053', quantity: '1' }),
        line({ quantity: '4', price: '2.10', date: '2010-12-01 08:26:00', description: 'OTHER NAME' }),
      ),
    );
    expect(rowsOf(day.items)).toEqual([
      {
        invoiceNo: '536365',
        stockCode: '85123A',
        description: 'WHITE HANGING HEART T-LIGHT HOLDER',
        quantity: 10,
        invoiceDate: '2010-12-01T08:26:00',
        unitPriceMilli: 2550,
        customerId: '17850',
        country: 'United Kingdom',
        totalAmountMilli: 15300 + 8400,
        invoiceDay: '2010-12-01',
        month: '2010-12',
        lineCount: 2,
        nonProduct: false,
      },
      expect.objectContaining({ stockCode: '71053', quantity: 1, lineCount: 1 }),
    ]);
    expect(day.report).toMatchObject({ clean: 3, items: 2, combinedLines: 1, cleanRevenueMilli: 15300 + 8400 + 2550 });
  });

  it('keeps clean lines as they were, with lineage', async () => {
    const day = await cleanBoth(csv(line({ customer: '' })));
    expect(rowsOf(day.lines)).toEqual([
      {
        invoiceNo: '536365',
        stockCode: '85123A',
        description: 'WHITE HANGING HEART T-LIGHT HOLDER',
        quantity: 6,
        invoiceDate: '2010-12-01T08:26:00',
        unitPriceMilli: 2550,
        customerId: null,
        country: 'United Kingdom',
        totalAmountMilli: 15300,
        invoiceDay: '2010-12-01',
        month: '2010-12',
        nonProduct: false,
        source: 'day.csv',
        line: 2,
      },
    ]);
    expect(day.report.guests).toBe(1);
  });

  it('flags non-product stock codes without removing them', async () => {
    const day = await cleanBoth(csv(line({ stock: 'POST', description: 'POSTAGE' }), line({ stock: 'gift_0001_40' }), line()));
    expect(rowsOf(day.lines).map((r) => r.nonProduct)).toEqual([true, true, false]);
    expect(day.report.nonProductLines).toBe(2);
    expect(day.report.clean).toBe(3);
  });
});
