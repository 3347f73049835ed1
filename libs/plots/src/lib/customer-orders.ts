import { formatMoney, formatMoneyCompact, formatPounds, toPounds, type OrderValue } from '@ecomlake/model';
import { bin, max, scaleLinear, thresholdFreedmanDiaconis, thresholdSturges } from 'd3';
import { drawAxis, drawHorizontalGrid, px } from './axis';
import { appendText, createSvg, serializeSvg, type G } from './dom';
import { formatCount } from './format';
import { drawHeader } from './header';
import { gaussianKde, silvermanBandwidth } from './kde';
import { noDataSvg } from './no-data';
import { summarize } from './summary-stats';
import { textWidth } from './text-width';
import { theme } from './theme';

export interface CustomerOrdersOptions {
  /** Whose orders, for the title. Default: the first order's `customerId` (none: "a customer"). */
  customerId?: string;
  /** Default `Order values of customer <id>`. */
  title?: string;
  /** Default 720. */
  width?: number;
  /** Default 400. */
  height?: number;
  /** Roughly how many bins (rounded to nice edges). Default: the larger of Sturges' and Freedman–Diaconis' counts, between 5 and 40. */
  bins?: number;
  /** Draw the kernel density curve. Default true (needs two or more distinct values). */
  density?: boolean;
}

/** One customer's order values: histogram, Gaussian kernel density curve, mean marked. */
export function customerOrdersSvg(orders: readonly OrderValue[], options: CustomerOrdersOptions = {}): string {
  const { width = 720, height = 400 } = options;
  const customer = options.customerId ?? orders.find((o) => o.customerId)?.customerId;
  const title = options.title ?? (customer === undefined ? 'Order values of a customer' : `Order values of customer ${customer}`);
  const values = orders.map((o) => toPounds(o.valueMilli)).filter((v) => Number.isFinite(v));
  const s = summarize(values);
  if (!s) return noDataSvg({ width, height, title, message: customer === undefined ? 'No customer orders to show' : `No orders for customer ${customer}` });

  const margin = { ...theme.margin, bottom: 44 };
  const innerWidth = Math.max(40, width - margin.left - margin.right);
  const innerHeight = Math.max(40, height - margin.top - margin.bottom - 14);
  // All values equal: centre them in a range of their own size, so the bar has width.
  const pad = s.min === s.max ? Math.max(1, Math.abs(s.min) * 0.5) : 0;
  const binCount = options.bins ?? Math.max(5, Math.min(40, Math.max(thresholdSturges(values), thresholdFreedmanDiaconis(values, s.min, s.max))));
  // Nice to the bins' own step, so the first and last bins are as wide as the others.
  const x = scaleLinear().domain([Math.min(0, s.min - pad), s.max + pad]).nice(binCount);
  const bins = bin().domain(x.domain() as [number, number]).thresholds(x.ticks(binCount))(values);
  x.domain([bins[0].x0 ?? x.domain()[0], bins[bins.length - 1].x1 ?? x.domain()[1]]).range([0, innerWidth]);
  const binWidth = (bins[0].x1 ?? 1) - (bins[0].x0 ?? 0);

  const bandwidth = silvermanBandwidth(values);
  const showDensity = (options.density ?? true) && bandwidth > 0;
  const grid = x.ticks(120);
  const density = showDensity ? gaussianKde(values, bandwidth, grid).map((d) => d * values.length * binWidth) : [];
  const yMax = Math.max(max(bins, (b) => b.length) ?? 1, max(density) ?? 0, 1);
  const y = scaleLinear().domain([0, yMax]).nice().range([innerHeight, 0]);

  const svg = createSvg({
    width,
    height,
    title,
    description: `${title}: ${formatCount(s.n)} orders from ${formatPounds(s.min)} to ${formatPounds(s.max)}, mean ${formatPounds(s.mean)}, median ${formatPounds(s.median)}.`,
  });
  drawHeader(svg, {
    title,
    subtitle: `${formatCount(s.n)} ${s.n === 1 ? 'order' : 'orders'} · total ${formatMoney(exactTotal(orders))} · median ${formatPounds(s.median)} · mean ${formatPounds(s.mean)}`,
    width,
  });
  const plot = svg.append('g').attr('transform', `translate(${margin.left},${margin.top + 14})`);
  const yTicks = y.ticks(Math.min(6, y.domain()[1])).filter(Number.isInteger);
  drawHorizontalGrid(plot, yTicks.map((t) => px(y(t))), innerWidth);
  const yAxis = plot.append('g').attr('class', 'axis y').attr('text-anchor', 'end').attr('fill', theme.color.muted);
  for (const t of yTicks) appendText(yAxis, formatCount(t)).attr('x', -8).attr('y', px(y(t))).attr('dy', '0.32em');
  appendText(yAxis, 'Orders').attr('x', -8).attr('y', -12).attr('fill', theme.color.text);

  plot
    .append('g')
    .attr('class', 'bars')
    .attr('fill', theme.color.primary)
    .attr('fill-opacity', 0.75)
    .selectAll('rect')
    .data(bins.filter((b) => b.length > 0))
    .join('rect')
    .attr('x', (b) => px(x(b.x0 ?? 0) + 0.5))
    .attr('width', (b) => px(Math.max(0.5, x(b.x1 ?? 0) - x(b.x0 ?? 0) - 1)))
    .attr('y', (b) => px(y(b.length)))
    .attr('height', (b) => px(innerHeight - y(b.length)));

  if (showDensity) {
    const d = grid.map((v, i) => `${i === 0 ? 'M' : 'L'}${px(x(v))},${px(y(density[i]))}`).join('');
    plot.append('path').attr('class', 'density').attr('d', d).attr('fill', 'none').attr('stroke', theme.color.accent).attr('stroke-width', 2);
  }

  const xTicks = x.ticks(Math.max(2, Math.floor(innerWidth / 80))).map((t) => ({ x: x(t), label: formatMoneyCompact(t) }));
  drawAxis(plot, { width: innerWidth, y: innerHeight, ticks: xTicks, title: 'Order value' });
  drawMean(plot, px(x(s.mean)), innerHeight, innerWidth, s.mean);
  drawLegend(svg.append('g'), width - theme.margin.right, margin.top, showDensity, bandwidth);
  return serializeSvg(svg);
}

