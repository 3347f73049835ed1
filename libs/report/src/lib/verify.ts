import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createQueries, type CountryTotal, type OrderSummary, type RunOptions } from '@ecomlake/queries';
import type { Analysis, QueryRun } from './analyze';

/** What the scan path found different from an analysis read from aggregates. */
export interface AnalysisCheck {
  /** One line per answer that differs; empty when both paths agree exactly. */
  differences: string[];
  /** What the scan path's reads cost. */
  queries: QueryRun[];
}

/**
 * Answers the analysis' questions again by the scan path (one parallel scan of
 * CountryIndex, and the day's revenue by Query) and compares every answer exactly. Net
 * revenue is compared only where both have it: the table holds no cancellations.
 */
export async function verifyAnalysis(dynamodb: DynamoDBClient, table: string, analysis: Analysis, options: { from?: string; to?: string; queries?: RunOptions } = {}): Promise<AnalysisCheck> {
  const q = createQueries(dynamodb, table, options.queries ?? {});
  const overview = await q.salesOverview({ from: options.from, to: options.to, country: analysis.country });
  const day = analysis.answers.revenueOnDate.day;
  const onDate = await q.revenueOnDate(day);
  const differences: string[] = [];
  const compare = (what: string, ours: unknown, scanned: unknown) => {
    if (JSON.stringify(ours) !== JSON.stringify(scanned)) differences.push(`${what}: aggregates ${brief(ours)}, scan ${brief(scanned)}`);
  };
  compare('country × month sales', analysis.countryMonths, overview.data.countryMonths);
  compare('order values', analysis.orderValues, overview.data.orderValues);
  compare('country totals', analysis.countries.map(gross), overview.data.countries.map(gross));
  compare('order summary', gross(analysis.summary), gross(overview.data.summary));
  const trend = overview.data.countrySales;
  compare(`${analysis.country} daily revenue`, analysis.trend.map(({ day: d, revenueMilli, orders }) => ({ day: d, revenueMilli, orders })), trend?.daily ?? []);
  compare(`revenue on ${day}`, { revenueMilli: analysis.revenueOnDay.revenueMilli, orders: analysis.revenueOnDay.orders }, { revenueMilli: onDate.data.revenueMilli, orders: onDate.data.orders });
  return {
    differences,
    queries: [
      { name: `verify: salesOverview (one scan)`, stats: overview.stats },
      { name: `verify: revenueOnDate(${day})`, stats: onDate.stats },
    ],
  };
}

/** The fields both paths have: the scan path cannot know cancellations. */
function gross<T extends CountryTotal | OrderSummary>(value: T): Omit<T, 'cancellations' | 'cancelledMilli' | 'netRevenueMilli'> {
  const rest: Partial<T> = { ...value };
  delete rest.cancellations;
  delete rest.cancelledMilli;
  delete rest.netRevenueMilli;
  return rest as Omit<T, 'cancellations' | 'cancelledMilli' | 'netRevenueMilli'>;
}

function brief(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
