import { formatMoney, formatMoneyCompact, formatPounds, toPounds, type DailyRevenue } from '@ecomlake/model';
import { line, max, min, scaleLinear, scaleUtc } from 'd3';
import { drawAxis, drawHorizontalGrid, px } from './axis';
import { DAY_MS, parseDay } from './calendar';
import { conciseDateTicks } from './date-ticks';
import { appendText, createSvg, serializeSvg, type G } from './dom';
import { formatCount, formatDay } from './format';
import { drawHeader } from './header';
import { movingAverage, type DayValue } from './moving-average';
import { noDataSvg } from './no-data';
import { textWidth } from './text-width';
import { theme } from './theme';

export interface SalesTrendOptions {
  /** Whose revenue this is, for the title. Default `'United Kingdom'`. */
  country?: string;
  /** Default `Daily revenue, <country>`. */
  title?: string;
  /** Default 960. */
  width?: number;
  /** Default 420. */
  height?: number;
  /** Draw the 7-day moving average (mean of the trading days in the last 7 calendar days). Default true. */
  movingAverage?: boolean;
  /** A dot on each trading day. Default true. */
  markers?: boolean;
  /**
   * Also draw revenue net of cancellations (booked on the day they happen), dashed, on the
   * days whose `netRevenueMilli` is known (read from aggregates). Default false.
   */
  net?: boolean;
}

/**
 * Daily revenue as a line with markers. Days without trading (absent from `days`) break the
 * line, so a weekend or the Christmas break is a gap rather than a line drawn across it.
 */