function drawMean(plot: G, mx: number, innerHeight: number, innerWidth: number, mean: number): void {
  const g = plot.append('g').attr('class', 'mean');
  g.append('line').attr('x1', mx).attr('x2', mx).attr('y1', -4).attr('y2', innerHeight).attr('stroke', theme.color.reference).attr('stroke-width', 1.5).attr('stroke-dasharray', '5 3');
  const text = `mean ${formatPounds(mean)}`;
  const w = textWidth(text, theme.fontSize.label);
  // Beside the line, on whichever side has room.
  const right = mx + 4 + w <= innerWidth;
  appendText(g, text).attr('x', right ? mx + 4 : mx - 4).attr('y', 6).attr('text-anchor', right ? 'start' : 'end').attr('fill', theme.color.reference).attr('font-weight', 'bold');
}

function drawLegend(g: G, right: number, top: number, showDensity: boolean, bandwidth: number): void {
  const size = theme.fontSize.note;
  const bars = 'orders per bin';
  const curve = `density (Gaussian, bandwidth ${formatPounds(bandwidth)})`;
  const width = 18 + textWidth(bars, size) + (showDensity ? 34 + textWidth(curve, size) : 0);
  g.attr('class', 'legend').attr('transform', `translate(${px(right - width)},${top - 2})`).attr('font-size', size).attr('fill', theme.color.muted);
  g.append('rect').attr('y', -5).attr('width', 12).attr('height', 10).attr('fill', theme.color.primary).attr('fill-opacity', 0.75);
  appendText(g, bars).attr('x', 16).attr('dy', '0.32em');
  if (showDensity) {
    const c = g.append('g').attr('transform', `translate(${px(28 + textWidth(bars, size))},0)`);
    c.append('line').attr('x2', 14).attr('stroke', theme.color.accent).attr('stroke-width', 2);
    appendText(c, curve).attr('x', 18).attr('dy', '0.32em');
  }
}

/** The orders' total summed exactly (the mean times the count is a float), over the orders the chart shows. */
function exactTotal(orders: readonly OrderValue[]): bigint {
  return orders.reduce((sum, o) => (Number.isSafeInteger(o.valueMilli) ? sum + BigInt(o.valueMilli) : sum), 0n);
}
