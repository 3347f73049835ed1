import { milli, type DailyRevenue, type Milli } from '@ecomlake/model';
import { dailyRevenue, type RowAccumulator } from '../aggregate';
import { checkRange, type DayRange } from '../days';
import type { QueryDefinition } from '../definition';
import { InvalidQueryError } from '../errors';

export interface CountrySales {
  country: string;
  revenueMilli: Milli;
  /** Distinct invoices. */
  orders: number;
  /** Items (invoice lines after keying). */
  items: number;
  /** Revenue per trading day, in day order. */
  daily: DailyRevenue[];
}

/**
 * One country's sales in a day range, with the daily series (needs CountryIndex, opt-in; else
 * `IndexMissingError`; `createAggregateQueries` answers it without): Query on CountryIndex
 * (Country = c, InvoiceDate in range), split into month-sized sub-ranges read in parallel
 * because one country (the UK) holds ~90% of the items.
 */
export function salesByCountry(country: string, range: DayRange = {}): QueryDefinition<CountrySales, RowAccumulator<DailyRevenue[]> & { items: number }> {
  const name = 'salesByCountry';
  if (!country) throw new InvalidQueryError(name, 'country must not be empty');
  return {
    name,
    plan: { kind: 'query', index: 'CountryIndex', partitions: [country], range: checkRange(name, range), split: true },
    fields: ['invoiceNo', 'invoiceDate', 'totalAmountMilli'],
    init: () => Object.assign(dailyRevenue(), { items: 0 }),
    add(accumulator, row) {
      accumulator.add(row);
      accumulator.items += 1;
    },
    finish(accumulator) {
      const daily = accumulator.result();
      // Invoices never span days, so distinct orders add up across days.
      return {
        country,
        revenueMilli: milli(daily.reduce((sum, day) => sum + day.revenueMilli, 0)),
        orders: daily.reduce((sum, day) => sum + day.orders, 0),
        items: accumulator.items,
        daily,
      };
    },
  };
}
