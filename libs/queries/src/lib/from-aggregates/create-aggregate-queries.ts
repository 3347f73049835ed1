import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { checkAggregates, readAggregates } from '@ecomlake/dynamodb-repository';
import { milli, type CountryMonthSales, type DailyRevenue, type DayCountryAggregate } from '@ecomlake/model';
import type { Queries } from '../create-queries';
import { checkDay, checkRange, type DayRange } from '../days';
import type { QueryResult } from '../definition';
import type { CountrySales } from '../definitions/sales-by-country';
import type { SalesOverview, SalesOverviewOptions } from '../definitions/sales-overview';
import { InvalidQueryError } from '../errors';
import { countrySalesOf, dailyOf, overviewOf } from './overview';

/** The report's questions answered from aggregates: the same signatures and answers as the scan path. */
export type AggregateQueries = Pick<Queries, 'salesOverview' | 'salesByCountry' | 'salesByCountryMonth' | 'revenueOnDate' | 'revenueBetween'>;

export interface AggregateQueryOptions {
  /** Month keys read at once. Default 4. */
  concurrency?: number;
  /** Stops the reads. Default: none. */
  signal?: AbortSignal;
}

/**
 * The report's questions read from the per-partition aggregates by key: a refresh costs
 * capacity units in the tens, growing with days and countries, not with items. Every call
 * first checks that aggregates cover the table (`checkAggregates`): a table whose aggregates
 * are missing or stale fails with `AggregatesMissingError` / `AggregatesStaleError`, never
 * with a silent zero. Answers equal the scan path's (`createQueries`), plus net revenue where
 * cancellations are known.
 *
 * @example
 * const q = createAggregateQueries(client, 'orders');
 * const { data, stats } = await q.salesOverview({ from: '2011-01-01', to: '2011-12-09', country: 'United Kingdom' });
 */
export function createAggregateQueries(client: DynamoDBClient, table: string, options: AggregateQueryOptions = {}): AggregateQueries {
  const read = async <R>(query: string, range: DayRange, answer: (aggregates: DayCountryAggregate[]) => R): Promise<QueryResult<R>> => {
    checkRange(query, range);
    const started = Date.now();
    const coverage = await checkAggregates(client, table, { signal: options.signal });
    const { aggregates, stats } = await readAggregates(client, table, range, { concurrency: options.concurrency, signal: options.signal });
    return {
      data: answer(aggregates),
      stats: {
        requests: coverage.requests + stats.requests,
        pages: stats.pages,
        items: stats.items,
        consumedCapacity: coverage.readCapacity + stats.consumedCapacity,
        ms: Date.now() - started,
      },
    };
  };
  return {
    salesOverview: async (overview: SalesOverviewOptions = {}): Promise<QueryResult<SalesOverview>> =>
      read('salesOverview', { from: overview.from, to: overview.to }, (aggregates) => {
        if (overview.orderValues) throw new InvalidQueryError('salesOverview', 'orderValues options are answered by the scan path only');
        return overviewOf(aggregates, overview.country);
      }),
    salesByCountry: async (country: string, range: DayRange = {}): Promise<QueryResult<CountrySales>> => {
      if (!country) throw new InvalidQueryError('salesByCountry', 'country must not be empty');
      return read('salesByCountry', range, (aggregates) => countrySalesOf(aggregates, country));
    },
    salesByCountryMonth: async (range: DayRange = {}): Promise<QueryResult<CountryMonthSales[]>> => read('salesByCountryMonth', range, (aggregates) => overviewOf(aggregates).countryMonths),
    revenueOnDate: async (day: string): Promise<QueryResult<DailyRevenue>> => {
      checkDay('revenueOnDate', day);
      return read('revenueOnDate', { from: day, to: day }, (aggregates) => dailyOf(aggregates)[0] ?? { day, revenueMilli: milli(0), orders: 0 });
    },
    revenueBetween: async (from: string, to: string): Promise<QueryResult<DailyRevenue[]>> => {
      checkRange('revenueBetween', { from: checkDay('revenueBetween', from, 'from'), to: checkDay('revenueBetween', to, 'to') });
      return read('revenueBetween', { from, to }, dailyOf);
    },
  };
}
