import * as path from 'node:path';
import { runLoadSummary } from '@ecomlake/partition-unit';
import { analysisSections, qualitySections, renderReport, type ReportSection } from '@ecomlake/report';
import { OUT_NAMES, writeFileAtomic } from './out-dir';
import type { RunContext } from './run-context';
import { writeSucceeded } from './run-summary';
import type { StageRecord } from './stages';
import { textTable } from './text-table';

/** Writes report.html, then run-summary.json "succeeded" (the last file, so it only ever describes outputs that exist), and prints the closing tables. */
export async function writeRunOutputs(c: RunContext, records: readonly StageRecord[]): Promise<void> {
  const { settings } = c;
  const before = [stagesSection(records)];
  const after = loadSection(c);
  const quality = c.reduction?.report;
  if (c.analytics) {
    writeFileAtomic(
      path.join(settings.out, OUT_NAMES.report),
      renderReport({
        title: 'ecomlake pipeline report',
        subtitle: `${c.startedAt.slice(0, 16).replace('T', ' ')} UTC · run ${c.runId} · ${c.clients.description}`,
        analysis: c.analytics,
        quality,
        before,
        after,
      }),
    );
  }
  const files = writeSucceeded(c, records).outputs.map((name) => path.join(settings.out, name));

  for (const section of sectionsForTerminal(c, before, after)) c.log(`\n${textTable(section.title, section.columns, section.rows)}`);
  c.log(`\nOutputs of run ${c.runId} (${files.length} files):`);
  for (const file of files.slice(0, 6)) c.log(`  ${file}`);
  if (files.length > 6) c.log(`  … and ${files.length - 6} more under ${path.join(settings.out, OUT_NAMES.charts)}`);
}

function stagesSection(records: readonly StageRecord[]): ReportSection {
  return {
    title: 'Stages',
    columns: ['stage', 'status', 'seconds'],
    rows: records.map((r) => [r.name, r.status === 'skipped' ? `skipped (${r.reason})` : r.status, r.seconds]),
  };
}

function loadSection(c: RunContext): ReportSection[] {
  // The same totals and items/s as run-summary.json's load.
  const l = c.reduction && runLoadSummary(c.reduction, c.finished, c.partitionsMs ?? 0);
  if (!l) return [];
  return [
    {
      title: 'Load',
      columns: ['written', 'retried', 'items/s', 'WCU', 'partitions skipped (already loaded)'],
      rows: [[l.written, l.retried, l.itemsPerSecond ?? 0, Math.round(l.consumedCapacity), l.partitionsSkipped]],
    },
  ];
}

function sectionsForTerminal(c: RunContext, before: ReportSection[], after: ReportSection[]): ReportSection[] {
  const quality = c.reduction?.report;
  return [...before, ...(quality ? qualitySections(quality) : []), ...(c.analytics ? analysisSections(c.analytics) : []), ...after];
}
