/** The Online Retail header: 8 columns. */
export const RETAIL_HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

const DESCRIPTIONS = ['WHITE HANGING HEART T-LIGHT HOLDER', 'WHITE METAL LANTERN', 'CREAM CUPID HEARTS COAT HANGER', 'SET 7 BABUSHKA NESTING BOXES'];

/**
 * Data line `i` (0-based) of a day file like the real ones: ten lines an invoice, every
 * stock code different, so no line is a duplicate of another and each is its own item.
 * `description` replaces the description field as written (quotes included).
 */
export function retailLine(i: number, description?: string): string {
  const invoice = 536365 + Math.floor(i / 10);
  const minute = String(Math.floor(i / 10) % 60).padStart(2, '0');
  const fields = [
    String(invoice),
    String(20000 + i),
    description ?? DESCRIPTIONS[i % DESCRIPTIONS.length],
    String(1 + (i % 12)),
    `2010-12-01 09:${minute}:00`,
    '2.55',
    '17850.0',
    'United Kingdom',
  ];
  return fields.join(',');
}

/**
 * The stray-quote file of issue 11: a header and 1,998 data lines; the description on
 * physical line 3 opens a quote that is never closed on its line, and the one on line
 * 1502 is a lone quote. Read naively, line 3's quote runs to line 1502's and lines 3-1502
 * become one record with 8 fields and a 111 KB description.
 */
export function strayQuoteFile(): { text: string; strayLines: number[]; dataLines: number } {
  const dataLines = 1998;
  const strayLines = [3, 1502];
  const lines = [RETAIL_HEADER];
  for (let i = 0; i < dataLines; i++) {
    const physical = i + 2;
    lines.push(physical === 3 ? retailLine(i, '"WHITE HANGING HEART T-LIGHT HOLDER') : physical === 1502 ? retailLine(i, '"') : retailLine(i));
  }
  return { text: lines.join('\n') + '\n', strayLines, dataLines };
}
