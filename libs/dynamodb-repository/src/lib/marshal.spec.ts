import { milli, type OrderItem } from '@ecomlake/model';
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
