import type { ParsedRow } from '../clean/row-parser';
import { addRow as newRow, type TableBuilder } from '../tables/builder';
import type { ITEM_REF_SCHEMA, LINE_SCHEMA } from '../tables/schema';

// Bound once: imported bindings compiled to CommonJS are property reads (often getters).
const addRow = newRow;

/**
 * Keying for DynamoDB: one item per (invoiceNo, stockCode). A line whose key already
 * has an item is combined into it (quantity and amount summed, `lineCount` + 1, the
 * earliest date kept), never dropped: DynamoDB rejects a batch holding a key twice.
 * Items are stored as references to their first and earliest lines plus their sums.
 */
export function createKeying(strings: readonly string[], lines: TableBuilder<typeof LINE_SCHEMA>, items: TableBuilder<typeof ITEM_REF_SCHEMA>) {
  const itemOfSlot: number[] = [];

  function add(row: ParsedRow, slot: number, line: number): void {
    const i = slot < itemOfSlot.length ? itemOfSlot[slot] : -1;
    const c = items.columns;
    if (i === -1) {
      while (itemOfSlot.length <= slot) itemOfSlot.push(-1);
      const n = addRow(items);
      itemOfSlot[slot] = n;
      c.firstLine[n] = line;
      c.dateLine[n] = line;
      c.quantity[n] = row.quantity;
      c.totalAmountMilli[n] = row.totalAmountMilli;
      c.lineCount[n] = 1;
      return;
    }
    c.quantity[i] += row.quantity;
    c.totalAmountMilli[i] += row.totalAmountMilli;
    c.lineCount[i] += 1;
    if (strings[row.invoiceDate] < strings[lines.columns.invoiceDate[c.dateLine[i]]]) c.dateLine[i] = line;
  }

  return { add, items };
}
