/**
 * Column layouts of the four output tables. `string` columns are stored as codes into
 * a string dictionary (-1 = absent), numbers as typed arrays, `bool` as 0/1 bytes.
 */
export type ColumnType = 'string' | 'int' | 'float' | 'bool';

export type Schema = Readonly<Record<string, ColumnType>>;

/** Clean order lines: `OrderLine` plus the non-product flag and lineage. */
export const LINE_SCHEMA = {
  invoiceNo: 'string',
  stockCode: 'string',
  description: 'string',
  quantity: 'int',
  invoiceDate: 'string',
  unitPriceMilli: 'float',
  customerId: 'string',
  country: 'string',
  totalAmountMilli: 'float',
  invoiceDay: 'string',
  month: 'string',
  nonProduct: 'bool',
  source: 'string',
  line: 'int',
} as const satisfies Schema;

/** Keyed DynamoDB items: `OrderItem` plus the non-product flag. */
export const ITEM_SCHEMA = {
  invoiceNo: 'string',
  stockCode: 'string',
  description: 'string',
  quantity: 'float',
  invoiceDate: 'string',
  unitPriceMilli: 'float',
  customerId: 'string',
  country: 'string',
  totalAmountMilli: 'float',
  invoiceDay: 'string',
  month: 'string',
  lineCount: 'int',
  nonProduct: 'bool',
} as const satisfies Schema;

/**
 * How items are stored: most items are one line, so an item points at its first line
 * (for invoice, stock code, description, unit price, customer, country, flag) and at
 * its earliest line (for the dates), and only holds its own sums.
 */
export const ITEM_REF_SCHEMA = {
  firstLine: 'int',
  dateLine: 'int',
  quantity: 'float',
  totalAmountMilli: 'float',
  lineCount: 'int',
} as const satisfies Schema;

/** Where each items-table column comes from: the first line, the earliest line, or the item itself. */
export const ITEM_SOURCES: Record<keyof typeof ITEM_SCHEMA, 'first' | 'date' | 'own'> = {
  invoiceNo: 'first',
  stockCode: 'first',
  description: 'first',
  quantity: 'own',
  invoiceDate: 'date',
  unitPriceMilli: 'first',
  customerId: 'first',
  country: 'first',
  totalAmountMilli: 'own',
  invoiceDay: 'date',
  month: 'date',
  lineCount: 'own',
  nonProduct: 'first',
};

/** Valid rows that are not sales, with the id of the rule that excluded them. */
export const EXCLUDED_SCHEMA = {
  rule: 'string',
  source: 'string',
  line: 'int',
  invoiceNo: 'string',
  stockCode: 'string',
  description: 'string',
  quantity: 'int',
  invoiceDate: 'string',
  unitPriceMilli: 'float',
  customerId: 'string',
  country: 'string',
  totalAmountMilli: 'float',
} as const satisfies Schema;

/** Unreadable rows: where they came from, why, and their raw text. */
export const QUARANTINE_SCHEMA = {
  source: 'string',
  line: 'int',
  reason: 'string',
  text: 'string',
} as const satisfies Schema;

/** Storage of each column type; strings are codes. */
export type TypedColumn = Int32Array | Float64Array | Uint8Array;
export type CodedColumns<S extends Schema> = { [K in keyof S]: TypedColumn };
