import type { DayRange } from '@ecomlake/model';
import { InvalidQueryError } from './errors';

export type { DayRange };

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function checkDay(query: string, day: string, what = 'day'): string {
  if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    throw new InvalidQueryError(query, `${what} must be a date as YYYY-MM-DD, got ${JSON.stringify(day)}`);
  }
  return day;
}

export function checkRange(query: string, range: DayRange = {}): DayRange {
  if (range.from !== undefined) checkDay(query, range.from, 'from');
  if (range.to !== undefined) checkDay(query, range.to, 'to');
  if (range.from && range.to && range.from > range.to) {
    throw new InvalidQueryError(query, `from (${range.from}) is after to (${range.to})`);
  }
  return range;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** How many days from `from` to `to`, inclusive. */
export function dayCount(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Splits an inclusive day range into consecutive ranges of at most `size` days. */
export function splitDays(from: string, to: string, size: number): Required<DayRange>[] {
  const ranges: Required<DayRange>[] = [];
  for (let start = from; start <= to; start = addDays(start, size)) {
    const end = addDays(start, size - 1);
    ranges.push({ from: start, to: end < to ? end : to });
  }
  return ranges;
}
