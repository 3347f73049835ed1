import * as path from 'node:path';
import { DYNAMODB_LOCAL_QUERIES } from '@ecomlake/queries';
import { analyzeTable, queriesSection, type Analysis } from '@ecomlake/report';
import type { Clients } from './clients';
import { OUT_NAMES, writeFileAtomic } from './out-dir';
import type { Settings } from './settings';
import { textTable } from './text-table';

export type { QueryRun } from '@ecomlake/report';

/** The analysis (answers, data, charts), where its charts were written, and its figures. */
export interface AnalyticsResult extends Analysis {
  chartFiles: string[];
  figures: Record<string, unknown>;
}

/** Runs the report's queries and draws its charts (`@ecomlake/report`), then writes the charts to the out folder. */
export async function runAnalytics(clients: Clients, settings: Settings, log: (line: string) => void, dynamoDbLocal = false): Promise<AnalyticsResult> {
  const analysis = await analyzeTable(clients.dynamodb, settings.table, {
    from: settings.from,
    to: settings.to,
    country: settings.country,
    customer: settings.customer,
    date: settings.date,
    queries: {
      ...(dynamoDbLocal ? DYNAMODB_LOCAL_QUERIES : {}),
      ...(settings.concurrency ? { parallelism: settings.concurrency, segments: settings.concurrency } : {}),
    },
  });
  const chartDir = path.join(settings.out, OUT_NAMES.charts);
  const chartFiles = analysis.charts.files.map((file) => {
    const target = path.join(chartDir, file.name);
    writeFileAtomic(target, file.data);
    return target;
  });
  const queries = queriesSection(analysis.queries);
  log(textTable(queries.title, queries.columns, queries.rows));
  return { ...analysis, chartFiles, figures: { ...analysis.answers, charts: chartFiles.length, readCapacity: analysis.readCapacity } };
}
