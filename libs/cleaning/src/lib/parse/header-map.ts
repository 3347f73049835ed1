import { AmbiguousColumnError, MissingColumnError } from '../errors';

/** The eight canonical source columns, in the dataset's order. */
export const SOURCE_COLUMNS = [
  'invoiceNo',
  'stockCode',
  'description',
  'quantity',
  'invoiceDate',
  'unitPrice',
  'customerId',
  'country',
] as const;

export type SourceColumn = (typeof SOURCE_COLUMNS)[number];

/** Header names as written in the Online Retail (UCI) and Online Retail II releases. */
const EXPECTED_NAMES: Record<SourceColumn, string> = {
  invoiceNo: 'InvoiceNo',
  stockCode: 'StockCode',
  description: 'Description',
  quantity: 'Quantity',
  invoiceDate: 'InvoiceDate',
  unitPrice: 'UnitPrice',
  customerId: 'CustomerID',
  country: 'Country',
};

/** Accepted spellings after lower-casing and removing spaces, `_` and `-`. */
const ALIASES: Record<string, SourceColumn> = {
  invoiceno: 'invoiceNo',
  invoice: 'invoiceNo',
  stockcode: 'stockCode',
  description: 'description',
  quantity: 'quantity',
  invoicedate: 'invoiceDate',
  unitprice: 'unitPrice',
  price: 'unitPrice',
  customerid: 'customerId',
  country: 'country',
};

/** Field index of each canonical column in a file's header. */
export type HeaderMap = Record<SourceColumn, number>;

/**
 * Maps a header to canonical columns, ignoring case, spaces, `_` and `-`
 * (`Customer ID`, `customer_id`), and accepting the Online Retail II names.
 * Extra columns are ignored; a missing one throws {@link MissingColumnError}, and two
 * that name the same column (`Quantity,Quantity`, `InvoiceNo,Invoice`, `UnitPrice,Price`)
 * throw {@link AmbiguousColumnError}: which one holds the data cannot be guessed.
 */
export function mapHeader(header: readonly string[], file: string): HeaderMap {
  const map: Partial<HeaderMap> = {};
  header.forEach((name, i) => {
    const column = ALIASES[name.toLowerCase().replace(/[\s_-]+/g, '')];
    if (column === undefined) return;
    const first = map[column];
    if (first !== undefined) throw new AmbiguousColumnError(file, EXPECTED_NAMES[column], [header[first], name], [first + 1, i + 1]);
    map[column] = i;
  });
  const missing = SOURCE_COLUMNS.filter((c) => map[c] === undefined);
  if (missing.length > 0) {
    throw new MissingColumnError(
      file,
      SOURCE_COLUMNS.map((c) => EXPECTED_NAMES[c]),
      header,
      missing.map((c) => EXPECTED_NAMES[c]),
    );
  }
  return map as HeaderMap;
}

/** Field index of each canonical column, in {@link SOURCE_COLUMNS} order. */
export function fieldIndexes(map: HeaderMap): Int32Array {
  return Int32Array.from(SOURCE_COLUMNS, (c) => map[c]);
}
