import type { OrderItem } from '@ecomlake/model';

/** Table attribute name of each OrderItem field (PascalCase, as in the source data). */
export const ATTRIBUTE = {
  invoiceNo: 'InvoiceNo',
  stockCode: 'StockCode',
  description: 'Description',
  quantity: 'Quantity',
  invoiceDate: 'InvoiceDate',
  unitPriceMilli: 'UnitPrice',
  totalAmountMilli: 'TotalAmount',
  customerId: 'CustomerID',
  country: 'Country',
  invoiceDay: 'InvoiceDay',
  month: 'Month',
  lineCount: 'LineCount',
} as const satisfies Record<keyof OrderItem, string>;

export type OrderField = keyof OrderItem;
export type AttributeName = (typeof ATTRIBUTE)[OrderField];

/**
 * `ProjectionExpression` for some fields, with `#name` placeholders so reserved words
 * (several of ours are) never break it. Merge `names` into `ExpressionAttributeNames`.
 */
export function projectionOf(fields: readonly OrderField[]): {
  ProjectionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
} {
  const names: Record<string, string> = {};
  for (const field of new Set(fields)) names[`#${ATTRIBUTE[field]}`] = ATTRIBUTE[field];
  return { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names };
}
