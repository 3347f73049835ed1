import { cleanBoth, rowsOf } from '../../test-fixtures/clean-both';
import { csv, line } from '../../test-fixtures/retail-csv';

describe('the cancellation rule', () => {
  it('excludes invoices starting with C, keeps them in excluded and reports their value', async () => {
    const day = await cleanBoth(csv(line(), line({ invoice: 'C536379', stock: 'D', quantity: '-1', price: '27.50' })));
    expect(rowsOf(day.excluded)).toEqual([
      expect.objectContaining({ rule: 'cancellation', invoiceNo: 'C536379', quantity: -1, unitPriceMilli: 27500, totalAmountMilli: -27500 }),
    ]);
    expect(day.report.rules.find((r) => r.id === 'cancellation')).toMatchObject({ count: 1, amountMilli: -27500, percent: 50 });
  });

  it('applies before the quantity rule, so a cancellation with negative quantity counts once, as a cancellation', async () => {
    const day = await cleanBoth(csv(line({ invoice: 'C1', quantity: '-3' })));
    expect(day.report.excluded).toEqual({ duplicate: 0, cancellation: 1, non_positive_quantity: 0, non_positive_price: 0 });
  });
});

describe('the non-positive quantity and price rules', () => {
  it('exclude zero or negative quantities, then zero or negative prices', async () => {
    const day = await cleanBoth(
      csv(line({ quantity: '0' }), line({ quantity: '-10', price: '0' }), line({ stock: 'B', price: '-11062.06', invoice: 'A563185' }), line({ price: '0.0' })),
    );
    expect(rowsOf(day.excluded).map((r) => [r.line, r.rule])).toEqual([
      [2, 'non_positive_quantity'],
      [3, 'non_positive_quantity'],
      [4, 'non_positive_price'],
      [5, 'non_positive_price'],
    ]);
    expect(day.report.rules.find((r) => r.id === 'non_positive_price')?.amountMilli).toBe(-66372360);
    expect(day.report.clean).toBe(0);
  });

  it('can each be turned off', async () => {
    const day = await cleanBoth(csv(line({ quantity: '-1' }), line({ invoice: 'C2' })), { rules: { non_positive_quantity: false, cancellation: false } });
    expect(day.report.clean).toBe(2);
    expect(day.report.excluded).toEqual({ duplicate: 0, non_positive_price: 0 });
  });
});
