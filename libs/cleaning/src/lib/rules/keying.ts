import type { ParsedRow } from '../clean/row-parser';
import { push as pushValue, type ColumnBuilder, type TableBuilder } from '../tables/builder';
import { ITEM_REF_SCHEMA } from '../tables/schema';

// Bound once: imported bindings compiled to CommonJS are property reads (often getters).
const push = pushValue;

/**
 * Keying for DynamoDB: one item per (invoiceNo, stockCode). A line whose key already
 * has an item is combined into it (quantity and amount summed, `lineCount` + 1, the
 * earliest date kept), never dropped: DynamoDB rejects a batch holding a key twice.
 * Items are stored as references to their first and earliest lines plus their sums.
 */
export function createKeying(strings: readonly string[], lineDates: ColumnBuilder, items: TableBuilder<typeof ITEM_REF_SCHEMA>) {
  const itemOfSlot: number[] = [];

  function add(row: ParsedRow, slot: number, line: number): void {
    const i = slot < itemOfSlot.length ? itemOfSlot[slot] : -1;
    if (i === -1) {
      while (itemOfSlot.length <= slot) itemOfSlot.push(-1);
      itemOfSlot[slot] = items.lineCount.length;
      push(items.firstLine, line);
      push(items.dateLine, line);
      push(items.quantity, row.quantity);
      push(items.totalAmountMilli, row.totalAmountMilli);
      push(items.lineCount, 1);
      return;
    }
    items.quantity.values[i] += row.quantity;
    items.totalAmountMilli.values[i] += row.totalAmountMilli;
    items.lineCount.values[i] += 1;
    if (strings[row.invoiceDate] < strings[lineDates.values[items.dateLine.values[i]]]) items.dateLine.values[i] = line;
  }

  return { add, items };
}
