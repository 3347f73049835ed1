/** The header of every daily file, exactly as in the real dataset. */
export const RETAIL_HEADER =
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: quote a field only when it holds a comma, quote or line break; double inner quotes. */
export function quoteField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Prices as the real export writes them (pandas float repr): `2.55`, `2.1`, `18.0`,
 * `0.001`. Input is integer thousandths of a pound, so the text is exact.
 */
export function formatPrice(milli: number): string {
  const text = String(milli / 1000);
  return text.includes('.') ? text : `${text}.0`;
}

/**
 * Splits one physical line as RFC 4180 does. Returns null when a quoted field is
 * left open (the line would swallow the next one). Used to verify the output and to
 * rewrite the few lines that are corrupted on purpose.
 */
export function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const close = line.indexOf('"', i);
        if (close < 0) return null;
        value += line.slice(i, close);
        if (line[close + 1] === '"') {
          value += '"';
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      fields.push(value);
      // Text after a closing quote is not RFC 4180; keep it rather than guess.
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        fields[fields.length - 1] += line.slice(i);
        return fields;
      }
      fields[fields.length - 1] += line.slice(i, comma);
      i = comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}
