import type { CountryMonthSales, DailyRevenue, OrderValue } from '@ecomlake/model';
import type { BubbleMapLayout } from './bubble-layout';
import { layoutBubbleMap } from './bubble-layout';
import { bubbleMapBaseSvg, bubbleMapSvgs, withFrames } from './bubble-map';
import { bubbleMapImages } from './bubble-map-images';
import { customerOrdersSvg } from './customer-orders';
import { orderValueDistributionSvg } from './order-value-distribution';
import { toPng } from './raster';
import { salesTrendSvg } from './sales-trend';

export interface ChartsInput {
  /** One country's days, for the trend. */
  dailyRevenue: readonly DailyRevenue[];
  /** Whose days those are. Default `'United Kingdom'`. */
  country?: string;
  /** Also draw the trend net of cancellations where the days carry it (`SalesTrendOptions.net`). Default false. */
  trendNet?: boolean;
  countryMonthSales: readonly CountryMonthSales[];
  /** Every order: the distribution by country, and the customer's orders from it. */
  orders: readonly OrderValue[];
  /** Default: the customer with the most orders. */
  customerId?: string;
}

export interface RenderChartsOptions {
  /** Pixels per SVG unit for every PNG and animation. Default 1. */
  scale?: number;
}

export interface ChartFile {
  /** File name such as `bubble-map-2011-03.png`; the app chooses the folder. */
  name: string;
  data: string | Buffer;
}

export type ChartName = 'salesTrend' | 'bubbleMapMonthly' | 'bubbleMapAll' | 'orderValues' | 'customerOrders';

export interface RenderedCharts {
  /** SVG and PNG of every chart and map frame, `bubble-map.gif` and `bubble-map.webp`. */
  files: ChartFile[];
  /** For an interactive map: the monthly layout and the base it is drawn on (see `bubbleMapBaseSvg`). */
  bubbleMap: { layout: BubbleMapLayout; baseSvg: string };
  customerId: string | undefined;
  /** Each chart's own time from start to its last file, s. Charts overlap, so these add up to more than the wall time. */
  seconds: Record<ChartName, number>;
}

/**
 * Every chart of the report, SVG and PNG, with the animated map, drawn concurrently: each
 * chart's SVG is built on the main thread while sharp rasterizes and encodes the others on
 * its thread pool (the map's GIF takes longest).
 */
export async function renderCharts(input: ChartsInput, options: RenderChartsOptions = {}): Promise<RenderedCharts> {
  const { scale = 1 } = options;
  const country = input.country ?? 'United Kingdom';
  const customerId = input.customerId ?? topCustomer(input.orders);
  const files: ChartFile[] = [];
  const seconds = {} as Record<ChartName, number>;
  const timed = async (name: ChartName, work: () => Promise<ChartFile[]>) => {
    const start = performance.now();
    const made = await work();
    seconds[name] = (performance.now() - start) / 1000;
    files.push(...made);
  };
  const svgAndPng = async (name: string, svg: string): Promise<ChartFile[]> => [
    { name: `${name}.svg`, data: svg },
    { name: `${name}.png`, data: await toPng(svg, { scale }) },
  ];
  let layout: BubbleMapLayout | undefined;
  // The map first: its animation is the longest job on the thread pool.
  await Promise.all([
    timed('bubbleMapMonthly', async () => {
      layout = withFrames(layoutBubbleMap(input.countryMonthSales));
      const images = await bubbleMapImages(layout, { scale });
      return [
        ...(layout?.frames ?? []).flatMap((f, i) => [
          { name: `bubble-map-${f.key}.svg`, data: images.svgs[i] },
          { name: `bubble-map-${f.key}.png`, data: images.pngs[i] },
        ]),
        { name: 'bubble-map.gif', data: images.gif ?? Buffer.alloc(0) },
        { name: 'bubble-map.webp', data: images.webp ?? Buffer.alloc(0) },
      ];
    }),
    timed('salesTrend', () => svgAndPng('sales-trend', salesTrendSvg(input.dailyRevenue, { country, net: input.trendNet ?? false }))),
    timed('bubbleMapAll', () => svgAndPng('bubble-map-all', bubbleMapSvgs(input.countryMonthSales, { period: 'all' }).frames[0])),
    timed('orderValues', () => svgAndPng('order-values', orderValueDistributionSvg(input.orders))),
    timed('customerOrders', () =>
      svgAndPng(
        customerId ? `customer-${customerId.replace(/[^\w.-]/g, '_')}` : 'customer',
        customerOrdersSvg(customerId ? input.orders.filter((o) => o.customerId === customerId) : [], { customerId }),
      ),
    ),
  ]);
  files.sort((a, b) => a.name.localeCompare(b.name));
  const map = layout ?? withFrames(layoutBubbleMap(input.countryMonthSales));
  return { files, bubbleMap: { layout: map, baseSvg: bubbleMapBaseSvg(map) }, customerId, seconds };
}

/** The customer with the most orders (ties: the smallest id), or undefined without customers. */
export function topCustomer(orders: readonly OrderValue[]): string | undefined {
  const counts = new Map<string, number>();
  for (const o of orders) if (o.customerId) counts.set(o.customerId, (counts.get(o.customerId) ?? 0) + 1);
  let best: [string, number] | undefined;
  for (const entry of counts) if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0] < best[0])) best = entry;
  return best?.[0];
}
