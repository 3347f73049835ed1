import type { OrderValue } from '@ecomlake/model';
import { invoiceTotals, type RowAccumulator } from '../aggregate';
import { checkRange, type DayRange } from '../days';
import type { QueryDefinition } from '../definition';
import { InvalidQueryError } from '../errors';

/**
 * A customer's orders (invoices, not lines) with their totals, by date: Query on the
 * sparse CustomerIndex (CustomerID = id, InvoiceDate in range). Guests are not in it.
 */
export function ordersByCustomer(customerId: string, range: DayRange = {}): QueryDefinition<OrderValue[], RowAccumulator<OrderValue[]>> {
  const name = 'ordersByCustomer';
  if (!customerId) throw new InvalidQueryError(name, 'customerId must not be empty');
  return {
    name,
    plan: { kind: 'query', index: 'CustomerIndex', partitions: [customerId], range: checkRange(name, range) },
    fields: ['invoiceNo', 'invoiceDate', 'totalAmountMilli', 'country', 'customerId'],
    init: invoiceTotals,
    add: (accumulator, row) => accumulator.add(row),
    finish: (accumulator) => accumulator.result(),
  };
}
