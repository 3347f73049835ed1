import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CountryMonthSales, OrderValue } from '@ecomlake/model';
import type { DayRange } from '../days';
import type { QueryStats } from '../definition';
import { runScanPass, type RunOptions } from '../executor';
import { orderValues, type OrderValueOptions } from './order-values';
import { salesByCountryMonth } from './sales-by-country-month';

export interface SalesOverview {
  countryMonths: CountryMonthSales[];
  orderValues: OrderValue[];
}

/**
 * The bubble map's and the histograms' data from ONE parallel scan of CountryIndex, so a
 * pipeline run reads the table once for both.
 */
export async function salesOverview(
  client: DynamoDBClient,
  table: string,
  options: DayRange & { orderValues?: Omit<OrderValueOptions, 'countries' | keyof DayRange> } = {},
  run: RunOptions = {},
): Promise<{ data: SalesOverview; stats: QueryStats }> {
  const range = { from: options.from, to: options.to };
  const { data, stats } = await runScanPass(client, table, [salesByCountryMonth(range), orderValues({ ...options.orderValues, ...range })], run);
  return { data: { countryMonths: data[0], orderValues: data[1] }, stats };
}
