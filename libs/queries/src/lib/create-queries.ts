import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CountryMonthSales, DailyRevenue, OrderValue } from '@ecomlake/model';
import type { DayRange } from './days';
import type { QueryResult } from './definition';
import { runQuery, type RunOptions } from './executor';
import { ordersByCustomer } from './definitions/orders-by-customer';
import { orderValues, type OrderValueOptions } from './definitions/order-values';
import { revenueBetween, revenueOnDate } from './definitions/revenue-by-date';
import { salesByCountry, type CountrySales } from './definitions/sales-by-country';
import { salesByCountryMonth } from './definitions/sales-by-country-month';
import { salesOverview, type SalesOverview, type SalesOverviewOptions } from './definitions/sales-overview';

/** Every named query bound to one client and table; each answer comes with what it cost. */
export interface Queries {
  salesByCountry(country: string, range?: DayRange): Promise<QueryResult<CountrySales>>;
  ordersByCustomer(customerId: string, range?: DayRange): Promise<QueryResult<OrderValue[]>>;
  revenueOnDate(day: string): Promise<QueryResult<DailyRevenue>>;
  revenueBetween(from: string, to: string): Promise<QueryResult<DailyRevenue[]>>;
  salesByCountryMonth(range?: DayRange): Promise<QueryResult<CountryMonthSales[]>>;
  orderValues(options?: OrderValueOptions): Promise<QueryResult<OrderValue[]>>;
  salesOverview(options?: SalesOverviewOptions): Promise<QueryResult<SalesOverview>>;
}

/** Every named query bound to one client and table: `const q = createQueries(client, 'orders'); await q.revenueOnDate('2011-12-09')`. */
export function createQueries(client: DynamoDBClient, table: string, options: RunOptions = {}): Queries {
  return {
    salesByCountry: async (country: string, range?: DayRange) => runQuery(client, table, salesByCountry(country, range), options),
    ordersByCustomer: async (customerId: string, range?: DayRange) => runQuery(client, table, ordersByCustomer(customerId, range), options),
    revenueOnDate: async (day: string) => runQuery(client, table, revenueOnDate(day), options),
    revenueBetween: async (from: string, to: string) => runQuery(client, table, revenueBetween(from, to), options),
    salesByCountryMonth: async (range?: DayRange) => runQuery(client, table, salesByCountryMonth(range), options),
    orderValues: async (valueOptions?: OrderValueOptions) => runQuery(client, table, orderValues(valueOptions), options),
    salesOverview: async (overview?: SalesOverviewOptions) => salesOverview(client, table, overview, options),
  };
}
