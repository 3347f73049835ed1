import { formatMoney, formatMoneyCompact, toPounds, type CountryMonthSales, type Milli } from '@ecomlake/model';
import { isMonth, monthRange } from './calendar';
import type { CountryPoint } from './country-locations';
import { bubbleScales, colorLegendTicks, sizeLegendValues } from './bubble-scales';
import { formatCount, formatMonth } from './format';
import { mapGeometry, type MapGeometry } from './bubble-geometry';
import { labelBubbles, noteText } from './bubble-annotations';

export interface BubbleMapOptions {
  /** Default 960. */
  width?: number;
  /** Default 600. */
  height?: number;
  /** Radius of the largest bubble, px. Default 34. */
  maxRadius?: number;
  /** Label at most this many of the largest bubbles per frame (fewer if they would overlap). Default 8. */
  labelCount?: number;
  /** `'month'`: one frame per month, from the first to the last, with shared scales; `'all'`: one frame for the whole period. Default `'month'`. */
  period?: 'month' | 'all';
  /** Default `Revenue by country, month by month` (or `Revenue by country` for `'all'`). */
  title?: string;
  /** Magnify Europe, where most bubbles crowd, in an inset at the bottom left. Default true. */
  inset?: boolean;
  /** Extra or corrected places by data name (`null`: has no place). Default none. */
  locations?: Readonly<Record<string, CountryPoint | null>>;
}

/** One country's circle in one frame, in SVG pixels. */
export interface Bubble {
  country: string;
  revenueMilli: Milli;
  orders: number;
  x: number;
  y: number;
  r: number;
  fill: string;
  /** Tooltip text: `Germany: £28,114.35, 41 orders`. */
  title: string;
  /** The same bubble's centre in the Europe inset, when it falls there (drawn in both places). */
  inset?: { x: number; y: number };
}

export interface BubbleLabel {
  country: string;
  text: string;
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  leader?: { x1: number; y1: number; x2: number; y2: number };
}

/** A country in the data that has no bubble, with why: it has no place, or its revenue is not positive. */
export interface UnmappedCountry {
  country: string;
  revenueMilli: Milli;
  orders: number;
  reason: 'no-place' | 'not-positive';
}

export interface BubbleFrame {
  /** `YYYY-MM`, or `all`. */
  key: string;
  /** `Dec 2010`, or `Dec 2010 – Dec 2011`. */
  label: string;
  /** Largest first (draw in this order so small bubbles stay on top). */
  bubbles: Bubble[];
  labels: BubbleLabel[];
  unmapped: UnmappedCountry[];
  /** The note on the chart naming `unmapped` (empty string when nothing is left out). */
  note: string;
  revenueMilli: Milli;
  orders: number;
}

/**
 * Everything needed to draw the map, as plain JSON-safe data: the app can embed it in a
 * page and animate the same bubbles the PNG frames show.
 */
export interface BubbleMapLayout extends MapGeometry {
  title: string;
  subtitle: string;
  frames: BubbleFrame[];
  legend: {
    size: { revenueMilli: Milli; r: number; label: string }[];
    color: { stops: { offset: number; color: string }[]; ticks: { orders: number; offset: number; label: string }[] };
  };
  /** Rows whose month is not `YYYY-MM` or whose numbers are not finite (left out, counted in the description). */
  invalidRows: number;
}

interface Cell {
  revenueMilli: Milli;
  orders: number;
}

