import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { formatMilli, milli, type CountryMonthSales, type DailyRevenue, type OrderValue } from '@ecomlake/model';
import { renderCharts, topCustomer, type RenderedCharts } from '@ecomlake/plots';
import { busiestDay, createAggregateQueries, createQueries, type CountryTotal, type OrderSummary, type QueryStats, type RunOptions } from '@ecomlake/queries';

/** One query the analysis ran and what reading cost. */
export interface QueryRun {
  name: string;
  stats: QueryStats;
}

export interface AnalyzeOptions {
  /** First day (`YYYY-MM-DD`) of the period. Default: the table's first. */
  from?: string;
  /** Last day, inclusive. Default: the table's last. */
  to?: string;
  /** The trend chart's country. Default `'United Kingdom'`. */
  country?: string;
  /** The customer whose orders are charted. Default: the customer with the most orders. */
  customer?: string;
  /** The day whose revenue is asked. Default: the trend country's busiest day. */
  date?: string;
  /** Query execution options (parallelism, splitDays); see `DYNAMODB_LOCAL_QUERIES` for DynamoDB Local. Default: the queries' own, suited to AWS. */
  queries?: RunOptions;
  /**
   * Where the map, the histograms, the trend and the day's revenue come from: `'aggregates'`
   * (read by key: capacity units in the tens at any table size; fails clearly when they are
   * missing or stale) or `'scan'` (one parallel scan of CountryIndex, the independent check).
   * Default `'aggregates'`.
   */
  source?: 'aggregates' | 'scan';
  /** Draw the trend net of cancellations too (known when read from aggregates). Default false. */
  netTrend?: boolean;
}

/** What the analysis found: the answers, the data behind the charts, what reading cost, and the charts. */
export interface Analysis {
  country: string;
  answers: {
    revenueOnDate: { day: string; revenue: string; orders: number };
    salesByCountry: { country: string; revenue: string; orders: number; items: number };
    ordersByCustomer?: { customerId: string; orders: number; items: number; revenue: string };
  };
  queries: QueryRun[];
  countryMonths: CountryMonthSales[];
  orderValues: OrderValue[];
  countries: CountryTotal[];
  summary: OrderSummary;
  /** The trend country's daily revenue (net of cancellations too, when read from aggregates). */
  trend: DailyRevenue[];
  /** The revenue question's answer, exact. */
  revenueOnDay: DailyRevenue;
  charts: RenderedCharts;
  /** Read capacity units of every query, rounded to a tenth. */
  readCapacity: number;
}

/** Runs the named queries (reading the table once for the map and histograms) and draws the charts. */
export async function analyzeTable(dynamodb: DynamoDBClient, table: string, options: AnalyzeOptions = {}): Promise<Analysis> {
  const { country = 'United Kingdom', source = 'aggregates' } = options;
  const q = createQueries(dynamodb, table, options.queries ?? {});
  const report = source === 'aggregates' ? createAggregateQueries(dynamodb, table, { signal: options.queries?.signal }) : q;
  const range = { from: options.from, to: options.to };
  const queries: QueryRun[] = [];

  // Aggregates answer the map, the histograms and the trend country by key; the scan path
  // answers them in one scan (the UK is ~90% of the table: its own Query would read it again).
  const overview = await report.salesOverview({ ...range, country });
  queries.push({ name: `salesOverview (map, histograms, ${country} trend: ${source === 'aggregates' ? 'aggregates by key' : 'one scan'})`, stats: overview.stats });
  const trend = overview.data.countrySales;
  if (!trend) throw new Error('salesOverview did not answer the country it was asked for');

  const customerId = options.customer ?? topCustomer(overview.data.orderValues);
  const customer = customerId ? await q.ordersByCustomer(customerId, range) : undefined;
  if (customer) queries.push({ name: `ordersByCustomer(${customerId})`, stats: customer.stats });

  // Default day: the country's busiest, so the question has an interesting answer.
  const day = options.date ?? busiestDay(trend.daily)?.day ?? options.from ?? '2011-12-09';
  const onDate = await report.revenueOnDate(day);
  queries.push({ name: `revenueOnDate(${day})`, stats: onDate.stats });

  const charts = await renderCharts({
    dailyRevenue: trend.daily,
    country,
    trendNet: options.netTrend ?? false,
    countryMonthSales: overview.data.countryMonths,
    orders: overview.data.orderValues,
    customerId,
  });
  const answers: Analysis['answers'] = {
    revenueOnDate: { day, revenue: formatMilli(onDate.data.revenueMilli), orders: onDate.data.orders },
    salesByCountry: { country, revenue: formatMilli(trend.revenueMilli), orders: trend.orders, items: trend.items },
    ...(customer &&
      customerId && {
        ordersByCustomer: {
          customerId,
          orders: customer.data.length,
          items: customer.stats.items,
          revenue: formatMilli(milli(customer.data.reduce((sum, o) => sum + o.valueMilli, 0))),
        },
      }),
  };
  return {
    country,
    answers,
    queries,
    countryMonths: overview.data.countryMonths,
    orderValues: overview.data.orderValues,
    countries: overview.data.countries,
    summary: overview.data.summary,
    trend: trend.daily,
    revenueOnDay: onDate.data,
    charts,
    readCapacity: Math.round(queries.reduce((sum, r) => sum + r.stats.consumedCapacity, 0) * 10) / 10,
  };
}
