import { formatMoney, type QualitySummary } from '@ecomlake/model';
import type { CountryTotal } from '@ecomlake/queries';
import type { Analysis, QueryRun } from './analyze';
import type { ReportSection } from './report-page';

/** The data summary and quality sections of a run's quality report. */
export function qualitySections(q: QualitySummary): ReportSection[] {
  return [
    {
      title: 'Data summary',
      columns: ['rows in', 'columns', 'missing CustomerID (clean lines)', 'exact duplicates', 'quarantined'],
      rows: [[q.rowsIn, 8, q.guests, q.excluded.duplicate ?? 0, q.quarantined]],
    },
    {
      title: 'Quality report',
      note: `rows in ${q.rowsIn} = clean ${q.clean} + excluded ${Object.values(q.excluded).reduce((a, b) => a + (b ?? 0), 0)} + quarantined ${q.quarantined}${q.reconciled ? ' ✓' : ' ✗'}; clean revenue ${formatMoney(q.cleanRevenueMilli)}`,
      columns: ['rule', 'action', 'rows', '%', 'amount'],
      rows: q.rules.map((r) => [r.id, r.action, r.count, Math.round(r.percent * 100) / 100, formatMoney(r.amountMilli)]),
    },
  ];
}

/** Questions the data has no rows for (a period, a day, a customer, a country), first; then the sales summary, the top countries and the queries' costs. */
export function analysisSections(analysis: Analysis): ReportSection[] {
  const { orders, revenueMilli, averageOrderMilli, cancellations, cancelledMilli, netRevenueMilli } = analysis.summary;
  return [
    ...notesSection(analysis.notes),
    {
      title: 'Sales summary',
      columns: ['measure', 'value'],
      rows: [
        ['orders (invoices)', orders],
        ['revenue', formatMoney(revenueMilli)],
        ['average order value', averageOrderMilli !== undefined ? formatMoney(averageOrderMilli) : '–'],
        // Known when read from aggregates built at load time: money given back, on the day it was.
        ...(netRevenueMilli !== undefined && cancelledMilli !== undefined
          ? [
              ['cancellations (rows)', cancellations ?? 0],
              ['cancelled', formatMoney(cancelledMilli)],
              ['net revenue', formatMoney(netRevenueMilli)],
            ]
          : []),
      ],
    },
    topCountries(analysis.countries),
    queriesSection(analysis.queries),
  ];
}

/** The analysis's notes as a section, or none when every question found orders. */
export function notesSection(notes: readonly string[]): ReportSection[] {
  if (notes.length === 0) return [];
  return [{ title: 'Questions outside the data', note: 'these answers are zero because the data has no rows for them', columns: ['note'], rows: notes.map((n) => [n]) }];
}

/** What each query read and cost. */
export function queriesSection(queries: readonly QueryRun[]): ReportSection {
  return {
    title: 'Queries',
    columns: ['query', 'items', 'pages', 'requests', 'RCU', 'ms'],
    rows: queries.map(({ name, stats }) => [name, stats.items, stats.pages, stats.requests, Math.round(stats.consumedCapacity * 10) / 10, Math.round(stats.ms)]),
  };
}

function topCountries(countries: readonly CountryTotal[], n = 10): ReportSection {
  const top = countries.slice(0, n);
  if (top.every((t) => t.netRevenueMilli !== undefined)) {
    return {
      title: `Top ${top.length} countries by revenue`,
      columns: ['country', 'revenue', 'net of cancellations', 'orders'],
      rows: top.map((t) => [t.country, formatMoney(t.revenueMilli), formatMoney(t.netRevenueMilli ?? t.revenueMilli), t.orders]),
    };
  }
  return { title: `Top ${top.length} countries by revenue`, columns: ['country', 'revenue', 'orders'], rows: top.map((t) => [t.country, formatMoney(t.revenueMilli), t.orders]) };
}
