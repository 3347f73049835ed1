import { formatMoneyCompact, formatPounds, toPounds, type OrderValue } from '@ecomlake/model';
import { max, scaleLinear, scaleLog } from 'd3';
import { drawAxis, px } from './axis';
import { appendText, createSvg, serializeSvg, type G } from './dom';
import { formatCount } from './format';
import { drawHeader } from './header';
import { countInBins, logBins } from './log-bins';
import { noDataSvg } from './no-data';
import { summarize, type Summary } from './summary-stats';
import { truncateText } from './text-width';
import { theme } from './theme';
import { drawBoxLegend, drawBoxSummary } from './box-summary';

export interface OrderValueDistributionOptions {
  /** How many countries, those with the most orders. Default 6. */
  topN?: number;
  /** Default 960. */
  width?: number;
  /** Height of one country's panel, px. Default 76. */
  panelHeight?: number;
  /** Log bins per factor of ten. Default 5. */
  binsPerDecade?: number;
  /** Default `Order values by country`. */
  title?: string;
}

interface Group {
  country: string;
  orders: number;
  /** Order values in pounds that a log axis can show. */
  positive: number[];
  nonPositive: number;
  summary: Summary | undefined;
}

const GUTTER = 190;

/**
 * Order (invoice) totals of the top countries by number of orders, as small multiples on a
 * shared log value axis with shared bins: bars give each country's share of orders per bin,
 * a box summary gives quartiles, median and mean.
 */
export function orderValueDistributionSvg(orders: readonly OrderValue[], options: OrderValueDistributionOptions = {}): string {
  const { topN = 6, width = 960, panelHeight = 76, binsPerDecade = 5 } = options;
  const title = options.title ?? 'Order values by country';
  const groups = topGroups(orders, topN);
  const bins = logBins(groups.flatMap((g) => g.positive), binsPerDecade);
  if (groups.length === 0 || !bins) {
    const message = groups.length === 0 ? 'No orders to show' : 'No orders with a value above £0 to show on a log scale';
    return noDataSvg({ width, height: 300, title, message });
  }

  const top = 62 + 26;
  const height = top + groups.length * panelHeight + 44;
  const plotWidth = Math.max(40, width - GUTTER - theme.margin.right);
  const x = scaleLog().domain(bins.domain).range([0, plotWidth]);
  const counts = groups.map((g) => countInBins(g.positive, bins.edges));
  const maxShare = max(groups, (g, i) => (g.positive.length > 0 ? (max(counts[i]) ?? 0) / g.positive.length : 0)) || 1;
  const barHeight = panelHeight - 30;
  const y = scaleLinear().domain([0, maxShare]).range([barHeight, 0]);

  const svg = createSvg({ width, height, title, description: describe(title, groups) });
  drawHeader(svg, {
    title,
    subtitle: `${groups.length === 1 ? 'The country' : `Top ${groups.length} countries`} by number of orders · bars: share of the country's orders in each value bin (${binsPerDecade} per ×10) · value axis is logarithmic`,
    width,
  });
  drawBoxLegend(svg.append('g').attr('transform', `translate(${GUTTER},${62 + 8})`), plotWidth);

  const plot = svg.append('g').attr('transform', `translate(${GUTTER},${top})`);
  const decades = x.ticks().filter((t) => Number.isInteger(Math.log10(t)) || Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
  plot
    .append('g')
    .attr('class', 'grid')
    .attr('stroke', theme.color.grid)
    .selectAll('line')
    .data(decades)
    .join('line')
    .attr('x1', (t) => px(x(t)))
    .attr('x2', (t) => px(x(t)))
    .attr('y2', groups.length * panelHeight);

  groups.forEach((g, i) => drawPanel(plot.append('g').attr('class', 'panel').attr('transform', `translate(0,${i * panelHeight})`), g, counts[i], bins.edges, x, y, barHeight));

  const ticks = decades.map((t) => ({ x: x(t), label: formatMoneyCompact(t) }));
  drawAxis(plot, { width: plotWidth, y: groups.length * panelHeight, ticks, title: 'Order value (log scale)' });
  return serializeSvg(svg);
}

function topGroups(orders: readonly OrderValue[], topN: number): Group[] {
  const byCountry = new Map<string, OrderValue[]>();
  for (const o of orders) {
    if (!Number.isFinite(o.valueMilli)) continue;
    const list = byCountry.get(o.country) ?? [];
    list.push(o);
    byCountry.set(o.country, list);
  }
  return [...byCountry]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .slice(0, Math.max(0, topN))
    .map(([country, list]) => {
      const positive = list.map((o) => toPounds(o.valueMilli)).filter((v) => v > 0);
      return { country, orders: list.length, positive, nonPositive: list.length - positive.length, summary: summarize(positive) };
    });
}

function drawPanel(g: G, group: Group, counts: number[], edges: number[], x: (v: number) => number, y: (v: number) => number, barHeight: number): void {
  const name = truncateText(group.country, theme.fontSize.label + 1, GUTTER - 24, { bold: true });
  appendText(g, name).attr('x', -12).attr('y', 16).attr('text-anchor', 'end').attr('font-weight', 'bold').attr('font-size', theme.fontSize.label + 1);
  const lines = [`${formatCount(group.orders)} ${group.orders === 1 ? 'order' : 'orders'}`];
  if (group.summary) lines.push(`median ${formatPounds(group.summary.median)}`);
  if (group.nonPositive > 0) lines.push(`${formatCount(group.nonPositive)} ≤ £0 not shown`);
  lines.forEach((line, i) => appendText(g, line).attr('x', -12).attr('y', 31 + i * 13).attr('text-anchor', 'end').attr('fill', theme.color.muted).attr('font-size', theme.fontSize.note));

  g.append('line').attr('x2', px(x(edges[edges.length - 1]))).attr('y1', barHeight).attr('y2', barHeight).attr('stroke', theme.color.axis);
  const n = group.positive.length;
  const bars = g.append('g').attr('class', 'bars').attr('fill', theme.color.primary);
  counts.forEach((c, i) => {
    if (c === 0 || n === 0) return;
    const x0 = x(edges[i]);
    const x1 = x(edges[i + 1]);
    const top = y(c / n);
    bars.append('rect').attr('x', px(x0 + 0.5)).attr('width', px(Math.max(0.5, x1 - x0 - 1))).attr('y', px(top)).attr('height', px(barHeight - top));
  });
  if (group.summary) drawBoxSummary(g.append('g').attr('transform', `translate(0,${barHeight + 12})`), group.summary, x);
}

function describe(title: string, groups: readonly Group[]): string {
  const parts = groups.map((g) =>
    g.summary
      ? `${g.country}: ${formatCount(g.orders)} orders, median ${formatPounds(g.summary.median)}, mean ${formatPounds(g.summary.mean)}, quartiles ${formatPounds(g.summary.q1)}–${formatPounds(g.summary.q3)}`
      : `${g.country}: ${formatCount(g.orders)} orders, none above £0`,
  );
  return `${title}. ${parts.join('; ')}.`;
}
