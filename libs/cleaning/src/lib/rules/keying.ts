import { milli } from '@ecomlake/model';
import type { ParsedRow } from '../clean/row-parser';
import { formatMilli } from '../parse/money';
import { addRow as newRow, type TableBuilder } from '../tables/builder';
import { grown } from '../tables/grown';
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
  // slot → its item, or -1; typed and kept across `reset()`, so a row allocates nothing.
  let itemOfSlot = new Int32Array(1024);
  let slots = 0; // slots with an entry so far

  function add(row: ParsedRow, slot: number, line: number): void {
    const i = slot < slots ? itemOfSlot[slot] : -1;
    const c = items.columns;
    if (i === -1) {
      if (slot >= slots) {
        if (slot >= itemOfSlot.length) itemOfSlot = grown(itemOfSlot, slot + 1);
        while (slots <= slot) itemOfSlot[slots++] = -1; // mostly one entry: a loop, not a call into fill()
      }
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

  /**
   * Why the line cannot join its item or the partition's clean lines, or `undefined`:
   * with it, the item's quantity or amount, or the partition's clean revenue
   * (`revenueMilli` so far), would leave the range a `Milli` holds exactly. Such a line
   * is quarantined, so every total stays exact.
   */
  function totalsProblem(row: ParsedRow, slot: number, revenueMilli: number): string | undefined {
    if (!Number.isSafeInteger(revenueMilli + row.totalAmountMilli)) {
      return tooLarge(`the partition's clean revenue would be £${formatMilli(BigInt(revenueMilli) + BigInt(row.totalAmountMilli))}`, MAX_POUNDS);
    }
    const i = slot < slots ? itemOfSlot[slot] : -1;
    if (i === -1) return undefined;
    const c = items.columns;
    if (!Number.isSafeInteger(c.totalAmountMilli[i] + row.totalAmountMilli)) {
      return tooLarge(`its item's amount would be £${formatMilli(BigInt(c.totalAmountMilli[i]) + BigInt(row.totalAmountMilli))}`, MAX_POUNDS);
    }
    if (!Number.isSafeInteger(c.quantity[i] + row.quantity)) {
      return tooLarge(`its item's quantity would be ${BigInt(c.quantity[i]) + BigInt(row.quantity)}`, String(Number.MAX_SAFE_INTEGER));
    }
    return undefined;
  }

  /** Forgets every slot's item (the builders are reset by their owner). */
  function reset(): void {
    slots = 0;
  }

  return { add, totalsProblem, items, reset };
}

export type Keying = ReturnType<typeof createKeying>;

const MAX_POUNDS = `£${formatMilli(milli(Number.MAX_SAFE_INTEGER))}`;

function tooLarge(what: string, limit: string): string {
  return `total_too_large: with this line ${what}, beyond ${limit}, the largest total kept exactly`;
}
