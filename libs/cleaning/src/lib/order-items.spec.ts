import { escape } from 'arquero';
import { cleanBuffer } from './clean-buffer';
import { csv, line } from '../test-fixtures/retail-csv';
import { orderItems } from './order-items';

describe('orderItems', () => {
  const day = cleanBuffer(Buffer.from(csv(line(), line({ stock: '71053', customer: '' }), line({ quantity: '4' }))), 'day.csv');

  it('yields plain OrderItem objects, without customerId for guests', () => {
    const items = [...orderItems(day.items)];
    expect(items).toEqual([
      {
        invoiceNo: '536365',
        stockCode: '85123A',
        description: 'WHITE HANGING HEART T-LIGHT HOLDER',
        quantity: 10,
        invoiceDate: '2010-12-01T08:26:00',
        unitPriceMilli: 2550,
        customerId: '17850',
        country: 'United Kingdom',
        totalAmountMilli: 25500,
        invoiceDay: '2010-12-01',
        month: '2010-12',
        lineCount: 2,
      },
      expect.objectContaining({ stockCode: '71053', lineCount: 1 }),
    ]);
    expect('customerId' in items[1]).toBe(false);
  });

  it('follows a filtered table', () => {
    const guests = day.items.filter(escape((d: { customerId: string | null }) => d.customerId === null));
    expect([...orderItems(guests)].map((i) => i.stockCode)).toEqual(['71053']);
  });
});