/** Lays out the bubble map for `sales` (one row per country and month). */
export function layoutBubbleMap(sales: readonly CountryMonthSales[], options: BubbleMapOptions = {}): BubbleMapLayout {
  const { width = 960, height = 600, maxRadius = 34, labelCount = 8, period = 'month', inset = true, locations = {} } = options;
  const title = options.title ?? (period === 'all' ? 'Revenue by country' : 'Revenue by country, month by month');
  const valid = sales.filter((s) => isMonth(s.month) && Number.isFinite(s.revenueMilli) && Number.isFinite(s.orders));
  const months = [...new Set(valid.map((s) => s.month))].sort();
  const range = months.length > 0 ? monthRange(months[0], months[months.length - 1]) : [];
  const groups =
    period === 'all'
      ? [{ key: 'all', label: periodLabel(range), rows: valid }]
      : range.map((m) => ({ key: m, label: formatMonth(m), rows: valid.filter((s) => s.month === m) }));

  const { geometry: geo, place } = mapGeometry(width, height, inset, maxRadius);
  const cells = groups.map((g) => aggregate(g.rows));
  let maxPounds = 0;
  let maxOrders = 0;
  for (const frame of cells)
    for (const [country, cell] of frame)
      if (place(country, locations) && cell.revenueMilli > 0) {
        maxPounds = Math.max(maxPounds, toPounds(cell.revenueMilli));
        maxOrders = Math.max(maxOrders, cell.orders);
      }
  const scales = bubbleScales(maxPounds, maxOrders, maxRadius);

  const frames = groups.map((g, i): BubbleFrame => {
    const bubbles: Bubble[] = [];
    const unmapped: UnmappedCountry[] = [];
    for (const [country, cell] of cells[i]) {
      const at = place(country, locations);
      if (!at || cell.revenueMilli <= 0) {
        unmapped.push({ country, ...cell, reason: at ? 'not-positive' : 'no-place' });
        continue;
      }
      const r = round(scales.radius(toPounds(cell.revenueMilli)));
      const title = `${country}: ${formatMoney(cell.revenueMilli)}, ${formatCount(cell.orders)} orders`;
      bubbles.push({ country, ...cell, x: at.x, y: at.y, r, fill: scales.color(cell.orders), title, ...(at.inset ? { inset: at.inset } : {}) });
    }
    bubbles.sort((a, b) => b.revenueMilli - a.revenueMilli || a.country.localeCompare(b.country));
    unmapped.sort((a, b) => b.revenueMilli - a.revenueMilli);
    const total = [...cells[i].values()].reduce(
      // A sum of Milli is Milli; not re-checked, so a chart of odd input still draws.
      (s, c): Cell => ({ revenueMilli: (s.revenueMilli + c.revenueMilli) as Milli, orders: s.orders + c.orders }),
      { revenueMilli: 0 as Milli, orders: 0 },
    );
    return { key: g.key, label: g.label, bubbles, labels: labelBubbles(bubbles, labelCount, geo), unmapped, note: noteText(unmapped), ...total };
  });

  return {
    ...geo,
    title,
    subtitle: `Bubble area: revenue · colour: orders (log scale)${period === 'month' ? ' · same scales in every month' : ''}`,
    frames,
    legend: {
      size: sizeLegendValues(scales.maxPounds).map((v) => ({ revenueMilli: Math.round(v * 1000) as Milli, r: round(scales.radius(v)), label: formatMoneyCompact(v) })),
      color: {
        stops: Array.from({ length: 11 }, (_, k) => ({ offset: k / 10, color: scales.color(Math.pow(scales.maxOrders, k / 10)) })),
        ticks: colorLegendTicks(scales.maxOrders).map((v) => ({ orders: v, offset: Math.log(v) / Math.log(scales.maxOrders), label: formatCount(v) })),
      },
    },
    invalidRows: sales.length - valid.length,
  };
}

function aggregate(rows: readonly CountryMonthSales[]): Map<string, Cell> {
  const byCountry = new Map<string, Cell>();
  for (const r of rows) {
    const cell = byCountry.get(r.country) ?? { revenueMilli: 0 as Milli, orders: 0 };
    cell.revenueMilli = (cell.revenueMilli + r.revenueMilli) as Milli;
    cell.orders += r.orders;
    byCountry.set(r.country, cell);
  }
  return byCountry;
}

function periodLabel(range: readonly string[]): string {
  if (range.length === 0) return 'No data';
  const first = formatMonth(range[0]);
  const last = formatMonth(range[range.length - 1]);
  return first === last ? first : `${first} – ${last}`;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
