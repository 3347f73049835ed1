import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { formatMilli, type OrderItem } from '@ecomlake/model';
import { ATTRIBUTE, type OrderField } from './attributes';
import { decimalToMilli } from './decimal';

export type DynamoRecord = Record<string, AttributeValue>;

/**
 * An OrderItem as a DynamoDB item. Money is written as the exact decimal in pounds
 * (`formatMilli`, so no float ever formats it); guests simply have no `CustomerID`.
 *
 * Built by hand, attribute by attribute, rather than through util-dynamodb's `marshall`: the
 * shape is fixed, and marshall's type inspection of each value cost 2.5 µs an item (1.3 CPU-s
 * on the full dataset's load, on the cores DynamoDB needs). marshal.spec checks the output
 * equals marshall's, key order included.
 */
export function encodeItem(item: OrderItem): DynamoRecord {
  const record: DynamoRecord = {
    [ATTRIBUTE.invoiceNo]: { S: item.invoiceNo },
    [ATTRIBUTE.stockCode]: { S: item.stockCode },
    [ATTRIBUTE.description]: { S: item.description },
    [ATTRIBUTE.quantity]: { N: String(item.quantity) },
    [ATTRIBUTE.invoiceDate]: { S: item.invoiceDate },
    [ATTRIBUTE.unitPriceMilli]: { N: formatMilli(item.unitPriceMilli) },
    [ATTRIBUTE.totalAmountMilli]: { N: formatMilli(item.totalAmountMilli) },
  };
  if (item.customerId !== undefined) record[ATTRIBUTE.customerId] = { S: item.customerId };
  record[ATTRIBUTE.country] = { S: item.country };
  record[ATTRIBUTE.lineCount] = { N: String(item.lineCount) };
  return record;
}

/** The item's primary key as one string, to spot two writes of the same key. */
export function itemKey(item: Pick<OrderItem, 'invoiceNo' | 'stockCode'>): string {
  return `${item.invoiceNo}\u0000${item.stockCode}`;
}

const MONEY: ReadonlySet<OrderField> = new Set(['unitPriceMilli', 'totalAmountMilli']);
const INTEGER: ReadonlySet<OrderField> = new Set(['quantity', 'lineCount']);
/** Stored attribute → field; `InvoiceDate` also gives the derived `invoiceDay` and `month`. */
const FIELD_OF = new Map<string, OrderField>(
  (Object.entries(ATTRIBUTE) as [OrderField, string][]).filter(([field]) => field !== 'invoiceDay' && field !== 'month').map(([field, name]) => [name, field]),
);

/**
 * Whatever fields a (possibly projected) record carries, as OrderItem fields with exact
 * money. Unknown attributes are ignored.
 */
export function decodePartial(record: DynamoRecord): Partial<OrderItem> {
  const raw = unmarshall(record, { wrapNumbers: true }) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    const field = FIELD_OF.get(name);
    if (!field) continue;
    if (MONEY.has(field)) out[field] = decimalToMilli(String(value));
    else if (INTEGER.has(field)) out[field] = Number(String(value));
    else out[field] = value;
    if (field === 'invoiceDate' && typeof value === 'string') {
      out.invoiceDay = value.slice(0, 10);
      out.month = value.slice(0, 7);
    }
  }
  return out as Partial<OrderItem>;
}

/** A full record back to an OrderItem; throws if a required attribute is missing. */
export function decodeItem(record: DynamoRecord): OrderItem {
  const item = decodePartial(record);
  for (const field of Object.keys(ATTRIBUTE) as OrderField[]) {
    if (field !== 'customerId' && item[field] === undefined) {
      throw new TypeError(`Item ${JSON.stringify(record[ATTRIBUTE.invoiceNo])} lacks ${ATTRIBUTE[field]}; was it read with a projection?`);
    }
  }
  return item as OrderItem;
}
