import type { ParsedRow } from '../clean/row-parser';
import { grown } from '../tables/grown';

/** Values of a remembered row that the rule compares (the key is its slot). */
const VALUES = 6;

/**
 * The `duplicate` rule: a readable row whose eight fields all equal those of an
 * earlier readable row, compared as parsed values (`2.50` = `2.5`, `17850.0` = `17850`,
 * descriptions after whitespace normalization, dates as ISO). Rows sharing a key slot
 * (invoiceNo, stockCode) form a chain, so a check compares with a few rows only.
 * Remembered rows live in typed arrays that grow by doubling and survive `reset()`, so
 * the rule allocates nothing per row (growing JS arrays cost 90 MB of garbage a run).
 */
export function createDuplicateRule(capacity = 1024) {
  let head = new Int32Array(capacity); // slot → last remembered row of the slot, or -1
  let previous = new Int32Array(capacity); // row → earlier row of the same slot, or -1
  // Codes, quantities and milli amounts: whole numbers, all exact in a double.
  let seen = new Float64Array(capacity * VALUES);
  let slots = 0; // slots with a head so far
  let rows = 0;

  /** Forgets every row (a new partition's or window's slots start at 0 again). */
  const reset = (): void => {
    slots = 0;
    rows = 0;
  };

  const isDuplicate = (row: ParsedRow, slot: number): boolean => {
    const first = slot < slots ? head[slot] : -1;
    for (let i = first; i !== -1; i = previous[i]) {
      const o = i * VALUES;
      if (
        seen[o] === row.description &&
        seen[o + 1] === row.quantity &&
        seen[o + 2] === row.invoiceDate &&
        seen[o + 3] === row.unitPriceMilli &&
        seen[o + 4] === row.customerId &&
        seen[o + 5] === row.country
      ) {
        return true;
      }
    }
    if (slot >= slots) {
      if (slot >= head.length) head = grown(head, slot + 1);
      while (slots <= slot) head[slots++] = -1; // mostly one entry: a loop, not a call into fill()
    }
    if (rows === previous.length) {
      previous = grown(previous, rows + 1);
      seen = grown(seen, (rows + 1) * VALUES);
    }
    previous[rows] = first;
    head[slot] = rows;
    const o = rows * VALUES;
    seen[o] = row.description;
    seen[o + 1] = row.quantity;
    seen[o + 2] = row.invoiceDate;
    seen[o + 3] = row.unitPriceMilli;
    seen[o + 4] = row.customerId;
    seen[o + 5] = row.country;
    rows++;
    return false;
  };
  return { isDuplicate, reset };
}

export type DuplicateRule = ReturnType<typeof createDuplicateRule>;

