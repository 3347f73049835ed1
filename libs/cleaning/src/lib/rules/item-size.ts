/**
 * What DynamoDB cannot store, checked while cleaning so that a loader never meets an item
 * that fails on every rerun. Mirrors what `@ecomlake/dynamodb-repository` writes (its
 * `attributes.ts`, `marshal.ts` and the `Partition` tag of `partition-records.ts`);
 * cleaning has no AWS, so the names are repeated here. Sizes are UTF-8 bytes.
 */

/** DynamoDB's item size limit: 400 KB, attribute names and values counted. */
export const ITEM_BYTES_LIMIT = 400 * 1024;
/** DynamoDB's limits on key values: 2048 bytes in a partition key, 1024 in a sort key. */
export const PARTITION_KEY_BYTES_LIMIT = 2048;
export const SORT_KEY_BYTES_LIMIT = 1024;

// Every attribute the loader writes on an order item, by name: strings, numbers, and the
// 16-character partition tag. CustomerID is left out for guests.
const STRING_NAMES = ['InvoiceNo', 'StockCode', 'Description', 'InvoiceDate', 'Country', 'Partition'];
const NUMBER_NAMES = ['Quantity', 'UnitPrice', 'TotalAmount', 'LineCount'];
const CUSTOMER_NAME = 'CustomerID';
const PARTITION_TAG_BYTES = 16;
/** `YYYY-MM-DDTHH:mm:ss` */
const INVOICE_DATE_BYTES = 19;
/**
 * A number takes about 1 byte per two significant digits plus 1, and has at most 38
 * digits: 20 bytes, plus one for "about". Counting every number at this bound makes the
 * check hold for an item that combines lines too: its sums only change numbers, and its
 * strings are its first line's.
 */
const NUMBER_BYTES = 21;
const FIXED_BYTES =
  [...STRING_NAMES, ...NUMBER_NAMES].reduce((sum, name) => sum + name.length, 0) +
  NUMBER_NAMES.length * NUMBER_BYTES +
  INVOICE_DATE_BYTES +
  PARTITION_TAG_BYTES;

/** UTF-8 byte lengths of an item's string values; `customerId` is -1 for a guest (no attribute). */
export interface ItemStringBytes {
  invoiceNo: number;
  stockCode: number;
  description: number;
  customerId: number;
  country: number;
}

/**
 * The most bytes the DynamoDB item of a line (or of the item combining it with later
 * lines of its key) can take.
 */
export function itemBytes(b: ItemStringBytes): number {
  const customer = b.customerId < 0 ? 0 : CUSTOMER_NAME.length + b.customerId;
  return FIXED_BYTES + b.invoiceNo + b.stockCode + b.description + b.country + customer;
}

/**
 * A quick bound from text lengths (UTF-16 code units, each at most 3 UTF-8 bytes; the
 * values stored are the raw ones trimmed or collapsed, never longer): true when the item
 * surely fits, so nearly every line skips measuring bytes.
 */
export function surelyFits(invoiceNo: number, stockCode: number, description: number, customerId: number, country: number): boolean {
  return (
    3 * stockCode <= SORT_KEY_BYTES_LIMIT &&
    3 * Math.max(invoiceNo, customerId, country) <= PARTITION_KEY_BYTES_LIMIT &&
    FIXED_BYTES + CUSTOMER_NAME.length + 3 * (invoiceNo + stockCode + description + customerId + country) <= ITEM_BYTES_LIMIT
  );
}

/**
 * Why DynamoDB would refuse the line's item, or `undefined`: a key value over its limit
 * (InvoiceNo and StockCode key the table; Country and CustomerID the indexes), or an
 * item over 400 KB. Runs for every line: no allocation unless there is a problem.
 */
export function itemSizeProblem(b: ItemStringBytes): string | undefined {
  if (b.invoiceNo > PARTITION_KEY_BYTES_LIMIT) return keyProblem('invoiceNo', b.invoiceNo, PARTITION_KEY_BYTES_LIMIT);
  if (b.stockCode > SORT_KEY_BYTES_LIMIT) return keyProblem('stockCode', b.stockCode, SORT_KEY_BYTES_LIMIT);
  if (b.country > PARTITION_KEY_BYTES_LIMIT) return keyProblem('country', b.country, PARTITION_KEY_BYTES_LIMIT);
  if (b.customerId > PARTITION_KEY_BYTES_LIMIT) return keyProblem('customerId', b.customerId, PARTITION_KEY_BYTES_LIMIT);
  const total = itemBytes(b);
  if (total <= ITEM_BYTES_LIMIT) return undefined;
  return `item_too_large: its DynamoDB item would be ${count(total)} bytes (description ${count(b.description)}); the limit is ${count(ITEM_BYTES_LIMIT)} (400 KB)`;
}

function keyProblem(column: string, bytes: number, limit: number): string {
  return `key_too_large: ${column} is ${count(bytes)} bytes; DynamoDB takes at most ${count(limit)} in this key`;
}

function count(n: number): string {
  return n.toLocaleString('en-GB');
}
