import { marshall, NumberValueImpl as NumberValue } from '@aws-sdk/util-dynamodb';
import { formatMilli, milli, type OrderItem } from '@ecomlake/model';
import { ATTRIBUTE } from './attributes';
import { decodeItem, decodePartial, encodeItem, itemKey } from './marshal';

const item: OrderItem = {
  invoiceNo: '536365',
  stockCode: '85123A',
  description: 'WHITE HANGING HEART T-LIGHT HOLDER',
  quantity: 6,
  invoiceDate: '2010-12-01T08:26:00',
  unitPriceMilli: milli(2550),
  customerId: '17850',
  country: 'United Kingdom',
  totalAmountMilli: milli(15300),
  invoiceDay: '2010-12-01',
  month: '2010-12',
  lineCount: 1,
};

describe('item marshalling', () => {
  it('writes money as exact decimal strings in pounds', () => {
    const record = encodeItem(item);
    expect(record.TotalAmount).toEqual({ N: '15.3' });
    expect(record.UnitPrice).toEqual({ N: '2.55' });
    expect(record.Quantity).toEqual({ N: '6' });
    expect(record.InvoiceDate).toEqual({ S: '2010-12-01T08:26:00' });
  });

  it('stores the day and month only as prefixes of InvoiceDate, and derives them on reading', () => {
    const record = encodeItem(item);
    expect(Object.keys(record).sort()).toEqual(
      ['Country', 'CustomerID', 'Description', 'InvoiceDate', 'InvoiceNo', 'LineCount', 'Quantity', 'StockCode', 'TotalAmount', 'UnitPrice'],
    );
    expect(decodePartial({ InvoiceDate: { S: '2011-02-03T10:00:00' } })).toEqual({
      invoiceDate: '2011-02-03T10:00:00',
      invoiceDay: '2011-02-03',
      month: '2011-02',
    });
  });

  it('omits CustomerID for guests so the customer index stays sparse', () => {
    const guest: OrderItem = { ...item };
    delete guest.customerId;
    const record = encodeItem(guest);
    expect(record).not.toHaveProperty('CustomerID');
    expect(decodeItem(record)).toEqual(guest);
  });

  it("equals util-dynamodb's marshall of the same fields, key order included (the encoding before it was built by hand)", () => {
    const reference = (from: OrderItem) =>
      marshall(
        {
          [ATTRIBUTE.invoiceNo]: from.invoiceNo,
          [ATTRIBUTE.stockCode]: from.stockCode,
          [ATTRIBUTE.description]: from.description,
          [ATTRIBUTE.quantity]: NumberValue.from(String(from.quantity)),
          [ATTRIBUTE.invoiceDate]: from.invoiceDate,
          [ATTRIBUTE.unitPriceMilli]: NumberValue.from(formatMilli(from.unitPriceMilli)),
          [ATTRIBUTE.totalAmountMilli]: NumberValue.from(formatMilli(from.totalAmountMilli)),
          [ATTRIBUTE.customerId]: from.customerId,
          [ATTRIBUTE.country]: from.country,
          [ATTRIBUTE.lineCount]: NumberValue.from(String(from.lineCount)),
        },
        { removeUndefinedValues: true },
      );
    const guest: OrderItem = { ...item };
    delete guest.customerId;
    const cases: OrderItem[] = [
      item,
      guest,
      { ...item, description: '', country: 'Côte d’Ivoire "quoted" \\ back', stockCode: 'POST' },
      { ...item, quantity: 80_995, lineCount: 7, unitPriceMilli: milli(1), totalAmountMilli: milli(80_995) },
      { ...item, quantity: 1, unitPriceMilli: milli(38_970_000), totalAmountMilli: milli(38_970_000), description: 'emoji 🎁 and\ttab' },
    ];
    for (const each of cases) {
      const record = encodeItem(each);
      expect(record).toEqual(reference(each));
      expect(Object.keys(record)).toEqual(Object.keys(reference(each)));
    }
  });

  it('round-trips an item exactly', () => {
    expect(decodeItem(encodeItem(item))).toEqual(item);
  });

  it('decodes projected records into the fields they carry', () => {
    expect(decodePartial({ InvoiceNo: { S: '1' }, TotalAmount: { N: '1.53E+1' }, Other: { S: 'x' } })).toEqual({
      invoiceNo: '1',
      totalAmountMilli: 15300,
    });
    expect(() => decodeItem({ InvoiceNo: { S: '1' } })).toThrow(/lacks/);
  });

  it('keys items by invoice and stock code', () => {
    expect(itemKey(item)).not.toBe(itemKey({ invoiceNo: '53636', stockCode: '585123A' }));
  });
});