export function salesTrendSvg(days: readonly DailyRevenue[], options: SalesTrendOptions = {}): string {
  const { country = 'United Kingdom', width = 960, height = 420, markers = true } = options;
  const title = options.title ?? `Daily revenue, ${country}`;
  const points = toPoints(days);
  const netPoints = options.net ? toPoints(days.flatMap((d) => (d.netRevenueMilli === undefined ? [] : [{ ...d, revenueMilli: d.netRevenueMilli }]))) : [];
  if (points.length === 0) return noDataSvg({ width, height, title, message: `No trading days for ${country}` });

  const margin = { ...theme.margin, bottom: 48 };
  const innerWidth = Math.max(10, width - margin.left - margin.right);
  const innerHeight = Math.max(10, height - margin.top - margin.bottom);
  const first = points[0].time;
  const last = points[points.length - 1].time;
  // Fewer than a week of days: widen to a week so the axis has whole-day ticks to show.
  const pad = Math.max(0, 6 * DAY_MS - (last - first)) / 2;
  const [x0, x1] = [first - Math.ceil(pad / DAY_MS) * DAY_MS, last + Math.ceil(pad / DAY_MS) * DAY_MS];
  const x = scaleUtc().domain([new Date(x0), new Date(x1)]).range([0, innerWidth]);
  // Net revenue can fall below zero: a big order cancelled the same day.
  const all = [...points, ...netPoints];
  const lo = Math.min(0, min(all, (p) => p.value) ?? 0);
  const hi = Math.max(0, max(all, (p) => p.value) ?? 0);
  const y = scaleLinear().domain(lo === hi ? [0, 1] : [lo, hi]).nice(6).range([innerHeight, 0]);

  const total = formatMoney(exactTotal(days));
  const best = points.reduce((a, b) => (b.value > a.value ? b : a));
  const span = `${formatDay(isoDay(first))} to ${formatDay(isoDay(last))}`;
  const svg = createSvg({
    width,
    height,
    title,
    description:
      `${title}, ${span}: ${tradingDays(points.length)}, total ${total}, ` +
      `highest ${formatPounds(best.value)} on ${formatDay(isoDay(best.time))}. Days without trading are gaps in the line.`,
  });
  // Needs 4 trading days in a window: shown (and in the key) only when it makes a line.
  const averaged = (options.movingAverage ?? true) ? movingAverage(points).map((p) => (p.value === undefined ? null : { time: p.time, value: p.value })) : [];
  const showAverage = averaged.some((p, i) => p !== null && averaged[i + 1] != null);
  const legendWidth = drawLegend(svg.append('g'), width - margin.right, showAverage, netPoints.length > 0);
  drawHeader(svg, {
    title,
    subtitle: `${span} · ${tradingDays(points.length)} · total ${total} · gaps are days without trading`,
    width,
    reserveRight: legendWidth,
  });

  const plot = svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`);
  const yTicks = y.ticks(6);
  drawHorizontalGrid(plot, yTicks.map((t) => px(y(t))), innerWidth);
  drawYAxis(plot, yTicks, y);
  const ticks = conciseDateTicks(x, Math.floor(innerWidth / 70)).map((tick) => ({ x: x(tick.time), label: tick.lines[0], context: tick.lines[1] }));
  drawAxis(plot, { width: innerWidth, y: innerHeight, ticks, labelY: 17 });

  const series = plot.append('g').attr('class', 'series');
  const withGaps = insertGaps(points);
  const path = line<DayValue | null>()
    .defined((p) => p !== null)
    .x((p) => px(x(new Date((p as DayValue).time))))
    .y((p) => px(y((p as DayValue).value)));
  series.append('path').attr('class', 'daily').attr('d', path(withGaps) ?? '').attr('fill', 'none').attr('stroke', theme.color.primary).attr('stroke-width', 1.2);
  if (markers) {
    const r = Math.max(1.3, Math.min(3, innerWidth / points.length / 2.5));
    series
      .append('g')
      .attr('class', 'markers')
      .attr('fill', theme.color.primary)
      .selectAll('circle')
      .data(points)
      .join('circle')
      .attr('cx', (p) => px(x(new Date(p.time))))
      .attr('cy', (p) => px(y(p.value)))
      .attr('r', r);
  }
  if (netPoints.length > 0) {
    series.append('path').attr('class', 'net').attr('d', path(insertGaps(netPoints)) ?? '').attr('fill', 'none').attr('stroke', theme.color.reference).attr('stroke-width', 1.2).attr('stroke-dasharray', '4 3');
  }
  if (showAverage) {
    series.append('path').attr('class', 'moving-average').attr('d', path(averaged) ?? '').attr('fill', 'none').attr('stroke', theme.color.accent).attr('stroke-width', 2.2);
  }
  return serializeSvg(svg);
}

/** Valid days, summed per day, sorted; revenue in pounds. */
function toPoints(days: readonly DailyRevenue[]): DayValue[] {
  const byDay = new Map<number, number>();
  for (const d of days) {
    const time = parseDay(d.day);
    if (time === undefined || !Number.isFinite(d.revenueMilli)) continue;
    byDay.set(time, (byDay.get(time) ?? 0) + toPounds(d.revenueMilli));
  }
  return [...byDay].map(([time, value]) => ({ time, value })).sort((a, b) => a.time - b.time);
}

/** The revenue of the days the chart draws, summed exactly (its points are float pounds). */
function exactTotal(days: readonly DailyRevenue[]): bigint {
  let total = 0n;
  for (const d of days) if (parseDay(d.day) !== undefined && Number.isSafeInteger(d.revenueMilli)) total += BigInt(d.revenueMilli);
  return total;
}

/** A `null` between two trading days that are not consecutive calendar days. */
function insertGaps(points: readonly DayValue[]): (DayValue | null)[] {
  const out: (DayValue | null)[] = [];
  points.forEach((p, i) => {
    if (i > 0 && p.time - points[i - 1].time > DAY_MS) out.push(null);
    out.push(p);
  });
  return out;
}

function tradingDays(n: number): string {
  return `${formatCount(n)} trading ${n === 1 ? 'day' : 'days'}`;
}

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function drawYAxis(plot: G, ticks: number[], y: (v: number) => number): void {
  const g = plot.append('g').attr('class', 'axis y').attr('text-anchor', 'end').attr('fill', theme.color.muted);
  for (const t of ticks) {
    appendText(g, formatMoneyCompact(t)).attr('x', -8).attr('y', px(y(t))).attr('dy', '0.32em');
  }
}

/** Key at the top right; returns its width so the title can stay clear of it. */
function drawLegend(g: G, right: number, showAverage: boolean, showNet: boolean): number {
  const size = theme.fontSize.label;
  const daily = 'Daily revenue';
  const average = '7-day average';
  const net = 'Net of cancellations';
  const dailyWidth = 18 + textWidth(daily, size);
  const averageWidth = showAverage ? 28 + textWidth(average, size) : 0;
  const netWidth = showNet ? 28 + textWidth(net, size) : 0;
  const total = dailyWidth + averageWidth + netWidth;
  g.attr('class', 'legend').attr('transform', `translate(${px(right - total)},24)`).attr('font-size', size);
  g.append('line').attr('x1', 0).attr('x2', 12).attr('stroke', theme.color.primary).attr('stroke-width', 1.2);
  g.append('circle').attr('cx', 6).attr('r', 2.5).attr('fill', theme.color.primary);
  appendText(g, daily).attr('x', 16).attr('dy', '0.32em');
  if (showAverage) {
    const a = g.append('g').attr('transform', `translate(${px(dailyWidth + 10)},0)`);
    a.append('line').attr('x1', 0).attr('x2', 14).attr('stroke', theme.color.accent).attr('stroke-width', 2.2);
    appendText(a, average).attr('x', 18).attr('dy', '0.32em');
  }
  if (showNet) {
    const n = g.append('g').attr('transform', `translate(${px(dailyWidth + averageWidth + 10)},0)`);
    n.append('line').attr('x1', 0).attr('x2', 14).attr('stroke', theme.color.reference).attr('stroke-width', 1.2).attr('stroke-dasharray', '4 3');
    appendText(n, net).attr('x', 18).attr('dy', '0.32em');
  }
  return total + 12;
}
