import { AmbiguousColumnError, MissingColumnError } from '../errors';
import { mapHeader } from './header-map';

describe('mapHeader', () => {
  it('maps the Online Retail header to canonical columns', () => {
    const map = mapHeader('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'.split(','), 'a.csv');
    expect(map).toEqual({ invoiceNo: 0, stockCode: 1, description: 2, quantity: 3, invoiceDate: 4, unitPrice: 5, customerId: 6, country: 7 });
  });

  it('accepts Online Retail II names, any case, spaces and order, and ignores extra columns', () => {
    const map = mapHeader(['Country', ' customer id ', 'Price', 'invoicedate', 'QUANTITY', 'Extra', 'description', 'Stock Code', 'Invoice'], 'b.csv');
    expect(map).toEqual({ invoiceNo: 8, stockCode: 7, description: 6, quantity: 4, invoiceDate: 3, unitPrice: 2, customerId: 1, country: 0 });
  });

  it('names the file, the expected and the found columns when one is missing', () => {
    let error: unknown;
    try {
      mapHeader(['InvoiceNo', 'StockCode', 'Quantity'], 'day.csv');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MissingColumnError);
    const e = error as MissingColumnError;
    expect(e.file).toBe('day.csv');
    expect(e.expected).toEqual(['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country']);
    expect(e.found).toEqual(['InvoiceNo', 'StockCode', 'Quantity']);
    expect(e.missing).toEqual(['Description', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country']);
    expect(e.message).toMatch(/^day\.csv: missing columns Description, InvoiceDate, UnitPrice, CustomerID, Country\. Expected InvoiceNo/);
  });

  it('refuses two columns that name the same one, naming both', () => {
    const header = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'Customer ID', 'Country', 'customer_id'];
    let error: unknown;
    try {
      mapHeader(header, 'day.csv');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AmbiguousColumnError);
    expect(error).toMatchObject({ file: 'day.csv', column: 'CustomerID', names: ['Customer ID', 'customer_id'], positions: [7, 9] });
    expect((error as Error).message).toBe(
      'day.csv: header columns 7 "Customer ID" and 9 "customer_id" both name CustomerID. Remove or rename one of them, so that it is clear which holds the data.',
    );
  });
});
