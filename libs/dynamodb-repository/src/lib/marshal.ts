import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, NumberValueImpl as NumberValue, unmarshall } from '@aws-sdk/util-dynamodb';
import { formatMilli, type OrderItem } from '@ecomlake/model';
import { ATTRIBUTE, type OrderField } from './attributes';
import { decimalToMilli } from './decimal';

export type DynamoRecord = Record<string, AttributeValue>;

/**
 * An OrderItem as a DynamoDB item. Money is written as the exact decimal in pounds
 * (`NumberValue`, so no float ever formats it); guests simply have no `CustomerID`.
 */
export function encodeItem(item: OrderItem): DynamoRecord {
  return marshall(
    {
      [ATTRIBUTE.invoiceNo]: item.invoiceNo,
      [ATTRIBUTE.stockCode]: item.stockCode,
      [ATTRIBUTE.description]: item.description,
      [ATTRIBUTE.quantity]: NumberValue.from(String(item.quantity)),
      [ATTRIBUTE.invoiceDate]: item.invoiceDate,
      [ATTRIBUTE.unitPriceMilli]: NumberValue.from(formatMilli(item.unitPriceMilli)),
      [ATTRIBUTE.totalAmountMilli]: NumberValue.from(formatMilli(item.totalAmountMilli)),
      [ATTRIBUTE.customerId]: item.customerId,
      [ATTRIBUTE.country]: item.country,
      [ATTRIBUTE.lineCount]: NumberValue.from(String(item.lineCount)),
    },
    { removeUndefinedValues: true },
  );
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
