import type { Milli, OrderValue } from '@ecomlake/model';
import { invoiceTotals, type RowAccumulator } from '../aggregate';
import { checkRange, type DayRange } from '../days';
import type { QueryDefinition } from '../definition';
import { InvalidQueryError } from '../errors';

export interface OrderValueOptions extends DayRange {
  /** Only these countries. Default: all. With a list, each country is queried instead of scanning the index. */
  countries?: readonly string[];
  /** Keep the N countries with the most orders (after `countries`). Default: all. */
  topN?: number;
  /** Keep orders worth at least this (Milli, inclusive). Default: no lower bound. */
  min?: Milli;
  /** Keep orders worth at most this (Milli, inclusive). Default: no upper bound. */
  max?: Milli;
}

/**
 * Order (invoice) totals for the histograms, sorted by country, then value. With `countries`,
 * one Query per country of CountryIndex (opt-in: `IndexMissingError` on a table without it);
 * else one parallel Scan, of CountryIndex where the table has it, else of the table's items.
 */
export function orderValues(options: OrderValueOptions = {}): QueryDefinition<OrderValue[], RowAccumulator<OrderValue[]>> {
  const name = 'orderValues';
  const { countries, topN, min = -Infinity, max = Infinity } = options;
  const range = checkRange(name, { from: options.from, to: options.to });
  if (topN !== undefined && !(Number.isInteger(topN) && topN > 0)) throw new InvalidQueryError(name, `topN must be a positive integer, got ${topN}`);
  if (min > max) throw new InvalidQueryError(name, `min (${min}) is above max (${max})`);
  if (countries?.length === 0) throw new InvalidQueryError(name, 'countries is empty; omit it for all countries');
  return {
    name,
    plan: countries
      ? { kind: 'query', index: 'CountryIndex', partitions: [...new Set(countries)], range, split: true }
      : { kind: 'scan', index: 'CountryIndex', range },
    fields: ['invoiceNo', 'invoiceDate', 'totalAmountMilli', 'country', 'customerId'],
    init: invoiceTotals,
    add: (accumulator, row) => accumulator.add(row),
    finish(accumulator) {
      const orders = accumulator.result();
      const perCountry = new Map<string, number>();
      for (const order of orders) perCountry.set(order.country, (perCountry.get(order.country) ?? 0) + 1);
      const kept = new Set(
        [...perCountry.entries()]
          .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
          .slice(0, topN ?? perCountry.size)
          .map(([country]) => country),
      );
      return orders
        .filter((order) => kept.has(order.country) && order.valueMilli >= min && order.valueMilli <= max)
        .sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : a.valueMilli - b.valueMilli || (a.invoiceNo < b.invoiceNo ? -1 : 1)));
    },
  };
}
