import type { DateFormat } from '../parse/dates';
import { parseMilli } from '../parse/money';
import { parseQuantity } from '../parse/quantity';
import type { CleaningContext, DateCodes } from './context';
import { NONE } from './dictionary';
import { sameText } from './interner';

/**
 * The eight source fields of one row, in `SOURCE_COLUMNS` order, as spans: field `c`
 * is `texts[c].slice(starts[c], ends[c])`. Spans let the fast path read fields out of
 * the file text without creating strings; the row-object path points them at whole fields.
 */
export interface RowFields {
  texts: string[];
  starts: Int32Array;
  ends: Int32Array;
}

export function emptyFields(): RowFields {
  return { texts: new Array<string>(8).fill(''), starts: new Int32Array(8), ends: new Int32Array(8) };
}

/** One parsed row, reused for every record (no allocation per row); strings are dictionary codes. */
export interface ParsedRow {
  invoiceNo: number;
  stockCode: number;
  description: number;
  quantity: number;
  invoiceDate: number;
  invoiceDay: number;
  month: number;
  unitPriceMilli: number;
  customerId: number;
  country: number;
  /** quantity × unit price; NaN when either is unreadable. */
  totalAmountMilli: number;
  cancellation: boolean;
}

export function emptyRow(): ParsedRow {
  return {
    invoiceNo: NONE,
    stockCode: NONE,
    description: NONE,
    quantity: NaN,
    invoiceDate: NONE,
    invoiceDay: NONE,
    month: NONE,
    unitPriceMilli: NaN,
    customerId: NONE,
    country: NONE,
    totalAmountMilli: NaN,
    cancellation: false,
  };
}

const FORMAT_HINT: Record<DateFormat, string> = {
  iso: 'YYYY-MM-DD HH:mm:ss',
  mdy: 'M/D/YYYY H:mm',
  mdyy: 'M/D/YY H:mm',
};

// Bound once: imported bindings compiled to CommonJS are property reads (often getters).
const quantityOf = parseQuantity;
const milliOf = parseMilli;
const same = sameText;
const ABSENT = NONE;

/**
 * Parses a row's fields into a {@link ParsedRow}; a returned string is why the row is
 * `malformed`. Invoice-level fields (invoice, date, customer, country) repeat on
 * consecutive lines, so they are only looked up when they change.
 */
export function createRowParser(context: CleaningContext) {
  const { dict } = context;
  const dateFormat = context.options.dateFormat;
  let invoice = dict.strings[dict.code('')];
  let invoiceCode = dict.code('');
  let country = invoice;
  let countryCode = invoiceCode;
  let customer = '';
  let customerCode = context.customer('', 0, 0);
  let date = '';
  let dateCodes: DateCodes | undefined = context.date('', 0, 0);

  return function parseRow(f: RowFields, row: ParsedRow): string | undefined {
    const { texts, starts, ends } = f;
    let t = texts[0];
    let s = starts[0];
    let e = ends[0];
    if (!same(invoice, t, s, e)) {
      invoiceCode = dict.codeOf(t, s, e);
      invoice = dict.strings[invoiceCode];
    }
    row.invoiceNo = invoiceCode;
    row.cancellation = invoice.charCodeAt(0) === 67; // 'C'
    row.stockCode = dict.codeOf(texts[1], starts[1], ends[1]);
    row.description = context.description(row.stockCode, texts[2], starts[2], ends[2]);
    row.quantity = quantityOf(texts[3], starts[3], ends[3]) ?? NaN;
    row.unitPriceMilli = milliOf(texts[5], starts[5], ends[5]) ?? NaN;
    row.totalAmountMilli = row.quantity * row.unitPriceMilli;
    t = texts[6];
    s = starts[6];
    e = ends[6];
    if (!same(customer, t, s, e)) {
      customer = t.slice(s, e);
      customerCode = context.customer(t, s, e);
    }
    row.customerId = customerCode;
    t = texts[7];
    s = starts[7];
    e = ends[7];
    if (!same(country, t, s, e)) {
      countryCode = dict.codeOf(t, s, e);
      country = dict.strings[countryCode];
    }
    row.country = countryCode;
    t = texts[4];
    s = starts[4];
    e = ends[4];
    if (!same(date, t, s, e)) {
      date = t.slice(s, e);
      dateCodes = context.date(t, s, e);
    }
    if (dateCodes) {
      row.invoiceDate = dateCodes[0];
      row.invoiceDay = dateCodes[1];
      row.month = dateCodes[2];
    } else {
      row.invoiceDate = row.invoiceDay = row.month = ABSENT;
    }
    if (invoice.length === 0) return 'missing invoiceNo';
    if (ends[1] === starts[1]) return 'missing stockCode';
    if (Number.isNaN(row.quantity)) return `quantity ${quoted(f, 3)} is not a whole number`;
    if (Number.isNaN(row.unitPriceMilli)) return `unitPrice ${quoted(f, 5)} is not a decimal number with at most 3 decimals`;
    if (!dateCodes) return `invoiceDate ${JSON.stringify(date)} is not a valid date in format ${dateFormat} (${FORMAT_HINT[dateFormat]})`;
    if (!Number.isSafeInteger(row.totalAmountMilli)) return 'quantity × unitPrice is too large to be exact';
    return undefined;
  };
}

function quoted(f: RowFields, c: number): string {
  return JSON.stringify(f.texts[c].slice(f.starts[c], f.ends[c]));
}

export type RowParser = ReturnType<typeof createRowParser>;
