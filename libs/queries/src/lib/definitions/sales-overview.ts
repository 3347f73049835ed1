import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CountryMonthSales, OrderValue } from '@ecomlake/model';
import type { DayRange } from '../days';
import type { QueryDefinition, QueryResult } from '../definition';
import { runScanPass, type RunOptions } from '../executor';
import { orderValues, type OrderValueOptions } from './order-values';
import { salesByCountry, type CountrySales } from './sales-by-country';
import { salesByCountryMonth } from './sales-by-country-month';
import { countryTotals, orderSummary, type CountryTotal, type OrderSummary } from '../summaries';

export interface SalesOverview {
  countryMonths: CountryMonthSales[];
  orderValues: OrderValue[];
  /** Every country's revenue and orders over the range, largest first. */
  countries: CountryTotal[];
  /** Orders, revenue and average order value of `orderValues`. */
  summary: OrderSummary;
  /** The `country` option's sales with its daily series, when asked for. */
  countrySales?: CountrySales;
}

export interface SalesOverviewOptions extends DayRange {
  orderValues?: Omit<OrderValueOptions, 'countries' | keyof DayRange>;
  /**
   * Also answer `salesByCountry(country)` from the same scan. Worth it when the country is
   * most of the table (the UK is ~90%): its own Query would read those items a second time.
   * Default: none.
   */
  country?: string;
}

/**
 * The bubble map's and the histograms' data (and optionally one country's daily sales)
 * from ONE parallel scan (of CountryIndex where the table has it, else of the table's order
 * items), so the scan path reads the table once for all.
 */
export async function salesOverview(
  client: DynamoDBClient,
  table: string,
  options: SalesOverviewOptions = {},
  run: RunOptions = {},
): Promise<QueryResult<SalesOverview>> {
  const range = { from: options.from, to: options.to };
  const months = salesByCountryMonth(range);
  const values = orderValues({ ...options.orderValues, ...range });
  if (options.country === undefined) {
    const { data, stats } = await runScanPass(client, table, [months, values], run);
    return { data: { ...summarized(data[0], data[1]) }, stats };
  }
  const country = options.country;
  const countrySales = within(salesByCountry(country, range), months.plan, (row) => row.country === country);
  const { data, stats } = await runScanPass(client, table, [months, values, countrySales], run);
  return { data: { ...summarized(data[0], data[1]), countrySales: data[2] }, stats };
}

function summarized(countryMonths: CountryMonthSales[], orders: OrderValue[]): Omit<SalesOverview, 'countrySales'> {
  return { countryMonths, orderValues: orders, countries: countryTotals(countryMonths), summary: orderSummary(orders) };
}

/** A definition answered from another read: it sees only the rows `keep` accepts. */
function within<R, A>(definition: QueryDefinition<R, A>, plan: QueryDefinition<unknown>['plan'], keep: (row: Parameters<QueryDefinition<R, A>['add']>[1]) => boolean): QueryDefinition<R, A> {
  return {
    ...definition,
    plan,
    fields: [...definition.fields, 'country'],
    add: (accumulator, row) => {
      if (keep(row)) definition.add(accumulator, row);
    },
  };
}
