import type { DailyRevenue } from '@ecomlake/model';
import { dailyRevenue } from '../aggregate';
import { checkDay, checkRange, eachDay } from '../days';
import type { QueryDefinition } from '../definition';
import { InvalidQueryError } from '../errors';

/** The longest range revenueBetween reads (one Query per day). */
export const MAX_DAYS = 3_660;

/**
 * Revenue and orders on one day: a Query of that day's partition of DateIndex, which
 * reads only that day's items (a filtered Scan would read the whole table). A day without
 * trading gives zeros.
 */
export function revenueOnDate(day: string): QueryDefinition<DailyRevenue, ReturnType<typeof dailyRevenue>> {
  const name = 'revenueOnDate';
  checkDay(name, day);
  return {
    name,
    plan: { kind: 'query', index: 'DateIndex', partitions: [day] },
    fields: ['invoiceNo', 'invoiceDate', 'totalAmountMilli'],
    init: dailyRevenue,
    add: (accumulator, row) => accumulator.add(row),
    finish: (accumulator) => accumulator.result()[0] ?? { day, revenueMilli: 0, orders: 0 },
  };
}

/** Daily revenue from `from` to `to` inclusive: one DateIndex Query per day, in parallel. Days without trading are absent. */
export function revenueBetween(from: string, to: string): QueryDefinition<DailyRevenue[], ReturnType<typeof dailyRevenue>> {
  const name = 'revenueBetween';
  checkRange(name, { from: checkDay(name, from, 'from'), to: checkDay(name, to, 'to') });
  const days = eachDay(from, to);
  if (days.length > MAX_DAYS) throw new InvalidQueryError(name, `at most ${MAX_DAYS} days per call, asked for ${days.length}`);
  return {
    name,
    plan: { kind: 'query', index: 'DateIndex', partitions: days },
    fields: ['invoiceNo', 'invoiceDate', 'totalAmountMilli'],
    init: dailyRevenue,
    add: (accumulator, row) => accumulator.add(row),
    finish: (accumulator) => accumulator.result(),
  };
}
