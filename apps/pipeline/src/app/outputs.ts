import * as path from 'node:path';
import { runLoadSummary } from '@ecomlake/partition-unit';
import { analysisSections, qualitySections, reportPage, type ReportSection } from '@ecomlake/report';
import { OUT_NAMES, writeFileAtomic } from './out-dir';
import type { CompletedStages, RunEnv } from './run-model';
import { writeSucceeded } from './run-summary';
import type { StageRecord } from './stages';
import { textTable } from './text-table';

/** Writes report.html, then run-summary.json "succeeded" (the last file, so it only ever describes outputs that exist), and prints the closing tables. */
export async function writeRunOutputs(env: RunEnv, done: CompletedStages, records: readonly StageRecord[]): Promise<void> {
  const { settings } = env;
  const before = [stagesSection(records)];
  const after = loadSection(done);
  const quality = done.reduce?.reduction.report;
  if (done.analytics) {
    const page = reportPage({
      title: 'ecomlake pipeline report',
      subtitle: `${env.startedAt.slice(0, 16).replace('T', ' ')} UTC · run ${env.runId} · ${env.clients.description}`,
      analysis: done.analytics,
      quality,
      before,
      after,
    });
    writeFileAtomic(path.join(settings.out, OUT_NAMES.report), page.body);
  }
  const files = writeSucceeded(env, done, records).outputs.map((name) => path.join(settings.out, name));

  for (const section of sectionsForTerminal(done, before, after)) env.log(`\n${textTable(section.title, section.columns, section.rows)}`);
  env.log(`\nOutputs of run ${env.runId} (${files.length} files):`);
  for (const file of files.slice(0, 6)) env.log(`  ${file}`);
  if (files.length > 6) env.log(`  … and ${files.length - 6} more under ${path.join(settings.out, OUT_NAMES.charts)}`);
}

function stagesSection(records: readonly StageRecord[]): ReportSection {
  return {
    title: 'Stages',
    columns: ['stage', 'status', 'seconds'],
    rows: records.map((r) => [r.name, r.status === 'skipped' ? `skipped (${r.reason})` : r.status, r.seconds]),
  };
}

function loadSection(done: CompletedStages): ReportSection[] {
  // The same totals and items/s as run-summary.json's load.
  const l = done.reduce && runLoadSummary(done.reduce.reduction, done.reduce.finished, done.partitions?.ms ?? 0);
  if (!l) return [];
  return [
    {
      title: 'Load',
      columns: ['written', 'retried', 'items/s', 'WCU', 'partitions skipped (already loaded)'],
      rows: [[l.written, l.retried, l.itemsPerSecond ?? 0, Math.round(l.consumedCapacity), l.partitionsSkipped]],
    },
  ];
}

function sectionsForTerminal(done: CompletedStages, before: ReportSection[], after: ReportSection[]): ReportSection[] {
  const quality = done.reduce?.reduction.report;
  return [...before, ...(quality ? qualitySections(quality) : []), ...(done.analytics ? analysisSections(done.analytics) : []), ...after];
}
