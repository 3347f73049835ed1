import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatMilli } from '@ecomlake/cleaning';
import { formatPounds, milliToPounds, type BubbleMapLayout } from '@ecomlake/plots';
import type { QualityReport } from '@ecomlake/model';
import type { CountryTotal } from '@ecomlake/queries';
import type { RunContext } from './pipeline';
import { renderReportPage, type InteractiveMap, type ReportSection } from './report-page';
import type { StageRecord } from './stages';
import { textTable } from './text-table';

/** Writes run-summary.json and report.html, and prints the closing tables. */
export async function writeRunOutputs(c: RunContext, records: readonly StageRecord[]): Promise<void> {
  const { settings } = c;
  mkdirSync(settings.out, { recursive: true });
  const quality = c.cleaned?.report;
  const sections = summarySections(c, records);
  const files: string[] = [];

  const summaryFile = path.join(settings.out, 'run-summary.json');
  const summary = runSummary(c, records);
  writeFileSync(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
  files.push(summaryFile);
  if (quality) files.push(path.join(settings.out, 'quality-report.json'));

  if (c.analytics) {
    const reportFile = path.join(settings.out, 'report.html');
    const svg = (name: string) => c.analytics?.charts.files.find((f) => f.name === name)?.data.toString() ?? '';
    const customerChart = c.analytics.charts.files.find((f) => f.name.startsWith('customer') && f.name.endsWith('.svg'));
    writeFileSync(
      reportFile,
      renderReportPage({
        title: 'ecomlake pipeline report',
        subtitle: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${c.clients.description}`,
        map: interactiveMap(c.analytics.charts.bubbleMap),
        charts: [
          { title: `Daily revenue, ${settings.country}`, svg: svg('sales-trend.svg') },
          { title: 'Revenue by country, whole period', svg: svg('bubble-map-all.svg') },
          { title: 'Order values by country', svg: svg('order-values.svg') },
          ...(customerChart ? [{ title: 'One customer’s order values', svg: customerChart.data.toString() }] : []),
        ],
        sections,
      }),
    );
    files.push(reportFile, ...c.analytics.chartFiles);
  }

  for (const section of sections) c.log(`\n${textTable(section.title, section.columns, section.rows)}`);
  c.log(`\nOutputs (${files.length} files):`);
  for (const file of files.slice(0, 6)) c.log(`  ${file}`);
  if (files.length > 6) c.log(`  … and ${files.length - 6} more under ${path.join(settings.out, 'charts')}`);
}

function runSummary(c: RunContext, records: readonly StageRecord[]) {
  const load = c.load;
  return {
    generatedAt: new Date().toISOString(),
    target: c.clients.description,
    input: c.input?.kind === 's3' ? c.input.uri : c.input?.path,
    table: c.settings.table,
    bucket: c.settings.bucket,
    totalSeconds: Math.round(records.reduce((sum, r) => sum + r.seconds, 0) * 1000) / 1000,
    stages: Object.fromEntries(records.map((r) => [r.name, { status: r.status, seconds: r.seconds, ...(r.reason && { reason: r.reason }), ...(r.figures && { figures: r.figures }) }])),
    quality: c.cleaned?.report,
    lake: c.savedTables.map((t) => ({ name: t.name, format: t.format, rows: t.rows, uri: t.latest.uri, timestamped: t.timestamped?.uri })),
    load: load && {
      items: c.cleaned?.report.items,
      written: load.written,
      retried: load.retried,
      failed: load.failed.length,
      itemsPerSecond: load.ms > 0 ? Math.round((load.written / load.ms) * 1000) : 0,
      consumedCapacity: load.consumedCapacity,
      capacityByTarget: load.capacityByTarget,
      partitionsSkipped: load.partitionsSkipped.length,
    },
    queries: c.analytics && { ...c.analytics.answers, stats: c.analytics.queries },
  };
}

function summarySections(c: RunContext, records: readonly StageRecord[]): ReportSection[] {
  const sections: ReportSection[] = [
    {
      title: 'Stages',
      columns: ['stage', 'status', 'seconds'],
      rows: records.map((r) => [r.name, r.status === 'skipped' ? `skipped (${r.reason})` : r.status, r.seconds]),
    },
  ];
  const quality = c.cleaned?.report;
  if (quality) sections.push(dataSummary(quality), qualitySection(quality));
  if (c.analytics) {
    const { orders, revenueMilli, averageOrderMilli } = c.analytics.summary;
    const units = c.cleaned ? sumColumn(c.cleaned.items.array('quantity')) : undefined;
    sections.push({
      title: 'Sales summary',
      columns: ['measure', 'value'],
      rows: [
        ['orders (invoices)', orders],
        ['revenue', pounds(revenueMilli)],
        ['average order value', averageOrderMilli !== undefined ? pounds(averageOrderMilli) : '–'],
        ...(units !== undefined ? [['units sold', units] as [string, number]] : []),
      ],
    });
    sections.push(topCountries(c.analytics.countries));
    sections.push({
      title: 'Queries',
      columns: ['query', 'items', 'pages', 'requests', 'RCU', 'ms'],
      rows: c.analytics.queries.map(({ name, stats }) => [name, stats.items, stats.pages, stats.requests, Math.round(stats.consumedCapacity * 10) / 10, Math.round(stats.ms)]),
    });
  }
  if (c.load) {
    const l = c.load;
    sections.push({
      title: 'Load',
      columns: ['written', 'retried', 'failed', 'items/s', 'WCU', 'partitions skipped (already loaded)'],
      rows: [[l.written, l.retried, l.failed.length, l.ms > 0 ? Math.round((l.written / l.ms) * 1000) : 0, Math.round(l.consumedCapacity), l.partitionsSkipped.length]],
    });
  }
  return sections;
}

function dataSummary(q: QualityReport): ReportSection {
  return {
    title: 'Data summary',
    columns: ['rows in', 'columns', 'missing CustomerID (clean lines)', 'exact duplicates', 'quarantined'],
    rows: [[q.rowsIn, 8, q.guests, q.excluded.duplicate ?? 0, q.quarantined]],
  };
}

function qualitySection(q: QualityReport): ReportSection {
  return {
    title: 'Quality report',
    note: `rows in ${q.rowsIn} = clean ${q.clean} + excluded ${Object.values(q.excluded).reduce((a, b) => a + (b ?? 0), 0)} + quarantined ${q.quarantined}${q.reconciled ? ' ✓' : ' ✗'}; clean revenue ${pounds(q.cleanRevenueMilli)}`,
    columns: ['rule', 'action', 'rows', '%', 'amount'],
    rows: q.rules.map((r) => [r.id, r.action, r.count, Math.round(r.percent * 100) / 100, pounds(r.amountMilli)]),
  };
}

function topCountries(countries: readonly CountryTotal[], n = 10): ReportSection {
  const top = countries.slice(0, n);
  return { title: `Top ${top.length} countries by revenue`, columns: ['country', 'revenue', 'orders'], rows: top.map((t) => [t.country, pounds(t.revenueMilli), t.orders]) };
}

/** The layout's frames as the page's bubbles; a bubble inside the Europe inset is drawn there too. */
function interactiveMap({ layout, baseSvg }: { layout: BubbleMapLayout; baseSvg: string }): InteractiveMap {
  return {
    width: layout.width,
    height: layout.height,
    baseSvg,
    frames: layout.frames.map((frame) => ({
      month: frame.label,
      bubbles: frame.bubbles.flatMap((b) => {
        const bubble = { country: b.country, x: b.x, y: b.y, r: b.r, fill: b.fill, revenue: formatPounds(milliToPounds(b.revenueMilli)), orders: b.orders };
        return b.inset ? [bubble, { ...bubble, ...b.inset }] : [bubble];
      }),
    })),
  };
}

function sumColumn(values: ArrayLike<unknown>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Number(values[i]);
  return sum;
}

/** Exact money for people: `£1,067,763.955` (every digit kept; JSON files keep plain decimals). */
export function pounds(milli: number): string {
  const [whole, fraction] = formatMilli(Math.abs(milli)).split('.');
  const trimmed = fraction.replace(/0$/, '');
  return `${milli < 0 ? '−' : ''}£${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${trimmed}`;
}
