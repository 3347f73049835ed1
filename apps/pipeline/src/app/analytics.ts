import * as path from 'node:path';
import { busiestDay, createQueries, DYNAMODB_LOCAL_QUERIES, type CountryTotal, type OrderSummary, type QueryStats } from '@ecomlake/queries';
import { renderCharts, topCustomer, type RenderedCharts } from '@ecomlake/plots';
import { formatMilli, milli, type CountryMonthSales, type OrderValue } from '@ecomlake/model';
import type { Clients } from './clients';
import { OUT_NAMES, writeFileAtomic } from './out-dir';
import type { Settings } from './settings';
import { textTable } from './text-table';

export interface QueryRun {
  name: string;
  stats: QueryStats;
}

/** What the analytics stage found: the answers, what reading them cost, and the charts. */
export interface AnalyticsResult {
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
  charts: RenderedCharts;
  chartFiles: string[];
  figures: Record<string, unknown>;
}

/** Runs the named queries (reading the table once for the map and histograms) and draws the charts. */
export async function runAnalytics(clients: Clients, settings: Settings, log: (line: string) => void, dynamoDbLocal = false): Promise<AnalyticsResult> {
  const runOptions = {
    ...(dynamoDbLocal ? DYNAMODB_LOCAL_QUERIES : {}),
    ...(settings.concurrency ? { parallelism: settings.concurrency, segments: settings.concurrency } : {}),
  };
  const q = createQueries(clients.dynamodb, settings.table, runOptions);
  const range = { from: settings.from, to: settings.to };
  const queries: QueryRun[] = [];

  // One scan answers the map, the histograms and the trend country (the UK is ~90% of the
  // table: its own Query would read those items again).
  const overview = await q.salesOverview({ ...range, country: settings.country });
  queries.push({ name: `salesOverview (map, histograms, ${settings.country} trend: one scan)`, stats: overview.stats });
  const trend = { data: required(overview.data.countrySales) };

  const customerId = settings.customer ?? topCustomer(overview.data.orderValues);
  const customer = customerId ? await q.ordersByCustomer(customerId, range) : undefined;
  if (customer) queries.push({ name: `ordersByCustomer(${customerId})`, stats: customer.stats });

  // Default day: the country's busiest, so the question has an interesting answer.
  const day = settings.date ?? busiestDay(trend.data.daily)?.day ?? settings.from ?? '2011-12-09';
  const onDate = await q.revenueOnDate(day);
  queries.push({ name: `revenueOnDate(${day})`, stats: onDate.stats });

  const charts = await renderCharts({
    dailyRevenue: trend.data.daily,
    country: settings.country,
    countryMonthSales: overview.data.countryMonths,
    orders: overview.data.orderValues,
    customerId,
  });
  const chartDir = path.join(settings.out, OUT_NAMES.charts);
  const chartFiles = charts.files.map((file) => {
    const target = path.join(chartDir, file.name);
    writeFileAtomic(target, file.data);
    return target;
  });

  log(
    textTable(
      'Queries',
      ['query', 'items', 'pages', 'requests', 'RCU', 'ms'],
      queries.map(({ name, stats }) => [name, stats.items, stats.pages, stats.requests, Math.round(stats.consumedCapacity * 10) / 10, Math.round(stats.ms)]),
    ),
  );

  const answers: AnalyticsResult['answers'] = {
    revenueOnDate: { day, revenue: formatMilli(onDate.data.revenueMilli), orders: onDate.data.orders },
    salesByCountry: { country: settings.country, revenue: formatMilli(trend.data.revenueMilli), orders: trend.data.orders, items: trend.data.items },
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
    answers,
    queries,
    countryMonths: overview.data.countryMonths,
    orderValues: overview.data.orderValues,
    countries: overview.data.countries,
    summary: overview.data.summary,
    charts,
    chartFiles,
    figures: {
      ...answers,
      charts: chartFiles.length,
      readCapacity: Math.round(queries.reduce((sum, r) => sum + r.stats.consumedCapacity, 0) * 10) / 10,
    },
  };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('salesOverview did not answer the country it was asked for');
  return value;
}
