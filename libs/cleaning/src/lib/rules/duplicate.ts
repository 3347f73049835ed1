import type { ParsedRow } from '../clean/row-parser';

/**
 * The `duplicate` rule: a readable row whose eight fields all equal those of an
 * earlier readable row, compared as parsed values (`2.50` = `2.5`, `17850.0` = `17850`,
 * descriptions after whitespace normalization, dates as ISO). Rows sharing a key slot
 * (invoiceNo, stockCode) form a chain, so a check compares with a few rows only.
 */
export function createDuplicateRule() {
  const head: number[] = []; // slot → last remembered row of the slot, or -1
  const previous: number[] = []; // row → earlier row of the same slot, or -1
  const seen: number[] = []; // six values per remembered row

  /** Forgets every row (a new window's slots start at 0 again). */
  const reset = (): void => {
    head.length = 0;
    previous.length = 0;
    seen.length = 0;
  };

  const isDuplicate = (row: ParsedRow, slot: number): boolean => {
    const first = slot < head.length ? head[slot] : -1;
    for (let i = first; i !== -1; i = previous[i]) {
      const o = i * 6;
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
    while (head.length <= slot) head.push(-1);
    previous.push(first);
    head[slot] = previous.length - 1;
    seen.push(row.description, row.quantity, row.invoiceDate, row.unitPriceMilli, row.customerId, row.country);
    return false;
  };
  return { isDuplicate, reset };
}

export type DuplicateRule = ReturnType<typeof createDuplicateRule>;
