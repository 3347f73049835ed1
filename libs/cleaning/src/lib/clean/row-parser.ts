import { quoteValue } from '../escape';
import { trimBlanks } from '../parse/blank';
import { controlReason, hasControl } from '../parse/control';
import type { DateFormat } from '../parse/dates';
import { parseMilli } from '../parse/money';
import { parseQuantity } from '../parse/quantity';
import { customerIdProblem } from '../parse/text';
import { itemSizeProblem, surelyFits, type ItemStringBytes } from '../rules/item-size';
import type { CleaningContext, DateCodes } from './context';
import { NONE } from './dictionary';
import { sameText } from './interner';

/**
 * One record as spans of a text: field `i` of the file is `text.slice(starts[i], ends[i])`,
 * and `columns[c]` is the field holding canonical column `c` (`SOURCE_COLUMNS` order).
 * Spans let the fast path read fields out of the file text without creating strings.
 */
export interface RowFields {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
  columns: Int32Array;
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
const fits = surelyFits;
const sizeProblem = itemSizeProblem;

/**
 * Parses a row's fields into a {@link ParsedRow}; a returned string is why the row is
 * `malformed`: a missing key, a control character in a key field, an unreadable number,
 * id or date, an amount too large to be exact, or an item DynamoDB cannot store.
 * Invoice-level fields (invoice, date, customer, country) repeat on consecutive lines, so
 * they are only looked up (and checked) when they change.
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
  // Problems of the current invoice-level values, found when they change.
  let invoiceProblem: string | undefined;
  let customerProblem: string | undefined;
  let countryProblem: string | undefined = 'missing country';
  let dateProblem: string | undefined;
  const sizes: ItemStringBytes = { invoiceNo: 0, stockCode: 0, description: 0, customerId: -1, country: 0 };

  return function parseRow(f: RowFields, row: ParsedRow): string | undefined {
    const { text: t, starts, ends, columns } = f;
    let i = columns[0];
    let s = starts[i];
    let e = ends[i];
    if (!same(invoice, t, s, e)) {
      invoiceCode = dict.codeOf(t, s, e);
      invoice = dict.strings[invoiceCode];
      invoiceProblem = hasControl(invoice) ? controlReason('invoiceNo', invoice) : undefined;
    }
    row.invoiceNo = invoiceCode;
    row.cancellation = invoice.charCodeAt(0) === 67; // 'C'
    i = columns[1];
    const stockEmpty = starts[i] === ends[i];
    row.stockCode = dict.codeOf(t, starts[i], ends[i]);
    i = columns[2];
    row.description = context.description(row.stockCode, t, starts[i], ends[i]);
    i = columns[3];
    row.quantity = quantityOf(t, starts[i], ends[i]) ?? NaN;
    i = columns[5];
    row.unitPriceMilli = milliOf(t, starts[i], ends[i]) ?? NaN;
    row.totalAmountMilli = row.quantity * row.unitPriceMilli;
    i = columns[6];
    s = starts[i];
    e = ends[i];
    if (!same(customer, t, s, e)) {
      customer = t.slice(s, e);
      customerCode = context.customer(t, s, e);
      customerProblem =
        customerCode !== ABSENT && context.control(customerCode) ? controlReason('customerId', customer) : customerIdProblem(customer);
    }
    row.customerId = customerCode;
    i = columns[7];
    s = starts[i];
    e = ends[i];
    if (!same(country, t, s, e)) {
      countryCode = dict.codeOf(t, s, e);
      country = dict.strings[countryCode];
      // An empty Country cannot key the country index: DynamoDB refuses the item.
      countryProblem = country.length === 0 ? 'missing country' : hasControl(country) ? controlReason('country', country) : undefined;
    }
    row.country = countryCode;
    i = columns[4];
    s = starts[i];
    e = ends[i];
    if (!same(date, t, s, e)) {
      date = t.slice(s, e);
      dateCodes = context.date(t, s, e);
      dateProblem = hasControl(trimBlanks(date)) ? controlReason('invoiceDate', date) : undefined;
    }
    if (dateCodes) {
      row.invoiceDate = dateCodes[0];
      row.invoiceDay = dateCodes[1];
      row.month = dateCodes[2];
    } else {
      row.invoiceDate = row.invoiceDay = row.month = ABSENT;
    }
    if (invoice.length === 0) return 'missing invoiceNo';
    if (stockEmpty) return 'missing stockCode';
    if (invoiceProblem !== undefined) return invoiceProblem;
    if (context.control(row.stockCode)) return controlReason('stockCode', dict.strings[row.stockCode]);
    if (countryProblem !== undefined) return countryProblem;
    if (customerProblem !== undefined) return customerProblem;
    if (dateProblem !== undefined) return dateProblem;
    if (Number.isNaN(row.quantity)) return `quantity ${quoted(f, 3)} is not a whole number`;
    if (Number.isNaN(row.unitPriceMilli)) return `unitPrice ${quoted(f, 5)} is not a decimal number with at most 3 decimals`;
    if (!dateCodes) return `invoiceDate ${quoteValue(date)} is not a valid date in format ${dateFormat} (${FORMAT_HINT[dateFormat]})`;
    if (!Number.isSafeInteger(row.totalAmountMilli)) return 'quantity × unitPrice is too large to be exact';
    const inv = columns[0];
    const stock = columns[1];
    const desc = columns[2];
    const cust = columns[6];
    const ctry = columns[7];
    if (fits(ends[inv] - starts[inv], ends[stock] - starts[stock], ends[desc] - starts[desc], ends[cust] - starts[cust], ends[ctry] - starts[ctry])) return undefined;
    sizes.invoiceNo = context.bytes(invoiceCode);
    sizes.stockCode = context.bytes(row.stockCode);
    sizes.description = context.bytes(row.description);
    sizes.customerId = customerCode === ABSENT ? -1 : context.bytes(customerCode);
    sizes.country = context.bytes(countryCode);
    return sizeProblem(sizes);
  };
}

function quoted(f: RowFields, c: number): string {
  const i = f.columns[c];
  return quoteValue(f.text.slice(f.starts[i], f.ends[i]));
}
