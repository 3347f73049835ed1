import type { DayRange } from '@ecomlake/model';

export type { DayRange };

/** Sort-key bounds of a day range: `from` ≤ InvoiceDate ≤ `to`, either end open. */
export interface SortKeyBounds {
  from?: string;
  to?: string;
}

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * The `InvoiceDate` bounds covering whole days. `InvoiceDate` is `YYYY-MM-DDTHH:mm:ss`, so a
 * day compares below its own timestamps and '~' (after every character of a time) above them.
 */
export function dayBounds(range: DayRange = {}): SortKeyBounds {
  for (const [end, day] of [['from', range.from], ['to', range.to]] as const) {
    if (day !== undefined && !DAY.test(day)) throw new RangeError(`range.${end} must be a day as YYYY-MM-DD, got ${JSON.stringify(day)}`);
  }
  if (range.from !== undefined && range.to !== undefined && range.from > range.to) {
    throw new RangeError(`range.from (${range.from}) is after range.to (${range.to})`);
  }
  return {
    ...(range.from !== undefined ? { from: range.from } : {}),
    ...(range.to !== undefined ? { to: `${range.to}~` } : {}),
  };
}
