import type { DailyRevenue } from '@ecomlake/model';
import { dailyRevenue, type RowAccumulator } from '../aggregate';
import { checkDay, checkRange, dayCount } from '../days';
import type { QueryDefinition } from '../definition';

/** Ranges longer than this are read in sub-ranges in parallel (per big country). */
const SPLIT_AFTER_DAYS = 31;

/**
 * Revenue and orders on one day. On a table with CountryIndex (opt-in), one Query per country
 * (the table's catalog lists them) for that day's range of InvoiceDate: only that day's index
 * entries, ~40 small Queries. On a default table, one parallel Scan of the table filtered on
 * the day (every item read: `createAggregateQueries` answers it by key for tens of RCU).
 * A day without trading gives zeros.
 */
export function revenueOnDate(day: string): QueryDefinition<DailyRevenue, RowAccumulator<DailyRevenue[]>> {
  const name = 'revenueOnDate';
  checkDay(name, day);
  return {
    name,
    plan: { kind: 'query', index: 'CountryIndex', partitions: 'all', range: { from: day, to: day } },
    fields: ['invoiceNo', 'invoiceDate', 'totalAmountMilli'],
    init: dailyRevenue,
    add: (accumulator, row) => accumulator.add(row),
    finish: (accumulator) => accumulator.result()[0] ?? { day, revenueMilli: 0, orders: 0 },
  };
}

/**
 * Daily revenue from `from` to `to` inclusive, read like revenueOnDate over the whole range
 * (in parallel sub-ranges when it is longer than a month). Days without trading are absent.
 */
export function revenueBetween(from: string, to: string): QueryDefinition<DailyRevenue[], RowAccumulator<DailyRevenue[]>> {
  const name = 'revenueBetween';
  checkRange(name, { from: checkDay(name, from, 'from'), to: checkDay(name, to, 'to') });
  return {
    name,
    plan: { kind: 'query', index: 'CountryIndex', partitions: 'all', range: { from, to }, split: dayCount(from, to) > SPLIT_AFTER_DAYS },
    fields: ['invoiceNo', 'invoiceDate', 'totalAmountMilli'],
    init: dailyRevenue,
    add: (accumulator, row) => accumulator.add(row),
    finish: (accumulator) => accumulator.result(),
  };
}
