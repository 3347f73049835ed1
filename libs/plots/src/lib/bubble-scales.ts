import { interpolateViridis, scaleSequentialLog } from 'd3';

/** The scales of a bubble map, fixed across all its frames so months compare. */
export interface BubbleScales {
  /** Revenue (pounds) → radius: area proportional to revenue. */
  radius(pounds: number): number;
  /** Orders → Viridis colour on a log scale (order counts span 1 to thousands). */
  color(orders: number): string;
  maxPounds: number;
  maxOrders: number;
}

export function bubbleScales(maxPounds: number, maxOrders: number, maxRadius: number): BubbleScales {
  const top = maxPounds > 0 ? maxPounds : 1;
  const colorTop = Math.max(10, maxOrders);
  const color = scaleSequentialLog(interpolateViridis).domain([1, colorTop]).clamp(true);
  return {
    radius: (pounds) => (pounds > 0 ? maxRadius * Math.sqrt(Math.min(pounds, top) / top) : 0),
    color: (orders) => color(Math.max(1, orders)),
    maxPounds: top,
    maxOrders: colorTop,
  };
}

/** Up to three reference revenues for the size legend: the largest 1-2-5 value not above the max, then ÷10 steps. */
export function sizeLegendValues(maxPounds: number): number[] {
  if (!(maxPounds > 0)) return [];
  const magnitude = 10 ** Math.floor(Math.log10(maxPounds));
  const top = [5, 2, 1].map((m) => m * magnitude).find((v) => v <= maxPounds) ?? magnitude;
  return [top, top / 10, top / 100].filter((v) => v >= 0.01);
}

/** Tick values for the colour legend: powers of ten up to the max, and the max itself if far enough from them. */
export function colorLegendTicks(maxOrders: number): number[] {
  const ticks: number[] = [];
  for (let v = 1; v <= maxOrders; v *= 10) ticks.push(v);
  const last = ticks[ticks.length - 1];
  if (maxOrders / last >= 2.5) ticks.push(maxOrders);
  return ticks;
}
