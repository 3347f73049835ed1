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
  /** The day whose revenue is asked. Default: the trend country's busiest day (if it has none, the data's last day, said in `notes`). */
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
  /**
   * Questions the data has no rows for, and defaults chosen because of that, in words: `no
   * orders for customer 99999 in the data (it covers 2010-12-01 to 2011-12-09)`. An answer of
   * zero is never left unexplained. Empty when every question found orders.
   */
  notes: string[];
  /** First and last day with orders in the whole table; read again only when a note needs it and a period hides it. Absent for an empty table. */
  dataDays?: DaySpan;
}

/** First and last day, `YYYY-MM-DD`, inclusive. */
export interface DaySpan {
  first: string;
  last: string;
}

/** The first and last invoice day of `orders`, or undefined when there are none. */
function daySpan(orders: readonly OrderValue[]): DaySpan | undefined {
  let first: string | undefined;
  let last: string | undefined;
  for (const order of orders) {
    const day = order.invoiceDate.slice(0, 10);
    if (first === undefined || day < first) first = day;
    if (last === undefined || day > last) last = day;
  }
  return first && last ? { first, last } : undefined;
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

  // What the data covers: the period's orders say it, unless a period hides the rest of the table.
  const inPeriod = daySpan(overview.data.orderValues);
  const periodGiven = options.from !== undefined || options.to !== undefined;
  let whole: DaySpan | undefined | null = periodGiven ? null : inPeriod;
  const dataDays = async (): Promise<DaySpan | undefined> => {
    if (whole === null) {
      const all = await report.salesOverview({});
      queries.push({ name: 'salesOverview (the days the data covers)', stats: all.stats });
      whole = daySpan(all.data.orderValues);
    }
    return whole;
  };
  const covers = async (): Promise<string> => {
    const span = await dataDays();
    return span ? `it covers ${span.first} to ${span.last}` : 'the table holds no orders';
  };
  const scope = periodGiven ? `from ${options.from ?? 'the first day'} to ${options.to ?? 'the last day'}` : 'in the data';
  const notes: string[] = [];
  const periodEmpty = overview.data.summary.orders === 0;
  if (periodEmpty) notes.push(periodGiven ? `no orders ${scope} (${await covers()})` : 'no orders in the data: the table holds none');
  if (!periodEmpty && trend.orders === 0) {
    const some = overview.data.countries.slice(0, 3).map((c) => c.country);
    notes.push(`no orders for country "${country}" ${scope}; countries with orders include ${some.join(', ')} (${overview.data.countries.length} in all)`);
  }

  const customerId = options.customer ?? topCustomer(overview.data.orderValues);
  const customer = customerId ? await q.ordersByCustomer(customerId, range) : undefined;
  if (customer) queries.push({ name: `ordersByCustomer(${customerId})`, stats: customer.stats });
  if (customer && customer.data.length === 0 && !periodEmpty) notes.push(`no orders for customer ${customerId} ${scope}`);

  // Default day: the country's busiest, so the question has an interesting answer; a country
  // without orders has none, so the data's last day is asked, and the notes say so.
  let day = options.date ?? busiestDay(trend.daily)?.day;
  if (day === undefined) {
    const periodLast = inPeriod?.last;
    const last = periodLast ?? (await dataDays())?.last;
    // An empty table has no last day: the period's end, else today, and the notes say the table is empty.
    day = last ?? options.to ?? options.from ?? new Date().toISOString().slice(0, 10);
    const why = periodEmpty ? 'the period has no orders' : `${country} has no orders`;
    if (last) notes.push(`the revenue question asks about ${last}, the last day with orders ${periodLast && periodGiven ? scope : 'in the data'} (${why} to choose a busiest day from; --date picks another day)`);
  }
  const onDate = await report.revenueOnDate(day);
  queries.push({ name: `revenueOnDate(${day})`, stats: onDate.stats });
  if (options.date !== undefined && onDate.data.orders === 0) notes.push(`no orders on ${day} in the data (${await covers()})`);

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
    readCapacity: readCapacityOf(queries),
    notes,
    ...(whole && { dataDays: whole }),
  };
}

/** What the queries read, in RCU to one decimal (the figure the report and the run summary show). */
export function readCapacityOf(queries: readonly QueryRun[]): number {
  return Math.round(queries.reduce((sum, r) => sum + r.stats.consumedCapacity, 0) * 10) / 10;
}
