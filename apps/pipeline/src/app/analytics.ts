import * as path from 'node:path';
import { AggregatesMissingError, AggregatesStaleError, rebuildAggregates } from '@ecomlake/dynamodb-repository';
import { DYNAMODB_LOCAL_QUERIES } from '@ecomlake/queries';
import { analyzeTable, chartFiles, queriesSection, reportFigures, verifyAnalysis, type Analysis } from '@ecomlake/report';
import type { Clients } from './clients';
import { OUT_NAMES, writeFileAtomic } from './out-dir';
import type { Settings } from './settings';
import { textTable } from './text-table';
import { EcomlakeError } from '@ecomlake/util';

export type { QueryRun } from '@ecomlake/report';

/** The analysis (answers, data, charts), where its charts were written, and its figures. */
export interface AnalyticsResult extends Analysis {
  chartFiles: string[];
  figures: Record<string, unknown>;
}

/** `--verify-analytics` found the aggregates and the scan path disagreeing. */
export class AnalyticsMismatchError extends EcomlakeError<'pipeline.analyticsMismatch'> {
  override readonly name = 'AnalyticsMismatchError';
  constructor(readonly differences: readonly string[]) {
    super(
      'pipeline.analyticsMismatch',
      `--verify-analytics: the aggregates and a scan of the table differ (${differences.join('; ')}). ` +
        'The items no longer match what their partitions loaded (written over by another writer, or lost to an interrupted run): ' +
        'load them again with --reload all (or --reload <partition ids>, the input file names). ' +
        'Only if another tool loads this table on purpose, make the aggregates follow its items with --rebuild-aggregates.',
    );
  }
}

/** Runs the report's queries and draws its charts (`@ecomlake/report`), then writes the charts to the out folder. */
export async function runAnalytics(clients: Clients, settings: Settings, log: (line: string) => void, dynamoDbLocal = false): Promise<AnalyticsResult> {
  const queryOptions = {
    ...(dynamoDbLocal ? DYNAMODB_LOCAL_QUERIES : {}),
    ...(settings.concurrency ? { parallelism: settings.concurrency, segments: settings.concurrency } : {}),
  };
  if (settings.rebuildAggregates) {
    const rebuilt = await rebuildAggregates(clients.dynamodb, settings.table, dynamoDbLocal ? { concurrency: 2, writeConcurrency: 6 } : {});
    log(`analytics: aggregates rebuilt from a scan: ${rebuilt.items} items in ${rebuilt.days} days (${Math.round(rebuilt.readCapacity)} RCU, ${Math.round(rebuilt.writeCapacity)} WCU)`);
  }
  const analysis = await analyzeTable(clients.dynamodb, settings.table, {
    from: settings.from,
    to: settings.to,
    country: settings.country,
    customer: settings.customer,
    date: settings.date,
    netTrend: settings.netTrend,
    queries: queryOptions,
  }).catch((error: unknown) => {
    // The library names its own remedy; the pipeline's is a flag.
    if (error instanceof AggregatesMissingError || error instanceof AggregatesStaleError) {
      throw new Error(`${error.message} With the pipeline: rerun with --rebuild-aggregates (or reload the input).`, { cause: error });
    }
    throw error;
  });
  if (settings.verifyAnalytics) {
    // The independent check: the scan path must give the same answers, to the last Milli.
    const check = await verifyAnalysis(clients.dynamodb, settings.table, analysis, { from: settings.from, to: settings.to, queries: queryOptions });
    analysis.queries.push(...check.queries);
    if (check.differences.length > 0) {
      throw new AnalyticsMismatchError(check.differences);
    }
    log(`analytics: verified: the scan path gives the same answers as the aggregates`);
  }
  // The report's charts, as buildReport makes them; report.html follows with the run's outputs (it lists this stage too).
  const chartDir = path.join(settings.out, OUT_NAMES.charts);
  const chartPaths = chartFiles(analysis).map((file) => {
    const target = path.join(chartDir, file.name);
    writeFileAtomic(target, file.body);
    return target;
  });
  const queries = queriesSection(analysis.queries);
  log(textTable(queries.title, queries.columns, queries.rows));
  return { ...analysis, chartFiles: chartPaths, figures: { ...reportFigures(analysis), ...(settings.verifyAnalytics && { verified: true }) } };
}
