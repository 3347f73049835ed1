import { readCsv, type CsvLineCounts } from '@ecomlake/csv';
import type { RawRow } from '@ecomlake/model';

/** The Online Retail header, as in the real dataset. */
export const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

/** One well-formed line; override any field by name. */
export function line(overrides: Partial<Record<'invoice' | 'stock' | 'description' | 'quantity' | 'date' | 'price' | 'customer' | 'country', string>> = {}): string {
  const f = {
    invoice: '536365',
    stock: '85123A',
    description: 'WHITE HANGING HEART T-LIGHT HOLDER',
    quantity: '6',
    date: '2010-12-01 08:26:00',
    price: '2.55',
    customer: '17850.0',
    country: 'United Kingdom',
    ...overrides,
  };
  return [f.invoice, f.stock, f.description, f.quantity, f.date, f.price, f.customer, f.country].join(',');
}

/** A CSV file text: the header, then the lines. */
export function csv(...lines: string[]): string {
  return [HEADER, ...lines].join('\n') + '\n';
}

/** The rows `@ecomlake/s3-extract` would yield for this text (same reader), then the reader's line counts. */
export function rawRows(text: string, source = 'day.csv'): AsyncGenerator<RawRow, CsvLineCounts> {
  return readCsv([text], { source }) as AsyncGenerator<RawRow, CsvLineCounts>;
}
