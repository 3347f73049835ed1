import type { Milli, OrderItem } from '@ecomlake/model';
import type { ColumnTable } from 'arquero';

/**
 * The items table as plain `OrderItem` objects, for the DynamoDB loader: one object
 * per row, in table order, created lazily. A guest's `customerId` is left out (not
 * `null`), so guest items stay out of the customer index.
 *
 * @example
 * for (const item of orderItems(result.items)) batch.push(item);
 */
export function* orderItems(items: ColumnTable): Generator<OrderItem> {
  const get = (name: keyof OrderItem) => items.getter(name) as (row: number) => unknown;
  const invoiceNo = get('invoiceNo');
  const stockCode = get('stockCode');
  const description = get('description');
  const quantity = get('quantity');
  const invoiceDate = get('invoiceDate');
  const unitPriceMilli = get('unitPriceMilli');
  const customerId = get('customerId');
  const country = get('country');
  const totalAmountMilli = get('totalAmountMilli');
  const invoiceDay = get('invoiceDay');
  const month = get('month');
  const lineCount = get('lineCount');
  const n = items.numRows();
  for (let row = 0; row < n; row++) {
    const item: OrderItem = {
      invoiceNo: invoiceNo(row) as string,
      stockCode: stockCode(row) as string,
      description: (description(row) as string | null) ?? '',
      quantity: quantity(row) as number,
      invoiceDate: invoiceDate(row) as string,
      unitPriceMilli: unitPriceMilli(row) as Milli,
      country: country(row) as string,
      totalAmountMilli: totalAmountMilli(row) as Milli,
      invoiceDay: invoiceDay(row) as string,
      month: month(row) as string,
      lineCount: lineCount(row) as number,
    };
    const customer = customerId(row) as string | null;
    if (customer !== null && customer !== undefined) item.customerId = customer;
    yield item;
  }
}
