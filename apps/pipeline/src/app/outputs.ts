import * as path from 'node:path';
import type { BubbleMapLayout } from '@ecomlake/plots';
import { formatMoney, type QualityReport } from '@ecomlake/model';
import type { CountryTotal } from '@ecomlake/queries';
import { OUT_NAMES, writeFileAtomic } from './out-dir';
import type { RunContext } from './pipeline';
import { renderReportPage, type InteractiveMap, type ReportSection } from './report-page';
import { writeSucceeded } from './run-summary';
import type { StageRecord } from './stages';
import { textTable } from './text-table';

/** Writes report.html, then run-summary.json "succeeded" (the last file, so it only ever describes outputs that exist), and prints the closing tables. */
export async function writeRunOutputs(c: RunContext, records: readonly StageRecord[]): Promise<void> {
  const { settings } = c;
  const sections = summarySections(c, records);

  if (c.analytics) {
    const svg = (name: string) => c.analytics?.charts.files.find((f) => f.name === name)?.data.toString() ?? '';
    const customerChart = c.analytics.charts.files.find((f) => f.name.startsWith('customer') && f.name.endsWith('.svg'));
    writeFileAtomic(
      path.join(settings.out, OUT_NAMES.report),
      renderReportPage({
        title: 'ecomlake pipeline report',
        subtitle: `${c.startedAt.slice(0, 16).replace('T', ' ')} UTC · run ${c.runId} · ${c.clients.description}`,
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
  }
  const files = writeSucceeded(c, records).outputs.map((name) => path.join(settings.out, name));

  for (const section of sections) c.log(`\n${textTable(section.title, section.columns, section.rows)}`);
  c.log(`\nOutputs of run ${c.runId} (${files.length} files):`);
  for (const file of files.slice(0, 6)) c.log(`  ${file}`);
  if (files.length > 6) c.log(`  … and ${files.length - 6} more under ${path.join(settings.out, OUT_NAMES.charts)}`);
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
        ['revenue', formatMoney(revenueMilli)],
        ['average order value', averageOrderMilli !== undefined ? formatMoney(averageOrderMilli) : '–'],
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
    note: `rows in ${q.rowsIn} = clean ${q.clean} + excluded ${Object.values(q.excluded).reduce((a, b) => a + (b ?? 0), 0)} + quarantined ${q.quarantined}${q.reconciled ? ' ✓' : ' ✗'}; clean revenue ${formatMoney(q.cleanRevenueMilli)}`,
    columns: ['rule', 'action', 'rows', '%', 'amount'],
    rows: q.rules.map((r) => [r.id, r.action, r.count, Math.round(r.percent * 100) / 100, formatMoney(r.amountMilli)]),
  };
}

function topCountries(countries: readonly CountryTotal[], n = 10): ReportSection {
  const top = countries.slice(0, n);
  return { title: `Top ${top.length} countries by revenue`, columns: ['country', 'revenue', 'orders'], rows: top.map((t) => [t.country, formatMoney(t.revenueMilli), t.orders]) };
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
        const bubble = { country: b.country, x: b.x, y: b.y, r: b.r, fill: b.fill, revenue: formatMoney(b.revenueMilli), orders: b.orders };
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

